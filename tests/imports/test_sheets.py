"""Reading uploaded lists: encodings, delimiters, workbooks, header rows, merged cells, errors."""

import io
import zipfile
from datetime import date, datetime

import pytest

from corridor.imports.sheets import SheetError, Table, column_letter, list_sheets, read_table
from tests.imports.workbooks import Sheet, biff_record, compound_file, ods, xls, xlsx

HEADER = ["ФИО", "Дата рождения", "Населенный пункт", "Примечание"]
PEOPLE = [
    ["Іваненко Олена Петрівна", "03.07.1961", "Суджа", "ліжкова"],
    ["Ковальчук Ігор Миколайович", "1958", "Мартинівка", ""],
]
CSV_TEXT = "\r\n".join(";".join(row) for row in [HEADER, *PEOPLE]) + "\r\n"


def read(data: bytes, filename: str = "list.csv", **kwargs) -> Table:
    return read_table(data, filename, **kwargs)


def error_of(data: bytes, filename: str = "list.csv", **kwargs) -> SheetError:
    with pytest.raises(SheetError) as caught:
        read_table(data, filename, **kwargs)
    return caught.value


# --- CSV encodings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (CSV_TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8"), "utf-8-sig"),
        (CSV_TEXT.encode("utf-16"), "utf-16"),
        (CSV_TEXT.encode("utf-16-le"), "utf-16-le"),
        (CSV_TEXT.encode("cp1251"), "cp1251"),
        (CSV_TEXT.encode("koi8-u"), "koi8-u"),
    ],
)
def test_csv_encodings_are_detected(encoded, encoding):
    table = read(encoded)
    assert table.encoding == encoding
    assert table.headers == HEADER
    assert table.rows == PEOPLE
    assert table.row_numbers == [2, 3]
    assert (table.format, table.sheet, table.header_row) == ("csv", None, 1)


def test_dos_code_page():
    text = "ФИО;Дата рождения\nЁлкина Дарья Сергеевна;1961\nЩукин Пётр;1970\n"
    table = read(text.encode("cp866"))
    assert table.encoding == "cp866"
    assert table.rows == [["Ёлкина Дарья Сергеевна", "1961"], ["Щукин Пётр", "1970"]]


@pytest.mark.parametrize(
    "text",
    [
        "ФИО;Пол\nИВАНОВ ИВАН ИВАНОВИЧ;М\nПЕТРОВА АННА;Ж\n",  # capitals only
        "фио;пол\nиванов иван;м\nпетрова анна;ж\n",  # lower case only
        "Прізвище;Ім'я\nЇжакевич;Євгенія\nҐудзь;Єлизавета\n",  # Ukrainian letters
    ],
)
def test_cp1251_and_koi8_are_told_apart_whatever_the_case(text):
    assert read(text.encode("cp1251")).rows == read(text.encode("koi8-u")).rows
    assert read(text.encode("cp1251")).encoding == "cp1251"
    assert read(text.encode("koi8-u")).encoding == "koi8-u"
    assert read(text.encode("cp1251")).headers == text.splitlines()[0].split(";")


def test_western_code_page_is_not_read_as_cyrillic():
    table = read("Surname,Given name\nMüller,Jürgen\nGarcía,José\n".encode("cp1252"))
    assert table.encoding == "cp1252"
    assert table.rows == [["Müller", "Jürgen"], ["García", "José"]]


def test_broken_utf8_is_refused_with_its_offset_and_line():
    good = "ФИО;Дата рождения\nИванов;1961\n".encode()
    data = good + "Петров;1962\n".encode("cp1251")
    error = error_of(data)
    assert error.code == "encoding"
    assert error.params == {"encoding": "utf-8", "offset": len(good), "line": 3}
    assert str(error) == f"the text cannot be decoded as utf-8 at byte {len(good)} (line 3)"


def test_cp1251_with_utf8_lines_pasted_in_is_refused():
    cp1251 = ("ФИО;Д.р.\n" + "Иванов Иван;1960\n" * 20).encode("cp1251")
    assert read(cp1251).encoding == "cp1251"
    error = error_of(cp1251 + "Петренко Олена;1961\n".encode())
    assert error.params == {"encoding": "cp1251", "offset": len(cp1251), "line": 22}


def test_bom_that_lies_is_an_encoding_error():
    error = error_of(b"\xef\xbb\xbfName\n\xff\xfe\xfa\n")
    assert error.code == "encoding"
    assert error.params == {"encoding": "utf-8-sig", "offset": 8, "line": 2}
    data = "ФИО\nІваненко\n".encode("utf-16")[:-1]  # a cut-off upload
    assert error_of(data).params == {"encoding": "utf-16", "offset": 26, "line": 2}


# --- CSV delimiters and layout -------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_delimiter_is_sniffed(delimiter):
    rows = [["ФИО", "Адрес", "Телефон"], ["Иванов И.И.", "Суджа, ул. Ленина 5", "+380501234567"]]
    text = "\n".join(delimiter.join(f'"{c}"' if "," in c else c for c in r) for r in rows)
    assert read(text.encode()).rows == rows[1:]


