"""Errors of sign-in and accounts."""

from django.utils.translation import gettext_lazy as _

from corridor.errors import DomainError


class AccountError(DomainError):
    """Base of account errors."""


class TooManyAttempts(AccountError):
    """Too many failed sign-in attempts for this user or address; wait for the lockout."""

    http_status = 429
    default_message = _("Too many failed attempts. Sign-in is locked for a while; try again later.")


class BadCredentials(AccountError):
    """Username or password (or code) is wrong; the message never says which."""

    http_status = 400
    default_message = _("The username or password is not correct.")


class BadCode(AccountError):
    """The one-time code is wrong, expired or already used."""

    http_status = 400
    default_message = _("The code is not correct or has already been used.")


class BadEnrolmentCode(AccountError):
    """The enrolment code is wrong, expired, replaced by a newer one or already used."""

    http_status = 400
    default_message = _(
        "The enrolment code is not correct, has expired or has already been used. "
        "Ask your administrator for a new one."
    )
