"""Errors of key management and sealed fields."""

from django.utils.translation import gettext_lazy as _

from corridor.errors import DomainError


class KeysError(DomainError):
    """Base of key errors."""


class MasterKeyMissing(KeysError):
    """The master key is not configured or not readable."""

    http_status = 500
    default_message = _("The master key is not configured.")


class SealedValueBroken(KeysError):
    """A sealed value failed its integrity check: it was altered or moved."""

    http_status = 409
    default_message = _(
        "This sealed value failed its integrity check (altered or moved) and cannot be shown."
    )
