"""Errors of the registry."""

from django.utils.translation import gettext_lazy as _

from corridor.errors import DomainError


class RegistryError(DomainError):
    """Base of registry errors."""

    http_status = 422


class InvalidPerson(RegistryError):
    """A person's details fail validation; the message names the field."""


class HouseholdElsewhere(RegistryError):
    """The household belongs to another organisation."""

    default_message = _("The household belongs to another organisation.")
