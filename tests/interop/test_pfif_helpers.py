"""Helpers for the registry: status, names, home place and PFIF dates."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from corridor.interop.pfif import (
    PfifNote,
    PfifPerson,
    date_of_birth_parts,
    format_datetime,
    home_place,
    parse_datetime,
    split_name,
)


def _note(source_date: str, status: str = "", entry_date: str = "") -> PfifNote:
    return PfifNote(source_date=source_date, entry_date=entry_date, status=status)


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        ((), None),
        ((_note("2000-01-01T00:00:00Z"),), None),
        # A note without a status does not clear the last one.
        (
            (
                _note("2000-01-01T00:00:00Z", "believed_missing"),
                _note("2000-01-02T00:00:00Z"),
            ),
            "believed_missing",
        ),
        # The newest by source_date wins, not the last in the file (a backdated note).
        (
            (
                _note("2000-01-18T20:21:22Z", "is_note_author", "2000-01-18T23:13:17Z"),
                _note("2000-01-18T20:00:00Z", "believed_missing", "2000-01-18T23:13:20Z"),
            ),
            "is_note_author",
        ),
        # Same source_date: entry_date decides.
        (
            (
                _note("2000-01-01T00:00:00Z", "believed_dead", "2000-01-03T00:00:00Z"),
                _note("2000-01-01T00:00:00Z", "believed_alive", "2000-01-02T00:00:00Z"),
            ),
            "believed_dead",
        ),
        # Fractions of a second count, compared as times rather than as strings.
        (
            (
                _note("2000-01-01T00:00:00.5Z", "believed_alive"),
                _note("2000-01-01T00:00:00Z", "believed_missing"),
            ),
            "believed_alive",
        ),
        # A note with an unreadable date counts as the oldest.
        (
            (
                _note("2000-01-01T00:00:00Z", "believed_alive"),
                _note("yesterday", "believed_dead"),
            ),
            "believed_alive",
        ),
        # A full tie goes to the later note.
        (
            (
                _note("2000-01-01T00:00:00Z", "believed_missing"),
                _note("2000-01-01T00:00:00Z", "information_sought"),
            ),
            "information_sought",
        ),
    ],
)
def test_status_is_the_newest_notes(notes, expected):
    assert PfifPerson(notes=notes).status() == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"family_name": "Коваленко", "given_name": "Марія", "full_name": "X Y"},
            ("Коваленко", "Марія"),
        ),
        ({"full_name": "Shcherbakova, Oksana"}, ("Shcherbakova", "Oksana")),
        ({"full_name": "Щербакова Оксана Владимировна"}, ("Щербакова", "Оксана Владимировна")),
        ({"full_name": "Оксана Владимировна Щербакова"}, ("Щербакова", "Оксана Владимировна")),
        ({"full_name": "Коваленко Марія Іванівна"}, ("Коваленко", "Марія Іванівна")),
        ({"full_name": "Oksana Shcherbakova"}, ("Shcherbakova", "Oksana")),
        ({"full_name": "SHCHERBAKOVA Oksana"}, ("SHCHERBAKOVA", "Oksana")),
        ({"full_name": "  \n Maria  de la Cruz \nMaría de la Cruz"}, ("de la Cruz", "Maria")),
        ({"full_name": "Иван"}, ("", "Иван")),
        ({"full_name": "Коваленко"}, ("Коваленко", "")),
        # One part given: the other comes from full_name only if full_name agrees.
        ({"full_name": "Oksana Shcherbakova", "given_name": "Oksana"}, ("Shcherbakova", "Oksana")),
        (
            {"full_name": "Oksana Shcherbakova", "family_name": "Shcherbakova"},
            ("Shcherbakova", "Oksana"),
        ),
        ({"full_name": "Someone Else", "given_name": "Oksana"}, ("", "Oksana")),
        ({}, ("", "")),
    ],
)
def test_split_name(fields, expected):
    assert split_name(PfifPerson(**fields)) == expected


def test_home_place_joins_the_address_most_precise_first():
    person = PfifPerson(
        home_street="вул. Шевченка, 5",
        home_city="Суджа",
        home_state="Курська обл.",
        home_postal_code="307800",
        home_country="RU",
    )
    assert home_place(person) == "вул. Шевченка, 5, Суджа, Курська обл., 307800, RU"
    assert home_place(PfifPerson(home_city=" Sudzha\n", home_neighborhood="Sudzha")) == "Sudzha"
    assert home_place(PfifPerson()) == ""


def test_pfif_dates():
    assert parse_datetime("2000-01-16T04:05:06Z") == datetime(2000, 1, 16, 4, 5, 6, tzinfo=UTC)
    assert parse_datetime("2000-01-16T04:05:06.25Z") == datetime(
        2000, 1, 16, 4, 5, 6, 250000, tzinfo=UTC
    )
    for bad in ("2000-01-16", "2000-01-16T04:05:06", "2000-02-30T00:00:00Z", "", "soon"):
        assert parse_datetime(bad) is None
    kyiv = timezone(timedelta(hours=3))
    assert format_datetime(datetime(2024, 8, 10, 12, 0, 30, 999, tzinfo=kyiv)) == (
        "2024-08-10T09:00:30Z"
    )
    with pytest.raises(ValueError, match="aware"):
        format_datetime(datetime(2024, 8, 10))  # noqa: DTZ001


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1970", (1970, None, None)),
        ("1970-01", (1970, 1, None)),
        (" 1961-07-03 ", (1961, 7, 3)),
        ("1970-13", (None, None, None)),
        ("1970-02-30", (None, None, None)),
        ("03.07.1961", (None, None, None)),
        ("", (None, None, None)),
    ],
)
def test_date_of_birth_parts(value, expected):
    assert date_of_birth_parts(PfifPerson(date_of_birth=value)) == expected
