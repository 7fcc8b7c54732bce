"""Exchange rounds: composed by formula, proposed to both parties, accepted, executed per person.

A round's pairing is a canonical document (slots of one person released by each party);
its SHA-256 is the version hash. Every change makes a new version and returns the round to
draft, so an acceptance of an earlier version no longer counts. A round runs only when both
parties accepted the current hash (lifecycle.may_execute). Proposing transmits the round to
both parties, and to each the agreed fields of the persons it will receive: that is the
only way the other party's entries become visible.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from functools import partial
from itertools import zip_longest
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import Organisation
from corridor.accounts.roles import OrganisationKind, Role
from corridor.audit import services as audit
from corridor.errors import NotPermitted, NotVisible
from corridor.exchange import lifecycle
from corridor.exchange.errors import (
    InvalidEntry,
    NotAgreed,
    NotEnoughPeople,
    StaleVersion,
    StepNotAllowed,
)
from corridor.exchange.models import (
    ExchangeEntry,
    ExchangeRound,
    Finding,
    FindingKind,
    FindingStatus,
    Formula,
    ListKind,
    MedicalCategory,
    Population,
    Resolution,
    RoundAcceptance,
    RoundCategory,
    RoundMember,
)
from corridor.exchange.services import ensure_desk, ensure_party, move
from corridor.names.dates import parse_dob
from corridor.transmissions.models import Basis
from corridor.transmissions.services import transmit

ROUND_ROLES = frozenset({Role.OPERATIONS_LEAD})
PARTY_ROUND_ROLES = frozenset({Role.LIAISON_OFFICER})
# What the receiving party is sent of each person it will receive (the agreed fields).
EXCHANGED_FIELDS = (
    "family_name",
    "given_names",
    "patronymic",
    "rank",
    "serial_number",
    "date_of_birth",
    "place_of_birth",
    "medical_category",
    "population",
    "state",
)
ROUND_FIELDS = (
    "name", "party_a", "party_b", "formula", "category", "size", "state", "version",
    "version_hash",
)  # fmt: skip
OPEN_ROUND_STATES = (lifecycle.DRAFT, lifecycle.PROPOSED_ROUND)
SEVERITY = {MedicalCategory.SEVERELY_WOUNDED: 0, MedicalCategory.SERIOUSLY_ILL: 1}


def under_25(entry: ExchangeEntry, on: datetime.date) -> bool:
    """Certainly under 25 on that day: even the earliest birth date the text allows is too late."""
    dob = parse_dob(entry.date_of_birth, on) if entry.date_of_birth else None
    if dob is None or not dob.known or dob.year_min is None:
        return False
    earliest = datetime.date(dob.year_min, 1, 1)
    if len(dob.candidates) == 1 and dob.candidates[0][0] == dob.year_min:
        _, month, day = dob.candidates[0]
        earliest = datetime.date(dob.year_min, month or 1, day or 1)
    return (on.year - earliest.year) - ((on.month, on.day) < (earliest.month, earliest.day)) < 25


def category_of(entry: ExchangeEntry, on: datetime.date) -> str:
    """The one category a report counts an entry under (the first that applies)."""
    if entry.medical_category:
        return entry.medical_category
    if entry.population == Population.CIVILIAN:
        return RoundCategory.CIVILIANS
    if under_25(entry, on):
        return RoundCategory.UNDER_25
    return "other"


def in_category(entry: ExchangeEntry, category: str, on: datetime.date) -> bool:
    if category == RoundCategory.ANY:
        return True
    if category in (RoundCategory.SEVERELY_WOUNDED, RoundCategory.SERIOUSLY_ILL):
        return entry.medical_category == category
    if category == RoundCategory.CIVILIANS:
        return entry.population == Population.CIVILIAN
    return under_25(entry, on)


def eligible(party: Organisation, category: str, on: datetime.date) -> list[ExchangeEntry]:
    """Persons the party holds who are ready to go, most urgent first."""
    ready = ExchangeEntry.objects.filter(
        organisation=party, kind=ListKind.HELD, state=lifecycle.CONSENTED, erased_at__isnull=True
    ).order_by("created_at", "id")
    chosen = [e for e in ready if in_category(e, category, on)]
    return sorted(chosen, key=lambda e: SEVERITY.get(e.medical_category, 9))  # type: ignore[call-overload]


def canonical(round_: ExchangeRound) -> dict[str, Any]:
    """The pairing as a document both parties accept: the same content gives the same hash."""
    slots: dict[int, list[str]] = {}
    for m in RoundMember.objects.filter(round=round_).order_by("slot"):
        side = 0 if m.released_by_id == round_.party_a_id else 1
        slots.setdefault(m.slot, ["", ""])[side] = str(m.entry_id)
    return {
        "round": str(round_.pk),
        "version": round_.version,
        "formula": round_.formula,
        "category": round_.category,
        "size": round_.size,
        "party_a": str(round_.party_a_id),
        "party_b": str(round_.party_b_id),
        "slots": [[n, *slots[n]] for n in sorted(slots)],
    }


def version_hash(document: dict[str, Any]) -> str:
    body = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _new_version(user, round_: ExchangeRound, why: str) -> None:
    round_.version += 1
    round_.version_hash = version_hash(canonical(round_))
    if round_.state == lifecycle.PROPOSED_ROUND:
        round_.state = lifecycle.DRAFT
    round_.save()
    audit.record(user, "exchange.round_version", round_, {"hash": round_.version_hash, "why": why})


def _locked_round(user, round_id, roles=ROUND_ROLES) -> ExchangeRound:
    round_ = ExchangeRound.objects.get_visible(user, round_id)  # 404 before 403
    ensure_desk(user, roles)
    return ExchangeRound.objects.select_for_update().get(pk=round_.pk)


def _release(user, round_: ExchangeRound) -> None:
    for member in RoundMember.objects.filter(round=round_).select_related("entry"):
        entry = ExchangeEntry.objects.select_for_update().get(pk=member.entry_id)
        if entry.state == lifecycle.PAIRED:
            move(user, entry, lifecycle.CONSENTED, {"round": str(round_.pk)})
        member.delete()


def _compose(user, round_: ExchangeRound) -> None:
    on = timezone.localdate()
    side_a = eligible(round_.party_a, round_.category, on)
    side_b = eligible(round_.party_b, round_.category, on)
    if round_.formula == Formula.N_FOR_N:
        n = round_.size or 0
        if n < 1:
            raise InvalidEntry(_("size: how many persons each party releases"))
        if len(side_a) < n or len(side_b) < n:
            raise NotEnoughPeople(
                _("Ready now: %(a)s held by %(pa)s, %(b)s held by %(pb)s; the round needs %(n)s each.")
                % {"a": len(side_a), "b": len(side_b), "n": n, "pa": round_.party_a.name, "pb": round_.party_b.name}
            )  # fmt: skip
        side_a, side_b = side_a[:n], side_b[:n]
    if not side_a and not side_b:
        raise NotEnoughPeople(_("Nobody in this category is ready to go."))
    for slot, (a, b) in enumerate(zip_longest(side_a, side_b), start=1):
        for entry, releaser, receiver in ((a, round_.party_a, round_.party_b), (b, round_.party_b, round_.party_a)):  # fmt: skip
            if entry is None:
                continue
            entry = ExchangeEntry.objects.select_for_update().get(pk=entry.pk)
            RoundMember.objects.create(
                round=round_, entry=entry, released_by=releaser, received_by=receiver, slot=slot
            )
            move(user, entry, lifecycle.PAIRED, {"round": str(round_.pk)})


def _parties() -> tuple[Organisation, Organisation]:
    a = Organisation.objects.filter(kind=OrganisationKind.PARTY_A).order_by("code").first()
    b = Organisation.objects.filter(kind=OrganisationKind.PARTY_B).order_by("code").first()
    if a is None or b is None:
        raise StepNotAllowed()
    return a, b


@transaction.atomic
def create_round(
    user, name: str, formula: str, category: str, size: int | None = None
) -> ExchangeRound:
    """A new round, composed at once from the persons ready on both sides."""
    ensure_desk(user, ROUND_ROLES)
    if formula not in Formula.values or category not in RoundCategory.values:
        raise InvalidEntry(_("formula and category: choose from the lists"))
    if not name.strip():
        raise InvalidEntry(_("name: give the round a name"))
    party_a, party_b = _parties()
    round_ = ExchangeRound.objects.create(
        organisation=user.organisation,
        name=name.strip()[:200],
        party_a=party_a,
        party_b=party_b,
        formula=formula,
        category=category,
        size=size if formula == Formula.N_FOR_N else None,
        created_by=user,
    )
    audit.record(user, "exchange.round_created", round_, {"formula": formula, "size": size})
    _compose(user, round_)
    _new_version(user, round_, "composed")
    return round_


@transaction.atomic
def recompose(user, round_id) -> ExchangeRound:
    """Compose the round again from whoever is ready now: a new version."""
    round_ = _locked_round(user, round_id)
    if round_.state not in OPEN_ROUND_STATES:
        raise StepNotAllowed()
    _release(user, round_)
    _compose(user, round_)
    _new_version(user, round_, "recomposed")
    return round_


def leave_round(user, entry: ExchangeEntry) -> None:
    """Take a person out of the open round they are paired in (a new version); none if running."""
    member = (
        RoundMember.objects.filter(entry=entry, round__state__in=OPEN_ROUND_STATES)
        .select_related("round")
        .first()
    )
    if member is None:
        return
    round_ = ExchangeRound.objects.select_for_update().get(pk=member.round_id)
    member.delete()
    _new_version(user, round_, "member left")


@transaction.atomic
def remove_member(user, member_id) -> ExchangeRound:
    """The intermediary takes one person out of a round; they stay ready for another."""
    member = RoundMember.objects.visible_to(user).filter(pk=member_id).first()
    if member is None:
        raise NotVisible()
    round_ = _locked_round(user, member.round_id)
    if round_.state not in OPEN_ROUND_STATES:
        raise StepNotAllowed()
    entry = ExchangeEntry.objects.select_for_update().get(pk=member.entry_id)
    leave_round(user, entry)
    move(user, entry, lifecycle.CONSENTED, {"round": str(round_.pk)})
    round_.refresh_from_db()
    return round_


@transaction.atomic
def propose(user, round_id) -> ExchangeRound:
    """Send the current version to both parties, each with the persons it will receive."""
    round_ = _locked_round(user, round_id)
    if round_.state != lifecycle.DRAFT:
        raise StepNotAllowed()
    members = list(RoundMember.objects.filter(round=round_).select_related("entry"))
    if not members:
        raise NotEnoughPeople(_("The round is empty."))
    round_.state = lifecycle.PROPOSED_ROUND
    round_.save(update_fields=["state", "updated_at"])
    purpose = _("Exchange round “%(name)s”, version %(version)s") % {
        "name": round_.name,
        "version": round_.version,
    }
    for party in (round_.party_a, round_.party_b):
        items: list[tuple[Any, list[str]]] = [(round_, list(ROUND_FIELDS))]
        items += [
            (m.entry, list(EXCHANGED_FIELDS)) for m in members if m.received_by_id == party.pk
        ]
        transmit(user, party, Basis.EXCHANGE, purpose, items)
    audit.record(user, "exchange.round_proposed", round_, {"hash": round_.version_hash})
    return round_


def accepted_hashes(round_: ExchangeRound) -> dict[Any, str]:
    """Each party's latest acceptance: organisation id -> the version hash it accepted."""
    latest: dict[Any, str] = {}
    for acceptance in RoundAcceptance.objects.filter(round=round_).order_by("accepted_at", "id"):
        latest[acceptance.organisation_id] = acceptance.version_hash
    return latest


