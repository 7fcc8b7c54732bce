"""Deciding match candidates: confirming folds one person into the other, rejecting is remembered."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from corridor.accounts.roles import REVIEWING_ROLES
from corridor.audit import services as audit
from corridor.errors import NotPermitted
from corridor.matching.errors import AlreadyDecided
from corridor.matching.models import CandidateStatus, MatchCandidate
from corridor.registry import index
from corridor.registry.models import Person, PersonKey


def _ensure_reviewer(user) -> None:
    if user.organisation is None or user.role not in REVIEWING_ROLES:
        raise NotPermitted()


def _locked(user, candidate_id) -> MatchCandidate:
    candidate = MatchCandidate.objects.get_visible(user, candidate_id)  # 404 before 403
    _ensure_reviewer(user)
    candidate = MatchCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != CandidateStatus.PENDING:
        raise AlreadyDecided()
    return candidate


def _decide(user, candidate: MatchCandidate, status: str) -> None:
    candidate.status = status
    candidate.decided_by = user
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])


def _spellings(person: Person) -> list[str]:
    own = " ".join(p for p in (person.family_name, person.given_name, person.patronymic) if p)
    return [n for n in (own, *(person.alternate_names or [])) if n]


@transaction.atomic
def confirm(user, candidate_id) -> MatchCandidate:
    """The two records are one person: the newer is folded into the existing one, nothing is lost."""
    candidate = _locked(user, candidate_id)
    new, existing = candidate.person, candidate.existing
    _decide(user, candidate, CandidateStatus.CONFIRMED)
    names = list(existing.alternate_names or [])
    own = _spellings(existing)[0] if _spellings(existing) else ""
    for name in _spellings(new):
        if name != own and name not in names:
            names.append(name)
    existing.alternate_names = names
    existing.save(update_fields=["alternate_names", "updated_at"])
    new.source_records.update(person=existing)
    new.merged_into = existing
    new.save(update_fields=["merged_into", "updated_at"])
    PersonKey.objects.filter(person=new).delete()
    index.reindex([existing])
    # Other open proposals about the folded record are moot now.
    MatchCandidate.objects.filter(status=CandidateStatus.PENDING).filter(person=new).update(
        status=CandidateStatus.SUPERSEDED, decided_by=user, decided_at=timezone.now()
    )
    audit.record(
        user, "match.confirmed", candidate, {"person": str(new.pk), "into": str(existing.pk)}
    )
    return candidate


@transaction.atomic
def reject(user, candidate_id) -> MatchCandidate:
    """Two different people: the pair is never proposed again."""
    candidate = _locked(user, candidate_id)
    _decide(user, candidate, CandidateStatus.REJECTED)
    audit.record(user, "match.rejected", candidate, {})
    return candidate
