"""`corridor worker`: run background tasks (imports, matching) from the database queue."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from corridor.imports.services import mark_abandoned


class Command(DbWorkerCommand):
    help = "Run queued background tasks; imports left by a stopped worker are marked failed first."

    def handle(self, *args, **options):
        abandoned = mark_abandoned()
        if abandoned:
            self.stderr.write(f"{abandoned} import(s) left by a stopped worker marked failed")
        return super().handle(*args, **options)
