"""API: the import wizard's steps, source lists and their rows."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from corridor.imports import services
from corridor.imports.models import ImportJob
from corridor.registry.models import SourceList, SourceRecord

router = Router(tags=["imports"])


class ProblemOut(Schema):
    row: int
    column: str
    code: str
    message: str


class ImportOut(Schema):
    id: UUID
    filename: str
    size: int
    digest: str
    state: str
    sheets: list[str]
    sheet: str
    headers: list[str]
    mapping: dict[str, str | None]
    list_name: str
    list_kind: str
    rows: int = 0
    problem_count: int = 0
    problems: list[ProblemOut] = []
    missing_columns: list[str] = []
    progress: int
    phase: str
    error: str
    duplicate_of: UUID | None = None
    source_list: UUID | None = None


def _out(job: ImportJob) -> ImportOut:
    report = job.report or {}
    return ImportOut(
        id=job.pk,
        filename=job.filename,
        size=job.size,
        digest=job.digest,
        state=job.state,
        sheets=job.sheets,
        sheet=job.sheet,
        headers=job.headers,
        mapping=job.mapping,
        list_name=job.list_name,
        list_kind=job.list_kind,
        rows=report.get("rows", 0),
        problem_count=report.get("problem_count", 0),
        problems=[
            ProblemOut(
                row=p["row"],
                column=p["column"],
                code=p["code"],
                message=services.problem_text(p["code"], p["params"]),
            )
            for p in report.get("problems", [])
        ],
        missing_columns=report.get("missing_columns", []),
        progress=job.progress,
        phase=job.phase,
        error=job.error,
        duplicate_of=job.duplicate_of_id,
        source_list=job.source_list_id,
    )


class ConfigureIn(Schema):
    sheet: str | None = None
    mapping: dict[str, str | None] | None = None
    list_name: str | None = Field(None, max_length=200)
    list_kind: str | None = None


@router.post("/imports", response={201: ImportOut})
def upload(request, file: File[UploadedFile]):
    """Upload a CSV, XLSX, XLS or ODS list (multipart field `file`); nothing is imported yet."""
    job = services.upload(request.auth, file.name or "upload", file.read())
    if len(job.sheets) <= 1:  # one table: straight to the columns and the report
        job = services.configure(request.auth, job.pk)
    return Status(201, _out(job))


@router.get("/imports/{job_id}", response=ImportOut)
def get_import(request, job_id: UUID):
    return _out(ImportJob.objects.get_visible(request.auth, job_id))


@router.post("/imports/{job_id}/configure", response=ImportOut)
def configure(request, job_id: UUID, payload: ConfigureIn):
    """Choose sheet and column mapping; the answer carries the row-level validation report."""
    job = services.configure(request.auth, job_id, **payload.dict())
    return _out(job)


@router.post("/imports/{job_id}/commit", response={202: ImportOut})
def commit(request, job_id: UUID):
    """Queue the import (all or nothing); poll GET /imports/{id} for progress."""
    services.commit(request.auth, job_id)
    return Status(202, _out(ImportJob.objects.get(pk=job_id)))


class SourceListOut(Schema):
    id: UUID
    name: str
    kind: str
    filename: str
    file_digest: str
    sheet: str
    row_count: int
    submitted_at: datetime
    submitted_via: str


class SourceRecordOut(Schema):
    id: UUID
    row_number: int
    record_id: str
    fields: dict[str, str]
    extra: dict[str, str]
    person: UUID | None = None


@router.get("/lists", response=list[SourceListOut])
def lists(request):
    return list(SourceList.objects.visible_to(request.auth)[:500])


@router.get("/lists/{list_id}", response=SourceListOut)
def source_list(request, list_id: UUID):
    return SourceList.objects.get_visible(request.auth, list_id)


@router.get("/lists/{list_id}/records", response=list[SourceRecordOut])
def records(request, list_id: UUID, offset: int = 0, limit: int = 500):
    sl = SourceList.objects.get_visible(request.auth, list_id)
    rows = SourceRecord.objects.visible_to(request.auth).filter(source_list=sl)
    limit = max(1, min(limit, 1000))
    return [
        SourceRecordOut(
            id=r.pk,
            row_number=r.row_number,
            record_id=r.record_id,
            fields=r.fields,
            extra=r.extra,
            person=r.person_id,
        )
        for r in rows.order_by("row_number")[max(offset, 0) : max(offset, 0) + limit]
    ]
