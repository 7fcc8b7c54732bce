"""Tiny XLSX, ODS and XLS workbooks built with the standard library, for tests.

No spreadsheet writer is installed, and the tests want exact control over what a field office
sends: title lines, blank rows, merged cells, real date cells. Each sheet is a list of rows;
a cell is a ``str``, an ``int``/``float``, a ``datetime.date`` or ``None`` (empty).
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.sax.saxutils import escape, quoteattr

Cell = str | int | float | date | None


@dataclass
class Sheet:
    """One worksheet: rows of cells and merged ranges as "A2:A4" references."""

    name: str
    rows: Sequence[Sequence[Cell]]
    merged: Sequence[str] = field(default_factory=list)


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _parse_ref(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = "".join(ch for ch in ref if ch.isdigit())
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    return int(digits) - 1, column - 1


def _excel_serial(day: date) -> float:
    if isinstance(day, datetime):
        delta = day - datetime(1899, 12, 30)  # noqa: DTZ001 - spreadsheet time has no zone
        return delta.days + delta.seconds / 86400
    return float((day - date(1899, 12, 30)).days)


_XLSX_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
{sheets}</Types>"""
_XLSX_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
# style 1 is a date (built-in format 14), style 2 a date and time (22)
_XLSX_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>"""
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _xlsx_cell(ref: str, value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        style = 2 if isinstance(value, datetime) else 1
        return f'<c r="{ref}" s="{style}"><v>{_excel_serial(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def _xlsx_sheet(sheet: Sheet) -> str:
    rows = []
    for r, row in enumerate(sheet.rows):
        cells = "".join(_xlsx_cell(f"{_column_letters(c)}{r + 1}", v) for c, v in enumerate(row))
        if cells:
            rows.append(f'<row r="{r + 1}">{cells}</row>')
    merged = ""
    if sheet.merged:
        refs = "".join(f'<mergeCell ref="{ref}"/>' for ref in sheet.merged)
        merged = f'<mergeCells count="{len(sheet.merged)}">{refs}</mergeCells>'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}">'
        f"<sheetData>{''.join(rows)}</sheetData>{merged}</worksheet>"
    )


def xlsx(*sheets: Sheet) -> bytes:
    """An .xlsx workbook holding these sheets, in order."""
    buffer = io.BytesIO()
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\n'
        for i in range(1, len(sheets) + 1)
    )
    entries = "".join(
        f'<sheet name={quoteattr(s.name)} sheetId="{i}" r:id="rId{i}"/>'
        for i, s in enumerate(sheets, 1)
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{entries}</sheets></workbook>'
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    rels += f'<Relationship Id="rIdS" Type="{_REL}/styles" Target="styles.xml"/>'
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
        f'"http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _XLSX_TYPES.format(sheets=overrides))
        archive.writestr("_rels/.rels", _XLSX_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        archive.writestr("xl/styles.xml", _XLSX_STYLES)
        for i, sheet in enumerate(sheets, 1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", _xlsx_sheet(sheet))
    return buffer.getvalue()


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
_ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def _ods_cell(value: Cell, span: tuple[int, int] | None, covered: bool) -> str:
    if covered:
        return "<table:covered-table-cell/>"
    attrs = ""
    if span is not None:
        attrs = f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"'
    if value is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, date):
        kind = f'office:value-type="date" office:date-value="{value.isoformat()}"'
    elif isinstance(value, int | float):
        kind = f'office:value-type="float" office:value="{value}"'
    else:
        kind = 'office:value-type="string"'
    text = escape(value.isoformat() if isinstance(value, date) else str(value))
    return f"<table:table-cell {kind}{attrs}><text:p>{text}</text:p></table:table-cell>"


def _ods_table(sheet: Sheet) -> str:
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for ref in sheet.merged:
        (r1, c1), (r2, c2) = (_parse_ref(part) for part in ref.split(":"))
        spans[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
        covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        covered.discard((r1, c1))
    width = max((len(row) for row in sheet.rows), default=0)
    rows = []
    for r, row in enumerate(sheet.rows):
        cells = [
            _ods_cell(row[c] if c < len(row) else None, spans.get((r, c)), (r, c) in covered)
            for c in range(width)
        ]
        rows.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    return f"<table:table table:name={quoteattr(sheet.name)}>{''.join(rows)}</table:table>"


def ods(*sheets: Sheet) -> bytes:
    """An .ods workbook holding these sheets, in order."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_ODS_NS} '
        f'office:version="1.2"><office:body><office:spreadsheet>'
        f"{''.join(_ods_table(s) for s in sheets)}"
        f"</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # the mimetype entry comes first and uncompressed, as the format requires
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


