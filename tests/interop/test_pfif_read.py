"""Reading PFIF: Person Finder's reference file, older versions, extensions, hostile input."""

import contextlib
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.interop.pfif import (
    DEFAULT_MAX_BYTES,
    PfifDocument,
    PfifError,
    PfifNote,
    PfifPerson,
    parse,
    serialise,
)


@pytest.fixture
def reference(reference_bytes) -> PfifDocument:
    return parse(reference_bytes)


def test_reference_has_one_person_with_four_nested_notes(reference):
    assert reference.version == "1.4"
    assert len(reference.persons) == 1
    assert reference.orphan_notes == ()
    assert reference.extra == ()
    person = reference.persons[0]
    assert person.person_record_id == "test.google.com/person.21009"
    assert [n.note_record_id for n in person.notes] == [
        "test.google.com/note.27009",
        "test.google.com/note.31095",
        "test.google.com/note.40121",
        "test.google.com/note.50121",
    ]
    # Notes inside a person are about that person, whether they say so or not.
    assert {n.person_record_id for n in person.notes} == {"test.google.com/person.21009"}


def test_reference_person_fields(reference):
    p = reference.persons[0]
    assert p.full_name == "_test_full_name1\n_test_full_name2"  # multi-line kept
    assert p.alternate_names == "_test_alternate_name1\n_test_alternate_name2"
    assert p.profile_urls == "_test_profile_url1\n_test_profile_url2"
    assert p.home_city == "_test_home_city"  # surrounding whitespace and blank lines gone
    # PFIF 1.3's first_name/last_name, used in a 1.4 document, take their 1.4 names.
    assert (p.given_name, p.family_name) == ("_test_first_name", "_test_last_name")
    assert p.description == "_test_description"
    assert (p.sex, p.date_of_birth, p.age) == ("female", "1970-01", "35-45")
    assert (p.home_street, p.home_neighborhood, p.home_state) == (
        "_test_home_street",
        "_test_home_neighborhood",
        "_test_home_state",
    )
    assert (p.home_postal_code, p.home_country) == ("_test_home_postal_code", "US")
    assert (p.author_name, p.author_email, p.author_phone) == (
        "_test_author_name",
        "_test_author_email",
        "_test_author_phone",
    )
    assert (p.source_name, p.source_url) == ("_test_source_name", "_test_source_url")
    assert (p.source_date, p.entry_date) == ("2000-01-01T00:00:00Z", "2000-01-16T02:07:57Z")
    assert p.expiry_date == ""
    assert p.photo_url == "_test_photo_url"
    assert p.extra == ()


def test_reference_note_fields(reference):
    first, second, third, fourth = reference.persons[0].notes
    assert first == PfifNote(
        note_record_id="test.google.com/note.27009",
        person_record_id="test.google.com/person.21009",
        linked_person_record_id="test.google.com/person.999",
        entry_date="2000-01-16T17:32:05Z",
        author_name="_test_author_name",
        author_email="_test_author_email",
        author_phone="_test_author_phone",
        source_date="2000-01-16T04:05:06Z",
        author_made_contact=False,
        status="believed_missing",
        email_of_found_person="_test_email_of_found_person",
        phone_of_found_person="_test_phone_of_found_person",
        last_known_location="_test_last_known_location",
        text="_test_text",
        photo_url="_test_note_photo_url",
    )
    assert second.author_made_contact is True
    assert second.status == ""
    assert second.email_of_found_person == ""  # an empty element reads as no value
    assert second.last_known_location == "19.16592425362802 -71.9384765625"
    assert third.author_made_contact is None  # absent
    assert third.author_name == ""  # absent in the file
    assert (third.status, fourth.status) == ("is_note_author", "believed_missing")


def test_reference_status_is_the_newest_notes_not_the_backdated_one(reference):
    # note.50121 was entered last but is backdated (source_date 20:00:00 < 20:21:22).
    assert reference.persons[0].status() == "is_note_author"


def test_reference_round_trip_gives_equal_documents(reference):
    again = parse(serialise(reference))
    assert again == reference
    assert parse(serialise(again)) == reference


