"""`corridor keys new-master|rotate|status`: manage the master key and data keys."""

import base64
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from corridor.keys import envelope
from corridor.keys.errors import KeysError
from corridor.keys.master import load_master_key, read_key_file
from corridor.keys.models import DataKey
from corridor.keys.services import rotate_master_key


def write_key_file(path: Path) -> str:
    """Create a new random master key file readable by its owner only; refuse to overwrite."""
    key = envelope.new_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(base64.b64encode(key).decode() + "\n")
    return envelope.key_fingerprint(key)


class Command(BaseCommand):
    help = "Create, inspect and rotate the master key that wraps the organisations' data keys."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        new = sub.add_parser("new-master", help="write a new random master key file")
        new.add_argument("--file", required=True, type=Path)
        rotate = sub.add_parser("rotate", help="re-wrap every data key under a new master key")
        rotate.add_argument("--new-master-key-file", required=True, type=Path)
        rotate.add_argument(
            "--new-data-keys",
            action="store_true",
            help="also issue new data keys and re-seal every sealed value under them",
        )
        sub.add_parser("status", help="list data keys and the master key they are wrapped with")

    def handle(self, *args, **options) -> None:
        try:
            getattr(self, "do_" + options["verb"].replace("-", "_"))(options)
        except (KeysError, FileExistsError) as exc:
            raise CommandError(str(exc)) from exc

    def do_new_master(self, options) -> None:
        fingerprint = write_key_file(options["file"])
        self.stdout.write(f"new master key {fingerprint} written to {options['file']}")

    def do_rotate(self, options) -> None:
        new_master = read_key_file(options["new_master_key_file"])
        result = rotate_master_key(new_master, new_data_keys=options["new_data_keys"])
        self.stdout.write(
            f"re-wrapped {result['data_keys_rewrapped']} data keys under master key "
            f"{envelope.key_fingerprint(new_master)}; re-sealed {result['values_resealed']} values. "
            "Now point CORRIDOR_MASTER_KEY_FILE at the new file."
        )

    def do_status(self, options) -> None:
        current = envelope.key_fingerprint(load_master_key())
        self.stdout.write(f"configured master key: {current}")
        for key in DataKey.objects.select_related("organisation").order_by(
            "organisation__code", "created_at"
        ):
            state = "retired" if key.retired_at else "active"
            mark = "" if key.master_key_id == current else "  (wrapped by another master key!)"
            self.stdout.write(
                f"{key.organisation.code:20} {key.id} {state:8} {key.master_key_id}{mark}"
            )
