"""PFIF records as registry rows and back: what a PFIF person becomes, and what a person is in PFIF.

A PFIF person is kept whole in its SourceRecord: the fields the registry maps (names, date of
birth, sex, home address) under ``fields``, every other field under ``extra``, with its notes
and extension elements as JSON text (``extra`` holds strings only, as for spreadsheet rows).
Notes outside any person and top-level extension elements get a row of their own, without a
person. From these rows the document is written back exactly as it was read.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from collections.abc import Callable
from typing import Any

from corridor.interop.pfif import (
    NOTE_FIELDS,
    PERSON_FIELDS,
    PfifDocument,
    PfifNote,
    PfifPerson,
    date_of_birth_parts,
    format_datetime,
    home_place,
    parse_datetime,
    split_name,
)
from corridor.names.patronymics import is_patronymic
from corridor.registry.models import Person, PersonStatus, Settlement, Sex, SourceRecord

# The PFIF person fields the registry reads; they go to SourceRecord.fields, the rest to extra.
MAPPED_FIELDS = (
    "full_name",
    "given_name",
    "family_name",
    "alternate_names",
    "sex",
    "date_of_birth",
    "age",
    "home_street",
    "home_neighborhood",
    "home_city",
    "home_state",
    "home_postal_code",
    "home_country",
)
# Shown with the list as its column mapping: PFIF element -> registry field.
LIST_MAPPING = {
    "person_record_id": "record_id",
    "full_name": "full_name",
    "family_name": "family_name",
    "given_name": "given_name",
    "date_of_birth": "date_of_birth",
    "sex": "sex",
    "home_city": "settlement",
    "home_state": "district",
    "note.status": "status",
}
# extra["pfif"]: what a row holds.
PERSON, NOTE, EXTENSION = "person", "note", "extension"

_SEX = {"female": Sex.FEMALE, "male": Sex.MALE}
_PFIF_SEX: dict[str, str] = {Sex.FEMALE: "female", Sex.MALE: "male"}
_STATUS = {
    "believed_missing": PersonStatus.MISSING,
    "information_sought": PersonStatus.MISSING,  # someone is looking for them: a sought person
    "believed_dead": PersonStatus.DECEASED,
}
_PFIF_STATUS = {
    PersonStatus.MISSING: "believed_missing",
    PersonStatus.DECEASED: "believed_dead",
    PersonStatus.STAYING: "believed_alive",
    PersonStatus.WISHES_TO_LEAVE: "believed_alive",
    PersonStatus.LEFT: "believed_alive",
}
_AGE = re.compile(r"(\d{1,3})(?:-(\d{1,3}))?")


@dataclasses.dataclass(frozen=True)
class Row:
    """One SourceRecord to be: a person (with its notes), a loose note or an extension element."""

    record_id: str
    fields: dict[str, str]
    extra: dict[str, str]
    person: PfifPerson | None = None


def rows_of(doc: PfifDocument) -> list[Row]:
    """The document as rows, persons first, in the order ``serialise`` writes them back."""
    rows = []
    for p in doc.persons:
        values = {f: getattr(p, f) for f in PERSON_FIELDS}
        extra = {f: v for f, v in values.items() if v and f not in MAPPED_FIELDS}
        if p.notes:
            extra["notes"] = json.dumps([_note_json(n) for n in p.notes], ensure_ascii=False)
        if p.extra:
            extra["xml_extra"] = json.dumps(list(p.extra), ensure_ascii=False)
        fields = {f: values[f] for f in MAPPED_FIELDS if values[f]}
        rows.append(Row(p.person_record_id, fields, {"pfif": PERSON, **extra}, p))
    for i, note in enumerate(doc.orphan_notes, start=1):
        note_json = json.dumps(_note_json(note), ensure_ascii=False)
        rows.append(Row(note.note_record_id or f"#note-{i}", {}, {"pfif": NOTE, "note": note_json}))
    for i, fragment in enumerate(doc.extra, start=1):
        rows.append(Row(f"#extension-{i}", {}, {"pfif": EXTENSION, "xml": fragment}))
    return rows


def _note_json(note: PfifNote) -> dict[str, Any]:
    values = dataclasses.asdict(note)
    values["extra"] = list(note.extra)
    return {k: v for k, v in values.items() if v not in ("", None, [])}


def _note_of(values: dict[str, Any]) -> PfifNote:
    known = {k: v for k, v in values.items() if k in NOTE_FIELDS}
    return PfifNote(**known, extra=tuple(values.get("extra", ())))


def status_of(pfif_status: str | None) -> str:
    """The registry status a PFIF status stands for (believed alive: just registered)."""
    return _STATUS.get(pfif_status or "", PersonStatus.REGISTERED)


def person_of(
    p: PfifPerson, settlement_of: Callable[[str], Settlement | None] = lambda _text: None
) -> Person:
    """A registry person (unsaved, without organisation) for a PFIF person.

    `settlement_of` finds the registry's settlement a place text names (imports.writing).
    """
    family, given = split_name(p)
    given, patronymic = _patronymic_apart(given)
    year, month, day = date_of_birth_parts(p)
    birth_note = "" if year else (p.date_of_birth or _birth_years_from_age(p))
    settlement = settlement_of(p.home_city) if p.home_city else None
    return Person(
        family_name=family[:120],
        given_name=given[:120],
        patronymic=patronymic[:120],
        birth_year=year,
        birth_month=month,
        birth_day=day,
        birth_note=birth_note[:60],
        sex=_SEX.get(p.sex, Sex.UNKNOWN),
        settlement=settlement,
        place_note=home_place(p)[:200],
        status=status_of(p.status()),
        alternate_names=_other_names(p, family, given, patronymic),
    )


def _patronymic_apart(given: str) -> tuple[str, str]:
    words = given.split()
    if len(words) > 1 and is_patronymic(words[-1]):
        return " ".join(words[:-1]), words[-1]
    return given, ""


def _birth_years_from_age(p: PfifPerson) -> str:
    """An age (N or N-M) at the record's date as the years of birth it allows: "1954-1965"."""
    m = _AGE.fullmatch(p.age.strip())
    when = parse_datetime(p.source_date) or parse_datetime(p.entry_date)
    if not m or when is None:
        return ""
    youngest, oldest = int(m[1]), int(m[2] or m[1])
    if oldest < youngest:
        return ""
    return f"{when.year - oldest - 1}-{when.year - youngest}"


