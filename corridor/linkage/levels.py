"""The declarative shape of a comparison (ordered levels in SQL and Python) and the helpers
its two twins share; the comparisons themselves are in corridor.linkage.comparisons."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import Levenshtein

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Level:
    """One outcome of a comparison, with words a caseworker can read."""

    name: str
    label: str


@dataclass(frozen=True)
class Comparison:
    """A declarative comparison of one field (or a few related fields)."""

    name: str
    label: str
    levels: tuple[Level, ...]  # index 0 is always "missing"
    sql: str
    python: Callable[[Row, Row], int]
    tf_level: int | None = None  # the level whose u-probability is term-frequency adjusted
    tf_column: str | None = None
    columns: tuple[str, ...] = ()
    # Documented values measured once on the project's synthetic benchmark (5k people,
    # seed 11, not a benchmark seed; docs/linkage.md): the share of each level among true
    # matches (m, used as is: data-entry error rates travel well between lists) and among
    # random pairs (u, used only for lists too small to sample from).
    default_m: tuple[float, ...] = ()
    default_u: tuple[float, ...] = ()

    def level_index(self, name: str) -> int:
        return next(i for i, lvl in enumerate(self.levels) if lvl.name == name)


MISSING = Level("missing", "not comparable: missing on one side")


def edit_distance(a: str, b: str) -> int:
    return Levenshtein.distance(a, b)


def within_sql(left: str, right: str, k: int) -> str:
    """SQL: the two strings are at most k edits apart. Comparing lengths first spares most
    pairs the edit distance (it is never less than the difference in length)."""
    return f"(abs(length({left}) - length({right})) <= {k} AND levenshtein({left}, {right}) <= {k})"


def any_equal(l: Row, r: Row, cols: tuple[str, ...]) -> bool:
    left = {l[c] for c in cols if l.get(c)}
    right = {r[c] for c in cols if r.get(c)}
    return bool(left & right)
