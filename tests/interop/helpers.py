"""PFIF export requests through the HTTP API: ask, decide, download."""

from __future__ import annotations

import uuid

from django.test import Client

from tests.factories import token_for

PURPOSE = "Reunification desk, Sumy: hand-over to the partner tracing office"


def auth(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"}


def post_json(user, url: str, body: dict | None = None, key: str | None = None):
    return Client().post(
        url,
        data=body or {},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key or f"exp-{uuid.uuid4()}",
        **auth(user),
    )


def ask(user, purpose: str = PURPOSE, list_id=None):
    body: dict = {"purpose": purpose}
    if list_id is not None:
        body["list"] = str(list_id)
    return post_json(user, "/api/v1/pfif/export-requests", body)


def decide(user, request_id, approve: bool = True, note: str = ""):
    return post_json(
        user,
        f"/api/v1/pfif/export-requests/{request_id}/decision",
        {"approve": approve, "note": note},
    )


def fetch_document(user, request_id, key: str | None = None):
    return post_json(user, f"/api/v1/pfif/export-requests/{request_id}/document", key=key)


def approved_document(requester, approver, list_id=None):
    """Ask, have it approved, download: the document's response."""
    created = ask(requester, list_id=list_id)
    assert created.status_code == 201, created.content
    request_id = created.json()["id"]
    approved = decide(approver, request_id)
    assert approved.status_code == 200, approved.content
    return fetch_document(requester, request_id)
