"""Writing PFIF 1.4: exact output, validity, and any text surviving a round trip."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.interop.pfif import (
    NOTE_FIELDS,
    PERSON_FIELDS,
    PfifDocument,
    PfifError,
    PfifNote,
    PfifPerson,
    parse,
    serialise,
    validate,
)

NOTE = PfifNote(
    text="Seen at the school in Sudzha.\n  She asked about her son.",
    status="believed_alive",
    author_made_contact=True,
    source_date="2024-08-10T09:15:00Z",
    author_name="Field team 3",
    note_record_id="corridor.example.org/note.7",
    person_record_id="corridor.example.org/person.1",
)
PERSON = PfifPerson(
    sex="female",
    full_name="Щербакова Оксана Владимировна",
    family_name="Щербакова",
    given_name="Оксана Владимировна",
    source_date="2024-08-09T18:00:00Z",
    entry_date="2024-08-09T18:00:01Z",
    person_record_id="corridor.example.org/person.1",
    date_of_birth="1961-07",
    home_city="Гончаровка",
    home_country="RU",
    author_phone="+7 (900) 123-45-67",
    notes=(NOTE,),
)

EXPECTED = """<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">
  <pfif:person>
    <pfif:person_record_id>corridor.example.org/person.1</pfif:person_record_id>
    <pfif:entry_date>2024-08-09T18:00:01Z</pfif:entry_date>
    <pfif:author_phone>+7 (900) 123-45-67</pfif:author_phone>
    <pfif:source_date>2024-08-09T18:00:00Z</pfif:source_date>
    <pfif:full_name>Щербакова Оксана Владимировна</pfif:full_name>
    <pfif:given_name>Оксана Владимировна</pfif:given_name>
    <pfif:family_name>Щербакова</pfif:family_name>
    <pfif:sex>female</pfif:sex>
    <pfif:date_of_birth>1961-07</pfif:date_of_birth>
    <pfif:home_city>Гончаровка</pfif:home_city>
    <pfif:home_country>RU</pfif:home_country>
    <pfif:note>
      <pfif:note_record_id>corridor.example.org/note.7</pfif:note_record_id>
      <pfif:person_record_id>corridor.example.org/person.1</pfif:person_record_id>
      <pfif:author_name>Field team 3</pfif:author_name>
      <pfif:source_date>2024-08-10T09:15:00Z</pfif:source_date>
      <pfif:author_made_contact>true</pfif:author_made_contact>
      <pfif:status>believed_alive</pfif:status>
      <pfif:text>Seen at the school in Sudzha.
  She asked about her son.</pfif:text>
    </pfif:note>
  </pfif:person>
