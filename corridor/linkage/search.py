"""Online search: "who in the registry could this new record be?", ranked and explained.

The index keeps the registry's features column by column and its blocking keys as a sorted
array of key hashes, so a query touches only the records sharing a key with it. Scoring uses
the same comparisons (their Python twins) and the same estimated parameters as batch runs.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from corridor.linkage.comparisons import DEFAULT_COMPARISONS, TF_COLUMNS
from corridor.linkage.explain import FieldEvidence, explain_pair
from corridor.linkage.features import FEATURE_COLUMNS, record_features
from corridor.linkage.featurise import build_features
from corridor.linkage.keys import record_keys
from corridor.linkage.model import (
    Parameters,
    log_bayes_factors,
    match_weights,
    probabilities,
    shrunk_share,
)


@dataclass(frozen=True)
class Candidate:
    """One registry record that may be the person sought."""

    record_id: str
    probability: float
    evidence: list[FieldEvidence]


class SearchIndex:
    """An in-memory index over a registry; add records as they arrive."""

    def __init__(
        self,
        params: Parameters,
        max_block_size: int = 2000,
        reference_date: datetime.date | None = None,
    ):
        self.params = params
        self.max_block_size = max_block_size
        self.reference_date = reference_date
        self.ids: list[str] = []
        self.columns: dict[str, list[Any]] = {c: [] for c in FEATURE_COLUMNS[1:]}
        self._hashes = np.zeros(0, dtype=np.int64)
        self._rows = np.zeros(0, dtype=np.int64)
        self._pending: dict[int, list[int]] = {}  # keys of records added since the last merge
        self._pending_count = 0
        self._counts: dict[str, dict[str, int]] = {c: {} for c in TF_COLUMNS}
        self._totals: dict[str, int] = dict.fromkeys(TF_COLUMNS, 0)

    @classmethod
    def build(
        cls,
        records: Iterable[Mapping[str, Any]],
        params: Parameters | None = None,
        *,
        max_block_size: int = 2000,
        reference_date: datetime.date | None = None,
        estimate_sample: int = 200_000,
    ) -> SearchIndex:
        """Index a registry. Without parameters, they are estimated by deduplicating (a sample of) it."""
        rows = list(records)
        if params is None:
            from corridor.linkage.engine import Settings, dedupe

            sample = rows[:estimate_sample]
            params = dedupe(sample, Settings(reference_date=reference_date)).links.params
        index = cls(params, max_block_size, reference_date)
        features = build_features(rows, reference_date)
        index.ids = features.ids
        for name in FEATURE_COLUMNS[1:]:
            index.columns[name] = features.table.column(name).to_pylist()
        index._hashes = features.keys.column("key").to_numpy()
        index._rows = features.keys.column("idx").to_numpy()
        order = np.argsort(index._hashes, kind="stable")
        index._hashes, index._rows = index._hashes[order], index._rows[order]
        for col in TF_COLUMNS:
            for v in index.columns[col]:
                index._count(col, v)
        return index

    def _count(self, column: str, value: str | None) -> None:
        if value is not None:
            self._counts[column][value] = self._counts[column].get(value, 0) + 1
            self._totals[column] += 1

    def _share(self, column: str, value: str | None) -> float:
        """The shrunk share of a value among indexed records (NaN if unknown)."""
        comps = self.params.comparisons
        c = next((i for i, comp in enumerate(comps) if comp.tf_column == column), None)
        level = comps[c].tf_level if c is not None else None
        if not value or c is None or level is None or not self.params.u_random:
            return float("nan")
        count = self._counts[column].get(value, 0)
        return float(shrunk_share(count, self._totals[column], self.params.u_random[c][level]))

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, record: Mapping[str, Any]) -> None:
        """Make one more registry record findable at once."""
        f = record_features(record, self.reference_date)
        row = len(self.ids)
        self.ids.append(str(record["record_id"]))
        for name in FEATURE_COLUMNS[1:]:
            self.columns[name].append(f[name])
        for key, _ in record_keys(f):
            self._pending.setdefault(key, []).append(row)
            self._pending_count += 1
        for col in TF_COLUMNS:
            self._count(col, f[col])
        if self._pending_count > 50_000:
            self._merge_pending()

    def _merge_pending(self) -> None:
        if not self._pending:
            return
        new_hashes = [h for h, rows in self._pending.items() for _ in rows]
        new_rows = [r for rows in self._pending.values() for r in rows]
        hashes = np.concatenate([self._hashes, np.array(new_hashes, dtype=np.int64)])
        rows = np.concatenate([self._rows, np.array(new_rows, dtype=np.int64)])
        order = np.argsort(hashes, kind="stable")
        self._hashes, self._rows = hashes[order], rows[order]
        self._pending, self._pending_count = {}, 0

    def _size(self, key: int) -> tuple[int, int]:
        lo = int(np.searchsorted(self._hashes, key, side="left"))
        hi = int(np.searchsorted(self._hashes, key, side="right"))
        return lo, hi

    def _candidates(self, keys: list[tuple[int, int]]) -> set[int]:
        """Records sharing a usable key (corridor.linkage.keys.usable_keys, one side)."""
        found: set[int] = set()
        pending = self._pending

        def size(key: int) -> int:
            lo, hi = self._size(key)
            return hi - lo + len(pending.get(key, ()))

        for key, parent in keys:
            if size(key) > self.max_block_size:
                continue  # too common to tell anything
            if parent and size(parent) <= self.max_block_size:
                continue  # the parent key already brings these records
            lo, hi = self._size(key)
            found.update(self._rows[lo:hi].tolist())
            found.update(pending.get(key, ()))
        return found

    def _row(self, i: int) -> dict[str, Any]:
        return {name: self.columns[name][i] for name in self.columns}

    def search(
        self, record: Mapping[str, Any], limit: int = 10, min_probability: float = 0.01
    ) -> list[Candidate]:
        """Registry records that may be this person, most probable first, with the evidence."""
        query = record_features(record, self.reference_date)
        rows = sorted(self._candidates(record_keys(query)))
        if not rows:
            return []
        comparisons = self.params.comparisons or DEFAULT_COMPARISONS
        others = [self._row(i) for i in rows]
        gamma = np.array(
            [[c.python(query, o) for c in comparisons] for o in others], dtype=np.int64
        )
        shares = {col: np.full(len(rows), self._share(col, query[col])) for col in TF_COLUMNS}
        log_bf = log_bayes_factors(self.params, gamma, shares)
        probs = probabilities(match_weights(log_bf, self.params.prior))
        order = np.argsort(-probs, kind="stable")[:limit]
        return [
            Candidate(
                self.ids[rows[k]], float(probs[k]), explain_pair(self.params, gamma[k], log_bf[k])
            )
            for k in order
            if probs[k] >= min_probability
        ]
