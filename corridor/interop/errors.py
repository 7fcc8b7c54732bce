"""Errors of exchanges with other systems (PFIF)."""

from django.utils.translation import gettext_lazy as _

from corridor.errors import DomainError


class InteropError(DomainError):
    """Base of exchange errors."""

    http_status = 422


class InvalidPfif(InteropError):
    """The document cannot be imported as PFIF; the message says what and on which line."""

    default_message = _("The file is not a PFIF document that can be imported.")


class AlreadyImported(InteropError):
    """The same document was imported before by this organisation; the message names the list."""

    http_status = 409
    default_message = _("This file has already been imported.")