PFIF_1_1 = b"""<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.1">
  <pfif:person>
    <pfif:person_record_id>example.org/p.1</pfif:person_record_id>
    <pfif:entry_date>2005-09-03T09:21:12Z</pfif:entry_date>
    <pfif:author_name>Bill Mandil</pfif:author_name>
    <pfif:source_date>2005-09-03T09:21:12Z</pfif:source_date>
    <pfif:first_name>KATHERINE</pfif:first_name>
    <pfif:last_name>DOE</pfif:last_name>
    <pfif:home_city>NEW ORLEANS</pfif:home_city>
    <pfif:home_state>LA</pfif:home_state>
    <pfif:home_zip>70114</pfif:home_zip>
    <pfif:other>Height: 170 cm
Hair: brown</pfif:other>
    <pfif:note>
      <pfif:note_record_id>example.org/n.1</pfif:note_record_id>
      <pfif:author_name>Jane Peters</pfif:author_name>
      <pfif:source_date>2005-09-03T20:52:25Z</pfif:source_date>
      <pfif:found>true</pfif:found>
      <pfif:text>I spoke to her on the phone.</pfif:text>
    </pfif:note>
  </pfif:person>
</pfif:pfif>
"""


def test_reads_pfif_1_1_with_renamed_fields():
    doc = parse(PFIF_1_1)
    assert doc.version == "1.1"
    (p,) = doc.persons
    assert (p.given_name, p.family_name, p.full_name) == ("KATHERINE", "DOE", "")
    assert p.home_postal_code == "70114"
    # An `other` with sections other than "description:" is kept whole.
    assert p.description == "Height: 170 cm\nHair: brown"
    (note,) = p.notes
    assert note.person_record_id == "example.org/p.1"
    assert note.author_made_contact is True
    assert note.status == ""


PFIF_1_2 = """<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.2">
  <pfif:person>
    <pfif:person_record_id>example.org/p.2</pfif:person_record_id>
    <pfif:source_date>2010-01-13T10:00:00Z</pfif:source_date>
    <pfif:first_name>Марія</pfif:first_name>
    <pfif:last_name>Коваленко</pfif:last_name>
    <pfif:sex>female</pfif:sex>
    <pfif:date_of_birth>1961-07</pfif:date_of_birth>
    <pfif:home_postal_code>89600</pfif:home_postal_code>
    <pfif:home_country>UA</pfif:home_country>
  </pfif:person>
  <pfif:note>
    <pfif:note_record_id>example.org/n.2</pfif:note_record_id>
    <pfif:person_record_id>example.org/p.2</pfif:person_record_id>
    <pfif:author_name>Olena</pfif:author_name>
    <pfif:source_date>2010-01-14T08:30:00Z</pfif:source_date>
    <pfif:found>false</pfif:found>
    <pfif:status>believed_alive</pfif:status>
    <pfif:text>Seen at the shelter
on Shevchenka street.</pfif:text>
  </pfif:note>
  <pfif:note>
    <pfif:note_record_id>example.org/n.3</pfif:note_record_id>
    <pfif:person_record_id>example.org/p.999</pfif:person_record_id>
    <pfif:author_name>Olena</pfif:author_name>
    <pfif:source_date>2010-01-14T08:31:00Z</pfif:source_date>
    <pfif:text>About someone not in this file.</pfif:text>
  </pfif:note>
</pfif:pfif>
""".encode()


def test_reads_pfif_1_2_and_attaches_top_level_notes_to_their_person():
    doc = parse(PFIF_1_2)
    assert doc.version == "1.2"
    (p,) = doc.persons
    assert (p.given_name, p.family_name) == ("Марія", "Коваленко")
    assert (p.sex, p.date_of_birth, p.home_country) == ("female", "1961-07", "UA")
    (note,) = p.notes
    assert note.note_record_id == "example.org/n.2"
    assert note.author_made_contact is False
    assert note.text == "Seen at the shelter\non Shevchenka street."
    assert p.status() == "believed_alive"
    (orphan,) = doc.orphan_notes
    assert orphan.person_record_id == "example.org/p.999"


