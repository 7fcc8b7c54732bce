"""Proof-of-work captcha (ALTCHA v1): the browser spends a second of work, a bot pays per request.

Challenges are signed with a key derived from SECRET_KEY and expire; a solution is accepted
once (its digest is kept until the challenge would have expired anyway).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json

import altcha
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from corridor.tracing.models import UsedCaptcha

LIFETIME = datetime.timedelta(minutes=20)


def _key() -> str:
    return hashlib.sha256(b"corridor-altcha|" + settings.SECRET_KEY.encode()).hexdigest()


def max_number() -> int:
    # About a second of hashing on a cheap phone; tests lower it.
    return int(getattr(settings, "CORRIDOR_ALTCHA_MAX_NUMBER", 100_000))


def challenge() -> dict:
    """A fresh signed challenge, as the widget expects it."""
    expires = timezone.now() + LIFETIME
    options = altcha.ChallengeOptionsV1(hmac_key=_key(), max_number=max_number(), expires=expires)
    c = altcha.create_challenge_v1(options)
    return {
        "algorithm": c.algorithm,
        "challenge": c.challenge,
        "maxnumber": c.max_number,
        "salt": c.salt,
        "signature": c.signature,
    }


def verify_once(payload: str) -> bool:
    """Whether the solution is right, unexpired and not seen before (then it is spent)."""
    if not payload or len(payload) > 2000:
        return False
    try:
        ok, _error = altcha.verify_solution_v1(payload, _key(), check_expires=True)
    except Exception:  # noqa: BLE001 (malformed payloads raise several types)
        return False
    if not ok:
        return False
    try:
        body = json.loads(base64.b64decode(payload))
        spent = hashlib.sha256(f"{body['salt']}|{body['number']}".encode()).hexdigest()
    except (ValueError, KeyError, TypeError):
        return False
    try:
        with transaction.atomic():
            UsedCaptcha.objects.create(digest=spent, expires_at=timezone.now() + LIFETIME)
    except IntegrityError:
        return False
    return True


def solve(ch: dict) -> str:
    """Solve a challenge (for tests and the benchmark; the browser does this in JavaScript)."""
    solution = altcha.solve_challenge_v1(
        ch["challenge"], ch["salt"], ch["algorithm"], ch["maxnumber"]
    )
    assert solution is not None
    body = {
        "algorithm": ch["algorithm"],
        "challenge": ch["challenge"],
        "number": solution.number,
        "salt": ch["salt"],
        "signature": ch["signature"],
    }
    return base64.b64encode(json.dumps(body).encode()).decode()
