"""Reconciling one party's held list with the other party's sought list. Framework-free.

The engine (corridor.linkage) proposes pairs with probabilities and field-by-field evidence;
this module decides what a reconciliation report says of each:

- **matched**: the pair is strong (probability at least ``MATCH_FROM`` and the serial
  numbers, when both lists carry one, do not contradict each other) and neither entry has
  another strong pair; or a person decided earlier that the two are the same person.
- **disputed**: any other pair from ``REVIEW_FROM`` on in which an entry is left unmatched:
  a person must look (a weaker pair, two candidates for one entry, serial numbers that
  disagree with the names).
- **held only** / **sought only**: entries with no pair at all.

Pairs a person decided are different are never proposed again.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from corridor.linkage.explain import FieldEvidence

__all__ = ["MATCH_FROM", "REVIEW_FROM", "Outcome", "Pair", "candidates", "reconcile"]

MATCH_FROM = 0.9
REVIEW_FROM = 0.3


@dataclass(frozen=True)
class Pair:
    """A held and a sought record that may be one person, and why."""

    held: str
    sought: str
    probability: float | None  # None: decided by a person, not proposed by the engine
    evidence: tuple[FieldEvidence, ...] = ()

    @property
    def serials_disagree(self) -> bool:
        return any(e.comparison == "identifier" and e.level == "different" for e in self.evidence)

    def evidence_json(self) -> list[dict[str, Any]]:
        return [vars(e) | {"bayes_factor": float(e.bayes_factor)} for e in self.evidence]


@dataclass(frozen=True)
class Outcome:
    """What a reconciliation report says of every entry of the two lists."""

    matched: list[Pair]
    disputed: list[Pair]
    held_only: list[str]
    sought_only: list[str]
    timings: dict[str, float] = field(default_factory=dict)

    def state_of(self) -> tuple[dict[str, str], dict[str, str]]:
        """Each held and each sought id's outcome: ``matched``, ``disputed`` or ``not_found``."""
        held = dict.fromkeys(self.held_only, "not_found")
        sought = dict.fromkeys(self.sought_only, "not_found")
        for p in self.disputed:
            held[p.held] = sought[p.sought] = "disputed"
        for p in self.matched:
            held[p.held] = sought[p.sought] = "matched"
        return held, sought


def candidates(
    left: Iterable[Mapping[str, Any]],
    right: Iterable[Mapping[str, Any]],
    *,
    threshold: float = REVIEW_FROM,
    reference_date: datetime.date | None = None,
    timings: dict[str, float] | None = None,
) -> list[Pair]:
    """Every pair of records from ``threshold`` on, best per pair of ids, most probable first."""
    from corridor.linkage.engine import Settings, link

    left, right = list(left), list(right)
    if not left or not right:
        return []
    result = link(left, right, Settings(threshold=threshold, reference_date=reference_date))
    if timings is not None:
        for step, seconds in result.timings.items():
            timings[step] = timings.get(step, 0.0) + seconds
    best: dict[tuple[str, str], Pair] = {}
    for k, (l_id, r_id, p) in enumerate(result.pairs()):
        if (l_id, r_id) not in best or p > (best[(l_id, r_id)].probability or 0.0):
            best[(l_id, r_id)] = Pair(l_id, r_id, p, tuple(result.explain(k)))
    return sorted(best.values(), key=lambda pair: -(pair.probability or 0.0))


def _strong(pair: Pair) -> bool:
    return (pair.probability or 0.0) >= MATCH_FROM and not pair.serials_disagree


def reconcile(
    held: Iterable[Mapping[str, Any]],
    sought: Iterable[Mapping[str, Any]],
    *,
    same: Iterable[tuple[str, str]] = (),
    different: Iterable[tuple[str, str]] = (),
    reference_date: datetime.date | None = None,
) -> Outcome:
    """Match a held list against a sought list (records as corridor.linkage reads them)."""
    held, sought = list(held), list(sought)
    held_ids = [str(r["record_id"]) for r in held]
    sought_ids = [str(r["record_id"]) for r in sought]
    timings: dict[str, float] = {}
    rejected = set(different)
    pairs = [
        p
        for p in candidates(held, sought, reference_date=reference_date, timings=timings)
        if (p.held, p.sought) not in rejected
    ]
    known = {(p.held, p.sought): p for p in pairs}
    present_h, present_s = set(held_ids), set(sought_ids)
    matched: list[Pair] = []
    used_h: set[str] = set()  # held and sought ids are separate spaces: they may coincide
    used_s: set[str] = set()
    for h, s in sorted(set(same)):
        if h in present_h and s in present_s and h not in used_h and s not in used_s:
            matched.append(known.get((h, s)) or Pair(h, s, None))
            used_h.add(h)
            used_s.add(s)
    strong_h: dict[str, int] = defaultdict(int)
    strong_s: dict[str, int] = defaultdict(int)
    for p in pairs:
        if _strong(p) and p.held not in used_h and p.sought not in used_s:
            strong_h[p.held] += 1
            strong_s[p.sought] += 1
    for p in pairs:
        if p.held in used_h or p.sought in used_s or not _strong(p):
            continue
        if strong_h[p.held] == 1 and strong_s[p.sought] == 1:
            matched.append(p)
            used_h.add(p.held)
            used_s.add(p.sought)
    matched_keys = {(p.held, p.sought) for p in matched}
    disputed = [
        p
        for p in pairs
        if (p.held, p.sought) not in matched_keys
        and (p.held not in used_h or p.sought not in used_s)
    ]
    disputed_h = {p.held for p in disputed}
    disputed_s = {p.sought for p in disputed}
    return Outcome(
        matched=matched,
        disputed=disputed,
        held_only=[h for h in held_ids if h not in used_h and h not in disputed_h],
        sought_only=[s for s in sought_ids if s not in used_s and s not in disputed_s],
        timings=timings,
    )