def test_semicolon_csv_with_commas_in_names():
    text = "ФИО;Д.р.\nИванов, Иван;1961\nПетров, Пётр;1962\nСидоров;1970\n"
    assert read(text.encode("cp1251")).rows == [
        ["Иванов, Иван", "1961"],
        ["Петров, Пётр", "1962"],
        ["Сидоров", "1970"],
    ]


def test_title_lines_and_blank_rows_above_the_header_are_skipped():
    text = "Список эвакуированных с. Суджа;;\n;;\nна 01.03.2025;;\nФИО;Пол;Д.р.\n;;\nИванов;м;1961\n\nПетрова;ж;1962\n"
    table = read(text.encode())
    assert table.header_row == 4
    assert table.headers == ["ФИО", "Пол", "Д.р."]
    assert table.rows == [["Иванов", "м", "1961"], ["Петрова", "ж", "1962"]]
    assert table.row_numbers == [6, 8]


def test_header_without_known_words_is_the_first_textual_row():
    table = read(b"Title\nAlpha,Beta,Gamma\nx,1,2\n")
    assert table.headers == ["Alpha", "Beta", "Gamma"]


def test_blank_and_repeated_headers_get_column_letters_and_stray_cells_a_column():
    text = "ФИО,,Примечание,Примечание\nИванов,1,a,b,extra\n"
    table = read(text.encode())
    assert table.headers == ["ФИО", "[B]", "Примечание", "Примечание [D]", "[E]"]
    assert table.rows == [["Иванов", "1", "a", "b", "extra"]]


def test_cells_are_stripped_short_rows_padded_and_line_breaks_kept():
    table = read('ФИО,Примечание,Пол\n  Иванов Иван  ,"строка 1\r\nстрока 2"\n'.encode())
    assert table.rows == [["Иванов Иван", "строка 1\nстрока 2", ""]]


def test_digest_is_sha256_of_the_bytes():
    data = CSV_TEXT.encode()
    import hashlib

    assert read(data).digest == hashlib.sha256(data).hexdigest()


def test_tsv_name_prefers_tab():
    assert read(b"a\tb;c\n1\t2;3\n", "list.tsv").headers == ["a", "b;c"]


# --- workbooks ---------------------------------------------------------------------------

# spreadsheet cells carry no time zone, so the datetimes below are naive on purpose
SIGHTINGS = Sheet(
    "Список",
    [
        ["Список эвакуированных на 01.03.2025", None, None, None],
        [],
        ["№ п/п", "ФИО", "Дата рождения", "Село"],
        [1, "Іваненко Олена", date(1961, 7, 3), "Суджа"],
        [2, "Іваненко Петро", datetime(1959, 1, 2, 0, 0), None],  # noqa: DTZ001
        [3, "Сидоренко Іван", 1958.0, None],
        [],
        [4, "Ковальчук Ганна", datetime(1990, 5, 6, 7, 8, 9), "Мартинівка"],  # noqa: DTZ001
        [5, "Мельник Ігор", 12.5, None],
    ],
    merged=["A1:D1", "D4:D6"],
)
OTHER = Sheet("Інше", [["Прізвище", "Ім'я"], ["Бойко", "Марія"]])
EXPECTED_ROWS = [
    ["1", "Іваненко Олена", "1961-07-03", "Суджа"],
    ["2", "Іваненко Петро", "1959-01-02", "Суджа"],
    ["3", "Сидоренко Іван", "1958", "Суджа"],
    ["4", "Ковальчук Ганна", "1990-05-06 07:08:09", "Мартинівка"],
    ["5", "Мельник Ігор", "12.5", ""],
]


@pytest.mark.parametrize(("build", "kind"), [(xlsx, "xlsx"), (ods, "ods"), (xls, "xls")])
def test_workbook_with_title_row_merged_cell_and_two_sheets(build, kind):
    data = build(SIGHTINGS, OTHER)
    assert list_sheets(data, f"list.{kind}") == ["Список", "Інше"]
    table = read(data, "whatever.bin")
    assert (table.format, table.sheet, table.encoding) == (kind, "Список", None)
    assert table.header_row == 3
    assert table.headers == ["№ п/п", "ФИО", "Дата рождения", "Село"]
    assert table.rows == EXPECTED_ROWS
    assert table.row_numbers == [4, 5, 6, 8, 9]
    other = read(data, f"list.{kind}", sheet="Інше")
    assert (other.sheet, other.rows, other.row_numbers) == ("Інше", [["Бойко", "Марія"]], [2])


def test_xls_that_makes_calamine_panic_is_unreadable():
    # a defined-name record too short for its fields: calamine's Rust code panics on it
    globals_ = (
        biff_record(0x0809, bytes(16)) + biff_record(0x0018, b"\x00\x00") + biff_record(0x000A)
    )
    error = error_of(compound_file(globals_), "list.xls")
    assert error.code == "unreadable"
    assert error.params["reason"].startswith("damaged workbook: index out of bounds")


