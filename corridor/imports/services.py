"""A list's way into the registry: upload, sheet and mapping, validation report, commit.

Nothing reaches the registry before `execute_import`, which writes the whole list (source
list, rows, persons, their search keys, match candidates and the audit entry) in one
transaction: a bad row, a crash or a killed worker leaves nothing behind.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import os
import socket
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from corridor.accounts.roles import IMPORTING_ROLES
from corridor.audit import services as audit
from corridor.errors import NotPermitted
from corridor.imports import rows as row_rules
from corridor.imports.columns import FIELDS, suggest_mapping
from corridor.imports.errors import AlreadyImported, InvalidFile, NotReady
from corridor.imports.messages import missing_column_text, problem_text
from corridor.imports.models import ImportJob, ImportState
from corridor.imports.sheets import SheetError, Table, list_sheets, read_table
from corridor.keys.fields import SealedField
from corridor.keys.services import open_value
from corridor.registry.models import ListKind, SourceList

REPORT_PROBLEMS_KEPT = 500


def max_upload_bytes() -> int:
    return int(getattr(settings, "CORRIDOR_IMPORT_MAX_BYTES", 20_000_000))


def _today() -> datetime.date:
    return timezone.localdate()


def _ensure_importer(user) -> None:
    if user is None or user.organisation is None or user.role not in IMPORTING_ROLES:
        raise NotPermitted()


def _file_error(exc: SheetError, filename: str) -> InvalidFile:
    where = []
    if exc.row:
        where.append(f"row {exc.row}")
    if exc.column:
        where.append(f"column “{exc.column}”")
    place = f" ({', '.join(where)})" if where else ""
    return InvalidFile(f"{filename}{place}: {problem_text(exc.code, exc.params)}")


def _previous_list(organisation_id, digest: str, sheet: str) -> SourceList | None:
    return SourceList.objects.filter(
        organisation_id=organisation_id, file_digest=digest, sheet=sheet
    ).first()


@transaction.atomic
def upload(user, filename: str, data: bytes, *, organisation=None) -> ImportJob:
    """Keep an uploaded file (sealed) and list its sheets; nothing is imported yet."""
    if user is not None:
        _ensure_importer(user)
        organisation = user.organisation
    filename = os.path.basename(filename or "upload")[:255]
    limit = max_upload_bytes()
    if len(data) > limit:
        raise InvalidFile(f"{filename}: {problem_text('too_large', {'limit': limit})}")
    try:
        sheets = list_sheets(data, filename)
        if len(sheets) <= 1:
            read_table(data, filename, None, max_bytes=limit)  # refuse unreadable text at once
    except SheetError as exc:
        raise _file_error(exc, filename) from exc
    digest = hashlib.sha256(data).hexdigest()
    job = ImportJob(
        organisation=organisation,
        created_by=user,
        filename=filename,
        size=len(data),
        digest=digest,
        sheets=sheets,
        sheet=sheets[0] if len(sheets) == 1 else "",
        list_name=os.path.splitext(filename)[0][:200],
    )
    job.upload = base64.b64encode(data).decode("ascii")
    job.save()
    audit.record(user, "import.uploaded", job, {"digest": digest, "size": len(data)})
    return job


def file_bytes(job: ImportJob) -> bytes:
    field = ImportJob._meta.get_field("upload")
    assert isinstance(field, SealedField)
    if job.upload is None or isinstance(job.upload, str):
        raise NotReady()
    return base64.b64decode(open_value(job, field, job.upload))


def _table(job: ImportJob) -> Table:
    try:
        return read_table(
            file_bytes(job), job.filename, job.sheet or None, max_bytes=max_upload_bytes()
        )
    except SheetError as exc:
        raise _file_error(exc, job.filename) from exc


def _report_json(report: row_rules.Report, table: Table) -> dict[str, Any]:
    problems = [
        {
            "row": p.row,
            "column": p.column,
            "code": p.code,
            "params": {k: str(v) for k, v in p.params.items()},
        }
        for p in report.problems[:REPORT_PROBLEMS_KEPT]
    ]
    bad_rows = len({p.row for p in report.problems})
    return {
        "rows": len(table.rows),
        "valid_rows": len(table.rows) - bad_rows if not report.missing_columns else 0,
        "problem_count": len(report.problems),
        "problems": problems,
        "missing_columns": list(report.missing_columns),
        "encoding": table.encoding or "",
        "preview": [{"row": r.row, "fields": r.fields} for r in report.rows[:10]],
    }


def describe_report(report: dict[str, Any]) -> list[str]:
    """The report's problems as sentences ('row 7, column “Дата”: not a date …')."""
    lines = [missing_column_text(f) for f in report.get("missing_columns", [])]
    for p in report.get("problems", []):
        where = f"row {p['row']}" + (f", column “{p['column']}”" if p["column"] else "")
        lines.append(f"{where}: {problem_text(p['code'], p['params'])}")
    return lines


def _clean_mapping(headers: list[str], mapping: dict[str, str | None]) -> dict[str, str | None]:
    unknown = sorted(set(mapping) - set(headers))
    if unknown:
        raise InvalidFile(f"mapping: no column “{unknown[0]}” in the file")
    used: dict[str, str] = {}
    clean: dict[str, str | None] = {}
    for header in headers:
        field = mapping.get(header) or None
        if field is not None and field not in FIELDS:
            raise InvalidFile(f"mapping: “{field}” is not a field")
        if field is not None and field in used:
            raise InvalidFile(
                f"mapping: columns “{used[field]}” and “{header}” are both mapped to {field}"
            )
        if field is not None:
            used[field] = header
        clean[header] = field
    return clean


