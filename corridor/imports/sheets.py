"""Uploaded lists as tables of text: CSV/TSV, XLSX, XLS, XLSB and ODS, found from the bytes.

``read_table`` either returns the whole list or raises ``SheetError``; it never returns part
of a file. Decisions the callers rely on:

- Workbooks are parsed in a child process (``sandbox``): a hostile file can make the parser
  abort the process it runs in.
- The format comes from the content (ZIP members, the OLE2 signature), never from the name;
  the name only breaks a delimiter tie in favour of tab for ``.tsv``.
- The header is the first row, among the first ``HEADER_SEARCH_ROWS`` non-blank rows, that is
  filled across most of the width with mostly text and names at least one known column
  (``columns.header_field``); failing that, the first row filled and textual enough. Title
  lines and blank rows above it are skipped.
- Headers are unique: a blank header is named after its column letter (``[C]``), a repeated
  one gets the letter added (``Примечание [F]``). Data to the right of the last header cell
  becomes such a lettered column rather than being dropped.
- Blank rows are skipped; ``Table.row_numbers[i]`` is the spreadsheet's own number of
  ``Table.rows[i]`` (for CSV, the record's number, which is the row Excel shows).
- A merged range whose first cell lies below the header is filled into every cell of the
  range ("Суджа" written once beside five people belongs to all five), except into rows that
  are blank without it. Merges in or above the header are left alone.
- Cells are stripped, line breaks inside a cell become ``\\n``; nothing else is changed here.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass

from corridor.imports import delimited, sandbox, spreadsheets
from corridor.imports.columns import header_field
from corridor.imports.sheet_errors import SheetError

__all__ = [
    "HEADER_SEARCH_ROWS",
    "SheetError",
    "Table",
    "column_letter",
    "list_sheets",
    "read_table",
]

HEADER_SEARCH_ROWS = 10
MAX_BYTES = 20_000_000
MAX_ROWS = 1_000_000

_VALUE = re.compile(r"[\d\s.,:;/+\-()№#]+")  # numbers, dates, phone numbers: not header words
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Table:
    """One sheet as text: unique headers, data rows padded to their width, provenance."""

    headers: list[str]
    rows: list[list[str]]
    encoding: str | None  # the CSV's encoding; None for workbooks
    sheet: str | None  # the sheet read; None for CSV
    digest: str  # sha256 hex of the raw bytes
    row_numbers: list[int]  # spreadsheet row number of each row of ``rows``
    header_row: int  # spreadsheet row number of the header
    format: str  # "csv", "xlsx", "xlsb", "xls" or "ods"


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 -> A, 27 -> AB."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def list_sheets(data: bytes, filename: str) -> list[str]:
    """The visible worksheets of a workbook, in order; ``[]`` for CSV, which has none."""
    if not data:
        raise SheetError("empty")
    kind = spreadsheets.sniff(data, MAX_BYTES)
    return [] if kind == "text" else sandbox.sheet_names(data)


def read_table(
    data: bytes,
    filename: str,
    sheet: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> Table:
    """The whole list in one sheet (the first visible one with data by default)."""
    if not data:
        raise SheetError("empty")
    if len(data) > max_bytes:
        raise SheetError("too_large", {"size": len(data), "limit": max_bytes})
    digest = hashlib.sha256(data).hexdigest()
    kind = spreadsheets.sniff(data, max_bytes)
    if kind == "text":
        if sheet:
            raise SheetError("no_sheet", {"sheet": sheet, "available": ""})
        text, encoding = delimited.decode(data)
        _refuse_binary(text)
        tab_first = filename.lower().endswith((".tsv", ".tab"))
        delimiter = "\t" if tab_first and "\t" in text[:65536] else delimited.sniff_delimiter(text)
        grid = _csv_grid(text, delimiter, max_rows)
        merges: list[spreadsheets.Merge] = []
        name, fmt = None, "csv"
    else:
        chosen, grid, merges = sandbox.read_grid(data, kind, sheet or None, max_rows)
        name, encoding, fmt = chosen, None, kind
    return _table(grid, merges, max_rows, encoding=encoding, sheet=name, digest=digest, fmt=fmt)


def _refuse_binary(text: str) -> None:
    head = text[:4096]
    controls = len(_CONTROL.findall(head))
    if "\x00" in head or controls > max(2, len(head) // 50):
        raise SheetError("unreadable", {"reason": "binary data, not text"})


def _csv_grid(text: str, delimiter: str, max_rows: int) -> list[list[str]]:
    grid: list[list[str]] = []
    filled = 0
    for record in delimited.parse(text, delimiter):
        cells = [cell.strip() if "\r" not in cell else spreadsheets.render(cell) for cell in record]
        grid.append(cells)
        if any(cells):
            filled += 1
            if filled > max_rows + HEADER_SEARCH_ROWS:
                raise SheetError("too_many_rows", {"limit": max_rows})
    return grid


def _is_text(cell: str) -> bool:
    return bool(cell) and not _VALUE.fullmatch(cell)


def _find_header(grid: list[list[str]]) -> int:
    candidates = [i for i, row in enumerate(grid) if any(row)][:HEADER_SEARCH_ROWS]
    if not candidates:
        raise SheetError("empty")
    filled = {i: [c for c in grid[i] if c] for i in candidates}
    widest = max(len(cells) for cells in filled.values())
    need = max(min(2, widest), math.ceil(widest / 2))
    qualifying = [
        i
        for i in candidates
        if len(filled[i]) >= need and sum(map(_is_text, filled[i])) >= 0.6 * len(filled[i])
    ]
    for i in qualifying:
        if any(header_field(cell) for cell in filled[i]):
            return i
    if qualifying:
        return qualifying[0]
    raise SheetError("no_header", {"searched": HEADER_SEARCH_ROWS})


def _fill_merges(
    grid: list[list[str]], merges: list[spreadsheets.Merge], header: int, blank: list[bool]
) -> None:
    for (top, left), (bottom, right) in merges:
        if top <= header or top >= len(grid) or left >= len(grid[top]):
            continue
        value = grid[top][left]
        for r in range(top, min(bottom, len(grid) - 1) + 1):
            if blank[r]:
                continue
            row = grid[r]
            if len(row) <= right:
                row.extend([""] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                row[c] = value


def _name_headers(cells: list[str], width: int) -> list[str]:
    headers: list[str] = []
    seen: set[str] = set()
    for index in range(width):
        text = cells[index] if index < len(cells) else ""
        letter = column_letter(index)
        name = f"[{letter}]" if not text else f"{text} [{letter}]" if text in seen else text
        seen.update((text, name))
        headers.append(name)
    return headers


def _width(row: list[str]) -> int:
    for index in range(len(row) - 1, -1, -1):
        if row[index]:
            return index + 1
    return 0


def _table(
    grid: list[list[str]],
    merges: list[spreadsheets.Merge],
    max_rows: int,
    *,
    encoding: str | None,
    sheet: str | None,
    digest: str,
    fmt: str,
) -> Table:
    header = _find_header(grid)
    blank = [not any(row) for row in grid]
    _fill_merges(grid, merges, header, blank)
    data = [i for i in range(header + 1, len(grid)) if not blank[i]]
    if not data:
        raise SheetError("empty")
    if len(data) > max_rows:
        raise SheetError("too_many_rows", {"limit": max_rows})
    width = max(_width(grid[header]), max(_width(grid[i]) for i in data))
    rows = []
    for i in data:
        row = grid[i][:width]
        if len(row) < width:
            row.extend([""] * (width - len(row)))
        rows.append(row)
    return Table(
        headers=_name_headers(grid[header], width),
        rows=rows,
        encoding=encoding,
        sheet=sheet,
        digest=digest,
        row_numbers=[i + 1 for i in data],
        header_row=header + 1,
        format=fmt,
    )
