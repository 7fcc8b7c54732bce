"""API: exchange lists and entries, reconciliation (intermediary), rounds and their reports.

Every payload field has a default, so a request for an object the caller may not see is
answered 404 before its body is judged. Entries are shown through presenters.present_entry.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from corridor.errors import NotVisible
from corridor.exchange import protection, reconciliation, reports, retention, rounds, services
from corridor.exchange.models import (
    ExchangeEntry,
    ExchangeList,
    ExchangeRound,
    Finding,
    Reconciliation,
    RoundMember,
)
from corridor.exchange.presenters import is_desk, present_entry, shown_state
from corridor.idempotency.middleware import handed_out_once
from corridor.keys.fields import sealed_fields
from corridor.keys.services import reveal
from corridor.matching.api import EvidenceOut
from corridor.matching.evidence import present_evidence
from corridor.retention import EraseIn

router = Router(tags=["exchange"])


class ListOut(Schema):
    id: UUID
    organisation: UUID
    name: str
    kind: str
    population: str
    entries: int
    created_at: datetime


class ListIn(Schema):
    name: str = Field("", max_length=200)
    kind: str = ""
    population: str = ""


class EntryIn(Schema):
    family_name: str = Field("", max_length=120)
    given_names: str = Field("", max_length=120)
    patronymic: str = Field("", max_length=120)
    reference: str = Field("", max_length=120)
    rank: str = Field("", max_length=80)
    serial_number: str = Field("", max_length=60)
    unit: str = Field("", max_length=120)
    date_of_birth: str = Field("", max_length=60)
    sex: str = Field("", max_length=1)
    place_of_birth: str = Field("", max_length=200)
    father_name: str = Field("", max_length=120)
    mother_maiden_name: str = Field("", max_length=120)
    person_to_inform: str = Field("", max_length=500)
    medical_category: str = Field("", max_length=20)
    date_of_capture: str = Field("", max_length=60)
    place_of_capture: str = Field("", max_length=200)


class CaptureIn(EntryIn):
    population: str = "pow"


def _list_out(user, exchange_list: ExchangeList) -> ListOut:
    return ListOut(
        id=exchange_list.pk,
        organisation=exchange_list.organisation_id,
        name=exchange_list.name,
        kind=exchange_list.kind,
        population=exchange_list.population,
        entries=ExchangeEntry.objects.visible_to(user).filter(exchange_list=exchange_list).count(),
        created_at=exchange_list.created_at,
    )


@router.get("/exchange/lists", response=list[ListOut])
def lists(request):
    """The caller's lists (a party) or every party's lists (the intermediary)."""
    return [_list_out(request.auth, x) for x in ExchangeList.objects.visible_to(request.auth)[:500]]


@router.post("/exchange/lists", response={201: ListOut})
def create_list(request, payload: ListIn):
    x = services.create_list(request.auth, payload.name, payload.kind, payload.population)
    return Status(201, _list_out(request.auth, x))


@router.get("/exchange/lists/{exchange_list_id}", response=ListOut)
def exchange_list(request, exchange_list_id: UUID):
    return _list_out(request.auth, ExchangeList.objects.get_visible(request.auth, exchange_list_id))


@router.get("/exchange/lists/{exchange_list_id}/entries", response=list[dict[str, Any]])
def list_entries(request, exchange_list_id: UUID):
    """Entries of a list, each as the caller may see it (a party: its own view of the state)."""
    x = ExchangeList.objects.get_visible(request.auth, exchange_list_id)
    entries = ExchangeEntry.objects.visible_to(request.auth).filter(exchange_list=x)
    return [present_entry(request.auth, e) for e in entries[:5000]]


@router.post("/exchange/lists/{exchange_list_id}/entries", response={201: dict[str, Any]})
def add_entry(request, exchange_list_id: UUID, payload: EntryIn):
    details = services.EntryDetails(**payload.dict())
    entry = services.add_entry(request.auth, exchange_list_id, details)
    return Status(201, present_entry(request.auth, entry))


@router.post("/exchange/lists/{exchange_list_id}/submit", response=dict[str, int])
def submit_list(request, exchange_list_id: UUID):
    """Send the list's proposed entries to the intermediary."""
    return {"submitted": services.submit_list(request.auth, exchange_list_id)}


