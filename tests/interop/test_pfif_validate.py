"""Validation against the PFIF 1.4 rules: one line per problem, naming line and record."""

import pytest

from corridor.interop.pfif import PfifError, validate

BROKEN = b"""<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4" xmlns:c="urn:example:corridor">
  <pfif:person>
    <pfif:person_record_id>person.1</pfif:person_record_id>
    <pfif:source_date>2012-05-29 10:00:00</pfif:source_date>
    <pfif:first_name>Oksana</pfif:first_name>
    <pfif:sex>F</pfif:sex>
    <pfif:date_of_birth>1970-13</pfif:date_of_birth>
    <pfif:age>about 40</pfif:age>
    <pfif:home_country>ua</pfif:home_country>
    <pfif:sex>female</pfif:sex>
    <c:household>H-12</c:household>
    <pfif:note>
      <pfif:note_record_id>example.org/n.1</pfif:note_record_id>
      <pfif:person_record_id>example.org/p.other</pfif:person_record_id>
      <pfif:author_name>Olena</pfif:author_name>
      <pfif:source_date>2012-02-30T10:00:00Z</pfif:source_date>
      <pfif:author_made_contact>yes</pfif:author_made_contact>
      <pfif:status>found</pfif:status>
      <pfif:author_email>olena at example.org</pfif:author_email>
    </pfif:note>
  </pfif:person>
  <pfif:note>
    <pfif:note_record_id>example.org/n.2</pfif:note_record_id>
    <pfif:author_name>Olena</pfif:author_name>
    <pfif:source_date>2012-05-29T10:00:00.5Z</pfif:source_date>
    <pfif:text><b>bold</b></pfif:text>
  </pfif:note>
  <pfif:persons/>
</pfif:pfif>
"""

PERSON = "line {}: person person.1: "
NOTE_1 = "line {}: note example.org/n.1 of person person.1: "
NOTE_2 = "line {}: note example.org/n.2: "
STATUSES = "information_sought, is_note_author, believed_alive, believed_missing, believed_dead"

EXPECTED = [
    PERSON.format(3) + "required pfif:full_name is missing",
    PERSON.format(4) + "person_record_id 'person.1' is not a record id of the form domain/id",
    PERSON.format(5)
    + "source_date '2012-05-29 10:00:00' is not a PFIF date (YYYY-MM-DDTHH:MM:SSZ, in UTC)",
    PERSON.format(6) + "pfif:first_name is not a PFIF 1.4 person field (1.4 calls it given_name)",
    PERSON.format(7) + "sex 'F' is not one of female, male, other",
    PERSON.format(8) + "date_of_birth '1970-13' is not a date YYYY, YYYY-MM or YYYY-MM-DD",
    PERSON.format(9) + "age 'about 40' is not an age N or a range N-M",
    PERSON.format(10) + "home_country 'ua' is not an ISO 3166-1 code of two capitals",
    PERSON.format(11) + "pfif:sex is repeated; a field appears once at most",
    NOTE_1.format(13)
    + "person_record_id example.org/p.other is not the enclosing person's person.1",
    NOTE_1.format(17)
    + "source_date '2012-02-30T10:00:00Z' is not a PFIF date (YYYY-MM-DDTHH:MM:SSZ, in UTC)",
    NOTE_1.format(18) + "author_made_contact 'yes' is not true or false",
    NOTE_1.format(19) + f"status 'found' is not one of {STATUSES}",
    NOTE_1.format(20) + "author_email 'olena at example.org' is not an e-mail address",
    NOTE_2.format(23) + "required pfif:person_record_id is missing",
    NOTE_2.format(27) + "pfif:text must hold text, not elements",
    "line 29: pfif:persons is not a PFIF 1.4 record",
]


def test_each_broken_rule_is_reported_once_with_its_line_and_record():
    assert validate(BROKEN) == EXPECTED


def test_field_order_is_checked_only_on_request():
    # PFIF 1.3 and 1.4 let fields come in any order; canonical order is what 1.1 required
    # and what serialise writes.
    assert validate(BROKEN, canonical_order=True) == [
        *EXPECTED[:9],
        PERSON.format(11) + "pfif:sex is out of the spec's order: it belongs before home_country",
        *EXPECTED[9:14],
        NOTE_1.format(20)
        + "pfif:author_email is out of the spec's order: it belongs before status",
        *EXPECTED[14:],
    ]


def test_fields_after_a_note_are_out_of_canonical_order():
    data = b"""<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person>
<pfif:person_record_id>example.org/p.1</pfif:person_record_id>
<pfif:source_date>2012-05-29T10:00:00Z</pfif:source_date>
<pfif:note><pfif:note_record_id>example.org/n.1</pfif:note_record_id>
<pfif:author_name>A</pfif:author_name>
<pfif:source_date>2012-05-29T10:00:00Z</pfif:source_date></pfif:note>
<pfif:full_name>Oksana</pfif:full_name>
</pfif:person></pfif:pfif>"""
    assert validate(data) == []
    assert validate(data, canonical_order=True) == [
        "line 7: person example.org/p.1: pfif:full_name comes after a note; "
        "notes come after the fields"
    ]


def test_valid_records_in_any_order_with_extensions_pass():
    data = b"""<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4" xmlns:c="urn:c">
<c:batch>7</c:batch>
<pfif:note>
  <pfif:text>Found at the shelter.</pfif:text>
  <pfif:source_date>2012-05-29T10:00:00Z</pfif:source_date>
  <pfif:author_name>Olena</pfif:author_name>
  <pfif:person_record_id>haiti.personfinder.google.org/person.123</pfif:person_record_id>
  <pfif:note_record_id>corridor.example.org/note.1</pfif:note_record_id>
  <pfif:author_made_contact>true</pfif:author_made_contact>
  <pfif:status>believed_alive</pfif:status>
  <pfif:author_phone>+380 (67) 123-45-67</pfif:author_phone>
  <pfif:email_of_found_person>oksana@example.org</pfif:email_of_found_person>
  <c:channel>radio</c:channel>
</pfif:note>
</pfif:pfif>"""
    assert validate(data) == []


def test_older_versions_are_reported_as_not_1_4():
    data = b'<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.2"><pfif:person/></pfif:pfif>'
    assert validate(data) == [
        "line 1: the namespace is http://zesty.ca/pfif/1.2, not PFIF 1.4's http://zesty.ca/pfif/1.4"
    ]


@pytest.mark.parametrize(
    "data",
    [b"<rss/>", b"<pfif:pfif", b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'],
)
def test_what_is_not_pfif_raises_as_parse_does(data):
    with pytest.raises(PfifError):
        validate(data)