def test_pfif_1_2_written_as_1_4_reads_back_the_same():
    doc = parse(PFIF_1_2)
    out = serialise(doc)
    assert b"http://zesty.ca/pfif/1.4" in out
    assert b"<pfif:given_name>" in out
    assert b"first_name" not in out
    assert b"<pfif:author_made_contact>false</pfif:author_made_contact>" in out
    again = parse(out)
    assert again.version == "1.4"
    assert (again.persons, again.orphan_notes) == (doc.persons, doc.orphan_notes)


PFIF_1_3 = b"""<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.3">
  <pfif:person>
    <pfif:person_record_id>example.org/p.3</pfif:person_record_id>
    <pfif:entry_date>2011-03-12T00:00:00Z</pfif:entry_date>
    <pfif:expiry_date>2012-03-12T00:00:00Z</pfif:expiry_date>
    <pfif:source_date>2011-03-11T23:59:59.250Z</pfif:source_date>
    <pfif:full_name>Taro Yamada</pfif:full_name>
    <pfif:first_name>Taro</pfif:first_name>
    <pfif:last_name>Yamada</pfif:last_name>
    <pfif:other>description:
    Tall, wears glasses.
    Last seen at the station.</pfif:other>
  </pfif:person>
</pfif:pfif>
"""


def test_reads_pfif_1_3_unwrapping_person_finders_description():
    (p,) = parse(PFIF_1_3).persons
    assert p.full_name == "Taro Yamada"
    assert (p.given_name, p.family_name) == ("Taro", "Yamada")
    assert p.expiry_date == "2012-03-12T00:00:00Z"
    assert p.source_date == "2011-03-11T23:59:59.250Z"  # precision kept as written
    assert p.description == "Tall, wears glasses.\nLast seen at the station."


EXTENDED = b"""<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4" xmlns:c="urn:example:corridor">
  <c:batch id="7">exported for the exchange list</c:batch>
  <pfif:person>
    <pfif:person_record_id>example.org/p.4</pfif:person_record_id>
    <pfif:source_date>2024-08-10T12:00:00Z</pfif:source_date>
    <pfif:full_name>Oksana Shcherbakova</pfif:full_name>
    <pfif:full_name>Oksana Sh.</pfif:full_name>
    <c:household ref="H-12"><c:member>2</c:member> members</c:household>
    <pfif:note>
      <pfif:note_record_id>example.org/n.4</pfif:note_record_id>
      <pfif:author_name>Field team</pfif:author_name>
      <pfif:source_date>2024-08-10T12:00:00Z</pfif:source_date>
      <pfif:author_made_contact>yes</pfif:author_made_contact>
      <c:channel>radio</c:channel>
    </pfif:note>
  </pfif:person>
</pfif:pfif>
"""


def test_extensions_repeats_and_untypable_values_are_kept_and_written_back():
    doc = parse(EXTENDED)
    (p,) = doc.persons
    assert p.full_name == "Oksana Shcherbakova"  # the first of a repeated field
    assert len(p.extra) == 2
    assert "Oksana Sh." in p.extra[0]
    assert 'ref="H-12"' in p.extra[1]
    assert "members" in p.extra[1]
    (note,) = p.notes
    assert note.author_made_contact is None
    assert len(note.extra) == 2
    assert ">yes<" in note.extra[0]
    assert "radio" in note.extra[1]
    assert len(doc.extra) == 1
    assert "exported for the exchange list" in doc.extra[0]
    again = parse(serialise(doc))
    assert again == doc


def test_comments_and_processing_instructions_are_not_data():
    doc = parse(
        b'<?xml version="1.0"?><?page 3?><!-- an export -->'
        b'<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><!-- none yet --></pfif:pfif>'
    )
    assert doc == PfifDocument(version="1.4")


def test_a_namespace_with_a_trailing_slash_is_understood():
    doc = parse(b'<p:pfif xmlns:p="http://zesty.ca/pfif/1.3/"><p:person/></p:pfif>')
    assert (doc.version, doc.persons) == ("1.3", (PfifPerson(),))


def test_any_prefix_or_a_default_namespace_will_do():
    doc = parse(
        b'<pfif xmlns="http://zesty.ca/pfif/1.4"><person>'
        b"<person_record_id>example.org/p.5</person_record_id><full_name>A B</full_name>"
        b"</person></pfif>"
    )
    assert doc.persons[0].full_name == "A B"


