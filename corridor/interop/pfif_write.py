"""Writing PFIF 1.4: one element per non-empty field, in the spec's order, notes nested."""

from __future__ import annotations

import re
from collections.abc import Iterable

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from corridor.interop.pfif import (
    NOTE_FIELDS,
    PERSON_FIELDS,
    PFIF_1_4,
    REQUIRED_NOTE_FIELDS,
    REQUIRED_PERSON_FIELDS,
    PfifDocument,
    PfifError,
    PfifNote,
    PfifPerson,
)

# Characters XML 1.0 cannot carry at all, even as references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# text is optional in the spec's prose but not in its schema: always written, both agree.
_ALWAYS = {"person": set(REQUIRED_PERSON_FIELDS), "note": {*REQUIRED_NOTE_FIELDS, "text"}}


def serialise(records: PfifDocument | Iterable[PfifPerson], *, version: str) -> bytes:
    if version != "1.4":
        raise ValueError(f"only PFIF 1.4 is written, not {version!r}")
    doc = records if isinstance(records, PfifDocument) else PfifDocument(persons=tuple(records))
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<pfif:pfif xmlns:pfif="{PFIF_1_4}">\n']
    for person in doc.persons:
        out.append("  <pfif:person>\n")
        _write_fields(out, person, PERSON_FIELDS, "person", "    ")
        for note in person.notes:
            _write_note(out, note, "    ")
        out.append("  </pfif:person>\n")
    for note in doc.orphan_notes:
        _write_note(out, note, "  ")
    out.extend(f"  {_checked(fragment)}\n" for fragment in doc.extra)
    out.append("</pfif:pfif>\n")
    return "".join(out).encode("utf-8")


def _write_note(out: list[str], note: PfifNote, indent: str) -> None:
    out.append(f"{indent}<pfif:note>\n")
    _write_fields(out, note, NOTE_FIELDS, "note", indent + "  ")
    out.append(f"{indent}</pfif:note>\n")


def _write_fields(
    out: list[str],
    record: PfifPerson | PfifNote,
    fields: tuple[str, ...],
    kind: str,
    indent: str,
) -> None:
    for name in fields:
        value = getattr(record, name)
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif value is None:
            continue
        if value or name in _ALWAYS[kind]:
            out.append(f"{indent}<pfif:{name}>{_escape(value)}</pfif:{name}>\n")
    out.extend(f"{indent}{_checked(fragment)}\n" for fragment in record.extra)


def _escape(value: str) -> str:
    value = _NOT_XML.sub("", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\r", "&#13;")  # a raw CR would be read back as a line feed


def _checked(fragment: str) -> str:
    """An extension element, refused unless it is one self-contained, harmless element."""
    try:
        fromstring(fragment, forbid_dtd=True)
    except (ParseError, DefusedXmlException) as e:
        raise PfifError(f"an extra element is not one well-formed XML element: {e}") from e
    if fragment.lstrip().startswith("<?"):
        raise PfifError("an extra element may not carry an XML declaration")
    return fragment
