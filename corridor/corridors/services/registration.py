"""Evacuee registration by field registrars: a household, each member's voluntary decision
and who witnessed it, the chosen destination, needs and priority.

A submission carries a key: sent again after a lost connection, it creates nothing twice.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.audit import services as audit
from corridor.corridors import lifecycle as lc
from corridor.corridors.errors import InvalidRegistration, StepNotAllowed, SubmissionReused
from corridor.corridors.models import (
    Agreement,
    Decision,
    Evacuee,
    Place,
    RegistrationSubmission,
)
from corridor.corridors.roles import REGISTERING_ROLES
from corridor.corridors.services.common import ensure_role, move_evacuee
from corridor.errors import NotPermitted
from corridor.registry import services as registry
from corridor.registry.models import Settlement


@dataclass
class Member:
    """One member of the household as the registrar records them."""

    family_name: str
    given_name: str
    patronymic: str = ""
    birth_year: int | None = None
    sex: str = "U"
    decision: str = Decision.LEAVE
    wheelchair: bool = False
    stretcher: bool = False
    medical_escort: bool = False
    child_alone: bool = False
    travels_separately: bool = False
    priority: int = 3
    escort_for: int | None = None  # index of the member this one escorts


@dataclass
class HouseholdRegistration:
    """A whole household, as one submission."""

    key: str
    settlement: str
    witness: str
    destination: str = ""
    reference: str = ""
    agreement: str = ""
    members: list[Member] = field(default_factory=list)

    def digest(self) -> str:
        body = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(body.encode()).hexdigest()


def _validate(reg: HouseholdRegistration) -> tuple[Settlement, Settlement | None]:
    if not 8 <= len(reg.key) <= 80:
        raise InvalidRegistration(_("key: 8 to 80 characters"))
    if not reg.members:
        raise InvalidRegistration(_("members: at least one person"))
    if not reg.witness.strip():
        raise InvalidRegistration(_("witness: who witnessed the decision?"))
    settlement = Settlement.objects.filter(pk=reg.settlement).first() if reg.settlement else None
    if settlement is None:
        raise InvalidRegistration(_("settlement: choose the settlement"))
    destination = Settlement.objects.filter(pk=reg.destination).first() if reg.destination else None
    for n, m in enumerate(reg.members):
        if m.decision not in Decision.values:
            raise InvalidRegistration(_("decision: leave or stay"))
        if not 1 <= m.priority <= 3:
            raise InvalidRegistration(_("priority: 1, 2 or 3"))
        if m.escort_for is not None and not (0 <= m.escort_for < len(reg.members) != n):
            raise InvalidRegistration(_("escort_for: another member of the household"))
    if destination is None and any(m.decision == Decision.LEAVE for m in reg.members):
        raise InvalidRegistration(_("destination: where do they choose to go?"))
    return settlement, destination


def register_household(
    registrar, reg: HouseholdRegistration
) -> tuple[RegistrationSubmission, bool]:
    """Register a household and its members' decisions; (submission, created).

    The same key with the same content answers with the first submission; with other
    content it is refused.
    """
    ensure_role(registrar, REGISTERING_ROLES)
    digest = reg.digest()
    existing = RegistrationSubmission.objects.filter(
        organisation=registrar.organisation, key=reg.key
    ).first()
    if existing is not None:
        if existing.digest != digest:
            raise SubmissionReused()
        return existing, False
    try:
        return _register(registrar, reg, digest), True
    except IntegrityError:
        # The same submission arrived twice at once: the first one won.
        existing = RegistrationSubmission.objects.filter(
            organisation=registrar.organisation, key=reg.key
        ).first()
        if existing is None:
            raise
        if existing.digest != digest:
            raise SubmissionReused() from None
        return existing, False


@transaction.atomic
def _register(registrar, reg: HouseholdRegistration, digest: str) -> RegistrationSubmission:
    settlement, destination = _validate(reg)
    agreement = None
    if reg.agreement:
        agreement = Agreement.objects.get_visible(registrar, reg.agreement)
    household = registry.register_household(registrar, settlement, reg.reference)
    submission = RegistrationSubmission.objects.create(
        organisation=registrar.organisation,
        key=reg.key,
        digest=digest,
        household=household,
        created_by=registrar,
    )
    now = timezone.now()
    made: list[Evacuee] = []
    for m in reg.members:
        person = registry.register_person(
            registrar,
            registry.PersonDetails(
                family_name=m.family_name,
                given_name=m.given_name,
                patronymic=m.patronymic,
                birth_year=m.birth_year,
                sex=m.sex,
                household=household,
                settlement=settlement,
                vulnerabilities=_vulnerabilities(m),
            ),
        )
        evacuee = Evacuee(
            organisation=registrar.organisation,
            person=person,
            household=household,
            agreement=agreement,
            submission=submission,
            decision=m.decision,
            decision_witness=reg.witness.strip()[:200],
            decision_recorded_by=registrar,
            decision_at=now,
            wheelchair=m.wheelchair,
            stretcher=m.stretcher,
            medical_escort=m.medical_escort,
            child_alone=m.child_alone,
            travels_separately=m.travels_separately,
            priority=m.priority,
            created_by=registrar,
        )
        if m.decision == Decision.STAY:
            move_evacuee(evacuee, lc.DECLINED)
        else:
            move_evacuee(evacuee, lc.REGISTERED)
            evacuee.destination = destination
            move_evacuee(evacuee, lc.READY)
        evacuee.save()
        made.append(evacuee)
    for m, evacuee in zip(reg.members, made, strict=True):
        if m.escort_for is not None:
            evacuee.escort_for = made[m.escort_for]
            evacuee.save(update_fields=["escort_for"])
    audit.record(
        registrar,
        "corridor.household_registered",
        submission,
        {"household": str(household.pk), "evacuees": [str(e.pk) for e in made]},
    )
    return submission


def _vulnerabilities(m: Member) -> list[str]:
    out = []
    if m.child_alone:
        out.append("unaccompanied_child")
    if m.wheelchair or m.stretcher or m.medical_escort:
        out.append("medical")
    return out


@transaction.atomic
def record_decision(user, evacuee_id, decision: str, witness: str, destination_id=None) -> Evacuee:
    """A new decision. After a decline only the intermediary may record one (rule 3)."""
    evacuee = Evacuee.objects.get_visible(user, evacuee_id)
    ensure_role(user, REGISTERING_ROLES | {"protection_delegate", "operations_lead"})
    evacuee = Evacuee.objects.select_for_update().get(pk=evacuee.pk)
    if evacuee.erased_at is not None:
        raise StepNotAllowed()  # an erased registration takes no new decision
    if evacuee.state == lc.DECLINED and not user.organisation.is_intermediary:
        raise NotPermitted()
    if decision not in Decision.values or not witness.strip():
        raise InvalidRegistration(_("decision: leave or stay, with its witness"))
    evacuee.decision, evacuee.decision_witness = decision, witness.strip()[:200]
    evacuee.decision_recorded_by, evacuee.decision_at = user, timezone.now()
    if decision == Decision.STAY:
        move_evacuee(evacuee, lc.DECLINED)
        # Off any manifest at once, and the hand-over code dies with the place.
        Place.objects.filter(evacuee=evacuee).delete()
        evacuee.code = None
    else:
        move_evacuee(evacuee, lc.REGISTERED)
        destination = (
            Settlement.objects.filter(pk=destination_id).first() if destination_id else None
        )
        if destination is not None:
            evacuee.destination = destination
            move_evacuee(evacuee, lc.READY)
    evacuee.save()
    audit.record(user, "corridor.decision", evacuee, {"decision": decision})
    return evacuee


def state_for(user, evacuee: Evacuee) -> str:
    """The evacuee's state as this user may see it (rule 3: parties never see "declined")."""
    org = getattr(user, "organisation", None)
    if org is not None and org.is_intermediary:
        return evacuee.state
    return lc.state_for_party(evacuee.state)


