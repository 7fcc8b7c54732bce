"""Seeded cross-script person lists with known truth: the linkage benchmark's data.

`generate(n_people, seed)` models a border district (Sudzha, Kursk province): households
over five generations with fathers and sons of one name, spouses with maiden names,
namesakes in a village and twins (corridor.linkage.synthetic_population). From it come two
lists, as in a tracing operation:

- ``registry`` — civilian registry rows typed by a party's clerks, in Russian or Ukrainian
  orthography, some people twice (corridor.linkage.synthetic_registry);
- ``requests`` — tracing requests filed by relatives, in Latin under a dozen standards or in
  Cyrillic, with diminutives, maiden and declined names, typos, partial, approximate and
  swapped dates (corridor.linkage.synthetic_requests).

Both lists have the input columns of `corridor link` (`PUBLIC_COLUMNS`) plus hidden truth:
``person_id``, a ``difficulty`` tag list, the source or transliteration standard, and the
``o_*`` fields the ceiling oracle of corridor.linkage.metrics may use. ``truth`` holds every
(request_id, registry_id) pair of the same person. Same seed, same lists, on any machine.
A million records generate in well under a minute on two cores.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import polars as pl

from corridor.linkage.inputs import RECORD_COLUMNS
from corridor.linkage.synthetic_population import Population, build_population, hard_case_masks
from corridor.linkage.synthetic_registry import render_registry, tags_frame
from corridor.linkage.synthetic_requests import render_requests
from corridor.linkage.synthetic_vocab import build_vocab

__all__ = [
    "DIFFICULTIES",
    "ORACLE_COLUMNS",
    "PUBLIC_COLUMNS",
    "REFERENCE_DATE",
    "Scenario",
    "generate",
    "read_scenario",
    "write_scenario",
]

# The generator writes no document numbers or addresses.
PUBLIC_COLUMNS = tuple(c for c in RECORD_COLUMNS if c not in ("identifier", "address"))
ORACLE_COLUMNS = ("o_surname", "o_maiden", "o_given", "o_given_init", "o_father", "o_father_init",
                  "o_year_lo", "o_year_hi", "o_month", "o_day", "o_sex", "o_place")  # fmt: skip
REFERENCE_DATE = datetime.date(2025, 3, 1)
DIFFICULTIES = ("latin", "ukrainian_form", "diminutive", "maiden", "no_patronymic", "given_first",
                "declined", "typo", "ocr", "partial_dob", "swapped_dob", "approx_age",
                "dob_off_by_one", "no_dob", "moved", "no_place", "father_son", "namesake", "twin",
                "not_in_registry")  # fmt: skip


@dataclass(frozen=True)
class Scenario:
    """Two lists with hidden truth, generated from one population."""

    registry: pl.DataFrame
    requests: pl.DataFrame
    truth: pl.DataFrame  # request_id, registry_id, person_id
    people: pl.DataFrame
    reference_date: datetime.date
    seed: int

    def public(self, which: Literal["registry", "requests"]) -> pl.DataFrame:
        """The list as a linkage tool receives it: input columns only, no truth."""
        return getattr(self, which).select(PUBLIC_COLUMNS)

    def truth_pairs(self) -> set[tuple[str, str]]:
        return set(zip(self.truth["request_id"], self.truth["registry_id"], strict=True))


def _frame(
    columns: dict[str, Any], masks: dict[str, np.ndarray], prefix: str, rng: np.random.Generator
) -> pl.DataFrame:
    n = len(columns["person_id"])
    data: dict[str, Any] = {
        k: pl.Series(k, list(v) if isinstance(v, np.ndarray) and v.dtype == object else v)
        for k, v in columns.items()
    }
    df = pl.DataFrame(data).with_columns(tags_frame(masks))
    for c in PUBLIC_COLUMNS[1:]:
        df = df.with_columns(pl.col(c).cast(pl.String))
    order = rng.permutation(n)  # so that row order tells nothing about identity
    ids = pl.Series("record_id", [f"{prefix}{i:07d}" for i in range(n)])
    df = df[order].with_columns(ids)
    return df.select(*PUBLIC_COLUMNS, "person_id", "difficulty",
                     *[c for c in df.columns if c not in PUBLIC_COLUMNS and c not in ("person_id", "difficulty")])  # fmt: skip


def _people_frame(pop: Population, hard: dict[str, np.ndarray]) -> pl.DataFrame:
    cols: dict[str, Any] = {"person_id": np.arange(len(pop)), **pop.columns}
    cols.update(hard)
    return pl.DataFrame(cols)


def generate(
    n_people: int,
    seed: int,
    *,
    n_requests: int | None = None,
    coverage: float = 0.95,
    duplicate_rate: float = 0.08,
    reference_date: datetime.date = REFERENCE_DATE,
) -> Scenario:
    """A district of `n_people`, its registry and tracing requests about its people.

    Args:
        n_people: living people in the district; the registry holds about
            ``n_people * coverage * (1 + duplicate_rate)`` rows.
        seed: the same seed gives the same scenario.
        n_requests: tracing requests (default 4/7 of the people; some people are sought
            twice, some requests seek people the registry does not hold).
        coverage: share of the people the registry lists.
        duplicate_rate: share of listed people with a second row from another source.
        reference_date: the date approximate ages ("около 60 лет") are counted from.
    """
    vocab = build_vocab()
    rng = np.random.default_rng(seed)
    r = random.Random(seed)
    ref = (reference_date.year, reference_date.month, reference_date.day)
    pop = build_population(n_people, vocab, rng, ref[0])
    hard = hard_case_masks(pop)

    reg_cols, reg_masks = render_registry(pop, vocab, rng, r, coverage, duplicate_rate)
    listed = np.zeros(len(pop), dtype=bool)
    listed[reg_cols["person_id"]] = True
    for k, v in hard.items():
        reg_masks[k] = v[reg_cols["person_id"]]
    registry = _frame(reg_cols, reg_masks, "R", rng)
    del reg_cols, reg_masks  # the strings live on in the frame; keep one copy at a time

    req_cols, req_masks = render_requests(pop, vocab, rng, r, n_requests or n_people * 4 // 7, ref)
    for k, v in hard.items():
        req_masks[k] = v[req_cols["person_id"]]
    req_masks["not_in_registry"] = ~listed[req_cols["person_id"]]
    requests = _frame(req_cols, req_masks, "Q", rng)
    del req_cols, req_masks

    truth = (
        requests.select(pl.col("record_id").alias("request_id"), "person_id")
        .join(
            registry.select(pl.col("record_id").alias("registry_id"), "person_id"), on="person_id"
        )
        .select("request_id", "registry_id", "person_id")
        .sort("request_id", "registry_id")
    )
    return Scenario(registry, requests, truth, _people_frame(pop, hard), reference_date, seed)


def write_scenario(
    scenario: Scenario, directory: Path | str, fmt: Literal["parquet", "csv"] = "parquet"
) -> Path:
    """Write the lists, the truth and the population into `directory` (created if needed).

    ``registry`` and ``requests`` hold only the public input columns, as a tool would get
    them; ``registry_truth``/``requests_truth`` hold the hidden columns by record_id. In CSV
    the difficulty tags are joined with ";".
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "registry": scenario.public("registry"),
        "requests": scenario.public("requests"),
        "registry_truth": scenario.registry.drop(PUBLIC_COLUMNS[1:]),
        "requests_truth": scenario.requests.drop(PUBLIC_COLUMNS[1:]),
        "truth": scenario.truth,
        "people": scenario.people,
    }
    for name, df in tables.items():
        if fmt == "csv":
            if "difficulty" in df.columns:
                df = df.with_columns(pl.col("difficulty").list.join(";"))
            df.write_csv(out / f"{name}.csv")
        else:
            df.write_parquet(out / f"{name}.parquet")
    meta = f"seed={scenario.seed}\nreference_date={scenario.reference_date.isoformat()}\n"
    (out / "scenario.txt").write_text(meta, encoding="utf-8")
    return out


def read_scenario(directory: Path | str) -> Scenario:
    """A scenario written by `write_scenario` in Parquet."""
    d = Path(directory)
    meta = dict(
        line.split("=", 1) for line in (d / "scenario.txt").read_text(encoding="utf-8").split()
    )

    def joined(name: str) -> pl.DataFrame:
        return pl.read_parquet(d / f"{name}.parquet").join(
            pl.read_parquet(d / f"{name}_truth.parquet"), on="record_id"
        )

    return Scenario(
        registry=joined("registry"),
        requests=joined("requests"),
        truth=pl.read_parquet(d / "truth.parquet"),
        people=pl.read_parquet(d / "people.parquet"),
        reference_date=datetime.date.fromisoformat(meta["reference_date"]),
        seed=int(meta["seed"]),
    )
