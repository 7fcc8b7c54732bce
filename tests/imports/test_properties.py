"""Properties: no upload crashes the reader, no cell text crashes the validator."""

import csv
import io
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.imports.columns import FIELDS, suggest_mapping
from corridor.imports.rows import validate
from corridor.imports.sheets import SheetError, Table, read_table
from tests.imports.workbooks import Sheet, ods, xls, xlsx

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
VALID_XLSX = xlsx(Sheet("Лист1", [["ФИО", "Д.р."], ["Іваненко", date(1961, 7, 3)], ["Б", 1]]))
VALID_ODS = ods(Sheet("Лист1", [["ФИО", "Д.р."], ["Іваненко", date(1961, 7, 3)], ["Б", 1]]))
VALID_XLS = xls(Sheet("Лист1", [["ФИО", "Д.р."], ["Іваненко", date(1961, 7, 3)], ["Б", 1]]))
PREFIXES = [
    b"",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    "ФИО;Д.р.\n".encode("cp1251"),
    "ФИО,Д.р.\n".encode(),
]


CODES = {"empty", "too_large", "too_many_rows", "unreadable", "encoding", "no_sheet", "no_header"}


def read_or_refuse(data: bytes) -> Table | None:
    refused: SheetError | None = None
    try:
        table = read_table(data, "upload.xlsx", max_bytes=1_000_000, max_rows=10_000)
    except SheetError as error:
        refused = error
    if refused is not None:
        assert refused.code in CODES
        assert str(refused)
        return None
    assert len(table.rows) == len(table.row_numbers) > 0
    assert all(len(row) == len(table.headers) for row in table.rows)
    assert len(set(table.headers)) == len(table.headers)
    assert table.row_numbers == sorted(set(table.row_numbers))
    assert table.header_row < table.row_numbers[0]
    return table


@SETTINGS
@given(st.sampled_from(PREFIXES), st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash_the_reader(prefix, data):
    read_or_refuse(prefix + data)


@settings(SETTINGS, max_examples=60)  # each example starts a child process
@given(
    st.sampled_from([VALID_XLSX, VALID_ODS, VALID_XLS]),
    # XLS damage is aimed at its first 2 kB, where the header, directory and records are
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=8),
)
def test_damaged_workbooks_never_crash_the_reader(workbook, damage):
    data = bytearray(workbook)
    span = 2048 if workbook is VALID_XLS else len(data)
    for position, value in damage:
        data[position % span] = value
    read_or_refuse(bytes(data))


CELL = st.text(max_size=40)
ROWS = st.lists(st.lists(CELL, min_size=1, max_size=5), min_size=1, max_size=12)


@SETTINGS
@given(ROWS, st.sampled_from(["utf-8", "utf-16", "cp1251"]), st.sampled_from([",", ";", "\t"]))
def test_arbitrary_csv_never_crashes_the_reader(rows, encoding, delimiter):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = buffer.getvalue().encode("utf-8")
    read_or_refuse(data)


@SETTINGS
@given(
    st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=6, unique=True),
    st.data(),
)
def test_arbitrary_cells_never_crash_validate(headers, data):
    width = len(headers)
    rows = data.draw(st.lists(st.lists(CELL, min_size=width, max_size=width), max_size=15))
    fields = data.draw(st.permutations(FIELDS))
    mapping = {
        h: data.draw(st.sampled_from([None, f])) for h, f in zip(headers, fields, strict=False)
    }
    table = Table(
        headers=headers,
        rows=rows,
        encoding=None,
        sheet="S",
        digest="",
        row_numbers=list(range(2, len(rows) + 2)),
        header_row=1,
        format=data.draw(st.sampled_from(["csv", "xlsx"])),
    )
    report = validate(table, mapping, reference_date=date(2025, 6, 15))
    bad_rows = {p.row for p in report.problems}
    assert report.ok == (not report.problems and not report.missing_columns)
    assert {r.row for r in report.rows}.isdisjoint(bad_rows)
    if not report.missing_columns:
        assert len(report.rows) + len(bad_rows) == len(rows)
    keys = [(p.row, table.headers.index(p.column) if p.column else -1) for p in report.problems]
    assert keys == sorted(keys)
    assert set(suggest_mapping(headers).values()) <= {*FIELDS, None}
