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
import polars as pl
import pyarrow as pa

from corridor.linkage.backends import Backend, DuckDBBackend
from corridor.linkage.cluster import connected_components
from corridor.linkage.comparisons import DEFAULT_COMPARISONS, TF_COLUMNS, Comparison
from corridor.linkage.explain import FieldEvidence, explain_pair
from corridor.linkage.features import Features, build_features
from corridor.linkage.model import (
    Parameters,
    estimate,
    estimate_u,
    log_bayes_factors,
    probabilities,
    shrunk_shares,
    total_weights,
)

# Chosen on the project's own benchmark as the F1-maximising cut-off (docs/benchmarks.md).
DEFAULT_THRESHOLD = 0.5
MIN_SAME_PERSON_BITS = 15.0


@dataclass(frozen=True)
class Settings:
    """How a linkage run is done."""

    comparisons: tuple[Comparison, ...] = DEFAULT_COMPARISONS
    threshold: float = DEFAULT_THRESHOLD
    max_block_size: int = 2000
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
    """Dictionary-encode the term-frequency columns over both sides; shares per code."""
    shares: dict[str, np.ndarray] = {}
    lt, rt = left.table, right.table if right is not None else None
    for column in TF_COLUMNS:
        values = lt.column(column).to_pylist() + (
            rt.column(column).to_pylist() if rt is not None else []
        )
        codes: dict[str, int] = {}
        counts: list[int] = []
        for v in values:
            if v is not None:
                if v not in codes:
                    codes[v] = len(codes)
                    counts.append(0)
                counts[codes[v]] += 1
        shares[column] = np.array(counts, dtype=float)
        missing = len(counts)

        def encode(
            table: pa.Table,
            codes: dict[str, int] = codes,
            missing: int = missing,
            column: str = column,
        ) -> pa.Table:
            col = [
                codes.get(v, missing) if v is not None else missing
                for v in table.column(column).to_pylist()
            ]
            return table.append_column(f"tf_{column}", pa.array(col, pa.int32()))

        lt = encode(lt)
        if rt is not None:
            rt = encode(rt)
    return lt, rt, shares


def exclusive_weights(
    backend: Backend,
    params: Parameters,
    li: np.ndarray,
    ri: np.ndarray,
    weight: np.ndarray,
) -> np.ndarray:
    """Match weights when each left record is one person and right-hand candidates compete.

    Right-hand candidates of one left record that are themselves probably the same person
    (a list holding someone twice) form one group. With odds o for each group, a pair's
    probability is o_group / (1 + sum of the left record's group odds): two equally good
    namesakes each get about a half, not both a certainty.
    """
    odds = np.power(2.0, np.clip(weight, -1000, 1000))
    plausible = odds >= 1e-3
    cand = pa.table({"li": li[plausible], "ri": ri[plausible]})
    backend.register("cands", cand)
    backend.materialise(  # type: ignore[attr-defined]
        "rivals",
        "SELECT DISTINCT a.ri AS li, b.ri AS ri FROM cands a JOIN cands b "
        "ON a.li = b.li AND a.ri < b.ri",
    )
    rivals = backend.query(_compare_sql(params.comparisons, "rivals", "fr", "fr"))
    # Right-hand rows in play, numbered compactly so grouping costs what the chunk costs.
    nodes = np.unique(ri[plausible])
    group = np.arange(len(nodes))
    if rivals.num_rows:
        gamma = _gamma(rivals, params.comparisons)
        evidence = log_bayes_factors(params, gamma).sum(axis=1)
        # As much evidence as a link needs, and never less than a full name plus a date.
        same = evidence >= max(-np.log2(params.prior / (1 - params.prior)), MIN_SAME_PERSON_BITS)
        a = np.searchsorted(nodes, rivals.column("li").to_numpy(zero_copy_only=False)[same])
        b = np.searchsorted(nodes, rivals.column("ri").to_numpy(zero_copy_only=False)[same])
        group = connected_components(len(nodes), a, b)
    # Only plausible pairs take part: the rest keep their (negligible) weight.
    k = np.flatnonzero(plausible)
    frame = pl.DataFrame(
        {"k": k, "li": li[k], "g": group[np.searchsorted(nodes, ri[k])], "o": odds[k]}
    )
    best = frame.group_by("li", "g").agg(pl.col("o").max().alias("og"))
    total = best.group_by("li").agg(pl.col("og").sum().alias("s"))
    frame = frame.join(best, on=["li", "g"]).join(total, on="li").sort("k")
    p = np.clip((frame["og"] / (1.0 + frame["s"])).to_numpy(), 1e-300, 1 - 1e-16)
    out = weight.copy()
    out[k] = np.log2(p / (1 - p))
    return out


