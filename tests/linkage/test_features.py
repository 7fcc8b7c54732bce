"""Batch features (each distinct value once, forked workers) equal one-record features, and
the batch blocking keys equal the online index's keys for the same record."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.linkage import featurise
from corridor.linkage.features import (
    FEATURE_COLUMNS,
    family_field,
    family_half,
    given_fields,
    given_half,
    record_features,
)
from corridor.linkage.featurise import build_features, build_features_lists
from corridor.linkage.keys import record_keys
from corridor.names.parse import parse_name

REFERENCE = datetime.date(2025, 3, 1)

RECORDS = [
    {"record_id": "1", "full_name": "Щербакова Оксана Владимировна", "date_of_birth": "03.07.1961",
     "sex": "ж", "place": "с. Гончаровка"},
    {"record_id": "2", "given_name": "Oksana", "family_name": "Shcherbakova (Ivanova)",
     "date_of_birth": "1961", "place": "Honcharivka"},
    {"record_id": "3", "given_name": "Оксана Владимировна", "family_name": "Щербакова",
     "date_of_birth": "около 63 лет"},
    {"record_id": "4", "full_name": "ищу Щербакову Оксану", "date_of_birth": "07/03/1961"},
    {"record_id": "5", "full_name": "Иванов И. П.", "sex": "M", "identifier": "AB 123-456"},
    {"record_id": "6", "given_name": "Ivan", "family_name": "Ivanov", "patronymic": "Petrovich",
     "address": "ул. Ленина, д. 5"},
    {"record_id": "7", "full_name": "", "given_name": None, "date_of_birth": "nan"},
    {"record_id": "8", "given_name": "Oksana", "family_name": "Shcherbakova", "sex": "unknown",
     "date_of_birth": "1961"},
    {"record_id": "9", "full_name": "Pantelovich Svetlana", "family_name": "Pantelovich",
     "date_of_birth": "1970-04-01", "address": "95 Leahy Place"},
]  # fmt: skip


def as_rows(features):
    return features.table.select(list(FEATURE_COLUMNS[1:])).to_pylist()


def keys_by_record(features):
    out: dict[int, set[tuple[int, int]]] = {}
    columns = [features.keys.column(c).to_pylist() for c in ("key", "idx", "parent")]
    for key, idx, parent in zip(*columns, strict=True):
        out.setdefault(idx, set()).add((key, parent))
    return out


def test_batch_features_and_keys_equal_one_record_features_and_keys():
    batch = build_features(RECORDS, REFERENCE, workers=1)
    keys = keys_by_record(batch)
    assert batch.ids == [r["record_id"] for r in RECORDS]
    for i, (row, record) in enumerate(zip(as_rows(batch), RECORDS, strict=True)):
        one = record_features(record, REFERENCE)
        assert row == one, record["record_id"]
        assert keys.get(i, set()) == set(record_keys(one)), record["record_id"]
    assert keys.get(6) is None  # a record with nothing in it has no key


def test_forked_workers_and_shared_lists_give_the_same_features(monkeypatch):
    serial = build_features(RECORDS, REFERENCE, workers=1)
    monkeypatch.setattr(featurise, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(featurise, "JOB_SIZE", 2)
    left, right = build_features_lists([RECORDS[:4], RECORDS[4:]], REFERENCE, workers=2)
    assert as_rows(left) + as_rows(right) == as_rows(serial)
    assert set(left.keys.column("key").to_pylist()) | set(
        right.keys.column("key").to_pylist()
    ) == set(serial.keys.column("key").to_pylist())


def test_progress_counts_every_record_once():
    seen: list[int] = []
    build_features(RECORDS, REFERENCE, workers=1, progress=seen.append)
    assert sum(seen) == len(RECORDS)


FIELDS = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "Оксана",
            "Оксана Владимировна",
            "О. В.",
            "Щербакова (Иванова)",
            "Щербакова-Иванова",
            "урожд. Петрова",
            "Владимировна",
            "Ivanov, Ivan",
            "Гусейн оглы",
            "  ",
            "Ivan Petrovich",
            "Петренко",
        ]
    ),
)


@settings(max_examples=200, deadline=None)
@given(FIELDS, FIELDS, FIELDS)
def test_split_fields_parse_field_by_field_as_a_whole(given_name, family, patronymic):
    # The batch parses each family field and each (given, patronymic) once: that must be
    # what parse_name gives for the three fields together.
    parsed = parse_name(given=given_name, family=family, patronymic=patronymic)
    assert family_half(parsed) == family_field((family or "").strip())
    assert given_half(parsed) == given_fields(
        (given_name or "").strip(), (patronymic or "").strip()
    )


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_lists(n):
    features = build_features(RECORDS[:n], REFERENCE)
    assert features.table.num_rows == n
