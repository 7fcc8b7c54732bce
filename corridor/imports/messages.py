"""What each problem code of the reading and validation core means, in the user's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIELD_LABELS = {
    "record_id": gettext_lazy("id in the list"),
    "full_name": gettext_lazy("full name"),
    "family_name": gettext_lazy("family name"),
    "given_name": gettext_lazy("given name"),
    "patronymic": gettext_lazy("patronymic"),
    "maiden_name": gettext_lazy("maiden name"),
    "date_of_birth": gettext_lazy("date of birth"),
    "sex": gettext_lazy("sex"),
    "settlement": gettext_lazy("settlement"),
    "district": gettext_lazy("district"),
    "status": gettext_lazy("status"),
    "vulnerabilities": gettext_lazy("vulnerabilities"),
    "phone": gettext_lazy("phone"),
    "notes": gettext_lazy("notes"),
}


def field_label(field: str) -> str:
    return str(FIELD_LABELS.get(field, field))


def problem_text(code: str, params: dict[str, Any]) -> str:
    """One problem of a row or a file, as a sentence."""
    value = str(params.get("value", ""))[:60]
    texts = {
        "empty_name": _("no name in this row"),
        "bad_date": _("not a date of birth: “%(value)s”") % {"value": value},
        "duplicate_id": _("this id was already used in row %(row)s")
        % {"row": params.get("first_row", "?")},
        "formula": _("the cell starts like a spreadsheet formula: “%(value)s”") % {"value": value},
        "bad_sex": _("not a sex: “%(value)s”") % {"value": value},
        "too_long": _("the cell is too long (%(length)s characters)")
        % {"length": params.get("length", len(value))},
        "control_chars": _("the cell holds invisible control characters"),
        "empty": _("the file is empty"),
        "too_large": _("the file is larger than %(limit)s MB")
        % {"limit": int(params.get("limit", 0)) // 1_000_000},
        "too_many_rows": _("the file has more than %(limit)s rows")
        % {"limit": params.get("limit", "?")},
        "unreadable": _("the file is not a readable CSV, XLSX, XLS or ODS spreadsheet"),
        "encoding": _("the text is not in a known encoding near line %(line)s: save it as UTF-8")
        % {"line": params.get("line", "?")},
        "no_sheet": _("there is no sheet “%(sheet)s” in the file")
        % {"sheet": params.get("sheet", "")},
        "no_header": _("no header row found in the first rows"),
    }
    return texts.get(code, code)


def missing_column_text(field: str) -> str:
    if field == "name":
        return _(
            "no column is mapped to a name: map “full name”, or both “family name” and “given name”"
        )
    return _("no column is mapped to “%(field)s”") % {"field": field_label(field)}
