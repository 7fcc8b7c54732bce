"""API: search the registry in any script, and review match candidates."""

from __future__ import annotations

from uuid import UUID

from ninja import Field, Router, Schema

from corridor.matching import services
from corridor.matching.evidence import present_evidence
from corridor.matching.models import CandidateStatus, MatchCandidate
from corridor.registry import index
from corridor.registry.models import Person, PersonStatus

router = Router(tags=["matching"])


class EvidenceOut(Schema):
    field: str
    finding: str
    strength: str
    direction: str
    factor: str


class SearchIn(Schema):
    q: str = Field(..., min_length=1, max_length=200)
    settlement: UUID | None = None
    status: str | None = None
    source_list: UUID | None = None
    limit: int = Field(20, ge=1, le=100)


class HitOut(Schema):
    person: UUID
    name: str
    born: str
    probability: float
    evidence: list[EvidenceOut]


@router.post("/search", response=list[HitOut])
def search(request, payload: SearchIn):
    """Persons who may be the one typed (any script, standard, diminutive or partial date).

    POST, so names stay out of URLs; nothing is stored (no Idempotency-Key needed).
    """
    qs = Person.objects.visible_to(request.auth).filter(merged_into__isnull=True)
    if payload.settlement:
        qs = qs.filter(settlement_id=payload.settlement)
    if payload.status in PersonStatus.values:
        qs = qs.filter(status=payload.status)
    if payload.source_list:
        qs = qs.filter(source_records__source_list_id=payload.source_list)
    hits = index.search(qs, index.split_query(payload.q), limit=payload.limit)
    return [
        HitOut(
            person=h.person.pk,
            name=h.person.full_name(),
            born=h.person.birth_date_display() or h.person.birth_note,
            probability=round(h.probability, 4),
            evidence=[EvidenceOut(**e) for e in present_evidence([vars(e) for e in h.evidence])],
        )
        for h in hits
    ]


class CandidateOut(Schema):
    id: UUID
    person: UUID
    existing: UUID
    source_list: UUID | None
    probability: float
    status: str
    evidence: list[EvidenceOut]


def _out(c: MatchCandidate) -> CandidateOut:
    return CandidateOut(
        id=c.pk,
        person=c.person_id,
        existing=c.existing_id,
        source_list=c.source_list_id,
        probability=c.probability,
        status=c.status,
        evidence=[EvidenceOut(**e) for e in present_evidence(c.evidence)],
    )


@router.get("/matches", response=list[CandidateOut])
def matches(request, status: str = CandidateStatus.PENDING, source_list: UUID | None = None):
    qs = MatchCandidate.objects.visible_to(request.auth).filter(status=status)
    if source_list:
        qs = qs.filter(source_list_id=source_list)
    return [_out(c) for c in qs.order_by("-probability", "id")[:500]]


@router.get("/matches/{candidate_id}", response=CandidateOut)
def match(request, candidate_id: UUID):
    return _out(MatchCandidate.objects.get_visible(request.auth, candidate_id))


@router.post("/matches/{candidate_id}/confirm", response=CandidateOut)
def confirm(request, candidate_id: UUID):
    """The two records are one person: the newer is folded into the existing one."""
    return _out(services.confirm(request.auth, candidate_id))


@router.post("/matches/{candidate_id}/reject", response=CandidateOut)
def reject(request, candidate_id: UUID):
    """Different people: the pair is not proposed again."""
    return _out(services.reject(request.auth, candidate_id))
