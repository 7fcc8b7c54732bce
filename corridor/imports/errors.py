"""Errors of list imports."""

from django.utils.translation import gettext_lazy as _

from corridor.errors import DomainError


class ImportError_(DomainError):
    """Base of import errors."""

    http_status = 422


class InvalidFile(ImportError_):
    """The file cannot be read as a list; the message says what and where."""


class NotReady(ImportError_):
    """The import is not in a state that allows this step."""

    http_status = 409
    default_message = _("This import cannot take that step now.")


class AlreadyImported(ImportError_):
    """The same file was imported before; importing it again would duplicate the list."""

    http_status = 409
    default_message = _("This file has already been imported.")
