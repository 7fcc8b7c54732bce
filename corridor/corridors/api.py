"""API: agreements, acknowledgements, offline-safe registration, convoys and hand-over scans.

Every POST carries an Idempotency-Key (middleware); registrations also carry their own key,
so a registrar's phone may resend a household any number of times.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Router, Schema, Status

from corridor.corridors import presenters, retention
from corridor.corridors.models import Agreement, AgreementVersion, Convoy, Evacuee
from corridor.corridors.services import (
    agreements,
    convoys,
    handover,
    movements,
    registration,
)
from corridor.retention import EraseIn

router = Router(tags=["corridors"])


class WindowIn(Schema):
    start: str = ""
    end: str = ""
    recurrence: str = "once"
    until: str = ""


class TermsIn(Schema):
    title: str = Field("", max_length=200)
    from_party: str = "party_a"
    origin: list[UUID] = []
    waypoints: list[UUID] = []
    crossing: UUID | None = None
    destination: UUID | None = None
    windows: list[WindowIn] = []
    who_may_pass: str = Field("", max_length=2000)
    vehicles: str = Field("", max_length=2000)
    escort: str = Field("", max_length=2000)
    incident_procedure: str = Field("", max_length=2000)
    hotlines: str = Field("", max_length=2000)
    manifest_fields: list[str] = ["family_name", "given_name"]

    def terms(self) -> agreements.Terms:
        data = self.dict()
        data["windows"] = list(data["windows"])
        return agreements.Terms(**data)


class AgreementOut(Schema):
    id: UUID
    reference: str
    title: str
    state: str
    current_hash: str
    current_number: int
    accepted_a_hash: str
    accepted_b_hash: str
    agreed_hash: str


class VersionOut(Schema):
    id: UUID
    number: int
    content_hash: str
    content: dict[str, Any]
    relayed: bool


class AgreementDetail(AgreementOut):
    versions: list[VersionOut]


def _detail(user, a: Agreement) -> dict:
    versions = AgreementVersion.objects.visible_to(user).filter(agreement=a)
    return presenters.agreement_row(a) | {"versions": [presenters.version_row(v) for v in versions]}


@router.get("/corridor-agreements", response=list[AgreementOut])
def agreement_list(request):
    return [presenters.agreement_row(a) for a in Agreement.objects.visible_to(request.auth)[:200]]


@router.get("/corridor-agreements/{agreement_id}", response=AgreementDetail)
def agreement_detail(request, agreement_id: UUID):
    return _detail(request.auth, Agreement.objects.get_visible(request.auth, agreement_id))


@router.post("/corridor-agreements", response={201: AgreementDetail})
def request_corridor(request, payload: TermsIn):
    """A party's liaison officer drafts a corridor request (the first version)."""
    agreement = agreements.request_corridor(request.auth, payload.terms())
    return Status(201, _detail(request.auth, agreement))


@router.post("/corridor-agreements/{agreement_id}/versions", response={201: AgreementDetail})
def propose_version(request, agreement_id: UUID, payload: TermsIn):
    """A change or counter-proposal: a new version and a new hash."""
    Agreement.objects.get_visible(request.auth, agreement_id)  # 404 before the terms are checked
    agreements.propose_version(request.auth, agreement_id, payload.terms())
    return Status(201, _detail(request.auth, Agreement.objects.get(pk=agreement_id)))


class StepIn(Schema):
    action: str = ""
    version_hash: str = ""


@router.post("/corridor-agreements/{agreement_id}/step", response=AgreementDetail)
def step(request, agreement_id: UUID, payload: StepIn):
    """submit, relay, accept (with version_hash), reject, withdraw, notify, complete, abort."""
    user = request.auth
    Agreement.objects.get_visible(user, agreement_id)
    action = payload.action
    if action == "submit":
        agreements.submit(user, agreement_id)
    elif action == "relay":
        agreements.relay(user, agreement_id)
    elif action == "accept":
        agreements.accept(user, agreement_id, payload.version_hash)
    elif action == "reject":
        agreements.reject(user, agreement_id)
    elif action == "withdraw":
        agreements.withdraw(user, agreement_id)
    elif action == "notify":
        movements.notify_movements(user, agreement_id)
    elif action in ("completed", "aborted", "expired"):
        agreements.close(user, agreement_id, action)
    else:
        from corridor.corridors.errors import StepNotAllowed

        raise StepNotAllowed()
    return _detail(user, Agreement.objects.get(pk=agreement_id))


class AckOut(Schema):
    notification: UUID
    acknowledged_at: datetime
    meaning: str = "receipt, not approval"


@router.post("/movement-notifications/{notification_id}/acknowledge", response=AckOut)
def acknowledge(request, notification_id: UUID):
    ack = movements.acknowledge(request.auth, notification_id)
    return {"notification": ack.notification_id, "acknowledged_at": ack.acknowledged_at}


