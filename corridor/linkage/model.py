"""Fellegi–Sunter: u from random pairs, m and the prior by expectation–maximisation, no labels.

EM runs on the distinct comparison patterns with their counts, so its cost does not grow
with the number of candidate pairs. Term-frequency adjustment replaces the u-probability of
an exact agreement by how common the agreed value is: two "Иванов" agree less tellingly than
two "Щербакова".
"""

from __future__ import annotations

from dataclasses import dataclass

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
    # u among random pairs: the average chance of an exact agreement, against which the
    # term-frequency adjustment measures how rare an agreed value is.
    u_random: tuple[tuple[float, ...], ...] = ()

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
    """Distinct rows of gamma with their counts (rows packed into one integer: fast unique)."""
    radix = np.maximum(gamma.max(axis=0) + 1, 1).astype(np.int64)
    weights = np.concatenate([np.cumprod(radix[::-1])[::-1][1:], [1]]).astype(np.int64)
    codes = gamma.astype(np.int64) @ weights
    _, first, counts = np.unique(codes, return_index=True, return_counts=True)
    return gamma[first], counts.astype(float)


def _normalise(sums: np.ndarray) -> np.ndarray:
    level = np.maximum(
        sums / sums[1:].sum() if sums[1:].sum() > 0 else np.full(len(sums), 1.0 / (len(sums) - 1)),
        M_FLOOR,
    )
    level[0] = 1.0
    level[1:] /= level[1:].sum()
    return level


def estimate(
    gamma: np.ndarray,
    comparisons: tuple[Comparison, ...],
    u_random: list[np.ndarray],
    total_pairs: float,
    *,
    estimate_m: bool = False,
    max_iterations: int = 200,
    tolerance: float = 1e-9,
    counts: np.ndarray | None = None,
) -> Parameters:
    """EM for the prior (and optionally m) over all record pairs, without labels.

    u comes from random pairs, so a field's Bayes factor is the same whichever blocking key
    brought the pair in. Pairs that share no blocking key count as non-matches (blocking is
    built for high recall); the prior is the expected number of matches over all pairs.
    m starts from the documented values on each comparison.
    """
    if total_pairs < MIN_PAIRS_FOR_SAMPLED_U:
        # Too few pairs for a random sample to say how often strangers agree.
        u_random = [np.array(level) for level in default_parameters(comparisons).u]
    start = default_parameters(comparisons, u_random=u_random)
    m = [np.array(level) for level in start.m]
    u = [np.array(level) for level in u_random]
    if gamma.shape[0] == 0:
        return start
    # `gamma` is either one row per pair, or distinct patterns with their `counts`.
    patterns, counts = _patterns(gamma) if counts is None else (gamma, counts)
    missing = patterns == 0
    log_u = np.stack([np.log(u[c][patterns[:, c]]) for c in range(len(comparisons))], axis=1)
    log_u[missing] = 0.0
    prior = min(max(counts.sum() * 0.5 / total_pairs, 1e-12), 0.5)
    converged = False
    iteration = 0
    for iteration in range(1, max_iterations + 1):  # noqa: B007
        log_m = np.stack([np.log(m[c][patterns[:, c]]) for c in range(len(comparisons))], axis=1)
        log_m[missing] = 0.0
        lm = np.log(prior) + log_m.sum(axis=1)
        lu = np.log(1 - prior) + log_u.sum(axis=1)
        p = 1.0 / (1.0 + np.exp(np.clip(lu - lm, -700, 700)))
        w_match = p * counts
        new_prior = min(max(float(w_match.sum() / total_pairs), 1e-12), 0.5)
        if estimate_m and counts.sum() >= MIN_PAIRS_FOR_EM:
            m = [
                _normalise(np.bincount(patterns[:, c], weights=w_match, minlength=len(comp.levels)))
                for c, comp in enumerate(comparisons)
            ]
        delta = abs(np.log(new_prior) - np.log(prior))
        prior = new_prior
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
        u_random=tuple(tuple(float(x) for x in level) for level in u_random),
    )


MIN_PAIRS_FOR_EM = 500
MIN_PAIRS_FOR_SAMPLED_U = 20_000
DEFAULT_PRIOR = 0.43


def default_parameters(
    comparisons: tuple[Comparison, ...], u_random: list[np.ndarray] | None = None
) -> Parameters:
    """The documented starting model, for lists too small to estimate from."""

    def norm(values: tuple[float, ...]) -> tuple[float, ...]:
        total = sum(values[1:])
        return (1.0, *(v / total for v in values[1:]))

    return Parameters(
        comparisons=comparisons,
        m=tuple(norm(c.default_m) for c in comparisons),
        u=tuple(norm(c.default_u) for c in comparisons),
        prior=DEFAULT_PRIOR,
        iterations=0,
        converged=False,
        u_random=tuple(tuple(float(x) for x in level) for level in u_random)
        if u_random is not None
        else (),
    )


TF_PSEUDO_COUNT = 200.0


def shrunk_share(count, total: float, u_exact: float):  # type: ignore[no-untyped-def]
    """A value's share among records, pulled toward the average u: small lists say little about rarity."""
    return (count + TF_PSEUDO_COUNT * u_exact) / (total + TF_PSEUDO_COUNT)


def shrunk_shares(counts: np.ndarray, u_exact: float) -> np.ndarray:
    return shrunk_share(counts, float(counts.sum()), u_exact)


def log_bayes_factors(
    params: Parameters, gamma: np.ndarray, tf_shares: dict[str, np.ndarray] | None = None
) -> np.ndarray:
    """log2 Bayes factor of each field of each pair (pairs x comparisons).

    tf_shares[column] holds, per pair, the share of the agreed value among all records
    (NaN where unknown); at the declared level it replaces the average u-probability.
    """
    bfs = params.bayes_factors()
    out = np.zeros(gamma.shape, dtype=float)
    for c, comp in enumerate(params.comparisons):
        log_bf = np.log2(bfs[c])[gamma[:, c]]
        shares = (tf_shares or {}).get(comp.tf_column or "")
        if comp.tf_level is not None and shares is not None and params.u_random:
            at_level = (gamma[:, c] == comp.tf_level) & ~np.isnan(shares)
            if at_level.any():
                # How much rarer (or commoner) this value is than the average agreement.
                tf_u = np.maximum(shares[at_level], 1e-7)
                log_bf = log_bf.copy()
                log_bf[at_level] += np.log2(params.u_random[c][comp.tf_level] / tf_u)
        out[:, c] = log_bf
    return out


def match_weights(log_bf: np.ndarray, prior: float) -> np.ndarray:
    """log2 odds of each pair being a match: prior odds plus each field's evidence."""
    return np.log2(prior / (1 - prior)) + log_bf.sum(axis=1)


def probabilities(weights: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.power(2.0, -np.clip(weights, -1000, 1000)))
