"""Background tasks of imports (django-tasks; the database backend runs them in `corridor worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import(job_id: str) -> str:
    """Import one committed list; the job row carries progress and, on failure, the reason."""
    from corridor.imports.services import execute_import

    return str(execute_import(job_id).state)


def enqueue_import(job_id: str) -> None:
    run_import.enqueue(job_id)
