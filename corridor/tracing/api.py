"""API for caseworkers: cases, their candidates, the decisions and the consent."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from ninja import Field, Router, Schema, Status

from corridor.matching.api import EvidenceOut
from corridor.matching.evidence import present_evidence
from corridor.retention import EraseIn
from corridor.tracing import retention, services
from corridor.tracing.models import TracingCandidate, TracingCase

router = Router(tags=["tracing"])


class CandidateOut(Schema):
    id: UUID
    person: UUID
    probability: float
    status: str
    evidence: list[EvidenceOut]


class CaseOut(Schema):
    id: UUID
    state: str
    category: str
    sought_name: str
    sought_birth: str
    sought_place: str
    consent_scope: str
    assigned_to: int | None
    created_at: datetime
    expires_at: datetime
    candidates: list[CandidateOut]


def _candidate_out(c: TracingCandidate) -> CandidateOut:
    return CandidateOut(
        id=c.pk,
        person=c.person_id,
        probability=c.probability,
        status=c.status,
        evidence=[EvidenceOut(**e) for e in present_evidence(c.evidence)],
    )


def _out(user, case: TracingCase) -> CaseOut:
    candidates = TracingCandidate.objects.visible_to(user).filter(case=case)
    return CaseOut(
        id=case.pk,
        state=case.state,
        category=case.category,
        sought_name=case.sought_name,
        sought_birth=case.sought_birth,
        sought_place=case.sought_place,
        consent_scope=case.consent_scope,
        assigned_to=case.assigned_to_id,
        created_at=case.created_at,
        expires_at=case.expires_at,
        candidates=[_candidate_out(c) for c in candidates],
    )


@router.get("/cases", response=list[CaseOut])
def cases(request, state: str | None = None):
    qs = TracingCase.objects.visible_to(request.auth)
    if state:
        qs = qs.filter(state=state)
    return [_out(request.auth, c) for c in qs[:200]]


@router.get("/cases/{case_id}", response=CaseOut)
def case(request, case_id: UUID):
    return _out(request.auth, TracingCase.objects.get_visible(request.auth, case_id))


@router.post("/cases/{case_id}/accept", response=CaseOut)
def accept(request, case_id: UUID):
    return _out(request.auth, services.accept(request.auth, case_id))


class StepIn(Schema):
    to: str = ""


@router.post("/cases/{case_id}/step", response=CaseOut)
def step(request, case_id: UUID, payload: StepIn):
    return _out(request.auth, services.change_state(request.auth, case_id, payload.to))


@router.post("/tracing-candidates/{tracing_candidate_id}/confirm", response=CaseOut)
def confirm(request, tracing_candidate_id: UUID):
    return _out(request.auth, services.confirm_candidate(request.auth, tracing_candidate_id))


@router.post("/tracing-candidates/{tracing_candidate_id}/reject", response=CandidateOut)
def reject(request, tracing_candidate_id: UUID):
    return _candidate_out(services.reject_candidate(request.auth, tracing_candidate_id))


class ConsentIn(Schema):
    scope: str = ""
    news: str = Field("", max_length=600)
    contact: str = Field("", max_length=300)
    address: str = Field("", max_length=300)


@router.post("/cases/{case_id}/consent", response=CaseOut)
def consent(request, case_id: UUID, payload: ConsentIn):
    """Record the sought person's consent; the enquirer's status page follows it exactly."""
    case = services.record_consent(
        request.auth,
        case_id,
        payload.scope,
        news=payload.news,
        contact=payload.contact,
        address=payload.address,
    )
    return _out(request.auth, case)


@router.post("/cases/{case_id}/erase", response={204: None})
def erase(request, case_id: UUID, payload: EraseIn):
    """Erase a case on request: data gone from the case, its candidates and messages; a tombstone stays."""
    retention.erase(request.auth, case_id, payload.reason)
    return Status(204, None)
