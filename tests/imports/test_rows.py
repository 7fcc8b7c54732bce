"""Row validation: every problem code at its exact row, clean rows, missing columns."""

from datetime import date

import pytest

from corridor.imports.rows import CleanRow, Problem, describe, validate
from corridor.imports.sheets import Table, read_table
from tests.imports.workbooks import Sheet, xlsx

REF = date(2025, 6, 15)
MAPPING = {"№": "record_id", "ФИО": "full_name", "Дата рождения": "date_of_birth", "Пол": "sex"}


def table(headers, rows, *, numbers=None, fmt="csv") -> Table:
    return Table(
        headers=headers,
        rows=rows,
        encoding="utf-8" if fmt == "csv" else None,
        sheet=None if fmt == "csv" else "Лист1",
        digest="0" * 64,
        row_numbers=numbers or list(range(2, len(rows) + 2)),
        header_row=1,
        format=fmt,
    )


def people(*rows, headers=("№", "ФИО", "Дата рождения", "Пол", "Примечание")) -> Table:
    return table(list(headers), [list(r) for r in rows])


def problems(report):
    return [(p.row, p.column, p.code) for p in report.problems]


def test_clean_list():
    report = validate(
        people(
            ["1", "Іваненко  Олена\u00a0Петрівна", "03.07.1961", "ж", "ліжкова\nпотребує візка"],
            ["2", "Ковальчук Ігор", "", "", ""],
        ),
        {**MAPPING, "Примечание": None},
        reference_date=REF,
    )
    assert report.ok
    assert report.rows_read == 2
    first, second = report.rows
    assert first == CleanRow(
        row=2,
        record_id="1",
        fields={"full_name": "Іваненко Олена Петрівна", "date_of_birth": "03.07.1961", "sex": "F"},
        extra={"Примечание": "ліжкова\nпотребує візка"},
        dob=first.dob,
    )
    assert first.dob is not None
    assert first.dob.candidates == ((1961, 7, 3),)
    assert (second.record_id, second.dob, second.fields["sex"]) == ("2", None, "")


def test_names_are_kept_as_typed_but_normalised():
    decomposed = "Йосип Ї\u0301жак"  # a combining accent; Й written as И + breve would be NFD
    report = validate(
        people(["1", "И\u0306осип\u200b  Ґудзь", "", "", ""], ["2", decomposed, "", "", ""]),
        MAPPING,
        reference_date=REF,
    )
    assert [r.fields["full_name"] for r in report.rows] == ["Йосип Ґудзь", decomposed]


def test_empty_name():
    report = validate(
        people(["1", "", "1961", "м", ""], ["2", "-", "", "", ""], ["3", "н/д", "", "", "x"]),
        MAPPING,
        reference_date=REF,
    )
    assert problems(report) == [
        (2, "ФИО", "empty_name"),
        (3, "ФИО", "empty_name"),
        (4, "ФИО", "empty_name"),
    ]
    assert not report.ok
    assert report.rows == []


def test_split_name_needs_one_of_its_parts():
    rows = [["Іваненко", "", ""], ["", "Олена", ""], ["", "", "Петрівна"]]
    headers = ["Прізвище", "Ім'я", "По батькові"]
    mapping = {"Прізвище": "family_name", "Ім'я": "given_name", "По батькові": "patronymic"}
    report = validate(table(headers, rows), mapping, reference_date=REF)
    assert problems(report) == [(4, "Прізвище", "empty_name")]
    assert [r.fields["family_name"] for r in report.rows] == ["Іваненко", ""]


@pytest.mark.parametrize(
    ("mapping", "missing"),
    [
        ({"ФИО": None}, ["full_name"]),
        ({"ФИО": "family_name"}, ["given_name"]),
        ({"ФИО": "given_name"}, ["family_name"]),
    ],
)
def test_missing_name_column_makes_every_row_invalid(mapping, missing):
    report = validate(people(["1", "Іваненко", "", "", ""]), mapping, reference_date=REF)
    assert report.missing_columns == missing
    assert report.rows == []
    assert not report.ok


