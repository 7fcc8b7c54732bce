"""`corridor retention run`: erase what has passed its retention period (run it daily)."""

from django.core.management.base import BaseCommand

from corridor.tracing.retention import expire_due


class Command(BaseCommand):
    help = "Apply retention periods: erase expired tracing cases everywhere, keep tombstones."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["run"])

    def handle(self, *args, **options):
        count = expire_due()
        self.stdout.write(f"{count} case(s) erased")
