"""`corridor totp USERNAME` prints a user's current TOTP code. Demo installations only."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo user (refused unless CORRIDOR_DEMO=1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args, **options) -> None:
        if not settings.CORRIDOR_DEMO:
            raise CommandError(
                "refused: this helper exists for demo installations (CORRIDOR_DEMO=1) only"
            )
        device = TOTPDevice.objects.filter(
            user__username=options["username"], confirmed=True
        ).first()
        if device is None:
            raise CommandError(f"{options['username']!r}: no confirmed authenticator")
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
