"""Errors of exchange lists and rounds."""

from django.utils.translation import gettext_lazy as _

from corridor.errors import DomainError


class ExchangeError(DomainError):
    """Base of exchange errors."""

    http_status = 409


class InvalidEntry(ExchangeError):
    """An entry, list or round lacks what it needs; the message names the field."""

    http_status = 422


class InvalidFile(ExchangeError):
    """An uploaded list cannot be read or has problems; the message says what and where."""

    http_status = 422


class StepNotAllowed(ExchangeError):
    """The lifecycle has no such step from where the entry or round is."""

    default_message = _("This step is not possible from the current state.")


class ReasonRequired(ExchangeError):
    """Removing an entry needs a reason."""

    http_status = 422
    default_message = _("Give the reason for removing this person from the list.")


class StaleVersion(ExchangeError):
    """The version accepted is not the round's current version."""

    default_message = _(
        "The round has changed since this version: review the current version and accept it."
    )


class NotAgreed(ExchangeError):
    """A round runs only when both parties accepted its current version."""

    default_message = _("Both parties must accept the current version before the round runs.")


class NotEnoughPeople(ExchangeError):
    """An N-for-N round needs N people ready on each side."""

    http_status = 422


class RunInProgress(ExchangeError):
    """A reconciliation is already waiting or running; one at a time."""

    default_message = _("A reconciliation is already running. Its report opens when it is done.")
