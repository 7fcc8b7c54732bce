"""Comparison levels packed into one integer per pair, and match weights from them.

The database computes each pair's levels once and packs them into a single integer (mixed
radix, one digit per comparison). The distinct codes are few (a few thousand), so the model
is estimated on codes with counts, and a pair's weight is a lookup of its code's weight plus
the term-frequency adjustment of the left record's values: one join, no per-pair Python.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import polars as pl
import pyarrow as pa

from corridor.linkage.backends import Backend
from corridor.linkage.cluster import connected_components
from corridor.linkage.comparisons import TF_COLUMNS, Comparison
from corridor.linkage.model import Parameters, log_bayes_factors, shrunk_shares

MIN_SAME_PERSON_BITS = 15.0
PLAUSIBLE_ODDS = 1e-3  # candidates below these odds take no part in exclusivity
# Only a candidate at least this likely (even odds) is checked for being the same person as
# its rivals: weaker pairs cannot make a link, and merging two of them barely moves the sum.
CONTENDER_ODDS = 1.0


def _radices(comparisons: tuple[Comparison, ...]) -> list[int]:
    return [len(c.levels) for c in comparisons]


def code_sql(comparisons: tuple[Comparison, ...]) -> str:
    """One SQL expression packing every comparison's level: g0 + r0 * (g1 + r1 * (...))."""
    expr = ""
    for comp, radix in zip(comparisons[::-1], _radices(comparisons)[::-1], strict=True):
        level = f"({comp.sql})"
        expr = level if not expr else f"{level} + {radix} * ({expr})"
    return f"CAST({expr} AS INTEGER)"


def compare_sql(comparisons: tuple[Comparison, ...], pairs: str, left: str, right: str) -> str:
    """Each pair of `pairs` (li, ri) with its packed levels, as (li, ri, code)."""
    return (
        f"SELECT p.li, p.ri, {code_sql(comparisons)} AS code FROM {pairs} p\n"
        f"JOIN {left} l ON p.li = l.idx\nJOIN {right} r ON p.ri = r.idx"
    )


def unpack(codes: np.ndarray, comparisons: tuple[Comparison, ...]) -> np.ndarray:
    """Packed codes back to levels: pairs x comparisons (int8)."""
    gamma = np.zeros((len(codes), len(comparisons)), dtype=np.int8)
    rest = np.asarray(codes, dtype=np.int64)
    for c, radix in enumerate(_radices(comparisons)):
        gamma[:, c] = rest % radix
        rest = rest // radix
    return gamma


def codes_of(table: pa.Table) -> np.ndarray:
    return table.column("code").to_numpy(zero_copy_only=False).astype(np.int64)


def code_weights(params: Parameters, codes: np.ndarray) -> pa.Table:
    """Per distinct code: the weight without term frequencies, and for each term-frequency
    column whether the code's level is the adjusted one (1.0) or not (0.0)."""
    gamma = unpack(codes, params.comparisons)
    w = np.log2(params.prior / (1 - params.prior)) + log_bayes_factors(params, gamma).sum(axis=1)
    columns: dict[str, np.ndarray] = {"code": codes.astype(np.int32), "w": w}
    for column in TF_COLUMNS:
        at = np.zeros(len(codes))
        for c, comp in enumerate(params.comparisons):
            if comp.tf_column == column and comp.tf_level is not None and params.u_random:
                at = (gamma[:, c] == comp.tf_level).astype(float)
        columns[f"t_{column}"] = at
    return pa.table(columns)


