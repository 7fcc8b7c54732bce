"""Sign-in throttling by user and by address, stored in the database so every worker agrees."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from corridor.accounts.errors import TooManyAttempts
from corridor.accounts.models import Lockout, LoginFailure


def throttle_keys(username: str, address: str) -> list[str]:
    """Digests (never the raw values) identifying the user and the address."""
    secret = settings.SECRET_KEY.encode()
    return [
        hmac.new(secret, f"user:{username.strip().lower()}".encode(), hashlib.sha256).hexdigest(),
        hmac.new(secret, f"addr:{address}".encode(), hashlib.sha256).hexdigest(),
    ]


def check_allowed(keys: list[str]) -> None:
    """Raise TooManyAttempts if a key is locked out or has used up its failures in the window."""
    if _locked(keys):
        raise TooManyAttempts()


@transaction.atomic
def _locked(keys: list[str]) -> bool:
    # Returns instead of raising so the new lockout row is committed.
    now = timezone.now()
    if Lockout.objects.filter(key__in=keys, until__gt=now).exists():
        return True
    since = now - timedelta(seconds=settings.CORRIDOR_LOGIN_WINDOW_SECONDS)
    for key in keys:
        recent = LoginFailure.objects.filter(key=key, at__gt=since).count()
        if recent >= settings.CORRIDOR_LOGIN_FAILURES_ALLOWED:
            until = now + timedelta(seconds=settings.CORRIDOR_LOCKOUT_SECONDS)
            Lockout.objects.update_or_create(key=key, defaults={"until": until})
            return True
    return False


@transaction.atomic
def record_failure(keys: list[str]) -> None:
    """Count one failed attempt against each key; forget failures older than a day."""
    now = timezone.now()
    LoginFailure.objects.bulk_create([LoginFailure(key=k, at=now) for k in keys])
    LoginFailure.objects.filter(at__lt=now - timedelta(days=1)).delete()


@transaction.atomic
def clear_user(keys: list[str]) -> None:
    """A successful sign-in clears the user's failures (not the address's)."""
    LoginFailure.objects.filter(key=keys[0]).delete()
