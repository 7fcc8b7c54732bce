"""Retention across the apps: the periods, the one marker of erased text, and the daily run.

Each app erases its own records (`<app>/retention.py`: `erase` on request, `expire_due`);
this module only reads the periods from settings and runs every app's `expire_due`, for
`corridor retention run` and for `corridor worker` (at start, then once a day).
"""

from __future__ import annotations

import datetime
import logging
import threading

from django.conf import settings
from django.utils import timezone
from ninja import Field, Schema

# What an erased name or text reads as, everywhere (pages, API, PDF, CSV).
ERASED = "—"
# A category missing from settings is kept long rather than erased early.
KEEP_WHEN_UNSET = 3650

logger = logging.getLogger("corridor.retention")


class EraseIn(Schema):
    """The body of every "erase on request" API call: why, in words without names."""

    reason: str = Field("request", max_length=200)


def period(category: str) -> datetime.timedelta:
    """The retention period of one category of record (settings.CORRIDOR_RETENTION_DAYS)."""
    table = getattr(settings, "CORRIDOR_RETENTION_DAYS", {})
    return datetime.timedelta(days=int(table.get(category, KEEP_WHEN_UNSET)))


def run_all(now: datetime.datetime | None = None) -> dict[str, int]:
    """Erase everything whose period ended; how many records of each category were erased."""
    from corridor.corridors import retention as corridors
    from corridor.exchange import retention as exchange
    from corridor.idempotency.middleware import purge_expired
    from corridor.tracing import retention as tracing

    now = now or timezone.now()
    counts = {"case(s)": tracing.expire_due(now)}
    counts |= corridors.expire_due(now)
    counts |= exchange.expire_due(now)
    # Stored answers to replayed API requests may quote names: gone after their day.
    counts["stored API answer(s)"] = purge_expired(now)
    return counts


class DailyRetention(threading.Thread):
    """Runs `run_all` every `interval` seconds beside the worker's loop, until stopped.

    A failed run is logged by the exception's class only (its message may quote a row) and
    tried again at the next interval; it never stops the worker.
    """

    def __init__(self, interval: float) -> None:
        super().__init__(name="corridor-retention", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        from django.db import connection

        while not self.stopped.wait(self.interval):
            self.run_once()
            connection.close()  # this thread's own connection, opened afresh next time

    def run_once(self) -> dict[str, int]:
        try:
            counts = run_all()
        except Exception as exc:  # noqa: BLE001 - the worker must outlive a failed run
            logger.error("retention run failed: %s", type(exc).__name__)
            return {}
        erased = {k: n for k, n in counts.items() if n}
        if erased:
            logger.warning(
                "retention: %s", ", ".join(f"{n} {label} erased" for label, n in erased.items())
            )
        return counts

    def stop(self) -> None:
        self.stopped.set()
