"""PFIF, the People Finder Interchange Format: records, reading, writing and validation.

Public interface (spec: PFIF 1.4, 29 May 2012, zesty.ca/pfif/1.4; 1.1–1.3 for reading):

- ``parse(data)`` reads a PFIF 1.1, 1.2, 1.3 or 1.4 document into a ``PfifDocument``;
  hostile or broken input raises ``PfifError`` and nothing else.
- ``serialise(doc_or_persons)`` writes PFIF 1.4 as UTF-8 bytes, fields in the spec's order.
- ``validate(data)`` lists what breaks the PFIF 1.4 schema rules (``[]`` when valid).
- ``split_name``, ``home_place`` and ``date_of_birth_parts`` map a person to the registry's
  fields; ``parse_datetime`` and ``format_datetime`` convert PFIF dates.

Reading is lenient and keeps everything: values lose only the whitespace around them, older
field names take their 1.4 names (first_name → given_name, last_name → family_name,
other → description, home_zip → home_postal_code, found → author_made_contact), and every
element that is not a field (extensions, repeats, values that cannot be typed) is kept as an
XML fragment in ``extra`` and written back by ``serialise``. Dates stay strings in PFIF form.
A field that is absent and one that is empty both read as ``""``.

The work is done in pfif_read and pfif_write, imported when first called since they build
on the records defined here. Nothing here imports Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from corridor.names.parse import parse_name

__all__ = [
    "DEFAULT_MAX_BYTES",
    "NAMESPACES",
    "NOTE_FIELDS",
    "PERSON_FIELDS",
    "PFIF_1_4",
    "RENAMED_FIELDS",
    "REQUIRED_NOTE_FIELDS",
    "REQUIRED_PERSON_FIELDS",
    "SEX_VALUES",
    "STATUS_VALUES",
    "PfifDocument",
    "PfifError",
    "PfifNote",
    "PfifPerson",
    "date_of_birth_parts",
    "format_datetime",
    "home_place",
    "parse",
    "parse_datetime",
    "serialise",
    "split_name",
    "validate",
]

NAMESPACES = {v: f"http://zesty.ca/pfif/{v}" for v in ("1.1", "1.2", "1.3", "1.4")}
PFIF_1_4 = NAMESPACES["1.4"]

# The 1.4 fields in the order of the spec's data model, which is the order written.
PERSON_FIELDS = (
    "person_record_id",
    "entry_date",
    "expiry_date",
    "author_name",
    "author_email",
    "author_phone",
    "source_name",
    "source_date",
    "source_url",
    "full_name",
    "given_name",
    "family_name",
    "alternate_names",
    "description",
    "sex",
    "date_of_birth",
    "age",
    "home_street",
    "home_neighborhood",
    "home_city",
    "home_state",
    "home_postal_code",
    "home_country",
    "photo_url",
    "profile_urls",
)
NOTE_FIELDS = (
    "note_record_id",
    "person_record_id",
    "linked_person_record_id",
    "entry_date",
    "author_name",
    "author_email",
    "author_phone",
    "source_date",
    "author_made_contact",
    "status",
    "email_of_found_person",
    "phone_of_found_person",
    "last_known_location",
    "text",
    "photo_url",
)
REQUIRED_PERSON_FIELDS = ("person_record_id", "source_date", "full_name")
# A note outside its person also needs person_record_id. The 1.4 schema lists text without
# "?" while the prose makes it optional; it is not required here, but always written.
REQUIRED_NOTE_FIELDS = ("note_record_id", "author_name", "source_date")

# Names that earlier versions used for a 1.4 field.
RENAMED_FIELDS = {
    "first_name": "given_name",  # renamed in 1.4
    "last_name": "family_name",  # renamed in 1.4
    "other": "description",  # replaced in 1.4
    "home_zip": "home_postal_code",  # renamed in 1.2
    "found": "author_made_contact",  # renamed in 1.4
}

SEX_VALUES = ("female", "male", "other")
STATUS_VALUES = (
    "information_sought",
    "is_note_author",
    "believed_alive",
    "believed_missing",
    "believed_dead",
)

DEFAULT_MAX_BYTES = 64 * 1024 * 1024

_APPROX_DATE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")
_DATETIME = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?Z")
_OLDEST = datetime.min.replace(tzinfo=UTC)


class PfifError(Exception):
    """A document could not be read as PFIF; the message names the line and element."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass(frozen=True, kw_only=True)
