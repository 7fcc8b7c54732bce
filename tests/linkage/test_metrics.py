"""Precision, recall, F1, slices, threshold choice and the oracle ceiling on literal data."""

from types import SimpleNamespace

import polars as pl
import pytest

from corridor.linkage.metrics import best_threshold, oracle_ceiling, score, slice_scores
from corridor.linkage.synthetic_vocab import build_vocab

TRUTH = [("q1", "r1"), ("q2", "r3"), ("q3", "r4")]


def test_precision_recall_f1_exact():
    s = score([("q1", "r1"), ("q1", "r2"), ("q2", "r3")], TRUTH)
    assert (s.tp, s.fp, s.fn) == (2, 1, 1)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(2 / 3)


def test_duplicates_count_once_and_frames_equal_tuples():
    frame = pl.DataFrame(
        {"a": ["q1", "q1", "q3"], "b": ["r1", "r1", "r9"], "match_probability": [0.9, 0.8, 0.7]}
    )
    s = score(frame, TRUTH)
    assert (s.tp, s.fp, s.fn) == (1, 1, 2)
    assert s.f1 == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))


def test_nothing_predicted_scores_zero():
    s = score([], TRUTH)
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    assert s.fn == 3


def test_slices_by_request_tag():
    tags = pl.DataFrame(
        {"record_id": ["q1", "q2", "q3"], "difficulty": [["latin"], ["latin", "maiden"], []]}
    )
    got = {s.tag: s for s in slice_scores([("q1", "r1"), ("q2", "r9")], TRUTH, tags)}
    assert (got["latin"].true_pairs, got["latin"].found) == (2, 1)
    assert (got["latin"].predicted, got["latin"].correct) == (2, 1)
    assert (got["maiden"].recall, got["maiden"].precision) == (0.0, 0.0)


def test_best_threshold_maximises_f1():
    scored = pl.DataFrame(
        {
            "left_id": ["q1", "q2", "q1", "q3"],
            "right_id": ["r1", "r3", "r2", "r4"],
            "match_probability": [0.99, 0.9, 0.6, 0.3],
        }
    )
    thr, s = best_threshold(scored, TRUTH)
    # at 0.9: P 1, R 2/3, F1 0.8; at 0.3: P 3/4, R 1, F1 6/7 — the lower cut wins
    assert thr == pytest.approx(0.3)
    assert (s.tp, s.fp, s.fn) == (3, 1, 0)


def _records(prefix: str, rows: list[dict]) -> pl.DataFrame:
    blank = {"o_surname": -1, "o_maiden": -1, "o_given": -1, "o_given_init": "", "o_father": -1, "o_father_init": "",
             "o_year_lo": -1, "o_year_hi": -1, "o_month": -1, "o_day": -1, "o_sex": -1, "o_place": -1}  # fmt: skip
    return pl.DataFrame([{"record_id": f"{prefix}{i}", **blank, **r} for i, r in enumerate(rows)])


def test_oracle_on_a_father_and_son_of_one_name():
    v = build_vocab()
    ivan = list(v.given["ru"]).index("Иван")
    petr = list(v.given["ru"]).index("Пётр")
    oksana = list(v.given["ru"]).index("Оксана")
    # registry: the father Иван Петрович (1950), his son Иван Иванович (1975), and Оксана
    # Ивановна, born 12.05.1961, married into surname 8 (maiden name 7, not on the row)
    father = {
        "person_id": 1,
        "o_surname": 7,
        "o_given": ivan,
        "o_father": petr,
        "o_year_lo": 1950,
        "o_year_hi": 1950,
        "o_month": 3,
        "o_day": 20,
    }
    son = {
        "person_id": 2,
        "o_surname": 7,
        "o_given": ivan,
        "o_father": ivan,
        "o_year_lo": 1975,
        "o_year_hi": 1975,
        "o_month": 6,
        "o_day": 1,
    }
    wife = {
        "person_id": 3,
        "o_surname": 8,
        "o_given": oksana,
        "o_father": ivan,
        "o_year_lo": 1961,
        "o_year_hi": 1961,
        "o_month": 5,
        "o_day": 12,
    }
    registry = _records("r", [father, son, wife])
    requests = _records(
        "q",
        [
            {"person_id": 2, "o_surname": 7, "o_given": ivan},  # Иван, surname only: father or son?
            {"person_id": 2, "o_surname": 7, "o_given": ivan, "o_father": ivan},  # Иван Иванович
            {
                "person_id": 1,
                "o_surname": 7,
                "o_given": ivan,
                "o_year_lo": 1951,
                "o_year_hi": 1951,
                "o_month": 3,
                "o_day": 20,
            },  # a year off
            {
                "person_id": 3,
                "o_surname": 7,
                "o_given": oksana,
                "o_year_lo": 1961,
                "o_year_hi": 1961,
            },  # maiden name
            {"person_id": 9, "o_surname": 5, "o_given": ivan},  # nobody listed
        ],
    )
    truth = pl.DataFrame(
        {"request_id": ["q0", "q1", "q2", "q3"], "registry_id": ["r1", "r1", "r0", "r2"]}
    )
    result = oracle_ceiling(SimpleNamespace(requests=requests, registry=registry, truth=truth))
    linked = set(result.pairs.iter_rows())
    assert linked == {("q1", "r1"), ("q2", "r0"), ("q3", "r2")}
    assert (result.resolved_strict, result.resolved_lenient, result.resolved_other_surname) == (
        1,
        1,
        1,
    )
    assert (result.ambiguous, result.no_candidate) == (1, 1)
    assert (result.scores.tp, result.scores.fp, result.scores.fn) == (3, 0, 1)
