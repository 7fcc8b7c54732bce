"""`corridor export pfif --organisation CODE --user USERNAME -o FILE` with an approval.

Either ``--purpose TEXT --approved-by DPO [--list LIST_ID]`` (the approving data protection
officer is checked and recorded as an export request) or ``--request ID`` (an export request
approved in Corridor, downloaded once by its requester).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from uuid import UUID

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from corridor.accounts.models import Organisation, User
from corridor.errors import DomainError
from corridor.interop import export_requests


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
    help = (
        "Export the persons a user may see, or one list, as a PFIF 1.4 file (audited). Lists "
        "of names leave only for a recorded purpose with a data protection officer's approval: "
        "give --purpose and --approved-by, or --request with an approved export request's id."
    )

    def add_arguments(self, parser):
        parser.add_argument("format", choices=["pfif"])
        parser.add_argument("--organisation", required=True, help="organisation code")
        parser.add_argument("--user", required=True, help="the exporting user (role checked)")
        parser.add_argument(
            "--purpose",
            default=None,
            help="what the export is for and who receives it, 10-500 characters, no names "
            "(recorded)",
        )
        parser.add_argument(
            "--approved-by",
            dest="approved_by",
            default=None,
            help="username of the data protection officer of the organisation who approved "
            "the export (not the exporting user)",
        )
        parser.add_argument(
            "--request",
            dest="request_id",
            type=UUID,
            default=None,
            help="id of an export request approved in Corridor (instead of --purpose and "
            "--approved-by); it is downloaded once",
        )
        parser.add_argument(
            "--list", dest="list_id", type=UUID, default=None, help="one source list's id"
        )
        parser.add_argument("-o", "--output", required=True, help="the file to write")

    def _check_approval_arguments(self, opts) -> None:
        if opts["request_id"]:
            if opts["purpose"] or opts["approved_by"] or opts["list_id"]:
                raise CommandError(
                    "--request: the export request already holds its purpose, approval and "
                    "list; leave out --purpose, --approved-by and --list"
                )
            return
        if not opts["purpose"] or not opts["approved_by"]:
            raise CommandError(
                "lists of names leave only for a recorded purpose with a data protection "
                "officer's approval: give --purpose and --approved-by, or --request ID"
            )

    def handle(self, *args, **opts):
        self._check_approval_arguments(opts)
        org = Organisation.objects.filter(code=opts["organisation"]).first()
        if org is None:
            raise CommandError(
                f"--organisation: no organisation with code {opts['organisation']!r}"
            )
        user = User.objects.filter(username=opts["user"], organisation=org).first()
        if user is None:
            raise CommandError(f"--user: no user {opts['user']!r} in {org.code}")
        approver = None
        if opts["approved_by"]:
            approver = User.objects.filter(username=opts["approved_by"], organisation=org).first()
            if approver is None:
                raise CommandError(f"--approved-by: no user {opts['approved_by']!r} in {org.code}")
        path = Path(opts["output"])
        if not path.parent.is_dir():
            raise CommandError(f"-o: no directory {str(path.parent)!r}")
        try:
            # The request, its audit entries and the download commit only if the file was written.
            with transaction.atomic():
                if opts["request_id"]:
                    written = export_requests.download(user, opts["request_id"])
                else:
                    _, written = export_requests.export_with_recorded_approval(
                        user, opts["purpose"], approver, opts["list_id"]
                    )
                write_atomically(path, written.data)
        except DomainError as exc:
            raise CommandError(f"nothing exported: {exc.message}") from exc
        except OSError as exc:
            raise CommandError(f"{path}: cannot write the file ({exc.strerror})") from exc
        self.stdout.write(f"wrote {written.persons} person record(s) to {path}")
