"""Exchange lists and their entries: a party's lists, entries one by one, capture and death notices.

Every change of an entry's state goes through `move`, checked against lifecycle.TRANSITIONS
and audited. Protection steps (custody, interview) are in protection.py, reconciliation in
reconciliation.py, rounds in rounds.py.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.db import transaction
from django.utils.translation import gettext as _

from corridor.accounts.roles import Role
from corridor.audit import services as audit
from corridor.errors import NotPermitted
from corridor.exchange import lifecycle
from corridor.exchange.errors import InvalidEntry, ReasonRequired, StepNotAllowed
from corridor.exchange.models import (
    ExchangeEntry,
    ExchangeList,
    ListKind,
    MedicalCategory,
    Population,
)

# Party roles that keep lists (DOMAIN.md: the information bureau and the liaison officer).
LIST_ROLES = frozenset({Role.BUREAU_OFFICER, Role.LIAISON_OFFICER})
# Intermediary roles that work on exchange lists.
DESK_ROLES = frozenset({Role.CASEWORKER, Role.PROTECTION_DELEGATE, Role.OPERATIONS_LEAD})


def ensure_party(user, roles=LIST_ROLES) -> None:
    org = getattr(user, "organisation", None)
    if org is None or not org.is_party or user.role not in roles:
        raise NotPermitted()


def ensure_desk(user, roles=DESK_ROLES) -> None:
    org = getattr(user, "organisation", None)
    if org is None or not org.is_intermediary or user.role not in roles:
        raise NotPermitted()


def move(user, entry: ExchangeEntry, target: str, change: dict | None = None) -> None:
    """One step of the entry's lifecycle, audited; refused when the lifecycle has no such step."""
    try:
        lifecycle.check(entry.state, target)
    except lifecycle.TransitionRefused as exc:
        raise StepNotAllowed() from exc
    before = entry.state
    entry.state = target
    entry.save(update_fields=["state", "updated_at"])
    audit.record(user, f"exchange.{target}", entry, {"from": before, **(change or {})})


def locked_entry(user, entry_id) -> ExchangeEntry:
    """The entry if this user may see it (404 first), locked for the change."""
    entry = ExchangeEntry.objects.get_visible(user, entry_id)
    entry = ExchangeEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.erased_at is not None:
        raise StepNotAllowed()  # an erased entry takes no further step
    return entry


def _own_entry(user, entry_id) -> ExchangeEntry:
    entry = locked_entry(user, entry_id)
    ensure_party(user)
    if entry.organisation_id != user.organisation_id:
        raise NotPermitted()  # transmitted to this party, not its own
    return entry


# --- lists ---


@transaction.atomic
def create_list(user, name: str, kind: str, population: str, **provenance) -> ExchangeList:
    """A new, empty list of the user's party."""
    ensure_party(user)
    if kind not in ListKind.values:
        raise InvalidEntry(_("kind: held or sought"))
    if population not in Population.values:
        raise InvalidEntry(_("population: prisoners of war or detained civilians"))
    if not name.strip():
        raise InvalidEntry(_("name: give the list a name"))
    exchange_list = ExchangeList.objects.create(
        organisation=user.organisation,
        name=name.strip()[:200],
        kind=kind,
        population=population,
        created_by=user,
        **provenance,
    )
    audit.record(user, "exchange.list_created", exchange_list, {"kind": kind})
    return exchange_list


@dataclass
class EntryDetails:
    """What a party records of one person (GC III art. 122; GC IV art. 138)."""

    family_name: str
    given_names: str = ""
    patronymic: str = ""
    reference: str = ""
    rank: str = ""
    serial_number: str = ""
    unit: str = ""
    date_of_birth: str = ""
    sex: str = ""
    place_of_birth: str = ""
    father_name: str = ""
    mother_maiden_name: str = ""
    person_to_inform: str = ""
    medical_category: str = ""
    date_of_capture: str = ""
    place_of_capture: str = ""

    @classmethod
    def from_fields(cls, values: dict[str, str]) -> EntryDetails:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names})  # type: ignore[arg-type]


def _max_length(name: str) -> int:
    return int(getattr(ExchangeEntry._meta.get_field(name), "max_length", None) or 200)


