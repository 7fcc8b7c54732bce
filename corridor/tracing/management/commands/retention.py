"""`corridor retention run`: erase what has passed its retention period, in every app."""

from django.core.management.base import BaseCommand

from corridor.retention import run_all


class Command(BaseCommand):
    help = (
        "Apply retention periods: erase expired tracing cases, evacuee registrations, "
        "notification contacts, exchange entries and list files everywhere; keep tombstones."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["run"])

    def handle(self, *args, **options):
        for label, count in run_all().items():
            self.stdout.write(f"{count} {label} erased")