@transaction.atomic
def accept(user, round_id, accepted_hash: str) -> RoundAcceptance:
    """One party's acceptance of exactly the version it reviewed."""
    round_ = ExchangeRound.objects.get_visible(user, round_id)  # 404 before 403
    ensure_party(user, PARTY_ROUND_ROLES)
    if user.organisation_id not in (round_.party_a_id, round_.party_b_id):
        raise NotPermitted()
    round_ = ExchangeRound.objects.select_for_update().get(pk=round_.pk)
    if round_.state != lifecycle.PROPOSED_ROUND:
        raise StepNotAllowed()
    if (accepted_hash or "").strip().lower() != round_.version_hash:
        raise StaleVersion()
    acceptance = RoundAcceptance.objects.create(
        round=round_,
        organisation=user.organisation,
        version_hash=round_.version_hash,
        accepted_by=user,
    )
    audit.record(user, "exchange.round_accepted", round_, {"hash": round_.version_hash})
    return acceptance


@transaction.atomic
def execute(user, round_id) -> ExchangeRound:
    """Start the hand-over: only when both parties accepted the current version."""
    round_ = _locked_round(user, round_id)
    if round_.state != lifecycle.PROPOSED_ROUND:
        raise NotAgreed() if round_.state == lifecycle.DRAFT else StepNotAllowed()
    accepted = accepted_hashes(round_)
    if not lifecycle.may_execute(
        round_.version_hash, accepted.get(round_.party_a_id), accepted.get(round_.party_b_id)
    ):
        raise NotAgreed()
    round_.state = lifecycle.EXECUTING
    round_.save(update_fields=["state", "updated_at"])
    audit.record(user, "exchange.round_executing", round_, {"hash": round_.version_hash})
    return round_


