"""The linkage engine on tiny literal lists with exact expected pairs and clusters."""

import dataclasses
import datetime

import pytest

from corridor.linkage import Settings, dedupe, link

REFERENCE = datetime.date(2025, 3, 1)

FAMILY = [
    {
        "record_id": "1",
        "full_name": "Щербакова Оксана Владимировна",
        "date_of_birth": "03.07.1961",
        "sex": "F",
        "place": "Суджа",
    },
    {
        "record_id": "2",
        "given_name": "Oksana",
        "family_name": "Shcherbakova",
        "date_of_birth": "1961",
        "place": "Sudzha",
    },
    {
        "record_id": "3",
        "full_name": "Щербакова Оксана Володимирівна",
        "date_of_birth": "1961-07-03",
        "place": "м. Суджа",
    },
    {
        "record_id": "4",
        "full_name": "Иванов Иван Петрович",
        "date_of_birth": "11.02.1950",
        "sex": "M",
        "place": "с. Замостье",
    },
    {
        "record_id": "5",
        "full_name": "Иванов Иван Иванович",
        "date_of_birth": "20.05.1975",
        "sex": "M",
        "place": "Замостье",
    },
    {
        "record_id": "6",
        "full_name": "Ivanov Ivan Ivanovich",
        "date_of_birth": "20/05/1975",
        "place": "Zamostye",
    },
]


def clusters(result) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = {}
    for rid, cid in result.cluster_of.items():
        groups.setdefault(cid, set()).add(rid)
    return {frozenset(g) for g in groups.values()}


def test_six_records_form_three_people_and_father_and_son_stay_apart():
    result = dedupe(FAMILY, Settings(reference_date=REFERENCE))
    assert clusters(result) == {frozenset({"1", "2", "3"}), frozenset({"4"}), frozenset({"5", "6"})}


def test_link_requests_to_registry_with_explanations():
    registry = FAMILY
    requests = [
        {"record_id": "r1", "full_name": "ищу Щербакову Оксану", "date_of_birth": "около 63 лет"},
        {"record_id": "r2", "full_name": "Ivan Ivanov", "date_of_birth": "1975"},
        {"record_id": "r3", "full_name": "Петренко Галина", "date_of_birth": "1944"},
    ]
    result = link(requests, registry, Settings(reference_date=REFERENCE))
    pairs = {(left, right) for left, right, _ in result.pairs()}
    assert {("r1", "1"), ("r1", "3"), ("r2", "5"), ("r2", "6")} <= pairs
    assert not any(left == "r3" for left, _ in pairs)
    assert ("r2", "4") not in pairs  # the father is 25 years older
    k = next(i for i, (a, b, _) in enumerate(result.pairs()) if (a, b) == ("r1", "1"))
    words = [e.in_words() for e in result.explain(k)]
    assert any(w.startswith("family name: same family name") for w in words)


def test_probabilities_are_between_zero_and_one_and_sorted_by_evidence():
    result = link(FAMILY[:3], FAMILY[3:], Settings(reference_date=REFERENCE, threshold=0.0))
    assert all(0.0 <= p <= 1.0 for _, _, p in result.pairs())
    assert all(p < 0.5 for _, _, p in result.pairs())  # three women vs three men


@pytest.mark.parametrize("empty", [[], [{"record_id": "x", "full_name": ""}]])
def test_empty_or_nameless_lists_give_no_pairs(empty):
    assert link(empty, FAMILY, Settings(reference_date=REFERENCE)).pairs() == []


def test_same_address_links_records_whose_names_and_numbers_were_both_garbled():
    # Nothing but the street address (and the date) is shared: the address is a blocking
    # key of its own and adds its evidence.
    left = [
        {"record_id": "a1", "given_name": "Rhiannon", "family_name": "Bishop",
         "date_of_birth": "1908-05-13", "address": "39 Rossarden Street, Oakdale"},
        {"record_id": "a2", "given_name": "Nina", "family_name": "Hope",
         "date_of_birth": "1950-01-02", "address": "7 Main Road"},
    ]  # fmt: skip
    right = [
        {"record_id": "b1", "given_name": "Nichoqlas", "family_name": "Hope",
         "date_of_birth": "1908-05-13", "address": "39 rossarden street oakdale"},
        {"record_id": "b2", "given_name": "Nina", "family_name": "Hope",
         "date_of_birth": "1950-01-02", "address": "7 main road"},
    ]  # fmt: skip
    result = link(left, right, Settings(reference_date=REFERENCE))
    assert {(a, b) for a, b, _ in result.pairs()} == {("a1", "b1"), ("a2", "b2")}
    k = next(i for i, (a, _, _) in enumerate(result.pairs()) if a == "a1")
    assert any(e.in_words().startswith("street address: same address") for e in result.explain(k))


def test_a_changed_family_name_is_found_through_given_name_and_year():
    registry = [
        {"record_id": "a", "full_name": "Петрова Оксана Владимировна", "date_of_birth": "03.07.1961",
         "place": "Суджа"},
        {"record_id": "b", "full_name": "Сидорова Оксана Ивановна", "date_of_birth": "11.02.1961",
         "place": "Гончаровка"},
        {"record_id": "c", "full_name": "Орлова Оксана Петровна", "date_of_birth": "1961"},
    ]  # fmt: skip
    requests = [
        # maiden name, same settlement
        {"record_id": "q1", "full_name": "Иванова Оксана", "date_of_birth": "1961", "place": "Суджа"},
        # maiden name, no settlement, same month
        {"record_id": "q2", "full_name": "Кузнецова Оксана", "date_of_birth": "02.1961"},
        # nothing but the given name and the year in common
        {"record_id": "q3", "full_name": "Смирнова Оксана", "date_of_birth": "1961"},
    ]  # fmt: skip
    settings = Settings(reference_date=REFERENCE, threshold=0.0)
    # Three Оксанас born in 1961: a small block, every pair is compared.
    found = link(requests, registry, settings)
    assert {(a, b) for a, b, _ in found.pairs()} == {
        (q, r) for q in ("q1", "q2", "q3") for r in "abc"
    }
    # Where they are too many to tell apart by name and year, one more field must agree.
    crowded = link(requests, registry, dataclasses.replace(settings, max_block_size=2))
    assert {(a, b) for a, b, _ in crowded.pairs()} == {("q1", "a"), ("q2", "b")}
