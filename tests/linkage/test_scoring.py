"""Packed comparison levels and exclusivity among a request's candidates."""

import datetime

import numpy as np
import pytest

from corridor.linkage.backends import DuckDBBackend
from corridor.linkage.comparisons import DEFAULT_COMPARISONS
from corridor.linkage.featurise import build_features
from corridor.linkage.model import default_parameters
from corridor.linkage.scoring import exclusive_weights, unpack

REFERENCE = datetime.date(2025, 3, 1)
PERSON = {"full_name": "Щербакова Оксана Владимировна", "date_of_birth": "03.07.1961",
          "place": "Суджа"}  # fmt: skip
REGISTRY = [
    {"record_id": "a", **PERSON},
    {"record_id": "a-again", **PERSON, "sex": "ж"},  # the same woman entered twice
    {"record_id": "b", "full_name": "Щербакова Ольга Петровна", "date_of_birth": "1990"},
    {"record_id": "c", "full_name": "Щербакова Анна Ивановна", "date_of_birth": "1992"},
]


def test_levels_pack_into_one_code_and_back():
    radices = [len(c.levels) for c in DEFAULT_COMPARISONS]
    gamma = np.array([[r - 1 for r in radices], [0] * len(radices), [1] * len(radices)])
    codes = np.zeros(len(gamma), dtype=np.int64)
    for c in reversed(range(len(radices))):
        codes = codes * radices[c] + gamma[:, c]
    assert (unpack(codes, DEFAULT_COMPARISONS) == gamma).all()


@pytest.fixture
def right_table():
    backend = DuckDBBackend(threads=1)
    backend.register("fr", build_features(REGISTRY, REFERENCE).table)
    yield backend
    backend.close()


def probability(weight):
    return 1 / (1 + 2.0 ** -np.asarray(weight))


def test_a_duplicate_of_the_best_candidate_shares_its_odds_and_namesakes_compete(right_table):
    params = default_parameters(DEFAULT_COMPARISONS)
    li = np.zeros(4, dtype=np.int64)
    ri = np.arange(4, dtype=np.int64)
    # a: strong; a-again: weak on its own but the same person as a; b, c: weak namesakes.
    weight = np.array([4.0, -5.0, -2.0, -2.0])
    out = probability(exclusive_weights(right_table, params, "fr", li, ri, weight))
    odds = 2.0**weight
    total = odds[0] + odds[2] + odds[3]  # a and a-again are one group, counted once
    assert out == pytest.approx([odds[0] / (1 + total)] * 2 + [odds[2] / (1 + total)] * 2)


def test_weak_candidates_alone_are_not_merged(right_table):
    params = default_parameters(DEFAULT_COMPARISONS)
    li = np.zeros(2, dtype=np.int64)
    ri = np.array([0, 1], dtype=np.int64)
    weight = np.array([-2.0, -3.0])  # a and a-again, both below even odds: no contender
    out = probability(exclusive_weights(right_table, params, "fr", li, ri, weight))
    odds = 2.0**weight
    assert out == pytest.approx(odds / (1 + odds.sum()))
