"""Reading record lists (CSV, XLSX/ODS, Parquet) for linkage, with errors that name file, row and column."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NAME_COLUMNS = ("full_name", "given_name", "family_name", "patronymic")
# The columns a record list may carry (any may be empty but record_id); others are kept.
RECORD_COLUMNS = (
    "record_id",
    *NAME_COLUMNS,
    "date_of_birth",
    "sex",
    "place",
    "identifier",
    "address",
)


class InputError(Exception):
    """A list cannot be used as given; the message names file, row and column."""


@dataclass(frozen=True)
class RecordList:
    """Rows as dicts with the standard column names, plus the extra columns kept."""

    path: Path
    rows: list[dict[str, Any]]
    columns: list[str]


def _decode(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path}: row {row}: bytes are not valid {encoding.replace('-sig', '')} "
            f"(save the file as UTF-8, or pass --encoding cp1251)"
        ) from exc


def _read_csv(path: Path, encoding: str) -> tuple[list[str], list[list[Any]]]:
    text = _decode(path, path.read_bytes(), encoding)
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    try:
        dialect = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, [])
    return [h.strip().lstrip("\ufeff") for h in header], list(reader)


def _read_sheet(path: Path) -> tuple[list[str], list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=True)
    except Exception as exc:  # calamine raises several unrelated types for broken files
        raise InputError(f"{path}: cannot read the spreadsheet ({exc})") from exc
    if not rows:
        raise InputError(f"{path}: the file is empty")
    return [str(h).strip() for h in rows[0]], [list(r) for r in rows[1:]]


def _read_parquet(path: Path) -> tuple[list[str], list[list[Any]]]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, …
        raise InputError(f"{path}: cannot read the Parquet file ({exc})") from exc
    columns = table.column_names
    return columns, [list(r.values()) for r in table.to_pylist()]


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def read_records(
    path: str | Path, *, encoding: str = "utf-8-sig", rename: dict[str, str] | None = None
) -> RecordList:
    """Read and validate one list: a record_id column, unique ids, at least one name column."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt", ".tsv"}:
        header, body = _read_csv(path, encoding)
    elif suffix in {".xlsx", ".xlsm", ".xls", ".ods"}:
        header, body = _read_sheet(path)
    elif suffix in {".parquet", ".pq"}:
        header, body = _read_parquet(path)
    else:
        raise InputError(f"{path}: unknown file type {suffix!r} (use CSV, XLSX, ODS or Parquet)")
    rename = rename or {}
    header = [rename.get(h, h) for h in header]
    if "record_id" not in header:
        raise InputError(
            f"{path}: row 1: missing column record_id (columns: {', '.join(header) or 'none'})"
        )
    if not any(c in header for c in NAME_COLUMNS):
        raise InputError(
            f"{path}: row 1: no name column (need full_name or given_name/family_name)"
        )
    if not body:
        raise InputError(f"{path}: the file has a header but no rows")
    rows: list[dict[str, Any]] = []
    first_seen: dict[str, int] = {}
    id_col = header.index("record_id")
    for n, raw in enumerate(body, start=2):
        if len(raw) > len(header) and any(_cell(v) for v in raw[len(header) :]):
            raise InputError(f"{path}: row {n}: more cells than header columns")
        values = [_cell(v) for v in raw] + [None] * (len(header) - len(raw))
        if not any(values):
            continue
        rid = values[id_col]
        if rid is None:
            raise InputError(f"{path}: row {n}, column record_id: empty id")
        if rid in first_seen:
            raise InputError(
                f"{path}: row {n}, column record_id: duplicate id {rid!r} (first at row {first_seen[rid]})"
            )
        first_seen[rid] = n
        rows.append(dict(zip(header, values, strict=False)))
    if not rows:
        raise InputError(f"{path}: the file has a header but no rows")
    return RecordList(path, rows, header)
