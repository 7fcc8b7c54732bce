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


class ExportNeedsApproval(InteropError):
    """A PFIF document leaves only through an export request with a purpose and an approval."""

    http_status = 403
    default_message = _(
        "A PFIF export needs a recorded purpose and a data protection officer's approval: "
        "use export requests (POST /api/v1/pfif/export-requests)."
    )


class InvalidExportRequest(InteropError):
    """The purpose, note or list of an export request is not acceptable; the message says why."""

    default_message = _("The export request is not complete.")


class ExportRequestClosed(InteropError):
    """The export request is not in a state that allows this step; the message says which."""

    http_status = 409
    default_message = _("This export request can no longer be changed.")


class SecondPersonRequired(InteropError):
    """The requester of an export may not approve or refuse it (four eyes)."""

    http_status = 403
    default_message = _("Someone else must decide on your own export request.")
