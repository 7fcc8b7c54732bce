"""`corridor demo load` creates the synthetic Sudzha scenario and prints the logins."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from corridor.demo import scenario


class Command(BaseCommand):
    help = "Load the synthetic demo scenario (Sudzha district) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        load = sub.add_parser("load", help="create organisations, users, settlements and civilians")
        load.add_argument("--civilians", type=int, default=1500)
        load.add_argument("--seed", type=int, default=2025)
        sub.add_parser("logins", help="print the demo logins again")

    def handle(self, *args, **options) -> None:
        if options["verb"] == "load":
            try:
                scenario.load(options["seed"], options["civilians"])
            except RuntimeError as exc:
                self.stdout.write(f"{exc}; keeping the existing data.")
        self.print_logins()

    def print_logins(self) -> None:
        import base64

        from corridor.accounts.models import User

        users = User.objects.filter(username__in=[u for u, _, _ in scenario.USERS]).select_related(
            "organisation"
        )
        if not users:
            raise CommandError("no demo users: run `corridor demo load` first")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {scenario.DEMO_PASSWORD})")
        self.stdout.write(
            "Two-factor: add the secret to an authenticator app, or run `corridor totp USERNAME`."
        )
        self.stdout.write(f"{'username':13} {'organisation':36} {'role':20} TOTP secret (base32)")
        for user in sorted(users, key=lambda u: [x[0] for x in scenario.USERS].index(u.username)):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            secret = base64.b32encode(device.bin_key).decode() if device else "-"
            org_name = user.organisation.name if user.organisation else "-"
            self.stdout.write(f"{user.username:13} {org_name:36} {user.role:20} {secret}")
        self.stdout.write("")