def test_cell_far_away_that_would_abort_the_parser_is_unreadable():
    # calamine allocates the used range densely: A1..XFD1048576 is half a terabyte, and a
    # refused allocation aborts the process; the child process dies instead of the caller
    far = Sheet("S", [["ФИО"], ["Іваненко"]])
    data = _with_extra_xml(xlsx(far), b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    error = error_of(data, "list.xlsx")
    assert error.code == "unreadable"
    assert error.params["reason"] == "the workbook is damaged or declares sheets too large to read"


def _with_extra_xml(workbook: bytes, rows: bytes) -> bytes:
    source, target = io.BytesIO(workbook), io.BytesIO()
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for info in archive.infolist():
            member = archive.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                member = member.replace(b"</sheetData>", rows + b"</sheetData>")
            out.writestr(info, member)
    return target.getvalue()


def test_merged_range_does_not_fill_rows_blank_without_it():
    sheet = Sheet("S", [["ФИО", "Село"], ["Іваненко", "Суджа"], [], ["Петренко", None]], ["B2:B4"])
    table = read(xlsx(sheet), "x.xlsx")
    assert table.rows == [["Іваненко", "Суджа"], ["Петренко", "Суджа"]]
    assert table.row_numbers == [2, 4]


def test_data_starting_away_from_a1_keeps_spreadsheet_row_numbers():
    sheet = Sheet("S", [[], [], [None, None, "ФИО", "Пол"], [None, None, "Іваненко", "ж"]])
    table = read(xlsx(sheet), "x.xlsx")
    assert table.headers == ["[A]", "[B]", "ФИО", "Пол"]
    assert table.rows == [["", "", "Іваненко", "ж"]]
    assert (table.header_row, table.row_numbers) == (3, [4])


def test_first_sheet_with_data_is_read_by_default():
    data = xlsx(Sheet("Empty", []), OTHER)
    assert read(data, "x.xlsx").sheet == "Інше"


def test_csv_has_no_sheets():
    assert list_sheets(CSV_TEXT.encode(), "list.csv") == []


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


# --- errors ----------------------------------------------------------------------------


def test_empty_file():
    assert error_of(b"").code == "empty"
    assert error_of(b"\n\n \t \n").code == "empty"


def test_header_without_data_rows_is_empty():
    error = error_of("ФИО;Дата рождения\n;\n".encode())
    assert error.code == "empty"
    assert str(error) == "the file is empty or has no data rows"


def test_too_large_is_checked_before_parsing():
    error = error_of(b"\x00" * 101, max_bytes=100)
    assert (error.code, error.params) == ("too_large", {"size": 101, "limit": 100})


def test_zip_that_inflates_too_far_is_too_large():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b" " * 2_000_000)
    assert error_of(buffer.getvalue(), max_bytes=50_000).code == "too_large"


def test_too_many_rows():
    text = "ФИО\n" + "Иванов\n" * 11
    assert len(read(text.encode(), max_rows=11).rows) == 11
    error = error_of(text.encode(), max_rows=10)
    assert (error.code, str(error)) == ("too_many_rows", "the list has more than 10 rows")
    rows = [["ФИО"], *(["Іваненко"] for _ in range(11))]
    assert error_of(xlsx(Sheet("S", rows)), max_rows=10).code == "too_many_rows"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04garbage", "a damaged ZIP archive"),
        (b"%PDF-1.7\n...", "a PDF document"),
        (b"<html><table><tr><td>1</td></tr></table></html>", "an HTML or XML file"),
        (b"\x00\x01\x02\x03binary\x00junk\x07\x08" * 10, "binary data, not text"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "damaged workbook"),
    ],
)
def test_unreadable(data, reason):
    error = error_of(data)
    assert error.code == "unreadable"
    assert error.params["reason"].startswith(reason)


def test_zip_that_is_not_a_spreadsheet_is_unreadable():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    error = error_of(buffer.getvalue(), "list.xlsx")
    assert error.code == "unreadable"
    assert "not a spreadsheet" in str(error)


def test_damaged_xlsx_is_unreadable():
    data = bytearray(xlsx(SIGHTINGS))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        offset = archive.getinfo("xl/worksheets/sheet1.xml").header_offset
    data[offset + 40 : offset + 200] = b"\xff" * 160
    assert error_of(bytes(data), "list.xlsx").code == "unreadable"


def test_no_sheet():
    error = error_of(xlsx(SIGHTINGS, OTHER), "x.xlsx", sheet="Лист1")
    assert error.code == "no_sheet"
    assert error.params == {"sheet": "Лист1", "available": "Список, Інше"}
    assert error_of(CSV_TEXT.encode(), sheet="Лист1").code == "no_sheet"


def test_no_header_when_no_row_is_text():
    error = error_of(b"1;2;3\n4;5;6\n")
    assert error.code == "no_header"
    assert str(error) == "no header row found in the first 10 rows"
