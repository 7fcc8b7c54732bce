"""Background tasks of exchange lists (django-tasks; the database backend runs them in
`corridor worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_reconciliation(run_id: str) -> str:
    """Run one queued reconciliation; its row carries the state and, on failure, the reason."""
    from corridor.exchange.reconciliation import execute

    return str(execute(run_id).state)


def enqueue_reconciliation(run_id: str) -> None:
    run_reconciliation.enqueue(run_id)