def _pair_shares(
    params: Parameters, tf_counts: dict[str, np.ndarray], compared: pa.Table
) -> dict[str, np.ndarray]:
    """Per pair, the (shrunk) share of the left record's value in each term-frequency column."""
    if compared.num_rows == 0:
        return {}
    out = {}
    for c, comp in enumerate(params.comparisons):
        if comp.tf_column in tf_counts and comp.tf_level is not None and params.u_random:
            shares = shrunk_shares(tf_counts[comp.tf_column], params.u_random[c][comp.tf_level])
            codes = compared.column(f"tf_{comp.tf_column}").to_numpy(zero_copy_only=False)
            out[comp.tf_column] = np.append(shares, np.nan)[codes]
    return out


def _compare_sql(
    comparisons: tuple[Comparison, ...], pairs: str, left: str, right: str, where: str = ""
) -> str:
    levels = ",\n  ".join(f"CAST({c.sql} AS TINYINT) AS g_{c.name}" for c in comparisons)
    tf = ", ".join(f"l.tf_{col} AS tf_{col}" for col in TF_COLUMNS)
    return (
        f"SELECT p.li, p.ri,\n  {levels},\n  {tf}\nFROM {pairs} p\n"
        f"JOIN {left} l ON p.li = l.idx\nJOIN {right} r ON p.ri = r.idx"
        + (f"\nWHERE {where}" if where else "")
    )


def _candidates_sql(cap: int, dedupe: bool, n_right: int) -> str:
    """Distinct pairs sharing a key. A pair is packed into one integer for the DISTINCT:
    pairs share several keys, and de-duplicating one column takes half the memory."""
    right_keys = "kl" if dedupe else "kr"
    order = "AND a.idx < b.idx" if dedupe else ""
    n = max(int(n_right), 1)
    return f"""
        WITH cl AS (SELECT key FROM kl GROUP BY key HAVING count(*) <= {cap}),
             cr AS (SELECT key FROM {right_keys} GROUP BY key HAVING count(*) <= {cap}),
             a AS (SELECT kl.key, kl.idx FROM kl JOIN cl ON kl.key = cl.key),
             b AS (SELECT k.key, k.idx FROM {right_keys} k JOIN cr ON k.key = cr.key),
             codes AS (SELECT DISTINCT a.idx * {n} + b.idx AS code
                       FROM a JOIN b ON a.key = b.key {order})
        SELECT CAST(FLOOR(code / {n}) AS BIGINT) AS li, code % {n} AS ri FROM codes"""


def _sorted(table: pa.Table) -> pa.Table:
    """Rows in (li, ri) order, so every backend yields the same sequence."""
    if table.num_rows == 0:
        return table
    order = np.lexsort(
        (
            table.column("ri").to_numpy(zero_copy_only=False),
            table.column("li").to_numpy(zero_copy_only=False),
        )
    )
    return table.take(pa.array(order))


def _gamma(table: pa.Table, comparisons: tuple[Comparison, ...]) -> np.ndarray:
    if table.num_rows == 0:
        return np.zeros((0, len(comparisons)), dtype=np.int8)
    return np.stack(
        [
            table.column(f"g_{c.name}").to_numpy(zero_copy_only=False).astype(np.int8)
            for c in comparisons
        ],
        axis=1,
    )


CHUNK_PAIRS = 2_000_000


