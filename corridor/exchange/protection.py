"""Custody verified, the private interview, withdrawal and postponement (the intermediary's steps).

DOMAIN.md rule 3: whether a person refuses repatriation is known to the protection delegate
alone. The answer and the notes are sealed in the intermediary's own Protection record,
which no party can reach; the entry's state says "withdrawn", which is also the state of
every other protection withdrawal, and the audit entry is the same for both.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.roles import Role
from corridor.audit import services as audit
from corridor.exchange import lifecycle
from corridor.exchange.errors import InvalidEntry, StepNotAllowed
from corridor.exchange.models import ExchangeEntry, ListKind, Protection
from corridor.exchange.services import ensure_desk, locked_entry, move
from corridor.keys.services import reveal

VERIFYING_ROLES = frozenset({Role.PROTECTION_DELEGATE, Role.CASEWORKER})
INTERVIEWING_ROLES = frozenset({Role.PROTECTION_DELEGATE})
POSTPONING_ROLES = frozenset({Role.OPERATIONS_LEAD, Role.PROTECTION_DELEGATE})


def _held(user, entry_id, roles) -> ExchangeEntry:
    entry = locked_entry(user, entry_id)  # 404 before 403
    ensure_desk(user, roles)
    if entry.kind != ListKind.HELD:
        raise StepNotAllowed()
    return entry


def _protection(user, entry: ExchangeEntry) -> Protection:
    found = Protection.objects.select_for_update().filter(entry=entry).first()
    return found or Protection.objects.create(organisation=user.organisation, entry=entry)


@transaction.atomic
def verify_custody(user, entry_id, place: str = "") -> ExchangeEntry:
    """A delegate saw the person in the detaining party's custody."""
    entry = _held(user, entry_id, VERIFYING_ROLES)
    if entry.state not in lifecycle.VERIFIABLE:
        raise StepNotAllowed()
    record = _protection(user, entry)
    record.verified_by, record.verified_at = user, timezone.now()
    record.verification_place = place.strip()[:200]
    record.save()
    move(user, entry, lifecycle.VERIFIED)
    return entry


@transaction.atomic
def interview(user, entry_id, outcome: str, notes: str = "") -> ExchangeEntry:
    """The private interview: does the person want to go home? Answer and notes are sealed."""
    entry = _held(user, entry_id, INTERVIEWING_ROLES)
    if outcome not in lifecycle.INTERVIEW_OUTCOMES:
        raise InvalidEntry(_("outcome: record the person's answer"))
    try:
        target = lifecycle.interview_target(entry.state, outcome)
    except lifecycle.TransitionRefused as exc:
        raise StepNotAllowed() from exc
    record = _protection(user, entry)
    record.interviewed_by, record.interviewed_at = user, timezone.now()
    record.outcome = outcome
    record.notes = notes.strip()[:4000] or None
    record.withdrawal_reason = None
    record.save()
    audit.record(user, "exchange.interviewed", record, {"entry": str(entry.pk)})
    if target == lifecycle.WITHDRAWN:
        _withdraw(user, entry)
    elif target != entry.state:
        move(user, entry, target)
    return entry


def _withdraw(user, entry: ExchangeEntry) -> None:
    from corridor.exchange.rounds import leave_round

    if entry.state != lifecycle.WITHDRAWN:
        leave_round(user, entry)
        move(user, entry, lifecycle.WITHDRAWN)


@transaction.atomic
def withdraw(user, entry_id, reason: str) -> ExchangeEntry:
    """Any other protection withdrawal; the reason is sealed like an interview's."""
    entry = _held(user, entry_id, INTERVIEWING_ROLES)
    if not reason.strip():
        raise InvalidEntry(_("reason: say why (it is sealed)"))
    if lifecycle.WITHDRAWN not in lifecycle.TRANSITIONS[entry.state]:
        raise StepNotAllowed()
    record = _protection(user, entry)
    record.withdrawal_reason = reason.strip()[:2000]
    record.save()
    _withdraw(user, entry)
    return entry


@transaction.atomic
def postpone(user, entry_id) -> ExchangeEntry:
    """Not in this round (medical reasons, logistics): back when ready."""
    entry = _held(user, entry_id, POSTPONING_ROLES)
    if lifecycle.POSTPONED not in lifecycle.TRANSITIONS[entry.state]:
        raise StepNotAllowed()
    from corridor.exchange.rounds import leave_round

    leave_round(user, entry)
    move(user, entry, lifecycle.POSTPONED)
    return entry


@transaction.atomic
def resume(user, entry_id) -> ExchangeEntry:
    """A postponed person is ready again (their interview answer stands)."""
    entry = _held(user, entry_id, POSTPONING_ROLES)
    if entry.state != lifecycle.POSTPONED:
        raise StepNotAllowed()
    move(user, entry, lifecycle.CONSENTED)
    return entry


def reveal_interview(user, entry_id) -> dict[str, str | None]:
    """The sealed answer, notes and reason, for the protection delegate; every read is audited."""
    entry = ExchangeEntry.objects.get_visible(user, entry_id)
    ensure_desk(user, INTERVIEWING_ROLES)
    record = Protection.objects.filter(entry=entry).first()
    if record is None:
        return {"outcome": None, "notes": None, "withdrawal_reason": None}
    return {name: reveal(user, record, name) for name in ("outcome", "notes", "withdrawal_reason")}
