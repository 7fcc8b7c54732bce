"""Errors of humanitarian corridors."""

from django.utils.translation import gettext_lazy as _

from corridor.errors import DomainError


class CorridorError(DomainError):
    """Base of corridor errors."""

    http_status = 409


class StepNotAllowed(CorridorError):
    """The lifecycle has no such step from where the agreement or evacuee is."""

    default_message = _("This step is not possible from the current state.")


class StaleVersion(CorridorError):
    """The version accepted is not the current one: a newer version is on the table."""

    default_message = _("This is not the current version: read the newer one before accepting.")


class InvalidAgreement(CorridorError):
    """An agreement's content lacks what it needs; the message names the field."""

    http_status = 422


class NotificationExpired(CorridorError):
    """The notification expired: it can no longer be acknowledged."""

    default_message = _("This notification has expired.")


class InvalidRegistration(CorridorError):
    """A registration lacks what it needs; the message names the field."""

    http_status = 422


class SubmissionReused(CorridorError):
    """The submission key was already used for a different registration."""

    http_status = 422
    default_message = _("This submission key was already used for a different registration.")


class NotManifestable(CorridorError):
    """Rule 3: no voluntary decision to leave, witness or chosen destination recorded."""

    default_message = _(
        "Only people with a recorded, witnessed decision to leave and a chosen destination "
        "can be put on a manifest."
    )


class PlaceTaken(CorridorError):
    """The place is booked already, or the vehicle has no free place of that kind."""

    default_message = _("No free place of this kind in this vehicle.")


class HouseholdSplit(CorridorError):
    """Moving one member would split a household that did not decide to travel apart."""

    default_message = _("This would split a household that did not decide to travel apart.")


class UnknownCode(CorridorError):
    """The code is on no manifest of this convoy."""

    http_status = 404
    default_message = _("This code is not on the manifest of this convoy.")
