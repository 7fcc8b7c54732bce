"""`corridor worker`: run background tasks (imports, matching) from the database queue."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from corridor.imports.services import mark_abandoned
from corridor.tracing.retention import expire_due


class Command(DbWorkerCommand):
    help = (
        "Run queued background tasks. First: imports left by a stopped worker are marked "
        "failed, and retention periods are applied (also run `corridor retention run` daily)."
    )

    def handle(self, *args, **options):
        abandoned = mark_abandoned()
        if abandoned:
            self.stderr.write(f"{abandoned} import(s) left by a stopped worker marked failed")
        erased = expire_due()
        if erased:
            self.stderr.write(f"{erased} expired case(s) erased")
        return super().handle(*args, **options)
