"""Errors of match review."""

from django.utils.translation import gettext_lazy as _

from corridor.errors import DomainError


class MatchingError(DomainError):
    """Base of match review errors."""

    http_status = 409


class AlreadyDecided(MatchingError):
    """The candidate was decided before."""

    default_message = _("This candidate has already been decided.")
