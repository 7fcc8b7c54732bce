"""Batch linkage: link two lists or dedupe one, on DuckDB (default) or Spark.

Steps (each kept in `result.steps` with debug=True): features and blocking keys (Python,
once per distinct value) -> candidate pairs (equi-joins on blocking keys, keys shared by
too many records skipped) -> comparison levels (SQL) -> u from random pairs, m and the
prior by EM -> match probabilities with term-frequency adjustment -> pairs over the
threshold, each explainable field by field.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from corridor.linkage.backends import Backend, DuckDBBackend
from corridor.linkage.cluster import connected_components
from corridor.linkage.comparisons import DEFAULT_COMPARISONS, TF_COLUMNS, Comparison
from corridor.linkage.explain import FieldEvidence, explain_pair
from corridor.linkage.featurise import Features, build_features, build_features_lists
from corridor.linkage.keys import usable_keys
from corridor.linkage.model import (
    Parameters,
    estimate,
    estimate_u,
    log_bayes_factors,
    probabilities,
)
from corridor.linkage.scoring import (
    PLAUSIBLE_ODDS,
    code_weights,
    codes_of,
    compare_sql,
    exclusive_weights,
    tf_adjustments,
    tf_shares,
    unpack,
    weight_sql,
)

# Chosen on the project's own benchmark as the F1-maximising cut-off (docs/benchmarks.md).
DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class Settings:
    """How a linkage run is done."""

    comparisons: tuple[Comparison, ...] = DEFAULT_COMPARISONS
    threshold: float = DEFAULT_THRESHOLD
    max_block_size: int = 10  # see keys.usable_keys: commoner keys give way to refined keys
    u_sample_pairs: int = 1_000_000
    seed: int = 42
    reference_date: datetime.date | None = None
    estimate_m: bool = False  # also re-estimate m by EM (off: documented m, see docs/linkage.md)
    progress: Callable[[int], object] | None = None  # called with the number of records featured
    exclusive: bool = True  # link: a left record is one person, so candidate people compete
    debug: bool = False


@dataclass(frozen=True)
class LinkResult:
    """Pairs over the threshold with probabilities and levels, and the model behind them."""

    left_ids: list[str]
    right_ids: list[str]
    left_index: np.ndarray
    right_index: np.ndarray
    probability: np.ndarray
    weight: np.ndarray
    levels: np.ndarray  # pairs x comparisons
    log_bf: np.ndarray  # pairs x comparisons: log2 Bayes factor of each field, TF-adjusted
    params: Parameters
    candidates: int
    timings: dict[str, float]
    steps: dict[str, Any] = field(default_factory=dict)

    def pairs(self) -> list[tuple[str, str, float]]:
        return [
            (self.left_ids[i], self.right_ids[j], float(p))
            for i, j, p in zip(self.left_index, self.right_index, self.probability, strict=True)
        ]

    def explain(self, k: int) -> list[FieldEvidence]:
        return explain_pair(self.params, self.levels[k], self.log_bf[k])

    def to_arrow(self) -> pa.Table:
        columns: dict[str, Any] = {
            "left_id": [self.left_ids[i] for i in self.left_index],
            "right_id": [self.right_ids[j] for j in self.right_index],
            "match_probability": self.probability,
            "match_weight": self.weight,
        }
        for c, comp in enumerate(self.params.comparisons):
            columns[comp.name] = [comp.levels[lvl].name for lvl in self.levels[:, c]]
        return pa.table(columns)


def _with_tf_codes(
    left: Features, right: Features | None
) -> tuple[pa.Table, pa.Table | None, dict[str, np.ndarray]]:
    """Dictionary-encode the term-frequency columns over both sides; counts per code."""
    counts: dict[str, np.ndarray] = {}
    lt, rt = left.table, right.table if right is not None else None
    for column in TF_COLUMNS:
        parts = [lt.column(column)] + ([rt.column(column)] if rt is not None else [])
        encoded = (
            pa.chunked_array([c for part in parts for c in part.chunks], pa.string())
            .combine_chunks()
            .dictionary_encode()
        )
        n_values = len(encoded.dictionary)
        codes = encoded.indices.fill_null(n_values).to_numpy(zero_copy_only=False)
        counts[column] = np.bincount(codes, minlength=n_values + 1)[:n_values].astype(float)
        codes = codes.astype(np.int32)
        lt = lt.append_column(f"tf_{column}", pa.array(codes[: lt.num_rows]))
        if rt is not None:
            rt = rt.append_column(f"tf_{column}", pa.array(codes[lt.num_rows :]))
    return lt, rt, counts


def _candidates_sql(dedupe: bool, n_right: int) -> str:
    """Distinct pairs sharing a usable key. A pair is packed into one integer for the
    DISTINCT: pairs share several keys, and de-duplicating one column takes half the memory."""
    right_keys = "kl" if dedupe else "kr"
    order = "AND a.idx < b.idx" if dedupe else ""
    n = max(int(n_right), 1)
    return f"""
        WITH codes AS (SELECT DISTINCT a.idx * {n} + b.idx AS code
                       FROM kl a JOIN {right_keys} b ON a.key = b.key {order})
        SELECT CAST(FLOOR(code / {n}) AS BIGINT) AS li, code % {n} AS ri FROM codes"""


def _key_columns(features: Features) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return tuple(  # type: ignore[return-value]
        _column(features.keys, name).astype(np.int64, copy=False)
        for name in ("key", "idx", "parent")
    )


def _column(table: pa.Table, name: str) -> np.ndarray:
    return table.column(name).to_numpy(zero_copy_only=False)


def _cutoff(threshold: float, exclusive: bool) -> float:
    """The lowest weight worth bringing back: the threshold's, or the plausible odds'
    when exclusivity may still lift a pair (with a hair of slack for rounding)."""
    if threshold <= 0:
        return -np.inf
    bound = np.log2(threshold / (1 - threshold)) if threshold < 1 else np.inf
    if exclusive:
        bound = min(bound, np.log2(PLAUSIBLE_ODDS))
    return float(bound) - 1e-9


def _run(
    left: Features,
    right: Features | None,
    settings: Settings,
    backend: Backend | None,
) -> LinkResult:
    timings: dict[str, float] = {}
    steps: dict[str, Any] = {}
    own_backend = backend is None
    backend = backend or DuckDBBackend()
    dedupe = right is None
    comparisons = settings.comparisons
    try:
        t = time.perf_counter()
        lt, rt, tf_counts = _with_tf_codes(left, right)
        kl, kr = usable_keys(
            _key_columns(left),
            _key_columns(right) if right is not None else None,
            settings.max_block_size,
        )
        backend.register("fl", lt)
        backend.register("kl", pa.table({"key": kl[0], "idx": kl[1]}))
        if right is not None and rt is not None:
            backend.register("fr", rt)
            backend.register("kr", pa.table({"key": kr[0], "idx": kr[1]}))
        right_table = "fl" if dedupe else "fr"
        n_left = lt.num_rows
        n_right = n_left if dedupe else (rt.num_rows if rt is not None else 0)
        backend.materialise(  # type: ignore[attr-defined]
            "pairs", _candidates_sql(dedupe, n_right)
        )
        timings["blocking"] = time.perf_counter() - t
        t = time.perf_counter()
        # Each pair's levels are computed once, packed into one integer per pair.
        backend.materialise(  # type: ignore[attr-defined]
            "compared", compare_sql(comparisons, "pairs", "fl", right_table)
        )
        pattern_table = backend.query("SELECT code, count(*) AS n FROM compared GROUP BY code")
        pattern_codes = codes_of(pattern_table)
        order = np.argsort(pattern_codes)  # the same order on every backend
        pattern_codes = pattern_codes[order]
        pattern_counts = _column(pattern_table, "n").astype(float)[order]
        n_candidates = int(pattern_counts.sum())
        timings["comparing"] = time.perf_counter() - t

        t = time.perf_counter()
        rng = np.random.default_rng(settings.seed)
        n_sample = int(min(settings.u_sample_pairs, max(n_left * n_right, 1)))
        li = rng.integers(0, max(n_left, 1), n_sample)
        ri = rng.integers(0, max(n_right, 1), n_sample)
        if dedupe:
            keep = li != ri
            li, ri = li[keep], ri[keep]
        backend.register("usample", pa.table({"li": li, "ri": ri}))
        u_table = backend.query(compare_sql(comparisons, "usample", "fl", right_table))
        u = estimate_u(unpack(codes_of(u_table), comparisons), comparisons)
        total_pairs = n_left * (n_left - 1) / 2 if dedupe else n_left * n_right
        params = estimate(
            unpack(pattern_codes, comparisons),
            comparisons,
            u,
            max(total_pairs, 1.0),
            estimate_m=settings.estimate_m,
            counts=pattern_counts,
        )
        timings["estimate"] = time.perf_counter() - t

        t = time.perf_counter()
        exclusive = not dedupe and settings.exclusive
        shares = tf_shares(params, tf_counts)
        backend.register("pw", code_weights(params, pattern_codes.astype(np.int64)))
        backend.register("adj", tf_adjustments(params, shares, lt))
        scored = backend.query(weight_sql(_cutoff(settings.threshold, exclusive)))
        li, ri = _column(scored, "li").astype(np.int64), _column(scored, "ri").astype(np.int64)
        order = np.lexsort((ri, li))  # every backend yields the same sequence
        li, ri = li[order], ri[order]
        code = codes_of(scored)[order]
        weight = _column(scored, "weight").astype(float)[order]
        if exclusive:
            timings["score"] = time.perf_counter() - t
            t = time.perf_counter()
            weight = exclusive_weights(backend, params, right_table, li, ri, weight)
            timings["exclusivity"] = time.perf_counter() - t
            t = time.perf_counter()
        prob = probabilities(weight)
        keep = prob >= settings.threshold
        li, ri, code, weight, prob = li[keep], ri[keep], code[keep], weight[keep], prob[keep]
        gamma = unpack(code, comparisons)
        # Per-field evidence (for explanations) only for the pairs kept.
        pair_shares = {
            column: values[_column(lt, f"tf_{column}")[li]] for column, values in shares.items()
        }
        log_bf = log_bayes_factors(params, gamma, pair_shares)
        timings["score"] = timings.get("score", 0.0) + time.perf_counter() - t
        if settings.debug:
            compared = backend.query("SELECT li, ri, code FROM compared")
            steps.update(
                features_left=lt,
                features_right=rt,
                keys_left=left.keys,
                compared=compared,
                levels=unpack(codes_of(compared), comparisons),
            )
        return LinkResult(
            left_ids=left.ids,
            right_ids=left.ids if dedupe else (right.ids if right is not None else []),
            left_index=li,
            right_index=ri,
            probability=prob,
            weight=weight,
            levels=gamma,
            log_bf=log_bf,
            params=params,
            candidates=n_candidates,
            timings=timings,
            steps=steps,
        )
    finally:
        if own_backend:
            backend.close()


def link(
    left: Iterable[Mapping[str, Any]],
    right: Iterable[Mapping[str, Any]],
    settings: Settings | None = None,
    backend: Backend | None = None,
) -> LinkResult:
    """Pairs of records, one from each list, that are probably the same person."""
    settings = settings or Settings()
    t = time.perf_counter()
    fl, fr = build_features_lists(
        [left, right], settings.reference_date, progress=settings.progress
    )
    featuring = time.perf_counter() - t
    result = _run(fl, fr, settings, backend)
    result.timings["features"] = featuring
    return result


@dataclass(frozen=True)
class DedupeResult:
    """Linked pairs within one list and the clusters they form."""

    links: LinkResult
    cluster_of: dict[str, int]


def dedupe(
    records: Iterable[Mapping[str, Any]],
    settings: Settings | None = None,
    backend: Backend | None = None,
) -> DedupeResult:
    """Pairs within one list that are probably the same person, and clusters."""
    settings = settings or Settings()
    t = time.perf_counter()
    features = build_features(records, settings.reference_date, progress=settings.progress)
    featuring = time.perf_counter() - t
    result = _run(features, None, settings, backend)
    result.timings["features"] = featuring
    labels = connected_components(len(features.ids), result.left_index, result.right_index)
    return DedupeResult(result, {rid: int(c) for rid, c in zip(features.ids, labels, strict=True)})
