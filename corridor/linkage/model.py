"""Fellegi–Sunter: u from random pairs, m and the prior by expectation–maximisation, no labels.

EM runs on the distinct comparison patterns with their counts, so its cost does not grow
with the number of candidate pairs. Term-frequency adjustment replaces the u-probability of
an exact agreement by how common the agreed value is: two "Иванов" agree less tellingly than
two "Щербакова".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from corridor.linkage.comparisons import Comparison

SMOOTH = 1e-4
M_FLOOR = 1e-6


@dataclass(frozen=True)
class Parameters:
    """Estimated m and u per comparison level, and the prior among candidate pairs."""

    comparisons: tuple[Comparison, ...]
    m: tuple[tuple[float, ...], ...]
    u: tuple[tuple[float, ...], ...]
    prior: float
    iterations: int
    converged: bool
    tf: dict[str, dict[str, float]] = field(default_factory=dict)  # column -> value -> share

    def bayes_factors(self) -> list[np.ndarray]:
        out = []
        for m, u in zip(self.m, self.u, strict=True):
            bf = np.asarray(m) / np.asarray(u)
            bf[0] = 1.0  # missing: no evidence either way
            out.append(bf)
        return out


def estimate_u(gamma: np.ndarray, comparisons: tuple[Comparison, ...]) -> list[np.ndarray]:
    """u[c][level]: how often random (almost surely non-matching) pairs reach each level."""
    u = []
    for c, comp in enumerate(comparisons):
        counts = np.bincount(gamma[:, c], minlength=len(comp.levels)).astype(float)
        counts[0] = 0.0
        counts[1:] += SMOOTH * max(counts[1:].sum(), 1.0)
        u.append(
            counts / counts.sum()
            if counts.sum()
            else np.full(len(comp.levels), 1 / len(comp.levels))
        )
        u[-1][0] = 1.0
    return u


def _patterns(gamma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    patterns, counts = np.unique(gamma, axis=0, return_counts=True)
    return patterns, counts.astype(float)


def estimate(
    gamma: np.ndarray,
    comparisons: tuple[Comparison, ...],
    u: list[np.ndarray],
    *,
    max_iterations: int = 100,
    tolerance: float = 1e-6,
) -> Parameters:
    """EM for m and the prior over candidate pairs, u held fixed."""
    if gamma.shape[0] < MIN_PAIRS_FOR_EM:
        return default_parameters(comparisons)
    patterns, counts = _patterns(gamma)
    n_levels = [len(c.levels) for c in comparisons]
    m = [np.array(default_parameters(comparisons).m[c]) for c in range(len(comparisons))]
    prior = DEFAULT_PRIOR
    log_u = np.stack([np.log(u[c][patterns[:, c]]) for c in range(len(comparisons))], axis=1)
    log_u[patterns == 0] = 0.0
    converged = False
    iteration = 0
    for iteration in range(1, max_iterations + 1):  # noqa: B007
        log_m = np.stack(
            [np.log(np.maximum(m[c][patterns[:, c]], M_FLOOR)) for c in range(len(comparisons))],
            axis=1,
        )
        log_m[patterns == 0] = 0.0
        lm = np.log(prior) + log_m.sum(axis=1)
        lu = np.log(1 - prior) + log_u.sum(axis=1)
        p = 1.0 / (1.0 + np.exp(np.clip(lu - lm, -700, 700)))
        w = p * counts
        new_prior = float(w.sum() / counts.sum())
        new_m = []
        for c, k in enumerate(n_levels):
            sums = np.bincount(patterns[:, c], weights=w, minlength=k)
            sums[0] = 0.0
            total = sums.sum()
            level_m = sums / total if total > 0 else np.full(k, 1.0 / k)
            level_m = np.maximum(level_m, M_FLOOR)
            level_m[0] = 1.0
            new_m.append(level_m / level_m[1:].sum() if k > 1 else level_m)
            new_m[-1][0] = 1.0
        delta = max(float(np.max(np.abs(a[1:] - b[1:]))) for a, b in zip(new_m, m, strict=True))
        delta = max(delta, abs(new_prior - prior))
        m, prior = new_m, min(max(new_prior, 1e-9), 1 - 1e-9)
        if delta < tolerance:
            converged = True
            break
    return Parameters(
        comparisons=comparisons,
        m=tuple(tuple(float(x) for x in level) for level in m),
        u=tuple(tuple(float(x) for x in level) for level in u),
        prior=prior,
        iterations=iteration,
        converged=converged,
    )


MIN_PAIRS_FOR_EM = 2000
DEFAULT_PRIOR = 0.1


def default_parameters(
    comparisons: tuple[Comparison, ...], u: list[np.ndarray] | None = None
) -> Parameters:
    """The documented starting model, for lists too small to estimate from."""

    def norm(values: tuple[float, ...]) -> tuple[float, ...]:
        total = sum(values[1:])
        return (1.0, *(v / total for v in values[1:]))

    return Parameters(
        comparisons=comparisons,
        m=tuple(norm(c.default_m) for c in comparisons),
        u=tuple(tuple(float(x) for x in level) for level in u)
        if u is not None
        else tuple(norm(c.default_u) for c in comparisons),
        prior=DEFAULT_PRIOR,
        iterations=0,
        converged=False,
    )


def term_frequencies(values: list[str | None]) -> dict[str, float]:
    """Share of each value among all non-empty values."""
    counts: dict[str, int] = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    total = sum(counts.values()) or 1
    return {v: n / total for v, n in counts.items()}


def match_weights(
    params: Parameters, gamma: np.ndarray, tf_shares: dict[str, np.ndarray] | None = None
) -> np.ndarray:
    """log2 odds of each pair being a match: prior plus each field's Bayes factor.

    tf_shares[column] holds, per pair, the share of the agreed value among all records
    (NaN where unknown); at the declared level it replaces the average u-probability.
    """
    bfs = params.bayes_factors()
    weight = np.full(gamma.shape[0], np.log2(params.prior / (1 - params.prior)))
    for c, comp in enumerate(params.comparisons):
        log_bf = np.log2(bfs[c])[gamma[:, c]]
        shares = (tf_shares or {}).get(comp.tf_column or "")
        if comp.tf_level is not None and shares is not None:
            at_level = (gamma[:, c] == comp.tf_level) & ~np.isnan(shares)
            if at_level.any():
                tf_u = np.maximum(shares[at_level], 1e-7)
                log_bf = log_bf.copy()
                log_bf[at_level] = np.log2(params.m[c][comp.tf_level] / tf_u)
        weight += log_bf
    return weight


def probabilities(weights: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.power(2.0, -np.clip(weights, -1000, 1000)))
