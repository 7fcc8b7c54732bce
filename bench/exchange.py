"""Exchange list reconciliation benchmark: time and F1 of held x sought, and held x registry.

    .venv/bin/python bench/exchange.py                      # 10k held, 10k sought, ~100k registry
    .venv/bin/python bench/exchange.py --people 10000 --held 1000 --sought 1000   # a quick look

From one seeded district (corridor.linkage.synthetic_population) three lists are rendered,
each by its own hand, with the truth known:

- the **registry**: the civilian registry rows of the linkage benchmark (Russian and
  Ukrainian clerks, some people twice), about 1.03 x ``--people`` rows;
- the **held list** of party A: men of 18 to 59, typed again by the detaining party's
  clerks (an independent rendering: other typos, other language, other date formats),
  with a serial number on 90% of entries (3% with one digit wrong);
- the **sought list** of party B: men of 18 to 59 as their families reported them
  (corridor.linkage.synthetic_requests: Latin script in many standards, diminutives,
  partial and approximate dates), with the serial number B's records hold on 60% (2% wrong).

``--overlap`` of the held men are on the sought list; the rest of each list is on one list
only, as in a real exchange. Held and sought are reconciled exactly as the service does
(corridor.exchange.reconcile.reconcile: matched / disputed / one list only), and the held
list is linked to the registry as the service does (reconcile.candidates from 0.5).
Scores: precision, recall and F1 of "matched" against the true pairs; the recall of
"matched or disputed" (what a person reviewing the report gets to see); for the registry,
pairs from 0.5 against every registry row of the same person. A benchmark prints figures;
it asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from typing import Any

import numpy as np

from corridor.exchange.reconcile import candidates, reconcile
from corridor.linkage.synthetic import REFERENCE_DATE
from corridor.linkage.synthetic_population import build_population
from corridor.linkage.synthetic_registry import render_registry
from corridor.linkage.synthetic_requests import render_requests
from corridor.linkage.synthetic_vocab import build_vocab

COLUMNS = ("full_name", "given_name", "family_name", "patronymic", "date_of_birth", "sex", "place")


LETTERS = "ABCEHKMOPTXY"  # letters that look the same in Cyrillic and Latin, as on ID tags


def _serial(person: int, rng: np.random.Generator, wrong: float) -> str:
    """A military ID number: a two-letter series and six digits, one digit wrong at ``wrong``."""
    code = person * 7919 % 100_000_003
    series = LETTERS[code % 12] + LETTERS[code // 12 % 12]
    digits = list(f"{code // 144 % 1_000_000:06d}")
    if rng.random() < wrong:
        k = int(rng.integers(0, len(digits)))
        digits[k] = str((int(digits[k]) + 1 + int(rng.integers(0, 8))) % 10)
    return f"{series} {''.join(digits)}"


def _records(cols: dict[str, Any], rows: np.ndarray, prefix: str) -> list[dict[str, Any]]:
    out = []
    for i, row in enumerate(rows):
        record: dict[str, Any] = {"record_id": f"{prefix}{i:06d}"}
        for c in COLUMNS:
            value = cols[c][row]
            record[c] = "" if value is None else str(value)
        record["person_id"] = int(cols["person_id"][row])
        out.append(record)
    return out


def _score(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    tp = len(found & truth)
    p = tp / len(found) if found else 0.0
    r = tp / len(truth) if truth else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def generate(args: argparse.Namespace) -> dict[str, Any]:
    vocab = build_vocab()
    rng = np.random.default_rng(args.seed)
    r = random.Random(args.seed)
    ref = (REFERENCE_DATE.year, REFERENCE_DATE.month, REFERENCE_DATE.day)
    pop = build_population(args.people, vocab, rng, ref[0])
    registry_cols, _ = render_registry(pop, vocab, rng, r, 0.95, 0.08)
    clerk_cols, _ = render_registry(pop, vocab, rng, r, 1.0, 0.0)  # everyone once, typed again
    # Which sex code is male: the one the clerks wrote "М" for.
    sex_text = np.array([s or "" for s in clerk_cols["sex"]], dtype=object)
    codes = pop["sex"][clerk_cols["person_id"]]
    male = int(np.bincount(codes[sex_text == "М"]).argmax())
    age = ref[0] - pop["year"]
    soldier = (pop["sex"] == male) & (age >= 18) & (age <= 59)
    # Families' reports about soldiers: many requests, one per man kept.
    req_cols, _ = render_requests(pop, vocab, rng, r, args.people * 3, ref)
    first_request: dict[int, int] = {}
    for row, person in enumerate(req_cols["person_id"]):
        if soldier[person] and int(person) not in first_request:
            first_request[int(person)] = row
    reported = np.array(sorted(first_request), dtype=np.int64)
    rng.shuffle(reported)
    n_both = int(min(args.held, args.sought) * args.overlap)
    both = reported[:n_both]
    sought_only = reported[n_both : n_both + args.sought - n_both]
    others = np.setdiff1d(np.flatnonzero(soldier), reported[: args.sought])
    rng.shuffle(others)
    held_people = np.r_[both, others[: args.held - n_both]]
    clerk_row = {int(p): i for i, p in enumerate(clerk_cols["person_id"])}
    held = _records(clerk_cols, np.array([clerk_row[int(p)] for p in held_people]), "H")
    sought_people = np.r_[both, sought_only]
    sought = _records(req_cols, np.array([first_request[int(p)] for p in sought_people]), "S")
    for rec in held:
        rec["identifier"] = _serial(rec["person_id"], rng, 0.03) if rng.random() < 0.9 else ""
    for rec in sought:
        rec["identifier"] = _serial(rec["person_id"], rng, 0.02) if rng.random() < 0.6 else ""
    registry = _records(registry_cols, np.arange(len(registry_cols["person_id"])), "R")
    return {"held": held, "sought": sought, "registry": registry}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=97_500)
    parser.add_argument("--held", type=int, default=10_000)
    parser.add_argument("--sought", type=int, default=10_000)
    parser.add_argument("--overlap", type=float, default=0.6)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    t = time.perf_counter()
    lists = generate(args)
    held, sought, registry = lists["held"], lists["sought"], lists["registry"]
    print(
        f"generated in {time.perf_counter() - t:.1f} s: {len(held):,} held, {len(sought):,} "
        f"sought, {len(registry):,} registry rows"
    )
    person_of = {rec["record_id"]: rec["person_id"] for rec in [*held, *sought, *registry]}
    public = lambda rows: [{k: v for k, v in rec.items() if k != "person_id"} for rec in rows]  # noqa: E731
    sought_of: dict[int, str] = {rec["person_id"]: rec["record_id"] for rec in sought}
    truth = {
        (h["record_id"], sought_of[h["person_id"]]) for h in held if h["person_id"] in sought_of
    }
    held_persons = {h["person_id"]: h["record_id"] for h in held}
    registry_truth = {
        (held_persons[rec["person_id"]], rec["record_id"])
        for rec in registry
        if rec["person_id"] in held_persons
    }

    t = time.perf_counter()
    outcome = reconcile(public(held), public(sought), reference_date=REFERENCE_DATE)
    t_lists = time.perf_counter() - t
    matched = {(p.held, p.sought) for p in outcome.matched}
    reviewed = matched | {(p.held, p.sought) for p in outcome.disputed}
    p, r, f1 = _score(matched, truth)
    _, r_review, _ = _score(reviewed, truth)

    t = time.perf_counter()
    no_place = [{**rec, "place": ""} for rec in public(held)]
    pairs = candidates(
        no_place,
        [{**rec, "place": ""} for rec in public(registry)],
        threshold=0.5,
        reference_date=REFERENCE_DATE,
    )
    t_registry = time.perf_counter() - t
    rp, rr, rf1 = _score({(x.held, x.sought) for x in pairs}, registry_truth)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    wrong = [(h, s) for h, s in matched - truth if person_of[h] != person_of[s]]

    print(f"true pairs held x sought: {len(truth):,}; held x registry: {len(registry_truth):,}")
    print("| step | pairs | P | R | F1 | R (matched or disputed) | time s |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| held × sought: matched | {len(matched):,} | {p:.3f} | {r:.3f} | **{f1:.3f}** | "
        f"{r_review:.3f} | {t_lists:.1f} |"
    )
    print(f"| held × registry (from 0.5) | {len(pairs):,} | {rp:.3f} | {rr:.3f} | {rf1:.3f} | — | {t_registry:.1f} |")  # fmt: skip
    print(
        f"disputed pairs {len(outcome.disputed):,}, held only {len(outcome.held_only):,}, "
        f"sought only {len(outcome.sought_only):,}; wrongly matched {len(wrong):,}"
    )
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in outcome.timings.items())
    print(f"held × sought by step: {steps}")
    print(f"total {t_lists + t_registry:.1f} s, peak {peak:,.0f} MB")


if __name__ == "__main__":
    main()