def _chunks(backend: Backend, target: int) -> list[tuple[int, int]]:
    """Ranges of left rows holding about `target` candidate pairs each (whole left rows)."""
    counts = backend.query("SELECT li, count(*) AS n FROM pairs GROUP BY li")
    if counts.num_rows == 0:
        return []
    li = counts.column("li").to_numpy(zero_copy_only=False)
    n = counts.column("n").to_numpy(zero_copy_only=False)
    order = np.argsort(li)
    li, cum = li[order], np.cumsum(n[order])
    ranges, start, done = [], int(li[0]), 0
    while done < len(li):
        stop = int(np.searchsorted(cum, (cum[done - 1] if done else 0) + target, side="right"))
        stop = max(stop, done + 1)
        ranges.append((start, int(li[stop - 1])))
        done = stop
        if done < len(li):
            start = int(li[done])
    return ranges


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
        backend.register("fl", lt)
        backend.register("kl", left.keys)
        if right is not None and rt is not None:
            backend.register("fr", rt)
            backend.register("kr", right.keys)
        right_table = "fl" if dedupe else "fr"
        n_left = lt.num_rows
        n_right = n_left if dedupe else (rt.num_rows if rt is not None else 0)
        backend.materialise(  # type: ignore[attr-defined]
            "pairs", _candidates_sql(settings.max_block_size, dedupe, n_right)
        )
        # Only the distinct comparison patterns and their counts leave the database for EM.
        levels = ", ".join(f"g_{c.name}" for c in comparisons)
        pattern_table = backend.query(
            f"SELECT {levels}, count(*) AS n FROM "
            f"({_compare_sql(comparisons, 'pairs', 'fl', right_table)}) t GROUP BY {levels}"
        )
        patterns = _gamma(pattern_table, comparisons)
        pattern_counts = (
            pattern_table.column("n").to_numpy(zero_copy_only=False).astype(float)
            if pattern_table.num_rows
            else np.zeros(0)
        )
        n_candidates = int(pattern_counts.sum())
        timings["block_and_compare"] = time.perf_counter() - t

        t = time.perf_counter()
        rng = np.random.default_rng(settings.seed)
        n_sample = int(min(settings.u_sample_pairs, max(n_left * n_right, 1)))
        li = rng.integers(0, max(n_left, 1), n_sample)
        ri = rng.integers(0, max(n_right, 1), n_sample)
        if dedupe:
            keep = li != ri
            li, ri = li[keep], ri[keep]
        backend.register("usample", pa.table({"li": li, "ri": ri}))
        u_table = backend.query(_compare_sql(comparisons, "usample", "fl", right_table))
        u = estimate_u(_gamma(u_table, comparisons), comparisons)
        total_pairs = n_left * (n_left - 1) / 2 if dedupe else n_left * n_right
        params = estimate(
            patterns,
            comparisons,
            u,
            max(total_pairs, 1.0),
            estimate_m=settings.estimate_m,
            counts=pattern_counts,
        )
        timings["estimate"] = time.perf_counter() - t

        # Score left rows chunk by chunk: memory stays bounded whatever the list sizes.
        t = time.perf_counter()
        kept: dict[str, list[np.ndarray]] = {k: [] for k in ("li", "ri", "p", "w", "g", "bf")}
        for lo, hi in _chunks(backend, CHUNK_PAIRS):
            compared = _sorted(
                backend.query(
                    _compare_sql(
                        comparisons, "pairs", "fl", right_table, f"p.li BETWEEN {lo} AND {hi}"
                    )
                )
            )
            gamma = _gamma(compared, comparisons)
            tf_shares = _pair_shares(params, tf_counts, compared)
            weight = total_weights(params, gamma, tf_shares)
            li_c = compared.column("li").to_numpy(zero_copy_only=False)
            ri_c = compared.column("ri").to_numpy(zero_copy_only=False)
            if settings.debug:
                steps.setdefault("compared", []).append(compared)
            del compared
            if not dedupe and settings.exclusive:
                weight = exclusive_weights(backend, params, li_c, ri_c, weight)
            prob = probabilities(weight)
            mask = prob >= settings.threshold
            kept["li"].append(li_c[mask])
            kept["ri"].append(ri_c[mask])
            kept["p"].append(prob[mask])
            kept["w"].append(weight[mask])
            kept["g"].append(gamma[mask])
            # Per-field evidence (for explanations) only for the pairs kept.
            kept["bf"].append(
                log_bayes_factors(params, gamma[mask], {k: v[mask] for k, v in tf_shares.items()})
            )
        timings["score"] = time.perf_counter() - t
        if settings.debug:
            steps.update(features_left=lt, features_right=rt, keys_left=left.keys)
        k = len(comparisons)
        return LinkResult(
            left_ids=left.ids,
            right_ids=left.ids if dedupe else (right.ids if right is not None else []),
            left_index=np.concatenate(kept["li"]) if kept["li"] else np.zeros(0, np.int64),
            right_index=np.concatenate(kept["ri"]) if kept["ri"] else np.zeros(0, np.int64),
            probability=np.concatenate(kept["p"]) if kept["p"] else np.zeros(0),
            weight=np.concatenate(kept["w"]) if kept["w"] else np.zeros(0),
            levels=np.concatenate(kept["g"]) if kept["g"] else np.zeros((0, k), np.int8),
            log_bf=np.concatenate(kept["bf"]) if kept["bf"] else np.zeros((0, k)),
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
    fl = build_features(left, settings.reference_date, progress=settings.progress)
    fr = build_features(right, settings.reference_date, progress=settings.progress)
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
