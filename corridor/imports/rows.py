"""Every row of an uploaded list checked against a column mapping, problems as codes.

``validate`` never changes what a person typed beyond whitespace and Unicode form: names stay
as written (the linkage layer reads them), and a suspicious cell is reported, never
stripped. A list with any problem is not ``ok`` and must not be imported in part. Rules:

- A name is required: a column mapped to ``full_name``, or both ``family_name`` and
  ``given_name`` (else ``missing_columns`` names what is missing and no row is clean). A row
  has a name when its full name, family name or given name holds a letter (a person known by
  surname only is still a person); ``-``, ``?``, ``н/д`` and the like are not names.
- ``record_id`` is the mapped column's value, or the spreadsheet row number as text when no
  column is mapped or the cell is blank; a repeated id is a ``duplicate_id`` on every
  occurrence after the first.
- Dates of birth go through ``corridor.names.dates.parse_dob``; a date is bad only when it
  says nothing usable, lies in the future or entirely before 1900. In a workbook (not CSV) a
  five-digit whole number in the date-of-birth column is an Excel date serial, and the field
  holds the ISO date it stands for.
- ``sex`` is stored as ``M``, ``F`` or ``""`` (unknown, also for ``?``, ``-``, ``н/д``).
- Every cell, mapped or extra, is checked for formulas (``=``, ``+``, ``-``, ``@`` first,
  unless the cell is a plain number, phone number or date, or only dashes), control
  characters (C0 and C1 but tab and newline) and length (over ``MAX_CELL`` characters).
- Names and other single-line fields have runs of whitespace made one space; ``notes`` and
  extra columns keep their line breaks. Zero-width characters and soft hyphens are removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from corridor.imports.columns import FIELDS
from corridor.imports.sheets import Table
from corridor.names.dates import DateOfBirth, from_excel_serial, parse_dob

__all__ = ["MAX_CELL", "CleanRow", "Problem", "Report", "describe", "validate"]

MAX_CELL = 300
SHOWN = 100  # a problem's "value" parameter is the cell cut to this many characters
OLDEST_YEAR = 1900
CODES = (
    "empty_name",
    "bad_date",
    "duplicate_id",
    "formula",
    "bad_sex",
    "too_long",
    "control_chars",
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (``column`` is the file's header) or row (``""``)."""

    row: int
    column: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CleanRow:
    """A row without problems: its id, mapped fields (all but record_id), extra columns."""

    row: int
    record_id: str
    fields: dict[str, str]
    extra: dict[str, str]
    dob: DateOfBirth | None  # None when the list has no date-of-birth column or cell


@dataclass(frozen=True)
class Report:
    """What ``validate`` found: the clean rows and every problem, sorted by row and column."""

    rows: list[CleanRow]
    problems: list[Problem]
    missing_columns: list[str]
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        """Whether the whole list may be imported."""
        return not self.problems and not self.missing_columns


