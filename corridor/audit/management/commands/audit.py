"""`corridor audit verify` walks the chain; `corridor audit head` prints the head to witness."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from corridor.audit.services import chain_head, verify_chain


class Command(BaseCommand):
    help = "Verify the tamper-evident audit chain or export its head."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        verify = sub.add_parser("verify", help="walk the chain and report the first broken link")
        verify.add_argument(
            "--witnessed",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="a head recorded earlier by a party; may be given several times",
        )
        sub.add_parser("head", help="print the chain head as JSON for the parties to witness")

    def handle(self, *args, **options) -> None:
        if options["verb"] == "head":
            head = chain_head()
            self.stdout.write(json.dumps({"seq": head.seq, "hash": head.hash, "at": head.at}))
            return
        witnessed: dict[int, str] = {}
        for item in options["witnessed"]:
            seq, _, digest = item.partition(":")
            if not seq.isdigit() or len(digest) != 64:
                raise CommandError(f"--witnessed {item!r}: expected SEQ:HASH (64 hex digits)")
            witnessed[int(seq)] = digest
        broken = verify_chain(witnessed)
        if broken is not None:
            raise CommandError(f"audit chain broken at entry {broken.seq}: {broken.reason}")
        head = chain_head()
        self.stdout.write(f"audit chain intact: {head.seq} entries, head {head.hash}")