@transaction.atomic
def configure(
    user,
    job_id,
    *,
    sheet: str | None = None,
    mapping: dict[str, str | None] | None = None,
    list_name: str | None = None,
    list_kind: str | None = None,
    actor_organisation=None,
) -> ImportJob:
    """Choose the sheet and the column mapping, and validate every row against them."""
    if user is not None:
        visible = ImportJob.objects.get_visible(user, job_id)  # 404 before 403
        _ensure_importer(user)
        job = ImportJob.objects.select_for_update().get(pk=visible.pk)
    else:
        job = ImportJob.objects.select_for_update().get(pk=job_id, organisation=actor_organisation)
    if job.state not in (
        ImportState.UPLOADED,
        ImportState.INVALID,
        ImportState.READY,
        ImportState.FAILED,
    ):
        raise NotReady()
    if sheet is not None:
        if sheet not in job.sheets:
            raise InvalidFile(f"{job.filename}: {problem_text('no_sheet', {'sheet': sheet})}")
        if sheet != job.sheet:
            job.mapping = {}
        job.sheet = sheet
    if not job.sheet and len(job.sheets) > 1:
        raise InvalidFile(f"{job.filename}: choose a sheet ({', '.join(job.sheets)})")
    table = _table(job)
    job.headers = list(table.headers)
    if mapping is None:
        mapping = job.mapping or suggest_mapping(job.headers)
    job.mapping = _clean_mapping(job.headers, mapping)
    if list_name is not None:
        job.list_name = list_name.strip()[:200]
    if list_kind is not None:
        if list_kind not in ListKind.values:
            raise InvalidFile(f"kind: “{list_kind}” is not a kind of list")
        job.list_kind = list_kind
    report = row_rules.validate(table, job.mapping, reference_date=_today())
    job.report = _report_json(report, table)
    job.duplicate_of = _previous_list(job.organisation_id, job.digest, job.sheet)
    job.state = ImportState.READY if report.ok and table.rows else ImportState.INVALID
    if not table.rows:
        job.report["missing_columns"] = job.report["missing_columns"]
        job.report["problems"] = [{"row": 0, "column": "", "code": "empty", "params": {}}]
        job.report["problem_count"] = 1
    job.error = ""
    job.save()
    audit.record(user, "import.configured", job, {"sheet": job.sheet, "mapping": job.mapping})
    return job


def commit(user, job_id, *, enqueue: Callable[[str], object] | None = None) -> ImportJob:
    """Queue the import of a validated file as a background task."""
    from corridor.imports import tasks

    with transaction.atomic():
        visible = ImportJob.objects.get_visible(user, job_id)  # 404 before 403
        _ensure_importer(user)
        job = ImportJob.objects.select_for_update().get(pk=visible.pk)
        if job.duplicate_of_id or _previous_list(job.organisation_id, job.digest, job.sheet):
            raise AlreadyImported()
        if job.state not in (ImportState.READY, ImportState.FAILED):
            raise NotReady()
        if not job.list_name:
            raise InvalidFile("list name: give the list a name")
        job.state = ImportState.QUEUED
        job.progress, job.phase, job.error = 0, "queued", ""
        job.save(update_fields=["state", "progress", "phase", "error"])
        audit.record(user, "import.committed", job, {})
        job_pk = str(job.pk)
        transaction.on_commit(lambda: (enqueue or tasks.enqueue_import)(job_pk))
    return job


# --- the background part ---


def set_progress(job_id, progress: int, phase: str) -> None:
    """Progress of a running import, written at once (outside the import's own transaction)."""
    ImportJob.objects.filter(pk=job_id).update(progress=progress, phase=phase)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def execute_import(job_id, *, cli: bool = False) -> ImportJob:
    """Read, validate, match and write one list, all or nothing; a failure says why."""
    from corridor.imports.writing import write_list

    job = ImportJob.objects.get(pk=job_id)
    if job.state not in (ImportState.QUEUED, ImportState.READY):
        return job
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportState.RUNNING, worker=worker_name(), progress=1, phase="reading"
    )
    try:
        table = _table(job)
        set_progress(job.pk, 10, "validating")
        report = row_rules.validate(table, job.mapping, reference_date=_today())
        if not report.ok:
            job.report = _report_json(report, table)
            raise InvalidFile("; ".join(describe_report(job.report)[:3]) or "the list has problems")
        source_list = write_list(job, table, report, cli=cli)
    except Exception as exc:
        message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
        ImportJob.objects.filter(pk=job.pk).update(
            state=ImportState.FAILED, error=str(message)[:2000], phase="failed"
        )
        if isinstance(exc, (InvalidFile, AlreadyImported)):
            job.refresh_from_db()
            return job
        raise
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportState.DONE, progress=100, phase="done", source_list=source_list, upload=None
    )
    job.refresh_from_db()
    return job


def mark_abandoned() -> int:
    """Imports left 'running' by a worker of this host that no longer exists are marked failed."""
    host = socket.gethostname()
    count = 0
    for job in ImportJob.objects.filter(state=ImportState.RUNNING, worker__startswith=f"{host}:"):
        pid = int(job.worker.rsplit(":", 1)[1] or 0)
        try:
            os.kill(pid, 0)
            alive = pid != os.getpid()
        except (ProcessLookupError, ValueError):
            alive = False
        except PermissionError:
            alive = True
        if not alive:
            ImportJob.objects.filter(pk=job.pk, state=ImportState.RUNNING).update(
                state=ImportState.FAILED,
                phase="failed",
                error="The worker stopped during the import; nothing was written. Commit again.",
            )
            count += 1
    return count