_SUSPECT = re.compile(r"^[=+\-@\t\r]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# +380 (50) 123-45-67, -5, 03.07.1961, 1961-07-03, "--": what a spreadsheet never evaluates
_PLAIN = re.compile(r"[+\-]?[\d\s().,/:\-]*\d[\d\s().,/:\-]*|[\-–—+\s]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))
_HAS_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
_LETTER = re.compile(r"[^\W\d_]")
_MULTILINE = frozenset({"notes"})
_NAME_FIELDS = ("full_name", "family_name", "given_name")
_NO_VALUE = frozenset(
    "нд н/д нет немає нема неизвестно невідомо неизв невідом unknown n/a na none nil".split()
)
_SEX = {
    "M": "м муж мужск мужской мужчина мальчик ч чол чолов чоловік чоловіча чоловічий "
    "хлопчик хлопець m male man boy masc",
    "F": "ж жен женск женский женщина девочка жін жінка жіноча жіночий дівчинка "
    "f w female woman girl fem",
}
_SEX_VALUES = {word: code for code, words in _SEX.items() for word in words.split()}


def _clean(value: str, multiline: bool) -> str:
    if value.isascii():
        return value if multiline else " ".join(value.split())
    if _HAS_INVISIBLE.search(value):
        value = value.translate(_INVISIBLE)
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    if multiline:
        return value.strip()
    return " ".join(value.split())


def _has_name(value: str) -> bool:
    return _LETTER.search(value) is not None and value.lower() not in _NO_VALUE


def _sex(value: str) -> str | None:
    word = value.lower().strip(" .").replace("ё", "е")
    if not word or not any(ch.isalnum() for ch in word) or word in _NO_VALUE:
        return ""
    return _SEX_VALUES.get(word)


def _check_cell(cell: str) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    if len(cell) > MAX_CELL:
        found.append(("too_long", {"length": len(cell), "max": MAX_CELL}))
    if cell[0] in "=+-@\t\r" and not _PLAIN.fullmatch(cell):
        found.append(("formula", {"value": cell[:SHOWN]}))
    if control := _CONTROL.search(cell):
        found.append(("control_chars", {"char": f"U+{ord(control.group()):04X}"}))
    return found


class _Dates:
    """parse_dob once per distinct text; the reason a text is not a date of birth."""

    def __init__(self, reference: date, serials: bool) -> None:
        self.reference = reference
        self.serials = serials
        self.cache: dict[str, tuple[DateOfBirth, str, str | None]] = {}

    def read(self, text: str) -> tuple[DateOfBirth, str, str | None]:
        """The parse, the text to store, and why it is bad (None when it is good)."""
        if (hit := self.cache.get(text)) is None:
            hit = self.cache[text] = self._read(text)
        return hit

    def _read(self, text: str) -> tuple[DateOfBirth, str, str | None]:
        if self.serials and len(text) == 5 and text.isdigit() and text.isascii():
            dob = from_excel_serial(int(text), reference=self.reference)
            if dob.known:
                year, month, day = dob.candidates[0]
                return dob, date(year, month or 1, day or 1).isoformat(), None
        dob = parse_dob(text, self.reference)
        if dob.known:
            assert dob.year_max is not None
            return dob, text, "too_old" if dob.year_max < OLDEST_YEAR else None
        if parse_dob(text, date(9999, 12, 31)).known:
            return dob, text, "future"
        if any(1000 <= int(y) < OLDEST_YEAR for y in re.findall(r"(?<!\d)\d{4}(?!\d)", text)):
            return dob, text, "too_old"
        return dob, text, "unreadable"


def _check_mapping(table: Table, mapping: dict[str, str | None]) -> dict[str, int]:
    columns: dict[str, int] = {}
    position = {header: i for i, header in enumerate(table.headers)}
    for header, target in mapping.items():
        if header not in position:
            raise ValueError(f"mapping names a column the table does not have: {header!r}")
        if target is None:
            continue
        if target not in FIELDS:
            raise ValueError(f"unknown field {target!r}")
        if target in columns:
            raise ValueError(f"field {target!r} is mapped from two columns")
        columns[target] = position[header]
    return columns


def _missing(columns: dict[str, int]) -> list[str]:
    if "full_name" in columns or ("family_name" in columns and "given_name" in columns):
        return []
    if "family_name" in columns:
        return ["given_name"]
    if "given_name" in columns:
        return ["family_name"]
    return ["full_name"]


def validate(table: Table, mapping: dict[str, str | None], *, reference_date: date) -> Report:
    """Check every row of ``table`` under ``mapping`` (header -> field or None)."""
    columns = _check_mapping(table, mapping)
    missing = _missing(columns)
    headers = table.headers
    field_of = {index: name for name, index in columns.items()}
    name_columns = [columns[f] for f in _NAME_FIELDS if f in columns]
    id_column = columns.get("record_id")
    dob_column = columns.get("date_of_birth")
    sex_column = columns.get("sex")
    dates = _Dates(reference_date, serials=table.format != "csv")
    multiline = [field_of.get(i, "notes") in _MULTILINE for i in range(len(headers))]
    first_row_of: dict[str, int] = {}
    problems: list[tuple[int, int, Problem]] = []
    clean: list[CleanRow] = []

    for number, cells in zip(table.row_numbers, table.rows, strict=True):
        found: list[tuple[int, str, dict[str, Any]]] = []
        for index, cell in enumerate(cells):
            if (cell and _SUSPECT.search(cell)) or len(cell) > MAX_CELL:
                found.extend((index, code, params) for code, params in _check_cell(cell))
        values = {index: _clean(cell, multiline[index]) for index, cell in enumerate(cells)}
        if not missing and not any(_has_name(values[i]) for i in name_columns):
            found.append((name_columns[0], "empty_name", {}))
        record_id = values[id_column] if id_column is not None else ""
        record_id = record_id or str(number)
        if (first := first_row_of.setdefault(record_id, number)) != number:
            at = -1 if id_column is None else id_column
            found.append((at, "duplicate_id", {"value": record_id[:SHOWN], "first_row": first}))
        dob = None
        if dob_column is not None and values[dob_column]:
            dob, values[dob_column], reason = dates.read(values[dob_column])
            if reason is not None:
                found.append(
                    (dob_column, "bad_date", {"value": cells[dob_column][:SHOWN], "reason": reason})
                )
        if sex_column is not None:
            sex = _sex(values[sex_column])
            if sex is None:
                found.append((sex_column, "bad_sex", {"value": values[sex_column][:SHOWN]}))
            else:
                values[sex_column] = sex
        for index, code, params in found:
            column = headers[index] if index >= 0 else ""
            problems.append((number, index, Problem(number, column, code, params)))
        if found or missing:
            continue
        clean.append(
            CleanRow(
                row=number,
                record_id=record_id,
                fields={f: values[i] for f, i in columns.items() if f != "record_id"},
                extra={headers[i]: v for i, v in values.items() if i not in field_of},
                dob=dob,
            )
        )
    problems.sort(key=lambda item: (item[0], item[1]))
    return Report(
        rows=clean,
        problems=[p for _, _, p in problems],
        missing_columns=missing,
        rows_read=len(table.rows),
    )


_DESCRIPTIONS = {
    "empty_name": "no name",
    "bad_date": "bad date {value!r}{why}",
    "duplicate_id": "duplicate id {value!r} (first on row {first_row})",
    "formula": "looks like a formula {value!r}",
    "bad_sex": "sex not understood {value!r}",
    "too_long": "text too long ({length} characters, at most {max})",
    "control_chars": "control character {char}",
}
_WHY = {"future": " (in the future)", "too_old": f" (before {OLDEST_YEAR})", "unreadable": ""}


def describe(problem: Problem) -> str:
    """An English one-liner for the command line: ``row 7, column 'X': bad date '31.02.1961'``."""
    where = f"row {problem.row}" + (f", column {problem.column!r}" if problem.column else "")
    template = _DESCRIPTIONS.get(problem.code, problem.code)
    params = {**problem.params, "why": _WHY.get(problem.params.get("reason", ""), "")}
    try:
        text = template.format(**params)
    except (KeyError, IndexError, ValueError):
        text = f"{problem.code} {problem.params}"
    return f"{where}: {text}"
