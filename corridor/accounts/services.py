"""Sign-in in two steps, sessions that can be ended, deactivation and API tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from corridor.accounts import throttle
from corridor.accounts.errors import BadCode, BadCredentials, BadEnrolmentCode
from corridor.accounts.models import ApiToken, EnrolmentCode, User, UserSession
from corridor.audit import services as audit
from corridor.errors import NotPermitted


def check_password(username: str, password: str, address: str) -> User:
    """First step: the password. Throttled per user and per address; never says which was wrong."""
    keys = throttle.throttle_keys(username, address)
    throttle.check_allowed(keys)
    user = authenticate(username=username, password=password)
    if user is None or not isinstance(user, User):
        throttle.record_failure(keys)
        raise BadCredentials()
    return user


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def check_code(user: User, code: str, address: str) -> TOTPDevice:
    """Second step: the TOTP code. A code is accepted once (django-otp remembers the last step)."""
    keys = throttle.throttle_keys(user.get_username(), address)
    throttle.check_allowed(keys)
    device = confirmed_device(user)
    code = "".join(ch for ch in code if ch.isdigit())
    if device is None or not code or not device.verify_token(code):
        throttle.record_failure(keys)
        raise BadCode()
    throttle.clear_user(keys)
    return device


ENROLMENT_CODE_DAYS = 7
_CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over a phone


def _enrolment_digest(user: User, code: str) -> str:
    plain = "".join(ch for ch in code.upper() if ch.isalnum())
    message = f"corridor-enrolment|{user.pk}|{plain}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


@transaction.atomic
def issue_enrolment_code(admin: User | None, user: User, days: int = ENROLMENT_CODE_DAYS) -> str:
    """A new one-time enrolment code for this user, shown once; earlier unused codes stop
    working. Give it to the person out of band (in person, by phone), never with the password."""
    if not user.is_active or days < 1:
        raise NotPermitted()
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True).delete()
    letters = "".join(secrets.choice(_CODE_LETTERS) for _ in range(12))
    code = "-".join(letters[i : i + 4] for i in range(0, 12, 4))
    EnrolmentCode.objects.create(
        user=user,
        digest=_enrolment_digest(user, code),
        issued_by=admin,
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit.record(admin, "user.enrolment_code_issued", user, {"days": days})
    return code


def _valid_codes(user: User):  # type: ignore[no-untyped-def]
    return EnrolmentCode.objects.filter(
        user=user, used_at__isnull=True, expires_at__gt=timezone.now()
    )


def check_enrolment_code(user: User, code: str, address: str) -> EnrolmentCode:
    """First step of enrolment: the code from the administrator. Throttled like passwords."""
    keys = throttle.throttle_keys(user.get_username(), address)
    throttle.check_allowed(keys)
    grant = _valid_codes(user).filter(digest=_enrolment_digest(user, code)).first()
    if grant is None:
        throttle.record_failure(keys)
        raise BadEnrolmentCode()
    return grant


def enrolment_granted(user: User, grant_id: object) -> bool:
    return grant_id is not None and _valid_codes(user).filter(pk=str(grant_id)).exists()


def start_enrolment(user: User) -> TOTPDevice:
    """An unconfirmed authenticator for a user who has none yet (first sign-in)."""
    if confirmed_device(user) is not None:
        raise NotPermitted()
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def confirm_enrolment(user: User, code: str, address: str, grant_id: object) -> TOTPDevice:
    """The first correct code from the new authenticator confirms it and uses up the
    enrolment code that let the user this far. A wrong code counts as a failed sign-in."""
    keys = throttle.throttle_keys(user.get_username(), address)
    throttle.check_allowed(keys)
    digits = "".join(ch for ch in code if ch.isdigit())
    with transaction.atomic():
        grant = _valid_codes(user).select_for_update().filter(pk=str(grant_id)).first()
        if grant is None:
            raise BadEnrolmentCode()
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        confirmed = device is not None and bool(digits) and device.verify_token(digits)
        if confirmed and device is not None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            grant.used_at = timezone.now()
            grant.save(update_fields=["used_at"])
            audit.record(user, "user.two_factor_enrolled", user)
    if not confirmed or device is None:
        throttle.record_failure(keys)  # outside the transaction, so the failure is kept
        raise BadCode()
    return device


def track_session(user: User, session_key: str) -> None:
    UserSession.objects.get_or_create(user=user, session_key=session_key)


def end_sessions(user: User) -> int:
    """Delete every server-side session of this user."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    deleted, _ = Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def deactivate_user(admin: User | None, user: User) -> User:
    """Deactivate an account: its sessions and API tokens stop working at once."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    end_sessions(user)
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit.record(admin, "user.deactivated", user)
    return user


TOKEN_PREFIX = "cor"  # noqa: S105  (a public marker, not a secret)


def _token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """A new API token: the full value is shown once and never stored."""

    token: ApiToken
    value: str


@transaction.atomic
def issue_api_token(admin: User | None, user: User, name: str) -> IssuedToken:
    """A bearer token bound to this user's organisation and role at the moment of issue."""
    if user.organisation_id is None or not user.role:
        raise NotPermitted()
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        organisation_id=user.organisation_id,
        role=user.role,
        name=name,
        prefix=prefix,
        digest=_token_digest(secret),
    )
    audit.record(admin, "apitoken.issued", token, {"user": user.pk, "name": name})
    return IssuedToken(token, f"{TOKEN_PREFIX}_{prefix}_{secret}")


def user_for_token(value: str) -> User | None:
    """The user a bearer token acts as, or None if it is unknown, revoked, expired or outdated."""
    parts = value.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(prefix=parts[1])
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, _token_digest(parts[2])):
        return None
    now = timezone.now()
    user = token.user
    if (
        token.revoked_at is not None
        or (token.expires_at is not None and token.expires_at <= now)
        or not user.is_active
        or user.organisation_id != token.organisation_id
        or user.role != token.role
    ):
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return user