def test_bad_date_rows_and_reasons():
    report = validate(
        people(
            ["1", "А", "31.02.1961", "", ""],
            ["2", "Б", "около 60 лет", "", ""],
            ["3", "В", "01.01.2030", "", ""],
            ["4", "Г", "1961?", "", ""],
            ["5", "Д", "12.05.1888", "", ""],
            ["6", "Е", "не помню", "", ""],
            ["7", "Ж", "1950-е", "", ""],
            ["8", "З", "31.02.1961", "", ""],
        ),
        MAPPING,
        reference_date=REF,
    )
    assert [(p.row, p.code, p.params) for p in report.problems] == [
        (2, "bad_date", {"value": "31.02.1961", "reason": "unreadable"}),
        (4, "bad_date", {"value": "01.01.2030", "reason": "future"}),
        (6, "bad_date", {"value": "12.05.1888", "reason": "too_old"}),
        (7, "bad_date", {"value": "не помню", "reason": "unreadable"}),
        (9, "bad_date", {"value": "31.02.1961", "reason": "unreadable"}),
    ]
    assert describe(report.problems[0]) == "row 2, column 'Дата рождения': bad date '31.02.1961'"
    assert describe(report.problems[1]).endswith("bad date '01.01.2030' (in the future)")


def test_excel_serial_in_a_workbook_date_column_is_a_date():
    sheet = table(["ФИО", "Дата рождения"], [["А", "22465"], ["Б", "1961"]], fmt="xlsx")
    report = validate(
        sheet, {"ФИО": "full_name", "Дата рождения": "date_of_birth"}, reference_date=REF
    )
    assert report.ok
    assert [r.fields["date_of_birth"] for r in report.rows] == ["1961-07-03", "1961"]
    as_csv = table(["ФИО", "Дата рождения"], [["А", "22465"]])
    bad = validate(
        as_csv, {"ФИО": "full_name", "Дата рождения": "date_of_birth"}, reference_date=REF
    )
    assert problems(bad) == [(2, "Дата рождения", "bad_date")]


def test_duplicate_id_every_occurrence_after_the_first():
    report = validate(
        people(
            ["7", "А", "", "", ""],
            ["8", "Б", "", "", ""],
            ["7", "В", "", "", ""],
            ["7", "Г", "", "", ""],
        ),
        MAPPING,
        reference_date=REF,
    )
    assert [(p.row, p.column, p.code, p.params) for p in report.problems] == [
        (4, "№", "duplicate_id", {"value": "7", "first_row": 2}),
        (5, "№", "duplicate_id", {"value": "7", "first_row": 2}),
    ]
    assert describe(report.problems[0]) == "row 4, column '№': duplicate id '7' (first on row 2)"


def test_record_id_defaults_to_the_spreadsheet_row_number():
    sheet = table(["ФИО"], [["А"], ["Б"]], numbers=[5, 9])
    report = validate(sheet, {"ФИО": "full_name"}, reference_date=REF)
    assert [r.record_id for r in report.rows] == ["5", "9"]
    blank_id = validate(
        people(["", "А", "", "", ""], ["2", "Б", "", "", ""]), MAPPING, reference_date=REF
    )
    assert problems(blank_id) == [(3, "№", "duplicate_id")]  # row 2's blank id became "2"


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://x")',
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1)",
        "-Иванов",
    ],
)
def test_formula(cell):
    report = validate(people(["1", "А", "", "", cell]), MAPPING, reference_date=REF)
    assert [(p.row, p.column, p.code, p.params) for p in report.problems] == [
        (2, "Примечание", "formula", {"value": cell})
    ]


@pytest.mark.parametrize("cell", ["+380 (50) 123-45-67", "-5", "-", "—", "--", "+", "1961-07-03"])
def test_numbers_phones_and_dashes_are_not_formulas(cell):
    assert validate(people(["1", "А", "", "", cell]), MAPPING, reference_date=REF).ok


@pytest.mark.parametrize(
    ("value", "sex"),
    [
        ("М", "M"),
        ("м.", "M"),
        ("муж", "M"),
        ("Чол.", "M"),
        ("ч", "M"),
        ("male", "M"),
        ("M", "M"),
        ("Ж", "F"),
        ("жен.", "F"),
        ("жінка", "F"),
        ("f", "F"),
        ("W", "F"),
        ("Female", "F"),
        ("", ""),
        ("?", ""),
        ("н/д", ""),
    ],
)
def test_sex_values(value, sex):
    report = validate(people(["1", "А", "", value, ""]), MAPPING, reference_date=REF)
    assert report.rows[0].fields["sex"] == sex


def test_bad_sex():
    report = validate(
        people(["1", "А", "", "М", ""], ["2", "Б", "", "мж", ""]), MAPPING, reference_date=REF
    )
    assert [(p.row, p.column, p.code, p.params) for p in report.problems] == [
        (3, "Пол", "bad_sex", {"value": "мж"})
    ]