@router.post("/exchange/capture", response={201: dict[str, Any]})
def capture(request, payload: CaptureIn):
    """A capture notification by the detaining party's information bureau."""
    data = payload.dict()
    population = data.pop("population")
    entry = services.notify_capture(request.auth, population, services.EntryDetails(**data))
    return Status(201, present_entry(request.auth, entry))


@router.get("/exchange/entries/{exchange_entry_id}", response=dict[str, Any])
def entry(request, exchange_entry_id: UUID):
    return present_entry(
        request.auth, ExchangeEntry.objects.get_visible(request.auth, exchange_entry_id)
    )


class ReasonIn(Schema):
    reason: str = Field("", max_length=2000)


@router.post("/exchange/entries/{exchange_entry_id}/remove", response=dict[str, Any])
def remove(request, exchange_entry_id: UUID, payload: ReasonIn):
    """The party takes a person off its list (reason required)."""
    e = services.remove_entry(request.auth, exchange_entry_id, payload.reason)
    return present_entry(request.auth, e)


class DeathIn(Schema):
    date: str = Field("", max_length=60)
    place: str = Field("", max_length=200)
    circumstances: str = Field("", max_length=2000)


@router.post("/exchange/entries/{exchange_entry_id}/death", response=dict[str, Any])
def death(request, exchange_entry_id: UUID, payload: DeathIn):
    """A death notification by the detaining party's bureau."""
    e = services.notify_death(
        request.auth,
        exchange_entry_id,
        date=payload.date,
        place=payload.place,
        circumstances=payload.circumstances,
    )
    return present_entry(request.auth, e)


class VerifyIn(Schema):
    place: str = Field("", max_length=200)


@router.post("/exchange/entries/{exchange_entry_id}/verify", response=dict[str, Any])
def verify(request, exchange_entry_id: UUID, payload: VerifyIn):
    e = protection.verify_custody(request.auth, exchange_entry_id, payload.place)
    return present_entry(request.auth, e)


class InterviewIn(Schema):
    outcome: str = ""
    notes: str = Field("", max_length=4000)


@router.post("/exchange/entries/{exchange_entry_id}/interview", response=dict[str, Any])
def interview(request, exchange_entry_id: UUID, payload: InterviewIn):
    """The private interview (protection delegate): the answer and notes are sealed."""
    e = protection.interview(request.auth, exchange_entry_id, payload.outcome, payload.notes)
    return present_entry(request.auth, e)


@router.post("/exchange/entries/{exchange_entry_id}/withdraw", response=dict[str, Any])
def withdraw(request, exchange_entry_id: UUID, payload: ReasonIn):
    e = protection.withdraw(request.auth, exchange_entry_id, payload.reason)
    return present_entry(request.auth, e)


@router.post("/exchange/entries/{exchange_entry_id}/postpone", response=dict[str, Any])
def postpone(request, exchange_entry_id: UUID):
    return present_entry(request.auth, protection.postpone(request.auth, exchange_entry_id))


@router.post("/exchange/entries/{exchange_entry_id}/erase", response={204: None})
def erase(request, exchange_entry_id: UUID, payload: EraseIn):
    """Erase an entry on request (data protection officer): the person's data goes everywhere."""
    retention.erase(request.auth, exchange_entry_id, payload.reason)
    return Status(204, None)


@router.get("/exchange/entries/{exchange_entry_id}/sealed/{field}", response=dict[str, Any])
def entry_sealed(request, exchange_entry_id: UUID, field: str):
    """Open the person to inform or a death's circumstances (their readers only); audited."""
    e = ExchangeEntry.objects.get_visible(request.auth, exchange_entry_id)
    if field not in {f.name for f in sealed_fields(ExchangeEntry)}:
        raise NotVisible()
    return {"field": field, "value": reveal(request.auth, e, field)}


