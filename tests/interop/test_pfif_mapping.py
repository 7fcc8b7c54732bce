"""PFIF records as registry rows: whatever a document holds comes back from its rows unchanged."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.interop import mapping
from corridor.interop.pfif import (
    NOTE_FIELDS,
    PERSON_FIELDS,
    PfifDocument,
    PfifNote,
    PfifPerson,
    parse,
    serialise,
)
from corridor.registry.models import SourceRecord

_text = st.text(max_size=30) | st.sampled_from(["", "two\nlines", "Щербакова, Оксана", "1961-07"])
_extension = st.sampled_from(['<x:e xmlns:x="urn:x">1</x:e>', '<y xmlns="urn:y" a="b"><z/></y>'])
_notes = st.builds(
    PfifNote,
    **{name: _text for name in NOTE_FIELDS if name != "author_made_contact"},
    author_made_contact=st.none() | st.booleans(),
    extra=st.lists(_extension, max_size=1).map(tuple),
)
_persons = st.builds(
    PfifPerson,
    **dict.fromkeys(PERSON_FIELDS, _text),
    notes=st.lists(_notes, max_size=3).map(tuple),
    extra=st.lists(_extension, max_size=2).map(tuple),
)
_documents = st.builds(
    PfifDocument,
    persons=st.lists(_persons, max_size=3).map(tuple),
    orphan_notes=st.lists(_notes, max_size=2).map(tuple),
    extra=st.lists(_extension, max_size=2).map(tuple),
)


def _stored(row: mapping.Row) -> SourceRecord:
    """The row as the database gives it back (JSON both ways), strings only as the API expects."""
    values = (*row.fields.values(), *row.extra.values())
    assert all(isinstance(v, str) for v in values)
    return SourceRecord(
        fields=json.loads(json.dumps(row.fields)), extra=json.loads(json.dumps(row.extra))
    )


@settings(max_examples=120, deadline=None)
@given(_documents)
def test_every_record_comes_back_from_its_row(written):
    doc = parse(serialise(written))
    persons, notes, extra = [], [], []
    for row in mapping.rows_of(doc):
        record = _stored(row)
        kind = record.extra["pfif"]
        if kind == mapping.PERSON:
            persons.append(mapping.original_person(record))
            mapping.person_of(row.person)  # any person gives a registry person, no error
        elif kind == mapping.NOTE:
            notes.append(mapping.original_note(record))
        else:
            extra.append(record.extra["xml"])
    back = PfifDocument(
        version=doc.version, persons=tuple(persons), orphan_notes=tuple(notes), extra=tuple(extra)
    )
    assert back == doc
    assert parse(serialise(back)) == doc
