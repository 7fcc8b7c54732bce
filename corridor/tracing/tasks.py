"""Background tasks of tracing (run by `corridor worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def match_case(case_id: str) -> int:
    """Candidates for one request, visible to the caseworker as soon as they are found."""
    from corridor.tracing.matching import match_case as run

    return len(run(case_id))


@task()
def match_list(source_list_id: str) -> int:
    """A newly imported list's persons against every open case."""
    from uuid import UUID

    from corridor.registry.models import Person
    from corridor.tracing.matching import match_open_cases as run

    return run(Person.objects.filter(source_records__source_list_id=UUID(source_list_id)))


@task()
def apply_retention() -> int:
    from corridor.tracing.retention import expire_due

    return expire_due()
