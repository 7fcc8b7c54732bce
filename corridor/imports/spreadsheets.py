"""XLSX, XLS, XLSB and ODS through python-calamine: a sheet as a grid of text cells.

The grid is indexed from the sheet's cell A1, so ``grid[i]`` is spreadsheet row ``i + 1``
whatever empty rows or columns come first. Cells are rendered as a person sees them:
integers without ``.0``, dates as ``YYYY-MM-DD`` (with `` HH:MM:SS`` only when a time is
there), booleans as ``TRUE``/``FALSE``. A number that is a date serial without a date format
stays a number here; ``rows.validate`` reads it as a date only in a date-of-birth column.

Merged ranges come from calamine for XLSX and XLS and from ``content.xml`` for ODS (calamine
leaves the covered cells empty there); ``sheets.read_table`` decides which of them to fill.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any
from xml.etree import ElementTree

import python_calamine as calamine

from corridor.imports.sheet_errors import SheetError

Merge = tuple[tuple[int, int], tuple[int, int]]  # (first row, first column), (last row, last col)

_TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
# A spreadsheet's XML inflates 10 to 20 times; more than this is a zip bomb, not a list.
INFLATION_LIMIT = 25
# what the zipfile module raises on damaged archives: unsupported "versions" and methods,
# encrypted members, bad deflate streams, truncated files
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    NotImplementedError,
    RuntimeError,
    zlib.error,
    ValueError,
    OSError,
    EOFError,
)


def sniff(data: bytes, max_bytes: int) -> str:
    """``xlsx``, ``xlsb``, ``ods``, ``xls`` or ``text`` from the bytes; raises ``SheetError``."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                infos = archive.infolist()
                names = {info.filename for info in infos}
                mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
        except _ZIP_ERRORS:
            raise SheetError("unreadable", {"reason": "a damaged ZIP archive"}) from None
        inflated = sum(info.file_size for info in infos)
        if inflated > INFLATION_LIMIT * max_bytes:
            raise SheetError("too_large", {"size": inflated, "limit": INFLATION_LIMIT * max_bytes})
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "xl/workbook.bin" in names:
            return "xlsb"
        if mimetype.startswith(_ODS_MIME) and "content.xml" in names:
            return "ods"
        if "word/document.xml" in names or mimetype.startswith(b"application/vnd.oasis"):
            raise SheetError("unreadable", {"reason": "a text document, not a spreadsheet"})
        raise SheetError("unreadable", {"reason": "a ZIP archive, not a spreadsheet"})
    if data.startswith(_OLE_MAGIC):
        return "xls"
    if data.startswith(b"%PDF"):
        raise SheetError("unreadable", {"reason": "a PDF document"})
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<html", b"<!doctype", b"<table", b"<?xml", b"<meta")):
        # 1C and some web systems save HTML or SpreadsheetML 2003 under an .xls name
        raise SheetError("unreadable", {"reason": "an HTML or XML file; save it as .xlsx or .csv"})
    return "text"


@contextmanager
def _refusing_damage() -> Iterator[None]:
    """Turn whatever calamine raises on a damaged file into ``SheetError("unreadable")``."""
    try:
        yield
    except calamine.PasswordError:
        raise SheetError("unreadable", {"reason": "the workbook is password-protected"}) from None
    except (calamine.CalamineError, ValueError, OSError, IndexError, OverflowError) as error:
        raise SheetError("unreadable", {"reason": _reason(error)}) from None
    except BaseException as error:
        # A damaged XLS can make calamine's Rust code panic; pyo3 raises that as
        # PanicException, a BaseException, which would slip past every `except Exception`.
        if type(error).__name__ != "PanicException":
            raise
        raise SheetError("unreadable", {"reason": _reason(error)}) from None


def _reason(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return f"damaged workbook: {text[:120]}"


def _open(data: bytes) -> calamine.CalamineWorkbook:
    with _refusing_damage():
        return calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))