class MemberIn(Schema):
    family_name: str = Field("", max_length=120)
    given_name: str = Field("", max_length=120)
    patronymic: str = Field("", max_length=120)
    birth_year: int | None = None
    sex: str = "U"
    decision: str = "leave"
    wheelchair: bool = False
    stretcher: bool = False
    medical_escort: bool = False
    child_alone: bool = False
    travels_separately: bool = False
    priority: int = 3
    escort_for: int | None = None


class HouseholdIn(Schema):
    key: str = Field("", max_length=80)
    settlement: str = ""
    witness: str = Field("", max_length=200)
    destination: str = ""
    reference: str = Field("", max_length=60)
    agreement: str = ""
    members: list[MemberIn] = Field([], max_length=30)


class EvacueeOut(Schema):
    id: UUID
    name: str
    state: str
    code: str | None
    priority: int
    wheelchair: bool
    stretcher: bool
    medical_escort: bool
    child_alone: bool
    decision: str | None = None
    erased: bool = False


class SubmissionOut(Schema):
    submission: UUID
    household: UUID
    replayed: bool
    evacuees: list[EvacueeOut]


@router.post("/evacuee-registrations", response={201: SubmissionOut, 200: SubmissionOut})
def register_household(request, payload: HouseholdIn):
    """A household and its members' decisions; the same key again answers with the first."""
    data = payload.dict()
    data["members"] = [registration.Member(**m) for m in data["members"]]
    submission, created = registration.register_household(
        request.auth, registration.HouseholdRegistration(**data)
    )
    evacuees = Evacuee.objects.filter(submission=submission).select_related("person")
    body = {
        "submission": submission.pk,
        "household": submission.household_id,
        "replayed": not created,
        "evacuees": [presenters.evacuee_row(request.auth, e) for e in evacuees],
    }
    return Status(201 if created else 200, body)


@router.get("/evacuees", response=list[EvacueeOut])
def evacuee_list(request, state: str | None = None):
    qs = Evacuee.objects.visible_to(request.auth).select_related("person")
    rows = [presenters.evacuee_row(request.auth, e) for e in qs[:2000]]
    return [r for r in rows if not state or r["state"] == state]


@router.get("/evacuees/{evacuee_id}", response=EvacueeOut)
def evacuee_detail(request, evacuee_id: UUID):
    e = Evacuee.objects.get_visible(request.auth, evacuee_id)
    return presenters.evacuee_row(request.auth, e)


class DecisionIn(Schema):
    decision: str = ""
    witness: str = Field("", max_length=200)
    destination: UUID | None = None


@router.post("/evacuees/{evacuee_id}/decision", response=EvacueeOut)
def record_decision(request, evacuee_id: UUID, payload: DecisionIn):
    """A new voluntary decision, with its witness. After a decline, the intermediary's only."""
    evacuee = registration.record_decision(
        request.auth, evacuee_id, payload.decision, payload.witness, payload.destination
    )
    return presenters.evacuee_row(request.auth, evacuee)


@router.post("/evacuees/{evacuee_id}/erase", response={204: None})
def erase_evacuee(request, evacuee_id: UUID, payload: EraseIn):
    """Erase a registration on request (data protection officer): names go everywhere, counts stay."""
    retention.erase(request.auth, evacuee_id, payload.reason)
    return Status(204, None)


class ScanIn(Schema):
    code: str = Field("", max_length=40)
    kind: str = ""


class CountsOut(Schema):
    expected: int
    checked_out: int
    checked_in: int
    discrepancies: list[str]


def _counts(user, convoy: Convoy) -> dict:
    r = handover.reconcile(user, convoy)
    return {
        "expected": r.expected,
        "checked_out": r.checked_out,
        "checked_in": r.checked_in,
        "discrepancies": [d.name for d in r.discrepancies],
    }


@router.post("/convoys/{convoy_id}/scan", response=CountsOut)
def scan(request, convoy_id: UUID, payload: ScanIn):
    """Check one person out or in by the code on the manifest or in its QR."""
    convoy = Convoy.objects.get_visible(request.auth, convoy_id)
    handover.scan(request.auth, convoy_id, payload.code, payload.kind or None)
    return _counts(request.auth, convoy)


@router.get("/convoys/{convoy_id}/reconciliation", response=CountsOut)
def reconciliation(request, convoy_id: UUID):
    return _counts(request.auth, Convoy.objects.get_visible(request.auth, convoy_id))


class PlanIn(Schema):
    method: str = "cp-sat"


class PlanOut(Schema):
    placed: int
    waiting: int
    vehicles_used: int
    method: str


@router.post("/convoys/{convoy_id}/plan", response=PlanOut)
def plan(request, convoy_id: UUID, payload: PlanIn):
    Convoy.objects.get_visible(request.auth, convoy_id)
    result = convoys.plan(request.auth, convoy_id, payload.method)
    return {
        "placed": len(result.assignments),
        "waiting": len(result.left_behind),
        "vehicles_used": result.vehicles_used,
        "method": result.method,
    }