@transaction.atomic
def cancel(user, round_id) -> ExchangeRound:
    """Abandon a round before it runs; everyone in it is ready for another."""
    round_ = _locked_round(user, round_id)
    if round_.state not in OPEN_ROUND_STATES:
        raise StepNotAllowed()
    _release(user, round_)
    round_.state = lifecycle.CANCELLED
    round_.save(update_fields=["state", "updated_at"])
    audit.record(user, "exchange.round_cancelled", round_, {})
    return round_


def _member(user, member_id) -> tuple[RoundMember, ExchangeRound, ExchangeEntry]:
    member = RoundMember.objects.visible_to(user).filter(pk=member_id).first()
    if member is None:
        raise NotVisible()
    round_ = ExchangeRound.objects.select_for_update().get(pk=member.round_id)
    if round_.state != lifecycle.EXECUTING:
        raise StepNotAllowed()
    entry = ExchangeEntry.objects.select_for_update().get(pk=member.entry_id)
    return member, round_, entry


@transaction.atomic
def hand_over(user, member_id) -> RoundMember:
    """The releasing party (or the intermediary at the crossing) hands one person over."""
    member, round_, entry = _member(user, member_id)
    org = user.organisation
    at_crossing = org.is_intermediary and user.role in ROUND_ROLES
    releaser = org.pk == member.released_by_id and user.role in PARTY_ROUND_ROLES
    if not (at_crossing or releaser):
        raise NotPermitted()
    move(user, entry, lifecycle.HANDED_OVER, {"round": str(round_.pk)})
    member.handed_over_by, member.handed_over_at = user, timezone.now()
    member.save(update_fields=["handed_over_by", "handed_over_at"])
    return member


