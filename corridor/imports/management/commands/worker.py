"""`corridor worker`: run background tasks (imports, matching, reconciliations) from the
database queue."""

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from corridor.exchange.reconciliation import abandon_stale
from corridor.imports.services import mark_abandoned
from corridor.retention import DailyRetention, run_all


class Command(DbWorkerCommand):
    help = (
        "Run queued background tasks. First: imports and reconciliations left by a stopped "
        "worker are marked failed, and retention periods are applied; then retention runs again once a day."
    )

    def handle(self, *args, **options):
        abandoned = mark_abandoned()
        if abandoned:
            self.stderr.write(f"{abandoned} import(s) left by a stopped worker marked failed")
        stale = abandon_stale()
        if stale:
            self.stderr.write(f"{stale} reconciliation(s) left by a stopped worker marked failed")
        for label, count in run_all().items():
            if count:
                self.stderr.write(f"{count} expired {label} erased")
        # django-tasks has no periodic schedule: a timer thread beside the worker's loop.
        daily = DailyRetention(settings.CORRIDOR_RETENTION_INTERVAL_SECONDS)
        if not options.get("batch"):
            daily.start()
        try:
            return super().handle(*args, **options)
        finally:
            daily.stop()