</pfif:pfif>
""".encode()


def test_output_is_utf8_in_the_specs_field_order():
    assert serialise([PERSON]) == EXPECTED


def test_output_validates_as_pfif_1_4_in_canonical_order():
    out = serialise([PERSON])
    assert validate(out, canonical_order=True) == []
    assert parse(out) == PfifDocument(persons=(PERSON,))


def test_a_document_with_notes_outside_any_person_round_trips():
    orphan = PfifNote(
        note_record_id="corridor.example.org/note.8",
        person_record_id="personfinder.google.org/person.5",
        author_name="Olena",
        source_date="2024-08-11T10:00:00Z",
        linked_person_record_id="corridor.example.org/person.1",
        text="Probably the same woman as person.1.",
    )
    doc = PfifDocument(persons=(PERSON,), orphan_notes=(orphan,))
    out = serialise(doc)
    assert validate(out, canonical_order=True) == []
    assert parse(out) == doc


def test_required_fields_are_written_even_when_empty_and_validate_says_so():
    out = serialise([PfifPerson(person_record_id="x.org/1", notes=(PfifNote(),))])
    assert b"<pfif:full_name></pfif:full_name>" in out
    assert b"<pfif:text></pfif:text>" in out
    assert validate(out) == [
        "line 3: person x.org/1: required pfif:source_date is empty",
        "line 3: person x.org/1: required pfif:full_name is empty",
        "line 7: note of person x.org/1: required pfif:note_record_id is empty",
        "line 7: note of person x.org/1: required pfif:author_name is empty",
        "line 7: note of person x.org/1: required pfif:source_date is empty",
    ]


def test_reference_output_is_in_order_and_keeps_only_the_files_own_faults(reference_bytes):
    out = serialise(parse(reference_bytes))
    problems = validate(out, canonical_order=True)
    assert problems == validate(out)  # nothing out of order
    # What remains is in the data itself: placeholders that are neither e-mail addresses nor
    # phone numbers, and two notes without the required author_name.
    assert [re.sub(r"^line \d+: \S+ \S+( of person \S+)?: ", "", p) for p in problems] == [
        "author_email '_test_author_email' is not an e-mail address",
        "author_phone '_test_author_phone' is not a phone number (digits, spaces and - + ( ) only)",
        "author_email '_test_author_email' is not an e-mail address",
        "author_phone '_test_author_phone' is not a phone number (digits, spaces and - + ( ) only)",
        "email_of_found_person '_test_email_of_found_person' is not an e-mail address",
        "phone_of_found_person '_test_phone_of_found_person' is not a phone number (digits, spaces and - + ( ) only)",
        "author_phone 'inna-testing-number' is not a phone number (digits, spaces and - + ( ) only)",
        "required pfif:author_name is empty",
        "required pfif:author_name is empty",
    ]


def test_markup_and_carriage_returns_survive():
    note = PfifNote(text="a < b && c > d ]]> </pfif:text>\r\nline two\rthree")
    (again,) = parse(serialise(PfifDocument(orphan_notes=(note,)))).orphan_notes
    assert again.text == note.text


def test_characters_xml_cannot_carry_are_dropped():
    person = PfifPerson(full_name="Ok\x00sa\x1bna\ufffe")
    (again,) = parse(serialise([person])).persons
    assert again.full_name == "Oksana"


def test_only_1_4_is_written():
    with pytest.raises(ValueError, match=r"only PFIF 1\.4"):
        serialise([PERSON], version="1.3")


@pytest.mark.parametrize(
    "fragment",
    ["<a>", "<a/><b/>", "text", '<?xml version="1.0"?><a/>', '<!DOCTYPE a [<!ENTITY x "y">]><a/>'],
)
def test_extra_fragments_must_be_one_safe_element(fragment):
    with pytest.raises(PfifError, match="extra element"):
        serialise([PfifPerson(extra=(fragment,))])


# -- any text survives serialise → parse -------------------------------------------------

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _read_back(value: str) -> str:
    """What reading gives for a written value: XML-less characters and outer spaces gone."""
    return _NOT_XML.sub("", value).strip(" \t\r\n")


_text = st.text(max_size=40) | st.sampled_from(["", "  padded  ", "two\nlines", "\r\n"])
_notes = st.builds(
    PfifNote,
    **{name: _text for name in NOTE_FIELDS if name != "author_made_contact"},
    author_made_contact=st.none() | st.booleans(),
)
_persons = st.builds(
    PfifPerson,
    **dict.fromkeys(PERSON_FIELDS, _text),
    notes=st.lists(_notes, max_size=3).map(tuple),
)


def _as_read(person: PfifPerson) -> PfifPerson:
    values = {name: _read_back(getattr(person, name)) for name in PERSON_FIELDS}
    notes = []
    for note in person.notes:
        note_values: dict[str, object] = {
            name: _read_back(getattr(note, name))
            for name in NOTE_FIELDS
            if name != "author_made_contact"
        }
        # A note inside a person that does not name one is about that person.
        note_values["person_record_id"] = (
            note_values["person_record_id"] or values["person_record_id"]
        )
        notes.append(PfifNote(**note_values, author_made_contact=note.author_made_contact))  # type: ignore[arg-type]
    return PfifPerson(**values, notes=tuple(notes))


@settings(max_examples=150, deadline=None)
@given(st.lists(_persons, max_size=3))
def test_any_text_in_every_field_survives_a_round_trip(persons):
    doc = parse(serialise(persons))
    assert doc.persons == tuple(_as_read(p) for p in persons)
    assert doc.orphan_notes == ()
    assert parse(serialise(doc)) == doc
