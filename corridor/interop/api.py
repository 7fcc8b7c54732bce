"""API: PFIF 1.4 documents in (a list of missing persons) and out (the persons you may see)."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from corridor.interop import services
from corridor.registry.models import SourceList

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
    """The persons you may see (of one list with `?list=<id>`) as PFIF 1.4; roles allowed only."""
    services.ensure_exporter(request.auth)  # 403 before 404: the role says nothing of the list
    records = None
    if filters.list_id is not None:
        records = SourceList.objects.get_visible(request.auth, filters.list_id)
    data = services.export_pfif(request.auth, records)
    response = HttpResponse(data, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="corridor.pfif.xml"'
    response["Cache-Control"] = "no-store"
    return response
