"""Headers of prisoner and detainee lists: the treaty fields (GC III art. 122) on top of the registry's.

A suggestion only, as in corridor.imports.columns: the person uploading confirms or changes it.
A header naming a treaty field ("Личный номер", "Звання", "Father's first name") is
recognised here first; every other header goes to the registry's suggestion, whose name and
date fields an entry shares. Framework-free.
"""

from __future__ import annotations

from corridor.imports.columns import normalise_header, suggest_mapping

__all__ = ["ENTRY_FIELDS", "REGISTRY_FIELD", "suggest"]

# Fields an exchange list entry takes from a spreadsheet, in the order a form shows them.
ENTRY_FIELDS: tuple[str, ...] = (
    "reference",
    "full_name",
    "family_name",
    "given_names",
    "patronymic",
    "date_of_birth",
    "sex",
    "rank",
    "serial_number",
    "unit",
    "place_of_birth",
    "father_name",
    "mother_maiden_name",
    "person_to_inform",
    "medical_category",
    "date_of_capture",
    "place_of_capture",
)
# Entry fields the registry's row validation checks (names, dates, sex, ids), by its names.
REGISTRY_FIELD = {
    "reference": "record_id",
    "full_name": "full_name",
    "family_name": "family_name",
    "given_names": "given_name",
    "patronymic": "patronymic",
    "date_of_birth": "date_of_birth",
    "sex": "sex",
}
_FROM_REGISTRY = {v: k for k, v in REGISTRY_FIELD.items()}

# normalised header -> treaty field (see corridor.imports.columns.normalise_header)
_TREATY: dict[str, tuple[str, ...]] = {
    "rank": (
        "звание", "воинское звание", "в звание", "звання", "військове звання", "rank", "grade",
    ),
    "serial_number": (
        "личный номер", "жетон", "номер жетона", "личный жетон", "особистий номер",
        "номер жетону", "serial number", "service number", "army number", "matricule",
        "personal number", "id tag", "id tag number",
    ),
    "unit": (
        "воинская часть", "в ч", "вч", "часть", "подразделение", "військова частина",
        "підрозділ", "unit", "military unit",
    ),
    "place_of_birth": ("место рождения", "місце народження", "place of birth", "birthplace"),
    "father_name": (
        "имя отца", "імя батька", "fathers first name", "fathers name", "father first name",
    ),
    "mother_maiden_name": (
        "девичья фамилия матери", "дівоче прізвище матері", "mothers maiden name",
        "фамилия матери до брака", "прізвище матері до шлюбу", "mother maiden name",
    ),
    "person_to_inform": (
        "кого известить", "лицо для уведомления", "кого уведомить", "кого повідомити",
        "особа для повідомлення", "person to inform", "person to be informed", "next of kin",
        "ближайший родственник", "найближчий родич",
    ),
    "medical_category": (
        "категория", "категорія", "category", "medical category", "состояние здоровья",
        "стан здоровя", "ранение", "поранення",
    ),
    "date_of_capture": (
        "дата пленения", "дата захвата", "дата задержания", "дата полону", "дата захоплення",
        "дата затримання", "date of capture", "captured", "date captured", "date of arrest",
    ),
    "place_of_capture": (
        "место пленения", "место задержания", "місце полону", "місце захоплення",
        "місце затримання", "place of capture", "place of arrest",
    ),
}  # fmt: skip
_TREATY_TABLE = {s: f for f, words in _TREATY.items() for s in words}


def treaty_field(header: str) -> str | None:
    """The treaty field a header names, or None."""
    return _TREATY_TABLE.get(normalise_header(header))


def suggest(headers: list[str]) -> dict[str, str | None]:
    """Each header's suggested entry field, or None to leave the column out."""
    treaty = {h: treaty_field(h) for h in headers}
    rest = [h for h in headers if treaty[h] is None]
    registry = suggest_mapping(rest)
    out: dict[str, str | None] = {}
    taken: set[str] = set()
    for header in headers:
        field = treaty[header] or _FROM_REGISTRY.get(registry.get(header) or "")
        if field in taken:
            field = None
        if field is not None:
            taken.add(field)
        out[header] = field
    return out
