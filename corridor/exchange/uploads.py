"""A spreadsheet becomes an exchange list: upload, confirm the columns, import all or nothing.

Reading and row validation are the registry import's framework-free core
(corridor.imports.sheets, .rows); the treaty columns are recognised by exchange.columns.
Lists of prisoners are a few thousand rows at most, so the import runs in the request.
"""

from __future__ import annotations

import base64
import hashlib
import os
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.audit import services as audit
from corridor.exchange import lifecycle
from corridor.exchange.columns import ENTRY_FIELDS, suggest
from corridor.exchange.errors import InvalidFile, StepNotAllowed
from corridor.exchange.models import ExchangeList, ListKind, ListUpload, Population, UploadState
from corridor.exchange.reading import ListReport, read_entries
from corridor.exchange.services import EntryDetails, _entry, create_list, ensure_party
from corridor.imports.messages import problem_text
from corridor.imports.services import max_upload_bytes
from corridor.imports.sheets import SheetError, Table, read_table
from corridor.keys.fields import SealedField
from corridor.keys.services import open_value

PROBLEMS_KEPT = 200


def _table(data: bytes, filename: str) -> Table:
    try:
        return read_table(data, filename, None, max_bytes=max_upload_bytes())
    except SheetError as exc:
        raise InvalidFile(f"{filename}: {problem_text(exc.code, exc.params)}") from exc


def _file(upload: ListUpload) -> bytes:
    field = ListUpload._meta.get_field("content")
    assert isinstance(field, SealedField)
    if upload.content is None or isinstance(upload.content, str):
        raise StepNotAllowed()
    return base64.b64decode(open_value(upload, field, upload.content))


def _report_json(report: ListReport) -> dict[str, Any]:
    return {
        "rows": report.rows_read,
        "valid_rows": len(report.rows) if report.ok else 0,
        "problem_count": len(report.problems),
        "problems": [
            {"row": p.row, "column": p.column, "code": p.code, "params": p.params}
            for p in report.problems[:PROBLEMS_KEPT]
        ],
        "missing_columns": list(report.missing_columns),
    }


def problem_lines(upload: ListUpload) -> list[str]:
    """The report's problems as sentences for the page."""
    lines = [
        _("a name column is missing: map a full name, or a surname and first names")
        for _missing in upload.report.get("missing_columns", [])[:1]
    ]
    for p in upload.report.get("problems", []):
        text = (
            _("not a category: “%(value)s”") % {"value": p["params"].get("value", "")}
            if p["code"] == "bad_category"
            else problem_text(p["code"], p["params"])
        )
        where = _("row %(row)s") % {"row": p["row"]}
        lines.append(f"{where}, “{p['column']}”: {text}" if p["column"] else f"{where}: {text}")
    return lines


def _validate(upload: ListUpload, table: Table) -> ListReport:
    report = read_entries(table, upload.mapping, reference_date=timezone.localdate())
    upload.report = _report_json(report)
    upload.state = UploadState.READY if report.ok else UploadState.INVALID
    return report


@transaction.atomic
def upload(
    user, filename: str, data: bytes, *, kind: str, population: str, list_name: str = ""
) -> ListUpload:
    """Keep an uploaded list (sealed), suggest its columns and check every row."""
    ensure_party(user)
    if kind not in ListKind.values or population not in Population.values:
        raise InvalidFile(_("choose the kind of list and who is on it"))
    filename = os.path.basename(filename or "upload")[:255]
    table = _table(data, filename)
    item = ListUpload(
        organisation=user.organisation,
        created_by=user,
        filename=filename,
        digest=hashlib.sha256(data).hexdigest(),
        kind=kind,
        population=population,
        list_name=(list_name.strip() or os.path.splitext(filename)[0])[:200],
        headers=list(table.headers),
        mapping=suggest(list(table.headers)),
    )
    item.content = base64.b64encode(data).decode("ascii")
    _validate(item, table)
    item.save()
    audit.record(user, "exchange.list_uploaded", item, {"digest": item.digest})
    return item


def _visible_upload(user, upload_id) -> ListUpload:
    item = ListUpload.objects.get_visible(user, upload_id)  # 404 before 403
    ensure_party(user)
    item = ListUpload.objects.select_for_update().get(pk=item.pk)
    if item.state == UploadState.IMPORTED:
        raise StepNotAllowed()
    return item


@transaction.atomic
def configure(user, upload_id, mapping: dict[str, str | None]) -> ListUpload:
    """The person's choice of columns; every row is checked again."""
    item = _visible_upload(user, upload_id)
    clean: dict[str, str | None] = {}
    used: set[str] = set()
    for header in item.headers:
        field = mapping.get(header) or None
        if field is not None and (field not in ENTRY_FIELDS or field in used):
            raise InvalidFile(_("column “%(header)s”: choose another field") % {"header": header})
        if field is not None:
            used.add(field)
        clean[header] = field
    item.mapping = clean
    _validate(item, _table(_file(item), item.filename))
    item.save()
    audit.record(user, "exchange.list_configured", item, {"mapping": clean})
    return item


@transaction.atomic
def import_list(user, upload_id) -> ExchangeList:
    """Write the whole list (entries proposed until the party submits them), or nothing."""
    item = _visible_upload(user, upload_id)
    if ExchangeList.objects.filter(
        organisation=item.organisation, file_digest=item.digest, kind=item.kind
    ).exists():
        raise InvalidFile(_("%(file)s: this file was imported before") % {"file": item.filename})
    report = _validate(item, _table(_file(item), item.filename))
    if not report.ok:
        item.save()
        raise InvalidFile(_("%(file)s: fix the problems listed first") % {"file": item.filename})
    exchange_list = create_list(
        user,
        item.list_name,
        item.kind,
        item.population,
        filename=item.filename,
        file_digest=item.digest,
        mapping=item.mapping,
    )
    for row in report.rows:
        _entry(user, exchange_list, EntryDetails.from_fields(row.fields), lifecycle.PROPOSED)
    item.state = UploadState.IMPORTED
    item.exchange_list = exchange_list
    item.content = None
    item.save()
    audit.record(user, "exchange.list_imported", exchange_list, {"entries": len(report.rows)})
    return exchange_list
