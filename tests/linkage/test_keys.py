"""Which blocking keys a run uses: common keys skipped, their refined keys used instead."""

import dataclasses
import datetime

import numpy as np

from corridor.linkage import Settings, link
from corridor.linkage.keys import usable_keys


def side(*rows):
    key, idx, parent = (np.array(column, dtype=np.int64) for column in zip(*rows, strict=True))
    return key, idx, parent


def test_common_keys_give_way_to_their_refined_keys():
    # key 1 is held by three records on the right (over a cap of 2): its refined key 11
    # is used instead; key 2 is small, so its refined key 22 is not needed; key 3 is on
    # the left only.
    left = side((1, 0, 0), (11, 0, 1), (2, 0, 0), (22, 0, 2), (3, 0, 0))
    right = side((1, 0, 0), (1, 1, 0), (1, 2, 0), (11, 2, 1), (2, 1, 0), (22, 1, 2))
    (lk, li), (rk, ri) = usable_keys(left, right, cap=2)
    assert sorted(zip(lk.tolist(), li.tolist(), strict=True)) == [(2, 0), (11, 0)]
    assert sorted(zip(rk.tolist(), ri.tolist(), strict=True)) == [(2, 1), (11, 2)]


def test_dedupe_counts_one_list():
    keys = side((5, 0, 0), (5, 1, 0), (6, 2, 0))
    (k, i), _ = usable_keys(keys, None, cap=2)
    assert sorted(zip(k.tolist(), i.tolist(), strict=True)) == [(5, 0), (5, 1)]


def test_namesakes_over_the_cap_meet_through_their_settlement():
    namesake = {"full_name": "Иванов Иван Петрович", "date_of_birth": "1960"}
    registry = [
        {"record_id": "a", **namesake, "place": "Суджа"},
        {"record_id": "b", **namesake, "place": "Гончаровка"},
        {"record_id": "c", **namesake, "place": "Замостье"},
    ]
    requests = [{"record_id": "q", "full_name": "Иванов Иван", "date_of_birth": "1960",
                 "place": "Гончаровка"}]  # fmt: skip
    settings = Settings(reference_date=datetime.date(2025, 3, 1), threshold=0.0)
    everyone = link(requests, registry, settings)
    assert {b for _, b, _ in everyone.pairs()} == {"a", "b", "c"}
    capped = link(requests, registry, dataclasses.replace(settings, max_block_size=2))
    assert {b for _, b, _ in capped.pairs()} == {"b"}
