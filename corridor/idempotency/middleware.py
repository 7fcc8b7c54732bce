"""Idempotency keys on every API POST.

Same key + same request -> the stored answer, replayed. Same key + different request -> 422.
The request's work and the stored answer commit in one transaction, so a crash can never
leave work done without its answer (a retry would then repeat it).
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from corridor.apiauth import principal
from corridor.idempotency.models import IdempotencyRecord

HEADER = "Idempotency-Key"
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.:\-]{8,200}$")
# POSTs that change nothing (a search sends names in the body to keep them out of URLs):
# no key needed, and their answers, which hold personal data, are not stored.
READ_ONLY_POSTS = frozenset({"/api/v1/search"})
# The attribute by which a view marks an answer that must never be stored (a document of names
# handed out once): a replay of its key gets 409 with the reason instead of the document.
NOT_STORED = "corridor_idempotency_not_stored"


def handed_out_once(response: HttpResponse, detail: str) -> HttpResponse:
    """Mark an answer that is not kept: its idempotency key replays as 409 with ``detail``."""
    setattr(response, NOT_STORED, detail)
    return response


def _digest(request: HttpRequest) -> str:
    h = hashlib.sha256()
    h.update(f"{request.method} {request.path}\n".encode())
    h.update(request.body)
    return h.hexdigest()


def _error(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def _replay(record: IdempotencyRecord, digest: str) -> HttpResponse:
    if record.request_digest != digest:
        return _error(422, f"{HEADER} was already used with a different request")
    response = HttpResponse(
        bytes(record.body or b""), status=record.status_code, content_type=record.content_type
    )
    response["Idempotent-Replayed"] = "true"
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method != "POST"
            or not request.path.startswith("/api/")
            or request.path.rstrip("/") in READ_ONLY_POSTS
        ):
            return self.get_response(request)
        user = principal(request)
        if user is None:
            return self.get_response(request)  # the API answers 401
        key = request.headers.get(HEADER, "")
        if not key:
            return _error(400, f"{HEADER} header is required on every POST")
        if not KEY_PATTERN.match(key):
            return _error(400, f"{HEADER} must be 8-200 characters of A-Z a-z 0-9 _ . : -")
        digest = _digest(request)
        existing = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if existing is not None:
            return _replay(existing, digest)
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(user=user, key=key, request_digest=digest)
                response = self.get_response(request)
                if response.status_code >= 500 or getattr(response, "streaming", False):
                    transaction.set_rollback(True)
                    return response
                not_stored = getattr(response, NOT_STORED, None)
                if not_stored is not None:
                    kept = _error(409, str(not_stored))
                    record.status_code = kept.status_code
                    record.content_type = kept["Content-Type"]
                    record.body = kept.content
                else:
                    record.status_code = response.status_code
                    record.content_type = response.get("Content-Type", "application/json")
                    record.body = response.content
                record.save(update_fields=["status_code", "content_type", "body"])
        except IntegrityError:
            # A concurrent request with the same key committed first.
            existing = IdempotencyRecord.objects.filter(user=user, key=key).first()
            if existing is None:
                raise
            return _replay(existing, digest)
        return response


def purge_expired(now=None) -> int:  # type: ignore[no-untyped-def]
    """Forget stored answers older than the replay window (run daily with retention)."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.CORRIDOR_IDEMPOTENCY_TTL_SECONDS)
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


__all__ = ["IdempotencyMiddleware", "handed_out_once", "purge_expired"]
