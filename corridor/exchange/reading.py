"""A read table and a column mapping to exchange list entries, checked by the registry's row rules.

Framework-free. The registry's validation (corridor.imports.rows) checks names, dates, sex,
ids, formulas, control characters and lengths of every cell; treaty columns go through it as
extra columns, so they are checked the same way. On top, a medical category must be one this
module understands. A list with any problem is not imported at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from corridor.exchange.columns import ENTRY_FIELDS, REGISTRY_FIELD
from corridor.imports.rows import Problem, validate
from corridor.imports.sheets import Table
from corridor.names.parse import parse_name

__all__ = ["EntryRow", "ListReport", "medical_category", "read_entries"]

_SEVERELY_WOUNDED = re.compile(
    r"тяжел\w*\s*ранен|тяжелоранен|важк\w*\s*поранен|severe\w*\s*wound|wounded", re.IGNORECASE
)
_SERIOUSLY_ILL = re.compile(
    r"тяжел\w*\s*бол|тяжелобол|важк\w*\s*хвор|serious\w*\s*ill|sick|ill\b", re.IGNORECASE
)
_NONE = frozenset({"", "-", "—", "нет", "немає", "ні", "none", "no", "n/a", "н/д"})


def medical_category(text: str) -> str | None:
    """``severely_wounded``, ``seriously_ill``, ``""`` (none), or None when not understood."""
    value = " ".join(text.split()).strip(" .").lower()
    if value in _NONE:
        return ""
    if _SEVERELY_WOUNDED.search(value):
        return "severely_wounded"
    if _SERIOUSLY_ILL.search(value):
        return "seriously_ill"
    return None


@dataclass(frozen=True)
class EntryRow:
    """One clean row: the spreadsheet row number and the entry's fields as text."""

    row: int
    fields: dict[str, str]


@dataclass(frozen=True)
class ListReport:
    """The clean rows and every problem; importable only when there is no problem at all."""

    rows: list[EntryRow]
    problems: list[Problem]
    missing_columns: list[str]
    rows_read: int

    @property
    def ok(self) -> bool:
        return not self.problems and not self.missing_columns and bool(self.rows)


def _names(fields: dict[str, str]) -> dict[str, str]:
    """A whole name split into surname, first names and patronymic (split columns win)."""
    full = fields.pop("full_name", "")
    if not full or fields.get("family_name"):
        return fields
    parsed = parse_name(full)
    if parsed.family:
        fields["family_name"] = " ".join(parsed.family)
        fields.setdefault("given_names", " ".join(parsed.given))
        if parsed.patronymic:
            fields.setdefault("patronymic", parsed.patronymic)
    else:
        fields["family_name"] = full
    return fields


def read_entries(
    table: Table, mapping: dict[str, str | None], *, reference_date: date
) -> ListReport:
    """Check every row of ``table`` under ``mapping`` (header -> entry field or None)."""
    for target in mapping.values():
        if target is not None and target not in ENTRY_FIELDS:
            raise ValueError(f"unknown field {target!r}")
    registry_mapping = {h: REGISTRY_FIELD.get(t or "") for h, t in mapping.items()}
    treaty_columns = {h: t for h, t in mapping.items() if t is not None and t not in REGISTRY_FIELD}
    report = validate(table, registry_mapping, reference_date=reference_date)
    problems = list(report.problems)
    rows: list[EntryRow] = []
    has_reference = "reference" in mapping.values()
    for clean in report.rows:
        fields = {
            entry: clean.fields[registry]
            for entry, registry in REGISTRY_FIELD.items()
            if registry in clean.fields and registry != "record_id"
        }
        if has_reference:
            fields["reference"] = clean.record_id
        for header, target in treaty_columns.items():
            fields[target] = clean.extra.get(header, "")
        if "medical_category" in fields:
            category = medical_category(fields["medical_category"])
            if category is None:
                column = next(h for h, t in treaty_columns.items() if t == "medical_category")
                value = fields["medical_category"][:100]
                problems.append(Problem(clean.row, column, "bad_category", {"value": value}))
                continue
            fields["medical_category"] = category
        rows.append(EntryRow(clean.row, _names(fields)))
    problems.sort(key=lambda p: (p.row, p.column))
    return ListReport(rows, problems, list(report.missing_columns), report.rows_read)