@router.get("/exchange/entries/{exchange_entry_id}/interview", response=dict[str, Any])
def interview_record(request, exchange_entry_id: UUID):
    """The sealed interview, for the protection delegate alone; the read is audited."""
    return protection.reveal_interview(request.auth, exchange_entry_id)


# --- reconciliation (the intermediary's) ---


class FindingOut(Schema):
    id: UUID
    kind: str
    held: UUID | None
    sought: UUID | None
    tracing_case: UUID | None
    person: UUID | None
    probability: float | None
    status: str
    resolution: str
    evidence: list[EvidenceOut]


class ReconciliationOut(Schema):
    id: UUID
    created_at: datetime
    state: str  # queued, running, done or failed; findings come with "done"
    finished_at: datetime | None
    error: str
    counts: dict[str, int]
    findings: list[FindingOut]


def _finding_out(f: Finding) -> FindingOut:
    return FindingOut(
        id=f.pk,
        kind=f.kind,
        held=f.held_id,
        sought=f.sought_id,
        tracing_case=f.tracing_case_id,
        person=f.person_id,
        probability=f.probability,
        status=f.status,
        resolution=f.resolution,
        evidence=[EvidenceOut(**e) for e in present_evidence(f.evidence)],
    )


def _run_out(user, run: Reconciliation) -> ReconciliationOut:
    findings = Finding.objects.visible_to(user).filter(reconciliation=run)
    return ReconciliationOut(
        id=run.pk,
        created_at=run.created_at,
        state=run.state,
        finished_at=run.finished_at,
        error=run.error,
        counts=run.counts,
        findings=[_finding_out(f) for f in findings],
    )


@router.post("/exchange/reconciliations", response={202: ReconciliationOut})
def run_reconciliation(request):
    """Queue a reconciliation (the intermediary's); `corridor worker` runs it. Poll
    `GET /exchange/reconciliations/{id}` until its state is done (or failed)."""
    return Status(202, _run_out(request.auth, reconciliation.request_run(request.auth)))


@router.get("/exchange/reconciliations/{reconciliation_id}", response=ReconciliationOut)
def reconciliation_report(request, reconciliation_id: UUID):
    run = Reconciliation.objects.get_visible(request.auth, reconciliation_id)
    return _run_out(request.auth, run)


class ResolveIn(Schema):
    resolution: str = ""
    note: str = Field("", max_length=500)


@router.post("/exchange/findings/{finding_id}/resolve", response=FindingOut)
def resolve(request, finding_id: UUID, payload: ResolveIn):
    f = reconciliation.resolve(request.auth, finding_id, payload.resolution, payload.note)
    return _finding_out(f)


# --- rounds ---


class MemberOut(Schema):
    id: UUID
    slot: int
    entry: UUID
    released_by: UUID
    received_by: UUID
    state: str


class RoundOut(Schema):
    id: UUID
    name: str
    formula: str
    category: str
    size: int | None
    state: str
    version: int
    version_hash: str
    accepted: dict[str, str]
    members: list[MemberOut]


def _round_out(user, round_: ExchangeRound) -> RoundOut:
    members = RoundMember.objects.visible_to(user).filter(round=round_).select_related("entry")
    return RoundOut(
        id=round_.pk,
        name=round_.name,
        formula=round_.formula,
        category=round_.category,
        size=round_.size,
        state=round_.state,
        version=round_.version,
        version_hash=round_.version_hash,
        accepted={str(k): v for k, v in rounds.accepted_hashes(round_).items()},
        members=[
            MemberOut(
                id=m.pk,
                slot=m.slot,
                entry=m.entry_id,
                released_by=m.released_by_id,
                received_by=m.received_by_id,
                state=shown_state(user, m.entry.state),
            )
            for m in members
        ],
    )


class RoundIn(Schema):
    name: str = Field("", max_length=200)
    formula: str = ""
    category: str = "any"
    size: int | None = Field(None, ge=1, le=10000)


class HashIn(Schema):
    version_hash: str = Field("", max_length=64)


class PurposeIn(Schema):
    purpose: str = Field("", max_length=500)


@router.get("/exchange/rounds", response=list[RoundOut])
def round_list(request):
    return [
        _round_out(request.auth, r) for r in ExchangeRound.objects.visible_to(request.auth)[:100]
    ]


