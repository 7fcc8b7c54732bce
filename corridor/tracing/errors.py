"""Errors of tracing."""

from django.utils.translation import gettext_lazy as _

from corridor.errors import DomainError


class TracingError(DomainError):
    """Base of tracing errors."""

    http_status = 409


class CaptchaFailed(TracingError):
    """The proof of work is missing, wrong, expired or was used before."""

    http_status = 400
    default_message = _("The anti-robot check failed. Please wait for it to finish and send again.")


class TooManyRequests(TracingError):
    """Too many requests from one address in the last hour."""

    http_status = 429
    default_message = _("Too many requests from your connection. Please try again in an hour.")


class InvalidRequest(TracingError):
    """A tracing request lacks what it needs; the message names the field."""

    http_status = 422


class StepNotAllowed(TracingError):
    """The case's lifecycle has no such step from where it is."""

    default_message = _("This step is not possible from the case's current state.")


class MessageTooLong(TracingError):
    """A family message over the length limit."""

    http_status = 422
    default_message = _("A family message may hold at most 600 characters.")