class PfifNote:
    """One PFIF 1.4 note: something someone reported about a person at a time."""

    note_record_id: str = ""
    person_record_id: str = ""
    linked_person_record_id: str = ""
    entry_date: str = ""
    author_name: str = ""
    author_email: str = ""
    author_phone: str = ""
    source_date: str = ""
    author_made_contact: bool | None = None
    status: str = ""
    email_of_found_person: str = ""
    phone_of_found_person: str = ""
    last_known_location: str = ""
    text: str = ""
    photo_url: str = ""
    extra: tuple[str, ...] = ()  # elements that are not 1.4 fields, as XML fragments


@dataclass(frozen=True, kw_only=True)
class PfifPerson:
    """One PFIF 1.4 person record with the notes attached to it."""

    person_record_id: str = ""
    entry_date: str = ""
    expiry_date: str = ""
    author_name: str = ""
    author_email: str = ""
    author_phone: str = ""
    source_name: str = ""
    source_date: str = ""
    source_url: str = ""
    full_name: str = ""
    given_name: str = ""
    family_name: str = ""
    alternate_names: str = ""
    description: str = ""
    sex: str = ""
    date_of_birth: str = ""
    age: str = ""
    home_street: str = ""
    home_neighborhood: str = ""
    home_city: str = ""
    home_state: str = ""
    home_postal_code: str = ""
    home_country: str = ""
    photo_url: str = ""
    profile_urls: str = ""
    notes: tuple[PfifNote, ...] = ()
    extra: tuple[str, ...] = ()  # elements that are not 1.4 fields, as XML fragments

    def status(self) -> str | None:
        """The status of the newest note that has one (by source_date, then entry_date).

        As Person Finder's latest_status: a note without a status does not clear it, and a
        backdated note does not override a newer one. Ties go to the later note.
        """
        dated = [
            (_sort_key(n.source_date), _sort_key(n.entry_date), i, n.status)
            for i, n in enumerate(self.notes)
            if n.status
        ]
        return max(dated)[3] if dated else None


@dataclass(frozen=True, kw_only=True)
class PfifDocument:
    """A PFIF document: persons with their notes, and notes whose person is not in it."""

    version: str = "1.4"
    persons: tuple[PfifPerson, ...] = ()
    orphan_notes: tuple[PfifNote, ...] = ()
    extra: tuple[str, ...] = ()  # top-level elements that are neither person nor note