@transaction.atomic
def confirm_receipt(user, member_id) -> RoundMember:
    """The receiving party confirms it received the person; their family is told (within consent)."""
    member, round_, entry = _member(user, member_id)
    if user.organisation_id != member.received_by_id or user.role not in PARTY_ROUND_ROLES:
        raise NotPermitted()
    move(user, entry, lifecycle.RECEIVED, {"round": str(round_.pk)})
    member.received_confirmed_by, member.received_at = user, timezone.now()
    member.save(update_fields=["received_confirmed_by", "received_at"])
    _notify_families(entry)
    pending = RoundMember.objects.filter(
        round=round_, entry__state__in=(lifecycle.PAIRED, lifecycle.HANDED_OVER)
    )
    if not pending.exists():
        round_.state = lifecycle.COMPLETED
        round_.save(update_fields=["state", "updated_at"])
        audit.record(user, "exchange.round_completed", round_, {})
    return member


def _notify_families(entry: ExchangeEntry) -> None:
    """Enquirers of tracing cases confirmed as this person, where the person's consent allows."""
    from corridor.tracing import lifecycle as tracing_lifecycle
    from corridor.tracing.models import TracingCase
    from corridor.tracing.notifications import notify_enquirers

    linked = Finding.objects.filter(
        kind=FindingKind.TRACING,
        held=entry,
        status=FindingStatus.RESOLVED,
        resolution=Resolution.SAME,
    ).values("tracing_case")
    allowed = (tracing_lifecycle.NEWS, tracing_lifecycle.CONTACT, tracing_lifecycle.ADDRESS)
    for case_id in TracingCase.objects.filter(
        pk__in=linked, erased_at__isnull=True, consent_scope__in=allowed
    ).values_list("pk", flat=True):
        transaction.on_commit(partial(notify_enquirers, str(case_id)))
