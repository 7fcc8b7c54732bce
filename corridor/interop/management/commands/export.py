"""`corridor export pfif --organisation CODE --user USERNAME [--list LIST_ID] -o FILE`."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from corridor.accounts.models import Organisation, User
from corridor.errors import DomainError
from corridor.interop import services
from corridor.registry.models import SourceList


def write_atomically(path: Path, data: bytes) -> None:
    """The whole file or none: written beside the target (mode 0600), then renamed over it."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


class Command(BaseCommand):
    help = "Export the persons a user may see, or one list, as a PFIF 1.4 file (audited)."

    def add_arguments(self, parser):
        parser.add_argument("format", choices=["pfif"])
        parser.add_argument("--organisation", required=True, help="organisation code")
        parser.add_argument("--user", required=True, help="the exporting user (role checked)")
        parser.add_argument("--list", dest="list_id", default=None, help="one source list's id")
        parser.add_argument("-o", "--output", required=True, help="the file to write")

    def handle(self, *args, **opts):
        org = Organisation.objects.filter(code=opts["organisation"]).first()
        if org is None:
            raise CommandError(
                f"--organisation: no organisation with code {opts['organisation']!r}"
            )
        user = User.objects.filter(username=opts["user"], organisation=org).first()
        if user is None:
            raise CommandError(f"--user: no user {opts['user']!r} in {org.code}")
        path = Path(opts["output"])
        if not path.parent.is_dir():
            raise CommandError(f"-o: no directory {str(path.parent)!r}")
        try:
            # The audit entry commits only if the file was written.
            with transaction.atomic():
                services.ensure_exporter(user)
                records = None
                if opts["list_id"]:
                    records = SourceList.objects.get_visible(user, opts["list_id"])
                data = services.export_pfif(user, records)
                write_atomically(path, data)
        except DomainError as exc:
            raise CommandError(f"nothing exported: {exc.message}") from exc
        except OSError as exc:
            raise CommandError(f"{path}: cannot write the file ({exc.strerror})") from exc
        persons = data.count(b"<pfif:person>")
        self.stdout.write(f"wrote {persons} person record(s) to {path}")
