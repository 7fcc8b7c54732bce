"""`corridor import FILE --list-name … --organisation …`: import a list from the command line."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from corridor.accounts.models import Organisation, User
from corridor.errors import DomainError
from corridor.imports import services
from corridor.imports.columns import FIELDS
from corridor.imports.models import ImportState


class Command(BaseCommand):
    help = "Import a CSV, XLSX or ODS list into the registry, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--list-name", required=True)
        parser.add_argument("--organisation", required=True, help="organisation code")
        parser.add_argument("--kind", default="civilians")
        parser.add_argument("--sheet", default=None)
        parser.add_argument("--user", default=None, help="username recorded as submitter")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=FIELD",
            help=f"map a column to a field ({', '.join(FIELDS)}) or to nothing (HEADER=)",
        )

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
            job = services.upload(user, path.name, data, organisation=org)
            mapping = None
            if opts["map"]:
                job = services.configure(user, job.pk, sheet=opts["sheet"], actor_organisation=org)
                mapping = dict(job.mapping)
                for item in opts["map"]:
                    header, sep, field = item.partition("=")
                    if not sep:
                        raise CommandError(f"--map {item!r}: expected HEADER=FIELD")
                    mapping[header] = field or None
            job = services.configure(
                user,
                job.pk,
                sheet=opts["sheet"],
                mapping=mapping,
                list_name=opts["list_name"],
                list_kind=opts["kind"],
                actor_organisation=org,
            )
            if job.state != ImportState.READY:
                lines = services.describe_report(job.report)
                raise CommandError(
                    f"{path}: nothing imported; {job.report.get('problem_count', 0)} problem(s):\n"
                    + "\n".join(f"  {line}" for line in lines[:50])
                )
            if job.duplicate_of_id:
                raise CommandError(f"{path}: already imported as list {job.duplicate_of_id}")
            job = services.execute_import(job.pk, cli=True)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if job.state != ImportState.DONE:
            raise CommandError(f"{path}: nothing imported: {job.error}")
        self.stdout.write(
            f"imported {job.report.get('rows', 0)} rows as list {job.source_list_id} "
            f"({job.list_name})"
        )