def test_too_long():
    report = validate(
        people(["1", "А", "", "", "x" * 301], ["2", "Б", "", "", "y" * 300]),
        MAPPING,
        reference_date=REF,
    )
    assert [(p.row, p.code, p.params) for p in report.problems] == [
        (2, "too_long", {"length": 301, "max": 300})
    ]


def test_control_chars():
    report = validate(
        people(
            ["1", "Ива\x00нов", "", "", ""],
            ["2", "Б", "", "", "a\tb\nc"],
            ["3", "В", "", "", "\x1b[31m"],
        ),
        MAPPING,
        reference_date=REF,
    )
    assert [(p.row, p.column, p.code, p.params) for p in report.problems] == [
        (2, "ФИО", "control_chars", {"char": "U+0000"}),
        (4, "Примечание", "control_chars", {"char": "U+001B"}),
    ]


def test_problems_sorted_by_row_then_column_with_row_level_first():
    report = validate(
        people(["1", "", "xx", "мж", "=1"], ["1", "Б", "", "", ""]),
        MAPPING,
        reference_date=REF,
    )
    assert problems(report) == [
        (2, "ФИО", "empty_name"),
        (2, "Дата рождения", "bad_date"),
        (2, "Пол", "bad_sex"),
        (2, "Примечание", "formula"),
        (3, "№", "duplicate_id"),
    ]


def test_mapping_must_name_real_columns_and_fields_once():
    sheet = people(["1", "А", "", "", ""])
    with pytest.raises(ValueError, match="does not have"):
        validate(sheet, {"Фамилия": "family_name"}, reference_date=REF)
    with pytest.raises(ValueError, match="unknown field"):
        validate(sheet, {"ФИО": "name"}, reference_date=REF)
    with pytest.raises(ValueError, match="two columns"):
        validate(sheet, {"ФИО": "full_name", "Примечание": "full_name"}, reference_date=REF)


def test_describe_each_code():
    lines = [
        describe(Problem(3, "", "empty_name", {})),
        describe(Problem(4, "Пол", "bad_sex", {"value": "X"})),
        describe(Problem(5, "Примечание", "too_long", {"length": 301, "max": 300})),
        describe(Problem(6, "ФИО", "control_chars", {"char": "U+0000"})),
        describe(Problem(7, "ФИО", "formula", {"value": "=1+1"})),
        describe(Problem(8, "Д.р.", "bad_date", {"value": "1850", "reason": "too_old"})),
    ]
    assert lines == [
        "row 3: no name",
        "row 4, column 'Пол': sex not understood 'X'",
        "row 5, column 'Примечание': text too long (301 characters, at most 300)",
        "row 6, column 'ФИО': control character U+0000",
        "row 7, column 'ФИО': looks like a formula '=1+1'",
        "row 8, column 'Д.р.': bad date '1850' (before 1900)",
    ]


def test_from_a_workbook_end_to_end():
    rows = [
        ["Список", None, None, None],
        ["№", "ФИО", "Дата рождения", "Село"],
        [1, "Іваненко Олена", date(1961, 7, 3), "Суджа"],
        [2, "Іваненко Петро", "=1+1", None],
        [],
        [2, "", date(2030, 1, 1), "Мартинівка"],
    ]
    data = xlsx(Sheet("Лист1", rows, merged=["D3:D4"]))
    sheet = read_table(data, "list.xlsx")
    mapping = {
        "№": "record_id",
        "ФИО": "full_name",
        "Дата рождения": "date_of_birth",
        "Село": "settlement",
    }
    report = validate(sheet, mapping, reference_date=REF)
    assert [describe(p) for p in report.problems] == [
        "row 4, column 'Дата рождения': looks like a formula '=1+1'",
        "row 4, column 'Дата рождения': bad date '=1+1'",
        "row 6, column '№': duplicate id '2' (first on row 4)",
        "row 6, column 'ФИО': no name",
        "row 6, column 'Дата рождения': bad date '2030-01-01' (in the future)",
    ]
    assert [(r.row, r.fields["settlement"]) for r in report.rows] == [(3, "Суджа")]


def test_the_core_imports_nothing_from_django():
    import subprocess
    import sys

    code = (
        "import sys, corridor.imports.sheets, corridor.imports.rows, corridor.imports.sandbox;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
