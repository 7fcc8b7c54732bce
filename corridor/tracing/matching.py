"""Matching cases against the registry: every new request, and open cases when lists arrive."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from corridor.audit import services as audit
from corridor.registry import index
from corridor.registry.models import Person
from corridor.tracing import lifecycle
from corridor.tracing.models import TracingCandidate, TracingCase

PROPOSE_FROM = 0.3  # candidates from this probability on are put to the caseworker
MAX_CANDIDATES = 10


def case_record(case: TracingCase) -> dict[str, str]:
    return {
        "record_id": str(case.pk),
        "full_name": case.sought_name,
        "date_of_birth": case.sought_birth,
        "sex": case.sought_sex,
        "place": case.sought_place,
    }


def match_case(case_id, persons=None) -> list[TracingCandidate]:
    """Search the registry for the person sought; new candidates only (rejected stay rejected)."""
    case = TracingCase.objects.filter(pk=case_id, erased_at__isnull=True).first()
    if case is None or case.state not in lifecycle.OPEN:
        return []
    pool = persons if persons is not None else Person.objects.all()
    hits = index.search(
        pool.filter(merged_into__isnull=True),
        case_record(case),
        limit=MAX_CANDIDATES,
        min_probability=PROPOSE_FROM,
    )
    known = set(TracingCandidate.objects.filter(case=case).values_list("person_id", flat=True))
    created = []
    for hit in hits:
        if hit.person.pk in known:
            continue
        try:
            with transaction.atomic():
                candidate = TracingCandidate.objects.create(
                    organisation=case.organisation,
                    case=case,
                    person=hit.person,
                    probability=hit.probability,
                    evidence=[
                        vars(e) | {"bayes_factor": float(e.bayes_factor)} for e in hit.evidence
                    ],
                )
                audit.record(None, "tracing.candidate", candidate, {"case": str(case.pk)})
        except IntegrityError:
            continue  # proposed meanwhile by another run
        created.append(candidate)
    return created


def match_open_cases(persons) -> int:
    """New or updated registry persons (a queryset) against every open case."""
    count = 0
    for case_id in TracingCase.objects.filter(
        state__in=lifecycle.OPEN, erased_at__isnull=True
    ).values_list("pk", flat=True):
        count += len(match_case(case_id, persons))
    return count