def _entry(user, exchange_list: ExchangeList, d: EntryDetails, state: str) -> ExchangeEntry:
    if not d.family_name.strip():
        raise InvalidEntry(_("family_name: the surname is required"))
    if d.sex not in ("", "F", "M"):
        raise InvalidEntry(_("sex: F, M or empty"))
    if d.medical_category not in MedicalCategory.values:
        raise InvalidEntry(_("medical_category: severely wounded, seriously ill or none"))
    entry = ExchangeEntry(
        organisation=exchange_list.organisation,
        exchange_list=exchange_list,
        kind=exchange_list.kind,
        population=exchange_list.population,
        state=state,
        created_by=user,
        person_to_inform=d.person_to_inform.strip()[:500] or None,
        **{
            f.name: getattr(d, f.name).strip()[: _max_length(f.name)]
            for f in fields(EntryDetails)
            if f.name != "person_to_inform"
        },
    )
    entry.save()
    return entry


@transaction.atomic
def add_entry(user, list_id, details: EntryDetails) -> ExchangeEntry:
    """One person entered by hand on the party's own list (proposed until the list is submitted)."""
    exchange_list = ExchangeList.objects.get_visible(user, list_id)
    ensure_party(user)
    if exchange_list.organisation_id != user.organisation_id:
        raise NotPermitted()
    entry = _entry(user, exchange_list, details, lifecycle.PROPOSED)
    audit.record(user, "exchange.entry_added", entry, {"list": str(exchange_list.pk)})
    return entry


@transaction.atomic
def submit_list(user, list_id) -> int:
    """Send the list's proposed entries to the intermediary; returns how many were sent."""
    exchange_list = ExchangeList.objects.get_visible(user, list_id)
    ensure_party(user)
    if exchange_list.organisation_id != user.organisation_id:
        raise NotPermitted()
    proposed = ExchangeEntry.objects.select_for_update().filter(
        exchange_list=exchange_list, state=lifecycle.PROPOSED
    )
    count = 0
    for entry in proposed:
        move(user, entry, lifecycle.SUBMITTED)
        count += 1
    audit.record(user, "exchange.list_submitted", exchange_list, {"entries": count})
    return count


@transaction.atomic
def remove_entry(user, entry_id, reason: str) -> ExchangeEntry:
    """The party takes a person off its list; the reason is required and kept."""
    entry = _own_entry(user, entry_id)
    if not reason.strip():
        raise ReasonRequired()
    from corridor.exchange.rounds import leave_round

    leave_round(user, entry)
    entry.removal_reason = reason.strip()[:500]
    entry.save(update_fields=["removal_reason"])
    move(user, entry, lifecycle.REMOVED)
    return entry


def _notice_list(user, population: str) -> ExchangeList:
    name = _("Capture notifications (%(population)s)") % {
        "population": Population(population).label
    }
    found = ExchangeList.objects.filter(
        organisation=user.organisation,
        kind=ListKind.HELD,
        population=population,
        filename="",
        name=name,
    ).first()
    return found or create_list(user, name, ListKind.HELD, population)


@transaction.atomic
def notify_capture(user, population: str, details: EntryDetails) -> ExchangeEntry:
    """A capture notification: the detaining party's bureau reports a person it now holds."""
    ensure_party(user, {Role.BUREAU_OFFICER})
    if population not in Population.values:
        raise InvalidEntry(_("population: prisoners of war or detained civilians"))
    entry = _entry(user, _notice_list(user, population), details, lifecycle.SUBMITTED)
    audit.record(user, "exchange.capture_notified", entry, {})
    return entry


@transaction.atomic
def notify_death(
    user, entry_id, *, date: str, place: str = "", circumstances: str = ""
) -> ExchangeEntry:
    """A death notification by the detaining party's bureau, the responsible authority."""
    entry = _own_entry(user, entry_id)
    ensure_party(user, {Role.BUREAU_OFFICER})
    if entry.kind != ListKind.HELD:
        raise StepNotAllowed()
    if not date.strip():
        raise InvalidEntry(_("date: the date of death is required"))
    from corridor.exchange.rounds import leave_round

    leave_round(user, entry)
    entry.death_date = date.strip()[:60]
    entry.death_place = place.strip()[:200]
    entry.death_circumstances = circumstances.strip()[:2000] or None
    entry.save(update_fields=["death_date", "death_place", "death_circumstances"])
    move(user, entry, lifecycle.DECEASED)
    return entry
