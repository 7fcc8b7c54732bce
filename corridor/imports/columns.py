"""Which column holds what: header words in Russian, Ukrainian and English to record fields.

A suggestion only: the person uploading confirms or changes it. Rules, decided once:

- Headers are compared case- and punctuation-insensitively, ``ё`` as ``е``, apostrophes
  dropped (``Ім'я``, ``Імʼя``, ``Ім’я`` are one word), Latin look-alike letters inside a
  Cyrillic word folded to Cyrillic. A bilingual header (``Дата рождения / Date of birth``) or
  one with a note in brackets (``Дата рождения (дд.мм.гггг)``) is matched part by part.
- An exact match beats a header that merely starts with the words (``Дата рождения ребёнка``);
  each field goes to its best header, the leftmost on a tie, and each header to one field.
- A running number (``№``, ``№ п/п``, ``#``) becomes ``record_id`` only when no real
  identifier column (``ID``, ``Код``, ``Номер справи``…) exists: it is unique in the file and
  stable when the same file is uploaded again, which is all an id has to be.
- ``Адрес`` / ``Адреса`` / ``Address`` is not suggested as ``settlement``: an address is
  finer than a settlement and is sealed whereabouts once stored, so a person decides.
  ``Место проживания`` and the like usually hold just the village and are suggested weakly.
- ``Возраст`` / ``Вік`` / ``Age`` is not ``date_of_birth``: a bare ``61`` there is an age, in
  a date-of-birth column it is the year 1961.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["FIELDS", "header_field", "normalise_header", "suggest_mapping"]

FIELDS: tuple[str, ...] = (
    "record_id",
    "full_name",
    "family_name",
    "given_name",
    "patronymic",
    "maiden_name",
    "date_of_birth",
    "sex",
    "settlement",
    "district",
    "status",
    "vulnerabilities",
    "phone",
    "notes",
)

_EXACT, _PART, _PREFIX, _WEAK = 4, 3, 2, 1

# normalised header -> field; see normalise_header for the spelling these are written in
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "record_id": (
        "id", "ид", "іd", "код", "номер", "идентификатор", "ідентифікатор", "record id",
        "case id", "case number", "case no", "номер дела", "номер справи", "номер запроса",
        "номер запиту", "номер заявки", "регистрационный номер", "реєстраційний номер",
        "рег номер", "уникальный номер", "унікальний номер", "reference", "ref", "ref no",
        "reference number", "registration number", "uid",
    ),
    "full_name": (
        "фио", "ф и о", "піб", "пiб", "п і б", "фамилия имя отчество", "фамилия имя",
        "прізвище імя по батькові", "прізвище імя та по батькові", "прізвище та імя",
        "прізвище імя", "фио полностью", "полное имя", "повне імя", "name", "full name",
        "name surname", "surname name", "name and surname", "names", "person", "особа",
        "фамилия имя отчество полностью",
    ),
    "family_name": (
        "фамилия", "прізвище", "призвище", "прізвіще", "surname", "family name",
        "last name", "lastname", "фамилия текущая", "current surname",
    ),
    "given_name": (
        "имя", "імя", "им я", "first name", "firstname", "given name", "given names",
        "forename", "forenames",
    ),
    "patronymic": (
        "отчество", "по батькові", "побатькові", "патронім", "patronymic", "middle name",
        "fathers name", "father name",
    ),
    "maiden_name": (
        "девичья фамилия", "фамилия до брака", "фамилия при рождении", "дівоче прізвище",
        "прізвище до шлюбу", "прізвище при народженні", "maiden name", "birth name",
        "nee", "previous surname",
    ),
    "date_of_birth": (
        "дата рождения", "дата рожд", "др", "д р", "дата народження", "дата нар", "дн",
        "д н", "год рождения", "гр", "г р", "рік народження", "рн", "р н", "рік нар",
        "dob", "date of birth", "birth date", "birthdate", "born", "year of birth",
        "дата и год рождения", "число месяц год рождения",
    ),
    "sex": ("пол", "стать", "sex", "gender", "м ж", "ч ж", "m f", "пол м ж", "стать ч ж"),
    "settlement": (
        "населенный пункт", "нас пункт", "насп", "нас п", "нп", "н п", "населений пункт", "населенний пункт",
        "село", "місто", "город", "поселок", "селище", "смт", "пгт", "village", "town",
        "city", "settlement", "locality", "hromada settlement", "место", "місце",
    ),
    "district": ("район", "district", "raion", "rayon", "р н проживания"),
    "status": ("статус", "status", "стан", "состояние", "текущий статус", "current status"),
    "vulnerabilities": (
        "уязвимость", "уязвимости", "вразливість", "вразливості", "vulnerability",
        "vulnerabilities", "особые потребности", "особливі потреби", "special needs",
        "specific needs", "инвалидность", "інвалідність", "disability", "категория уязвимости",
        "категорія вразливості", "медицинские потребности", "медичні потреби", "medical needs",
    ),
    "phone": (
        "телефон", "тел", "моб", "мобильный", "мобільний", "номер телефона",
        "номер телефону", "контактный телефон", "контактний телефон", "phone", "tel",
        "mobile", "phone number", "telephone", "контакт", "контакты", "контакти", "contact",
    ),
    "notes": (
        "примечание", "примечания", "примітка", "примітки", "комментарий", "комментарии",
        "коментар", "коментарі", "comment", "comments", "notes", "note", "remarks",
        "дополнительная информация", "додаткова інформація", "additional information",
        "инфо", "info", "прим", "прим ка",
    ),
}  # fmt: skip
_WEAK_SYNONYMS: dict[str, tuple[str, ...]] = {
    "record_id": ("№", "№ пп", "№ зп", "пп", "зп", "n", "no", "nr", "#", "№№", "номер пп"),
    "settlement": (
        "место проживания", "место жительства", "місце проживання", "place of residence",
        "residence", "место нахождения", "місцезнаходження",
    ),
}  # fmt: skip

_TABLE: dict[str, str] = {s: f for f, words in _SYNONYMS.items() for s in words}
_WEAK_TABLE: dict[str, str] = {s: f for f, words in _WEAK_SYNONYMS.items() for s in words}

_APOSTROPHES = re.compile(r"['’ʼ`´‘\"«»]")
_RUNNING_NUMBER = re.compile(r"\b([пз])\s*/\s*п\b")  # п/п, з/п
_NOT_WORD = re.compile(r"[^\w№#]+")
_DOTS = re.compile(r"(?<=\w)\.(?=\w\.)|(?<=\b\w)\.")  # Ф.И.О. -> ФИО, but "нас. пункт" keeps
_PARTS = re.compile(r"[/|\n()\[\]]")
_LOOKALIKES = str.maketrans("aeopcxyikmthbi", "аеорсхуікмтнві")


def _fold_lookalikes(word: str) -> str:
    if any("\u0400" <= ch <= "\u04ff" for ch in word):
        return word.translate(_LOOKALIKES)
    return word


def normalise_header(text: str) -> str:
    """The comparable form of a header: lower case, no punctuation, one space between words."""
    text = unicodedata.normalize("NFC", text).lower().replace("ё", "е")
    text = _APOSTROPHES.sub("", text)
    text = _RUNNING_NUMBER.sub(r"\1п", text)
    text = _DOTS.sub("", text)
    words = _NOT_WORD.sub(" ", text).split()
    return " ".join(_fold_lookalikes(w) for w in words)


def _score(norm: str) -> tuple[str, int] | None:
    if norm in _TABLE:
        return _TABLE[norm], _EXACT
    if norm in _WEAK_TABLE:
        return _WEAK_TABLE[norm], _WEAK
    return None


def _classify(header: str) -> tuple[str, int] | None:
    norm = normalise_header(header)
    if not norm:
        return None
    if found := _score(norm):
        return found
    parts = [normalise_header(p) for p in _PARTS.split(header)]
    found_parts = [f for p in parts if p and (f := _score(p))]
    if found_parts:
        field, score = max(found_parts, key=lambda f: f[1])
        return field, min(score, _PART)
    words = norm.split()
    for size in range(len(words) - 1, 0, -1):
        if (prefix := " ".join(words[:size])) in _TABLE and len(prefix) > 2:
            return _TABLE[prefix], _PREFIX
    return None


def header_field(header: str) -> str | None:
    """The field a header names on its own, ignoring the other headers; None if unknown."""
    found = _classify(header)
    return found[0] if found else None


def suggest_mapping(headers: list[str]) -> dict[str, str | None]:
    """Each header's suggested field, or None to keep it as an extra column."""
    scored = [(h, _classify(h)) for h in headers]
    best: dict[str, tuple[int, int]] = {}  # field -> (score, -position)
    for position, (_, found) in enumerate(scored):
        if found is None:
            continue
        field, score = found
        if field not in best or (score, -position) > best[field]:
            best[field] = (score, -position)
    winners = {-position: field for field, (_, position) in best.items()}
    return {h: winners.get(i) for i, h in enumerate(headers)}