def tf_shares(params: Parameters, tf_counts: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per term-frequency column, the shrunk share of each value code (NaN for missing)."""
    out: dict[str, np.ndarray] = {}
    for c, comp in enumerate(params.comparisons):
        column = comp.tf_column
        if column in tf_counts and column and comp.tf_level is not None and params.u_random:
            shares = shrunk_shares(tf_counts[column], params.u_random[c][comp.tf_level])
            out[column] = np.append(shares, np.nan)
    return out


def tf_adjustments(
    params: Parameters, shares: Mapping[str, np.ndarray], left: pa.Table
) -> pa.Table:
    """Per left record, log2 of how much rarer its value is than the average agreement."""
    columns: dict[str, np.ndarray] = {"idx": left.column("idx").to_numpy()}
    for column in TF_COLUMNS:
        adj = np.zeros(left.num_rows)
        for c, comp in enumerate(params.comparisons):
            if comp.tf_column == column and column in shares and comp.tf_level is not None:
                codes = left.column(f"tf_{column}").to_numpy(zero_copy_only=False)
                share = shares[column][codes]
                known = ~np.isnan(share)
                u_exact = params.u_random[c][comp.tf_level]
                adj[known] = np.log2(u_exact / np.maximum(share[known], 1e-7))
        columns[f"a_{column}"] = adj
    return pa.table(columns)


def weight_sql(cutoff: float) -> str:
    """Weights of the compared pairs at or over `cutoff` (tables compared, pw, adj)."""
    terms = " + ".join(f"pw.t_{c} * a.a_{c}" for c in TF_COLUMNS)
    bound = "" if cutoff == -np.inf else f" WHERE weight >= {cutoff!r}"
    return (
        f"SELECT li, ri, code, weight FROM (SELECT c.li, c.ri, c.code, pw.w + {terms} AS weight"
        f" FROM compared c JOIN pw ON c.code = pw.code JOIN adj a ON c.li = a.idx) s{bound}"
    )


def exclusive_weights(
    backend: Backend,
    params: Parameters,
    right: str,
    li: np.ndarray,
    ri: np.ndarray,
    weight: np.ndarray,
) -> np.ndarray:
    """Match weights when each left record is one person and its candidates compete.

    A left record's plausible candidates (odds at least PLAUSIBLE_ODDS) that are themselves
    probably the same person as a contender (a candidate with at least even odds; a list
    holding someone twice) form one group with it. With odds o for each group, a pair's
    probability is o_group / (1 + sum of the left record's group odds): two equally good
    namesakes each get about a half, not both a certainty. Only pairs with a contender are
    compared, which keeps the work linear in the candidates even where namesakes abound.
    Pairs must come sorted by (li, ri).
    """
    odds = np.power(2.0, np.clip(weight, -1000, 1000))
    k = np.flatnonzero(odds >= PLAUSIBLE_ODDS)
    if len(k) == 0:
        return weight
    cl, cr = li[k], ri[k]
    strong = (odds[k] >= CONTENDER_ODDS).astype(np.int8)
    backend.register("cands", pa.table({"li": cl, "ri": cr, "strong": strong}))
    backend.materialise(  # type: ignore[attr-defined]
        "rivals",
        "SELECT a.li AS li, a.ri AS ra, b.ri AS rb FROM cands a JOIN cands b "
        "ON a.li = b.li AND a.ri < b.ri AND a.strong + b.strong > 0",
    )
    backend.materialise(  # type: ignore[attr-defined]
        "rival_pairs", "SELECT DISTINCT ra AS li, rb AS ri FROM rivals"
    )
    compared = backend.query(compare_sql(params.comparisons, "rival_pairs", right, right))
    group = np.arange(len(k))
    if compared.num_rows:
        codes = codes_of(compared)
        distinct, inverse = np.unique(codes, return_inverse=True)
        evidence = log_bayes_factors(params, unpack(distinct, params.comparisons)).sum(axis=1)
        # As much evidence as a link needs, and never less than a full name plus a date.
        needed = max(-np.log2(params.prior / (1 - params.prior)), MIN_SAME_PERSON_BITS)
        same = (evidence >= needed)[inverse.reshape(-1)]
        backend.register(
            "same_person",
            pa.table(
                {
                    "ra": compared.column("li").to_numpy(zero_copy_only=False)[same],
                    "rb": compared.column("ri").to_numpy(zero_copy_only=False)[same],
                }
            ),
        )
        edges = backend.query(
            "SELECT t.li, t.ra, t.rb FROM rivals t "
            "JOIN same_person s ON t.ra = s.ra AND t.rb = s.rb"
        )
        if edges.num_rows:
            n = int(max(cr.max(), 0)) + 1
            nodes = cl.astype(np.int64) * n + cr
            e_li = edges.column("li").to_numpy(zero_copy_only=False).astype(np.int64)
            a = np.searchsorted(nodes, e_li * n + edges.column("ra").to_numpy(zero_copy_only=False))
            b = np.searchsorted(nodes, e_li * n + edges.column("rb").to_numpy(zero_copy_only=False))
            # Only candidates in an edge need union-find; the rest stay groups of one.
            touched, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
            inverse = inverse.reshape(-1)
            joined = connected_components(len(touched), inverse[: len(a)], inverse[len(a) :])
            group[touched] = len(k) + joined
    frame = pl.DataFrame({"k": np.arange(len(k)), "li": cl, "g": group, "o": odds[k]})
    best = frame.group_by("g").agg(pl.col("li").first(), pl.col("o").max().alias("og"))
    total = best.group_by("li").agg(pl.col("og").sum().alias("s"))
    frame = frame.join(best.select("g", "og"), on="g").join(total, on="li").sort("k")
    p = np.clip((frame["og"] / (1.0 + frame["s"])).to_numpy(), 1e-300, 1 - 1e-16)
    out = weight.copy()
    out[k] = np.log2(p / (1 - p))
    return out
