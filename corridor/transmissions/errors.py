"""Errors of transmissions across sides."""

from django.utils.translation import gettext_lazy as _

from corridor.errors import DomainError


class TransmissionError(DomainError):
    """Base of transmission errors."""

    http_status = 422


class FieldNotTransmittable(TransmissionError):
    """A requested field does not exist on the object or is sealed."""

    default_message = _("One of the fields cannot be transmitted (unknown or sealed).")


class RecipientNotAllowed(TransmissionError):
    """Data goes only from the intermediary to a party or mediator, never back to its owner."""

    default_message = _("This organisation cannot receive this transmission.")


class EmptyTransmission(TransmissionError):
    """A transmission must carry at least one object and one field."""

    default_message = _("A transmission must name at least one object and one field.")