# -- hostile and broken input ------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE pfif [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person>
<pfif:full_name>&lol9;</pfif:full_name></pfif:person></pfif:pfif>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE pfif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person>
<pfif:full_name>&secret;</pfif:full_name></pfif:person></pfif:pfif>
"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE pfif SYSTEM "http://127.0.0.1:9/pfif.dtd">
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"/>
"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_dtds_and_entities_are_refused(data):
    with pytest.raises(PfifError, match=r"line 2: DTDs and entities are refused"):
        parse(data)


def test_truncated_xml_names_the_line(reference_bytes):
    data = reference_bytes[:1500]
    with pytest.raises(PfifError, match=r"^line 31: not well-formed XML: unclosed token"):
        parse(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<rss version="2.0"><channel/></rss>', r"line 1: the root element is \{\}rss"),
        # The root is judged before the rest is read: this is not reported as broken XML.
        (b'<kml xmlns="http://www.opengis.net/kml/2.2">\n<Doc', r"line 1: the root element is"),
        (b'<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/2.0"/>', r"root element is \{http"),
        (b"<pfif/>", r"the root element is \{\}pfif; PFIF's is pfif in the namespace"),
        (b"", r"not well-formed XML: no element found"),
        (b"\xff\xfe\x00garbage", r"not well-formed XML"),
        (b'<?xml version="1.0" encoding="no-such-codec"?><a/>', r"XML"),
        (b'<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">&undefined;</pfif:pfif>', "entity"),
    ],
)
def test_what_is_not_pfif_is_refused_with_a_reason(data, message):
    with pytest.raises(PfifError, match=message):
        parse(data)


def test_a_file_over_the_limit_is_refused_before_reading(reference_bytes):
    huge = b" " * (DEFAULT_MAX_BYTES + 1)
    with pytest.raises(PfifError, match=r"more than the limit of 67108864"):
        parse(huge)
    with pytest.raises(PfifError, match="more than the limit of 1000"):
        parse(reference_bytes, max_bytes=1000)


def test_deep_nesting_is_refused():
    deep = b"<a>" * 100_000 + b"</a>" * 100_000
    data = b'<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">' + deep + b"</pfif:pfif>"
    with pytest.raises(PfifError, match="line 1: elements nested more than 32 deep"):
        parse(data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_a_document_or_a_pfif_error(data):
    with contextlib.suppress(PfifError):
        parse(data)


_XML_BITS = [
    *("<pfif:note>", "</pfif:note>", "<pfif:full_name>", "</pfif:full_name>"),
    *("<pfif:author_made_contact>", "</pfif:author_made_contact>", "<pfif:person>"),
    *("<a>", "</a>", "<b:c xmlns:b='urn:b' b:d='1'>", "</b:c>", "<e/>", "<pfif:x/>"),
    *("&amp;", "&lt;", "&#13;", "&#0;", "&#x10FFFF;", "&nope;", "<!-- c -->", "<?pi x?>"),
    *("<![CDATA[", "]]>", "<!DOCTYPE a>", "x", "Ї", "\n", " ", "\x00", "\ud800", "'", '"'),
]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30) | st.lists(st.sampled_from(_XML_BITS), max_size=30).map("".join))
def test_arbitrary_text_inside_a_record_gives_a_document_or_a_pfif_error(inner):
    data = (
        '<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person>'
        f"{inner}</pfif:person></pfif:pfif>"
    ).encode("utf-8", "surrogatepass")
    with contextlib.suppress(PfifError):
        parse(data)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_damaged_copies_of_the_reference_give_a_document_or_a_pfif_error(reference_bytes, data):
    damaged = bytearray(reference_bytes)
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(damaged) - 1))
        damaged[at : at + data.draw(st.integers(0, 3))] = data.draw(st.binary(max_size=3))
    with contextlib.suppress(PfifError):
        parse(bytes(damaged))


def test_the_pfif_modules_import_nothing_from_django():
    code = (
        "import sys, corridor.interop.pfif as p, corridor.interop.pfif_read, "
        "corridor.interop.pfif_write; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django loaded'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603