# --- XLS: a BIFF8 workbook stream inside an OLE2 compound file ---------------------------

_END, _FREE, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def biff_record(kind: int, data: bytes = b"") -> bytes:
    """One BIFF record: type, length, data."""
    return struct.pack("<HH", kind, len(data)) + data


def _biff_string(text: str, *, short: bool = False) -> bytes:
    raw = text.encode("utf-16-le")
    length = struct.pack("<B" if short else "<H", len(raw) // 2)
    return length + b"\x01" + raw  # flag 1: the characters are UTF-16


def _bof(kind: int) -> bytes:
    return biff_record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))


def compound_file(stream: bytes) -> bytes:
    """An OLE2 compound file holding ``stream`` as its "Workbook" (at most ~60 kB)."""
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\x00")
    sectors = len(stream) // 512
    assert sectors + 2 <= 128, "one FAT sector is enough for test workbooks"
    fat = [_FAT_SECTOR, _END, *range(3, 2 + sectors), _END]
    fat += [_FREE] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
    header += struct.pack(
        "<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"", 0, 1, 1, 0, 0x1000, _END, 0, _END, 0
    )
    header += struct.pack("<109I", 0, *([_FREE] * 108))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = (name + "\x00").encode("utf-16-le") if name else b""
        return (
            raw.ljust(64, b"\x00")
            + struct.pack("<HBBIII", len(raw), kind, 1, _NO_STREAM, _NO_STREAM, child)
            + b"\x00" * 16
            + struct.pack("<IQQII", 0, 0, 0, start, size)
            + b"\x00" * 4
        )

    directory = entry("Root Entry", 5, 1, _END, 0) + entry(
        "Workbook", 2, _NO_STREAM, 2, len(stream)
    )
    directory += entry("", 0, _NO_STREAM, 0, 0) * 2
    return header + struct.pack("<128I", *fat) + directory + stream


def _xls_cells(sheet: Sheet) -> bytes:
    body = _bof(0x0010)
    for r, row in enumerate(sheet.rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                body += biff_record(0x0204, struct.pack("<HHH", r, c, 0) + _biff_string(value))
            elif isinstance(value, date):
                style = 2 if isinstance(value, datetime) else 1
                body += biff_record(0x0203, struct.pack("<HHHd", r, c, style, _excel_serial(value)))
            else:
                body += biff_record(0x0203, struct.pack("<HHHd", r, c, 0, float(value)))
    if sheet.merged:
        ranges = b""
        for ref in sheet.merged:
            (r1, c1), (r2, c2) = (_parse_ref(part) for part in ref.split(":"))
            ranges += struct.pack("<HHHH", r1, r2, c1, c2)
        body += biff_record(0x00E5, struct.pack("<H", len(sheet.merged)) + ranges)
    return body + biff_record(0x000A)


def xls(*sheets: Sheet) -> bytes:
    """An .xls (BIFF8) workbook holding these sheets; style 1 is a date, 2 a date and time."""
    styles = b"".join(
        biff_record(0x00E0, struct.pack("<HH", 0, number_format) + b"\x00" * 16)
        for number_format in (0, 14, 22)
    )
    head = _bof(0x0005) + biff_record(0x0042, struct.pack("<H", 1200)) + styles
    bodies = [_xls_cells(sheet) for sheet in sheets]
    names = [biff_record(0x0085, b"\x00" * 6 + _biff_string(s.name, short=True)) for s in sheets]
    position = len(head) + sum(map(len, names)) + len(biff_record(0x000A))
    bound = b""
    for sheet, body in zip(sheets, bodies, strict=True):
        bound += biff_record(
            0x0085, struct.pack("<IBB", position, 0, 0) + _biff_string(sheet.name, short=True)
        )
        position += len(body)
    return compound_file(head + bound + biff_record(0x000A) + b"".join(bodies))