@transaction.atomic
def enrol(
    registrar,
    person_id,
    *,
    decision: str,
    witness: str,
    destination_id=None,
    agreement_id=None,
    needs: Member | None = None,
) -> Evacuee:
    """Register a person already in the registry (with their household) for a corridor."""
    from corridor.registry.models import Person

    ensure_role(registrar, REGISTERING_ROLES)
    person = Person.objects.get_visible(registrar, person_id)
    if person.organisation_id != registrar.organisation_id:
        raise NotPermitted()
    if decision not in Decision.values or not witness.strip():
        raise InvalidRegistration(_("decision: leave or stay, with its witness"))
    agreement = Agreement.objects.get_visible(registrar, agreement_id) if agreement_id else None
    m = needs or Member(family_name=person.family_name, given_name=person.given_name)
    evacuee = Evacuee(
        organisation=registrar.organisation,
        person=person,
        household=person.household,
        agreement=agreement,
        decision=decision,
        decision_witness=witness.strip()[:200],
        decision_recorded_by=registrar,
        decision_at=timezone.now(),
        wheelchair=m.wheelchair,
        stretcher=m.stretcher,
        medical_escort=m.medical_escort,
        child_alone=m.child_alone,
        travels_separately=m.travels_separately,
        priority=m.priority,
        created_by=registrar,
    )
    if decision == Decision.STAY:
        move_evacuee(evacuee, lc.DECLINED)
        # Off any manifest at once, and the hand-over code dies with the place.
        Place.objects.filter(evacuee=evacuee).delete()
        evacuee.code = None
    else:
        move_evacuee(evacuee, lc.REGISTERED)
        destination = (
            Settlement.objects.filter(pk=destination_id).first() if destination_id else None
        )
        if destination is not None:
            evacuee.destination = destination
            move_evacuee(evacuee, lc.READY)
    evacuee.save()
    audit.record(registrar, "corridor.enrolled", evacuee, {"decision": decision})
    return evacuee