def _other_names(p: PfifPerson, family: str, given: str, patronymic: str) -> list[str]:
    """Every written form of the name except the one the registry holds: other lines, scripts."""
    own = " ".join(w for w in (family, given, patronymic) if w)
    own_forms = {own.casefold(), " ".join(w for w in (given, patronymic, family) if w).casefold()}
    out: list[str] = []
    for line in [*p.full_name.splitlines(), *p.alternate_names.splitlines()]:
        name = " ".join(line.split())
        if name and name.casefold() not in own_forms and name not in out:
            out.append(name)
    return out


# --- back to PFIF ---


def original_person(row: SourceRecord) -> PfifPerson:
    """The PFIF person of an imported row, with its notes, as it was read."""
    values = {k: v for k, v in {**row.fields, **row.extra}.items() if k in PERSON_FIELDS}
    notes = tuple(_note_of(n) for n in json.loads(row.extra.get("notes", "[]")))
    extra = tuple(json.loads(row.extra.get("xml_extra", "[]")))
    return PfifPerson(**values, notes=notes, extra=extra)


def original_note(row: SourceRecord) -> PfifNote:
    return _note_of(json.loads(row.extra["note"]))


def built_person(person: Person, fields: frozenset[str], domain: str) -> PfifPerson:
    """A registry person in PFIF, from the fields the reader may see; sealed ones never."""

    def text(name: str) -> str:
        return str(getattr(person, name) or "") if name in fields else ""

    family = text("family_name")
    given = " ".join(w for w in (text("given_name"), text("patronymic")) if w)
    created = format_datetime(person.created_at) if "created_at" in fields else ""
    record_id = f"{domain}/person.{person.pk}"
    place = ""
    if "settlement" in fields and person.settlement is not None:
        place = person.settlement.name_latin
    elif "place_note" in fields:
        place = person.place_note
    note = status_note(person, record_id, fields, domain, registered_as=PersonStatus.REGISTERED)
    return PfifPerson(
        person_record_id=record_id,
        entry_date=created,
        source_name=person.organisation.name if "organisation" in fields else "",
        source_date=created,
        full_name=" ".join(w for w in (family, given) if w),
        given_name=given,
        family_name=family,
        alternate_names="\n".join(person.alternate_names) if "alternate_names" in fields else "",
        sex=_PFIF_SEX.get(person.sex, "") if "sex" in fields else "",
        date_of_birth=_date_of_birth(person, fields),
        home_city=place,
        notes=(note,) if note else (),
    )


def _date_of_birth(person: Person, fields: frozenset[str]) -> str:
    year = person.birth_year if "birth_year" in fields else None
    month = person.birth_month if "birth_month" in fields else None
    day = person.birth_day if "birth_day" in fields else None
    if not year:
        return ""
    if month and day:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def status_note(
    person: Person, record_id: str, fields: frozenset[str], domain: str, *, registered_as: str
) -> PfifNote | None:
    """A note carrying the person's status when it says more than ``registered_as`` did."""
    if "status" not in fields or person.status == registered_as:
        return None
    status = _PFIF_STATUS.get(PersonStatus(person.status), "")
    if not status:
        return None
    moment = person.updated_at if "updated_at" in fields else datetime.datetime.now(tz=datetime.UTC)
    author = person.organisation.name if "organisation" in fields else domain
    return PfifNote(
        note_record_id=f"{domain}/note.{person.pk}.{person.status}",
        person_record_id=record_id,
        author_name=author,
        source_date=format_datetime(moment),
        entry_date=format_datetime(moment),
        status=status,
    )
