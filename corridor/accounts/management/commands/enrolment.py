"""`corridor enrolment issue --user NAME [--days N]` prints a one-time two-factor enrolment code."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from corridor.accounts.models import User
from corridor.accounts.services import ENROLMENT_CODE_DAYS, issue_enrolment_code
from corridor.errors import DomainError


class Command(BaseCommand):
    help = (
        "Issue the one-time code a staff member needs to set up two-factor sign-in (a new "
        "account, or a lost phone once its authenticator has been deleted). Give it out of "
        "band, never with the password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        issue = sub.add_parser("issue", help="issue a code; earlier unused codes stop working")
        issue.add_argument("--user", required=True)
        issue.add_argument("--days", type=int, default=ENROLMENT_CODE_DAYS)

    def handle(self, *args, **options) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no user {options['user']!r}")
        try:
            code = issue_enrolment_code(None, user, options["days"])
        except DomainError as exc:
            raise CommandError(f"no code issued: {exc.message}") from exc
        self.stdout.write(code)
