"""Appending to the audit log, verifying it and exporting its head."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from corridor.audit import chain
from corridor.audit.models import AuditEvent, ChainHead, format_at


def change_digest(change: Any) -> str:
    """A keyed digest of a change: proves what changed to whoever holds the data, reveals nothing.

    Keyed (HMAC) because a plain hash of a name can be reversed with a list of names.
    """
    key = hashlib.sha256(b"corridor-audit-digest|" + settings.SECRET_KEY.encode()).digest()
    body = json.dumps(
        change, sort_keys=True, default=str, ensure_ascii=False, separators=(",", ":")
    )
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def object_label(obj: models.Model) -> str:
    return obj._meta.label_lower


@transaction.atomic
def record(
    actor,
    action: str,
    obj: models.Model | None = None,
    change: Any = None,
    *,
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction."""
    head, _ = ChainHead.objects.select_for_update().get_or_create(
        id=1, defaults={"seq": 0, "hash": chain.GENESIS}
    )
    if obj is not None:
        object_type = object_type or object_label(obj)
        object_id = object_id or str(obj.pk)
    actor_id = str(actor.pk) if actor is not None and getattr(actor, "pk", None) else ""
    org_id = str(getattr(actor, "organisation_id", "") or "") if actor is not None else ""
    at = timezone.now()
    seq = head.seq + 1
    digest = change_digest(change)
    link_hash = chain.link_hash(
        head.hash, seq, format_at(at), actor_id, org_id, action, object_type, object_id, digest
    )
    event = AuditEvent.objects.create(
        seq=seq,
        at=at,
        actor_id_text=actor_id,
        organisation_id_text=org_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        digest=digest,
        prev_hash=head.hash,
        hash=link_hash,
    )
    ChainHead.objects.filter(id=1).update(seq=seq, hash=link_hash)
    return event


def verify_chain(witnessed: dict[int, str] | None = None) -> chain.Break | None:
    """Walk the whole stored log in order; return the first break or None."""
    rows = (e.as_link() for e in AuditEvent.objects.order_by("id").iterator(chunk_size=2000))
    return chain.verify(rows, witnessed)


@dataclass(frozen=True)
class Head:
    """The newest entry of the chain, for the parties to witness."""

    seq: int
    hash: str
    at: str


def chain_head() -> Head:
    last = AuditEvent.objects.order_by("-seq").first()
    if last is None:
        return Head(0, chain.GENESIS, "")
    return Head(last.seq, last.hash, format_at(last.at))
