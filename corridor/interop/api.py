"""API: PFIF 1.4 documents in (a list of missing persons) and out (the persons you may see).

A document goes out only through an export request: a stated purpose, a data protection
officer's approval, one download by the requester.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from corridor.idempotency.middleware import handed_out_once
from corridor.interop import export_requests, services
from corridor.interop.errors import ExportNeedsApproval
from corridor.interop.models import PURPOSE_MAX, ExportRequest

router = Router(tags=["pfif"])


class PfifImportOut(Schema):
    id: UUID
    name: str
    file_digest: str
    persons: int
    notes: int
    orphan_notes: int
    candidates: int


class ExportFilter(Schema):
    list_id: UUID | None = Field(None, alias="list")


@router.post("/pfif/import", response={201: PfifImportOut})
def import_document(request, file: File[UploadedFile], list_name: Form[str] = ""):
    """Import a PFIF 1.1–1.4 document (multipart field `file`) as a list, all or nothing."""
    source_list = services.import_pfif(
        request.auth,
        file.name or "upload.xml",
        file.read(),
        organisation=request.auth.organisation,
        list_name=list_name,
        via="api",
    )
    counts = services.import_counts(source_list)
    return Status(
        201,
        PfifImportOut(
            id=source_list.pk,
            name=source_list.name,
            file_digest=source_list.file_digest,
            persons=counts.persons,
            notes=counts.notes,
            orphan_notes=counts.orphan_notes,
            candidates=counts.candidates,
        ),
    )


@router.get("/pfif/export")
def export_document(request, filters: Query[ExportFilter]) -> HttpResponse:
    """Retired: a document is handed out only through an approved export request (403)."""
    raise ExportNeedsApproval()


class ExportRequestIn(Schema):
    purpose: str = Field(max_length=PURPOSE_MAX + 100)
    list_id: UUID | None = Field(None, alias="list")


class DecisionIn(Schema):
    approve: bool | None = None  # required; checked after the request is known to exist (404)
    note: str = Field("", max_length=1000)


class ExportRequestOut(Schema):
    id: UUID
    state: str
    purpose: str
    list: UUID | None
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str
    expires_at: datetime | None
    downloaded_at: datetime | None
    document_digest: str
    persons: int | None


def _out(r: ExportRequest) -> ExportRequestOut:
    return ExportRequestOut(
        id=r.pk,
        state=r.shown_state(),
        purpose=r.purpose,
        list=r.source_list_id,
        requested_by=r.requested_by.get_username(),
        requested_at=r.requested_at,
        decided_by=r.decided_by.get_username() if r.decided_by else None,
        decided_at=r.decided_at,
        decision_note=r.decision_note,
        expires_at=r.expires_at,
        downloaded_at=r.downloaded_at,
        document_digest=r.document_digest,
        persons=r.person_count,
    )


@router.post("/pfif/export-requests", response={201: ExportRequestOut})
def create_export_request(request, body: ExportRequestIn):
    """Ask for a PFIF export (of one list with `list`) and say what it is for; no names in it."""
    created = export_requests.request_export(request.auth, body.purpose, body.list_id, via="api")
    return Status(201, _out(created))


@router.get("/pfif/export-requests", response=list[ExportRequestOut])
def list_export_requests(request):
    """Your export requests; for a data protection officer, all of the organisation's. Newest first."""
    rows = (
        ExportRequest.objects.visible_to(request.auth)
        .select_related("requested_by", "decided_by")
        .order_by("-requested_at")[:200]
    )
    return [_out(r) for r in rows]


@router.post("/pfif/export-requests/{export_request_id}/decision", response=ExportRequestOut)
def decide_export_request(request, export_request_id: UUID, body: DecisionIn):
    """A data protection officer of the organisation, not the requester, approves or refuses."""
    decided = export_requests.decide(request.auth, export_request_id, body.approve, body.note)
    return _out(decided)


@router.post("/pfif/export-requests/{export_request_id}/document")
def export_request_document(request, export_request_id: UUID) -> HttpResponse:
    """The approved export as PFIF 1.4, for its requester, once; the answer is never stored."""
    written = export_requests.download(request.auth, export_request_id)
    response = HttpResponse(written.data, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="corridor.pfif.xml"'
    response["Cache-Control"] = "no-store"
    return handed_out_once(
        response,
        _("This export was handed out once and is not kept: ask for a new export if needed."),
    )