def sheet_names(data: bytes) -> list[str]:
    """The visible worksheets, in workbook order (chart sheets and hidden sheets left out)."""
    workbook = _open(data)
    try:
        with _refusing_damage():
            return _visible(workbook)
    finally:
        workbook.close()


def _visible(workbook: calamine.CalamineWorkbook) -> list[str]:
    return [
        meta.name
        for meta in workbook.sheets_metadata
        if meta.typ == calamine.SheetTypeEnum.WorkSheet
        and meta.visible == calamine.SheetVisibleEnum.Visible
    ]


def render(value: Any) -> str:
    """A cell value as the text a person sees in the cell."""
    if type(value) is str:
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()


def read_grid(
    data: bytes, kind: str, sheet: str | None, max_rows: int
) -> tuple[str, list[list[str]], list[Merge]]:
    """The sheet's name, its cells from A1 as text, and its merged ranges."""
    workbook = _open(data)
    try:
        with _refusing_damage():
            visible = _visible(workbook) if sheet is None else []
            names = workbook.sheet_names
            if sheet is not None and sheet not in names:
                raise SheetError("no_sheet", {"sheet": sheet, "available": ", ".join(names)})
            candidates = [sheet] if sheet is not None else visible or names[:1]
            if not candidates:
                raise SheetError("empty")
            chosen, worksheet = _first_with_data(workbook, candidates)
            end = worksheet.end
            # a used range this much longer than the limit cannot be blank rows only
            if end is not None and end[0] + 1 > max_rows + 100:
                raise SheetError("too_many_rows", {"limit": max_rows})
            values = worksheet.to_python(skip_empty_area=False)
            merges = list(worksheet.merged_cell_ranges or [])
    finally:
        workbook.close()
    grid = [[render(v) for v in row] for row in values]
    if kind == "ods":
        merges = _ods_merges(data, chosen)
    return chosen, grid, merges


def _first_with_data(
    workbook: calamine.CalamineWorkbook, names: list[str]
) -> tuple[str, calamine.CalamineSheet]:
    first: tuple[str, calamine.CalamineSheet] | None = None
    for name in names:
        worksheet = workbook.get_sheet_by_name(name)
        if worksheet.end is not None:
            return name, worksheet
        first = first or (name, worksheet)
    assert first is not None
    return first


def _ods_merges(data: bytes, sheet: str) -> list[Merge]:
    """Merged ranges of one ODS sheet, from ``table:number-rows/columns-spanned``."""
    merges: list[Merge] = []
    inside, row, column, repeat = False, -1, 0, 1
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as xml:
            # expat (2.4.1 and later) refuses entity-expansion bombs and never fetches
            # external entities, so the stdlib parser is safe on an uploaded file
            for event, element in ElementTree.iterparse(xml, events=("start", "end")):  # noqa: S314
                tag = element.tag
                if event == "end":
                    if inside and tag == f"{_TABLE_NS}table-row":
                        row += repeat - 1
                    elif inside and tag == f"{_TABLE_NS}table":
                        break
                    element.clear()
                elif tag == f"{_TABLE_NS}table":
                    inside = element.get(f"{_TABLE_NS}name") == sheet
                elif inside and tag == f"{_TABLE_NS}table-row":
                    row, column = row + 1, 0
                    repeat = int(element.get(f"{_TABLE_NS}number-rows-repeated", "1"))
                elif inside and tag in (f"{_TABLE_NS}table-cell", f"{_TABLE_NS}covered-table-cell"):
                    rows = int(element.get(f"{_TABLE_NS}number-rows-spanned", "1"))
                    columns = int(element.get(f"{_TABLE_NS}number-columns-spanned", "1"))
                    if rows > 1 or columns > 1:
                        merges.append(((row, column), (row + rows - 1, column + columns - 1)))
                    column += int(element.get(f"{_TABLE_NS}number-columns-repeated", "1"))
    except (ElementTree.ParseError, KeyError, *_ZIP_ERRORS):
        return []  # calamine read the cells already; without spans the sheet is still usable
    return merges
