"""`corridor tokens issue --user NAME --name LABEL` prints a new API token once."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from corridor.accounts.models import User
from corridor.accounts.services import issue_api_token
from corridor.errors import DomainError


class Command(BaseCommand):
    help = "Issue API tokens for machine clients."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        issue = sub.add_parser(
            "issue", help="issue a token bound to the user's organisation and role"
        )
        issue.add_argument("--user", required=True)
        issue.add_argument("--name", required=True)

    def handle(self, *args, **options) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"--user {options['user']!r}: no active user with that username")
        try:
            issued = issue_api_token(None, user, options["name"])
        except DomainError as exc:
            raise CommandError(f"--user {options['user']!r}: {exc.message}") from exc
        self.stdout.write(issued.value)