@router.post("/exchange/rounds", response={201: RoundOut})
def create_round(request, payload: RoundIn):
    """Compose a round by formula from the persons ready on both sides (operations lead)."""
    r = rounds.create_round(
        request.auth, payload.name, payload.formula, payload.category, payload.size
    )
    return Status(201, _round_out(request.auth, r))


@router.get("/exchange/rounds/{round_id}", response=RoundOut)
def round_detail(request, round_id: UUID):
    return _round_out(request.auth, ExchangeRound.objects.get_visible(request.auth, round_id))


@router.post("/exchange/rounds/{round_id}/compose", response=RoundOut)
def recompose(request, round_id: UUID):
    return _round_out(request.auth, rounds.recompose(request.auth, round_id))


@router.post("/exchange/rounds/{round_id}/propose", response=RoundOut)
def propose(request, round_id: UUID):
    """Send this version to both parties (a transmission to each)."""
    return _round_out(request.auth, rounds.propose(request.auth, round_id))


@router.post("/exchange/rounds/{round_id}/accept", response=RoundOut)
def accept(request, round_id: UUID, payload: HashIn):
    """Accept exactly the version with this hash; a stale hash is refused (409)."""
    rounds.accept(request.auth, round_id, payload.version_hash)
    return _round_out(request.auth, ExchangeRound.objects.get_visible(request.auth, round_id))


@router.post("/exchange/rounds/{round_id}/execute", response=RoundOut)
def execute(request, round_id: UUID):
    """Start the hand-over: only when both parties accepted the current version."""
    return _round_out(request.auth, rounds.execute(request.auth, round_id))


@router.post("/exchange/rounds/{round_id}/cancel", response=RoundOut)
def cancel(request, round_id: UUID):
    return _round_out(request.auth, rounds.cancel(request.auth, round_id))


class CountOut(Schema):
    side: str
    category: str
    state: str
    count: int


@router.get("/exchange/rounds/{round_id}/report", response=list[CountOut])
def round_report(request, round_id: UUID):
    """Persons of the round by releasing party, category and state."""
    r = ExchangeRound.objects.get_visible(request.auth, round_id)
    return [CountOut(**vars(c)) for c in reports.round_counts(request.auth, r)]


@router.post("/exchange/rounds/{round_id}/export")
def export(request, round_id: UUID, payload: PurposeIn):
    """The round as CSV with the agreed fields only, for a recorded purpose."""
    text = reports.export_round(request.auth, round_id, payload.purpose)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="exchange-round.csv"'
    response["Cache-Control"] = "no-store"
    # A list of names is not kept in the idempotency store: a replayed key gets 409.
    return handed_out_once(
        response, _("This export was handed out once and is not kept: export again if needed.")
    )


@router.get("/exchange/report", response=list[CountOut])
def party_report(request):
    """Every entry the caller may see, by owner and list, category and state."""
    return [CountOut(**vars(c)) for c in reports.party_counts(request.auth)]


@router.post("/exchange/round-members/{round_member_id}/handover", response=MemberOut)
def hand_over(request, round_member_id: UUID):
    m = rounds.hand_over(request.auth, round_member_id)
    return _member_out(request.auth, m)


@router.post("/exchange/round-members/{round_member_id}/receipt", response=MemberOut)
def receipt(request, round_member_id: UUID):
    m = rounds.confirm_receipt(request.auth, round_member_id)
    return _member_out(request.auth, m)


@router.post("/exchange/round-members/{round_member_id}/remove", response=RoundOut)
def remove_member(request, round_member_id: UUID):
    return _round_out(request.auth, rounds.remove_member(request.auth, round_member_id))


def _member_out(user, m: RoundMember) -> MemberOut:
    m.entry.refresh_from_db()
    return MemberOut(
        id=m.pk,
        slot=m.slot,
        entry=m.entry_id,
        released_by=m.released_by_id,
        received_by=m.received_by_id,
        state=shown_state(user, m.entry.state) if not is_desk(user) else m.entry.state,
    )
