"""The online index answers "who could this be?" with ranked, explained candidates."""

import datetime

from corridor.linkage.search import SearchIndex
from tests.linkage.test_engine import FAMILY

REFERENCE = datetime.date(2025, 3, 1)


def index() -> SearchIndex:
    return SearchIndex.build(FAMILY, reference_date=REFERENCE)


def test_finds_a_person_typed_in_latin_and_ranks_the_same_person_first():
    found = index().search(
        {"record_id": "q", "full_name": "Oksana Shcherbakova", "date_of_birth": "1961"}
    )
    assert {c.record_id for c in found[:3]} == {"1", "2", "3"}
    assert found[0].probability > 0.5
    words = [e.in_words() for e in found[0].evidence]
    assert any(w.startswith("given name: same given name") for w in words)


def test_diminutive_and_ukrainian_form():
    found = index().search(
        {"record_id": "q", "full_name": "Ксюша Щербакова", "date_of_birth": "03.07.1961"}
    )
    assert found
    assert found[0].record_id in {"1", "3"}


def test_father_is_not_offered_for_the_son():
    found = index().search(
        {"record_id": "q", "full_name": "Ivan Ivanovich Ivanov", "date_of_birth": "1975"}
    )
    ranked = [c.record_id for c in found if c.probability >= 0.5]
    assert set(ranked) == {"5", "6"}


def test_added_records_are_found_at_once():
    idx = index()
    assert (
        idx.search(
            {"record_id": "q", "full_name": "Петренко Галина Ивановна", "date_of_birth": "1944"}
        )
        == []
    )
    idx.add(
        {
            "record_id": "7",
            "full_name": "Петренко Галина Ивановна",
            "date_of_birth": "12.05.1944",
            "place": "Суджа",
        }
    )
    found = idx.search({"record_id": "q", "full_name": "Halyna Petrenko", "date_of_birth": "1944"})
    assert [c.record_id for c in found] == ["7"]


def test_nothing_in_common_finds_nothing():
    assert (
        index().search({"record_id": "q", "full_name": "John Smith", "date_of_birth": "1990"}) == []
    )