def parse(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> PfifDocument:
    """Read a PFIF 1.1–1.4 document; notes outside a person are attached to it if present.

    Raises PfifError for anything that is not a readable PFIF document: malformed or
    truncated XML, a DTD or entity (billion laughs, external entities), a root that is not
    pfif:pfif, more than ``max_bytes`` bytes, or absurdly deep nesting.
    """
    from corridor.interop import pfif_read

    return pfif_read.parse(data, max_bytes=max_bytes)


def serialise(records: PfifDocument | Iterable[PfifPerson], *, version: str = "1.4") -> bytes:
    """Write PFIF 1.4 as UTF-8; empty optional fields are left out, required ones never.

    Values are written as they are (characters XML cannot carry are dropped); whether they
    satisfy the schema is ``validate``'s business.
    """
    from corridor.interop import pfif_write

    return pfif_write.serialise(records, version=version)


def validate(
    data: bytes, *, canonical_order: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[str]:
    """Problems against the PFIF 1.4 schema rules, one line each; ``[]`` when valid.

    Checks required fields, repeats, record ids ("domain/id"), dates (YYYY-MM-DDTHH:MM:SSZ),
    sex, status, booleans, dates of birth, ages, country codes, e-mail and phone forms, and
    fields unknown to 1.4. PFIF 1.3 and 1.4 let fields come in any order; with
    ``canonical_order`` a field out of the spec's order is reported too (as 1.1 required).
    A document that is not PFIF at all raises PfifError as ``parse`` does.
    """
    from corridor.interop import pfif_read

    return pfif_read.validate(data, canonical_order=canonical_order, max_bytes=max_bytes)


def parse_datetime(value: str) -> datetime | None:
    """A PFIF date (YYYY-MM-DDTHH:MM:SS[.fff]Z) as an aware UTC datetime; None if it is not one."""
    m = _DATETIME.fullmatch(value.strip())
    if not m:
        return None
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    micro = int((m[7] or "")[:6].ljust(6, "0"))
    try:
        return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)
    except ValueError:  # 2000-02-30 and the like
        return None


def format_datetime(moment: datetime) -> str:
    """An aware datetime in PFIF form, in UTC and to the second: 2000-01-16T04:05:06Z."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("PFIF dates are UTC: give an aware datetime")
    u = moment.astimezone(UTC)
    return f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}Z"


def _sort_key(value: str) -> datetime:
    return parse_datetime(value) or _OLDEST


def split_name(person: PfifPerson) -> tuple[str, str]:
    """(family, given) for the registry: given_name/family_name when present, else full_name.

    full_name's first line is cut at a comma ("Family, Given"), else by the order that
    corridor.names finds (a patronymic, initials, known given names); when nothing decides,
    Cyrillic puts the family name first and Latin last (with its lower-case particles: de la
    Cruz). A patronymic stays with the given name. Words are returned as written, not
    normalised.
    """
    family, given = person.family_name.strip(), person.given_name.strip()
    if family and given:
        return family, given
    line = next((ln.strip() for ln in person.full_name.splitlines() if ln.strip()), "")
    from_full = _split_full_name(" ".join(line.split()))
    if not (family or given):
        return from_full
    # One part given: take the other from full_name only where full_name agrees with it.
    if family and from_full[0].casefold() == family.casefold():
        return family, from_full[1]
    if given and from_full[1].casefold() == given.casefold():
        return from_full[0], given
    return family, given


def _split_full_name(line: str) -> tuple[str, str]:
    if not line:
        return "", ""
    if "," in line:
        family, _, given = line.partition(",")
        return family.strip(), given.strip()
    words = line.split(" ")
    parsed = parse_name(line)
    if len(words) == 1:
        return ("", line) if parsed.given and not parsed.family else (line, "")
    order = parsed.order
    if order == "unknown":
        order = "family_first" if parsed.script == "cyrillic" else "given_first"
    if order == "family_first":
        return words[0], " ".join(words[1:])
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].islower():  # particles: Maria de la Cruz, Jan van Dijk
        cut -= 1
    return " ".join(words[cut:]), " ".join(words[:cut])


def home_place(person: PfifPerson) -> str:
    """The home address on one line, most precise part first: "street, city, state, UA"."""
    parts = (
        person.home_street,
        person.home_neighborhood,
        person.home_city,
        person.home_state,
        person.home_postal_code,
        person.home_country,
    )
    seen: list[str] = []
    for part in (" ".join(p.split()) for p in parts):
        if part and part not in seen:
            seen.append(part)
    return ", ".join(seen)


def date_of_birth_parts(person: PfifPerson) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of date_of_birth (YYYY, YYYY-MM or YYYY-MM-DD); None where unknown.

    A value that is not such a date, or not a real one (1970-13), gives (None, None, None):
    the text itself stays in ``person.date_of_birth``.
    """
    m = _APPROX_DATE.fullmatch(person.date_of_birth.strip())
    if not m:
        return None, None, None
    year, month, day = (int(g) if g else None for g in m.groups())
    probe = f"{year:04d}-{month or 1:02d}-{day or 1:02d}T00:00:00Z"
    if parse_datetime(probe) is None:
        return None, None, None
    return year, month, day
