"""API: the audit chain head (for every party to witness) and the log (data protection officer)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Query, Router, Schema

from corridor.audit.models import AuditEvent
from corridor.audit.services import chain_head

router = Router(tags=["audit"])


class HeadOut(Schema):
    seq: int
    hash: str
    at: str


class EventOut(Schema):
    seq: int
    at: datetime
    actor: str = Field(alias="actor_id_text")
    organisation: str = Field(alias="organisation_id_text")
    action: str
    object_type: str
    object_id: str
    digest: str
    prev_hash: str
    hash: str


class EventFilter(Schema):
    after: int = Field(0, ge=0)
    limit: int = Field(200, ge=1, le=2000)


@router.get("/audit/head", response=HeadOut)
def head(request):
    """The newest entry's sequence number and hash; record it to detect later rewriting."""
    h = chain_head()
    return {"seq": h.seq, "hash": h.hash, "at": h.at}


@router.get("/audit/events", response=list[EventOut])
def events(request, filters: Query[EventFilter]):
    qs = AuditEvent.objects.visible_to(request.auth).filter(seq__gt=filters.after).order_by("seq")
    return list(qs[: filters.limit])
