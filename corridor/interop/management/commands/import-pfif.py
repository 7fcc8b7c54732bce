"""`corridor import-pfif FILE --organisation CODE [--user U] [--list-name NAME]`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from corridor.accounts.models import Organisation, User
from corridor.errors import DomainError
from corridor.interop import services


class Command(BaseCommand):
    help = "Import a PFIF 1.1–1.4 document as a list of missing persons, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--organisation", required=True, help="organisation code")
        parser.add_argument("--user", default=None, help="username recorded as submitter")
        parser.add_argument("--list-name", default="", help="default: the file's name")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror})") from exc
        org = Organisation.objects.filter(code=opts["organisation"]).first()
        if org is None:
            raise CommandError(
                f"--organisation: no organisation with code {opts['organisation']!r}"
            )
        user = None
        if opts["user"]:
            user = User.objects.filter(username=opts["user"], organisation=org).first()
            if user is None:
                raise CommandError(f"--user: no user {opts['user']!r} in {org.code}")
        try:
            source_list = services.import_pfif(
                user, path.name, data, organisation=org, list_name=opts["list_name"], via="cli"
            )
        except DomainError as exc:
            raise CommandError(f"nothing imported: {exc.message}") from exc
        counts = services.import_counts(source_list)
        self.stdout.write(
            f"imported {counts.persons} person(s) with {counts.notes} note(s)"
            f" and {counts.orphan_notes} loose note(s) as list {source_list.pk}"
            f" ({source_list.name}); {counts.candidates} possible match(es) to review"
        )
