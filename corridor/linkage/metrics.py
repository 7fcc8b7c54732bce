"""How good a linkage is: precision, recall and F1 over id pairs, by difficulty, and a ceiling.

Pairs are (left_id, right_id) — for the benchmark (request_id, registry_id) — given as a
polars DataFrame with those two columns first, or as any iterable of 2-tuples. Duplicates
count once.

The ceiling (`oracle_ceiling`) answers "how well could anything do on these lists?". The
oracle knows the true identity of every name a record carries — which surname, given name
and father's name a token stands for, whatever its script, spelling, case, diminutive or
typo — but nothing else: only the fields the record actually has, with their values as typed
(a wrong year stays wrong, "около 60 лет" stays a range, a missing patronymic stays
missing). Per request it finds the registry rows *consistent* with it, in three tiers:

1. strict — every field both records carry agrees: surname (or the registry's bracketed
   maiden name), given name (or its initial), father's name, sex, settlement, and the date
   of birth (year ranges overlap; day and month agree, or agree swapped when both are ≤ 12,
   since 03.07 and 07.03 cannot be told apart);
2. lenient, only when no row is strictly consistent — what a careful human would allow next:
   the year may be one off (day and month still agree), day and month may be swapped
   whatever their values, the settlement may differ (people move);
3. other surname, only when no row is leniently consistent either: for a woman, the lenient
   rules with any surname (she may have married, or be sought under her maiden name).

A request is *resolvable* when all consistent rows belong to one person; the oracle then
links it to exactly those rows. The ceiling is the oracle's precision, recall and F1 against
the truth: ambiguous requests (a son with his father's name and no date, namesakes without
a patronymic) cost recall, and a consistent stranger where the sought person is not listed
costs precision. It is a ceiling for matchers that link only what the evidence settles, not a
mathematical bound: a matcher that guesses among several consistent people, or draws on
name frequencies, can now and then beat it on a request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

__all__ = [
    "OracleResult",
    "Scores",
    "SliceScores",
    "best_threshold",
    "oracle_ceiling",
    "score",
    "slice_scores",
]

PAIR = ("left_id", "right_id")


@dataclass(frozen=True)
class Scores:
    """Pair counts and the measures made from them."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class SliceScores:
    """Recall over true pairs whose request has the tag; precision over predicted ones."""

    tag: str
    true_pairs: int
    found: int
    predicted: int
    correct: int

    @property
    def recall(self) -> float:
        return self.found / self.true_pairs if self.true_pairs else float("nan")

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else float("nan")


def pairs_frame(pairs: Any) -> pl.DataFrame:
    """Pairs as a unique two-column (left_id, right_id) string frame."""
    if isinstance(pairs, pl.DataFrame):
        df = pairs.select(pairs.columns[0], pairs.columns[1])
    else:
        rows = [(str(a), str(b)) for a, b, *_ in pairs]
        df = pl.DataFrame(rows, schema=list(PAIR), orient="row")
    return df.rename(dict(zip(df.columns, PAIR, strict=True))).cast(pl.String).unique()


def score(predicted: Any, truth: Any) -> Scores:
    """Precision, recall and F1 of predicted pairs against true pairs."""
    pred, true = pairs_frame(predicted), pairs_frame(truth)
    tp = pred.join(true, on=list(PAIR), how="semi").height
    return Scores(tp=tp, fp=pred.height - tp, fn=true.height - tp)


def slice_scores(predicted: Any, truth: Any, tags: pl.DataFrame) -> list[SliceScores]:
    """Scores per difficulty tag of the left record (`tags`: record_id, difficulty list)."""
    tagged = tags.select(
        pl.col("record_id").cast(pl.String).alias("left_id"), "difficulty"
    ).explode("difficulty")
    pred = pairs_frame(predicted).with_columns(pl.lit(False).alias("hit"))
    true = pairs_frame(truth).with_columns(pl.lit(True).alias("true"))
    pred = pred.join(true, on=list(PAIR), how="left").with_columns(pl.col("true").fill_null(False))
    true = true.join(pred.select(*PAIR, pl.lit(True).alias("hit")), on=list(PAIR), how="left")
    t = (
        true.join(tagged, on="left_id")
        .group_by("difficulty")
        .agg(pl.len().alias("n"), pl.col("hit").fill_null(False).sum().alias("found"))
    )
    p = (
        pred.join(tagged, on="left_id")
        .group_by("difficulty")
        .agg(pl.len().alias("predicted"), pl.col("true").sum().alias("correct"))
    )
    both = (
        t.join(p, on="difficulty", how="full", coalesce=True).fill_null(0).drop_nulls("difficulty")
    )
    return sorted(
        (
            SliceScores(r["difficulty"], r["n"], r["found"], r["predicted"], r["correct"])
            for r in both.iter_rows(named=True)
        ),
        key=lambda s: s.tag,
    )


def best_threshold(
    scored: pl.DataFrame, truth: Any, column: str = "match_probability"
) -> tuple[float, Scores]:
    """The cut-off on `column` that maximises F1, and the scores there (pairs ≥ cut-off)."""
    true = pairs_frame(truth).with_columns(pl.lit(1).alias("is_true"))
    cols = scored.columns
    ranked = (
        scored.select(
            pl.col(cols[0]).cast(pl.String).alias("left_id"),
            pl.col(cols[1]).cast(pl.String).alias("right_id"),
            column,
        )
        .group_by(PAIR)
        .agg(pl.col(column).max())
        .join(true, on=list(PAIR), how="left")
        .with_columns(pl.col("is_true").fill_null(0))
        .sort(column, descending=True)
        .with_columns(
            pl.col("is_true").cum_sum().alias("tp"), pl.int_range(1, pl.len() + 1).alias("k")
        )
        .group_by(column, maintain_order=True)
        .agg(pl.col("tp").last(), pl.col("k").last())
        .with_columns((2 * pl.col("tp") / (pl.col("k") + true.height)).alias("f1"))
    )
    if ranked.height == 0:
        return 1.0, Scores(0, 0, true.height)
    best = ranked.row(ranked["f1"].arg_max() or 0, named=True)
    return float(best[column]), Scores(
        tp=best["tp"], fp=best["k"] - best["tp"], fn=true.height - best["tp"]
    )


# --- the oracle -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OracleResult:
    """The ceiling: what the oracle linked, how it scores, and why requests stayed open."""

    pairs: pl.DataFrame  # left_id (request), right_id (registry)
    scores: Scores
    resolved_strict: int
    resolved_lenient: int
    resolved_other_surname: int
    ambiguous: int
    no_candidate: int


_O = ("person_id", "o_surname", "o_maiden", "o_given", "o_given_init", "o_father", "o_father_init",
      "o_year_lo", "o_year_hi", "o_month", "o_day", "o_sex", "o_place")  # fmt: skip


def _agree(a: str, b: str) -> pl.Expr:
    return (pl.col(a) < 0) | (pl.col(b) < 0) | (pl.col(a) == pl.col(b))


def _initial_ok(init_col: str, id_col: str, initials: pl.DataFrame) -> pl.Expr:
    """A registry initial agrees with the request's name id when either form starts with it."""
    ru = pl.col(id_col).replace_strict(initials["id"], initials["ru"], default="")
    uk = pl.col(id_col).replace_strict(initials["id"], initials["uk"], default="")
    return (
        (pl.col(init_col) == "")
        | (pl.col(id_col) < 0)
        | (pl.col(init_col) == ru)
        | (pl.col(init_col) == uk)
    )


def _consistent(lenient: bool, initials: pl.DataFrame) -> pl.Expr:
    slack = 1 if lenient else 0
    years = (
        (pl.col("o_year_lo") < 0)
        | (pl.col("g_year_lo") < 0)
        | (
            (pl.col("o_year_lo") - slack <= pl.col("g_year_hi"))
            & (pl.col("g_year_lo") <= pl.col("o_year_hi") + slack)
        )
    )
    same = (pl.col("o_month") == pl.col("g_month")) & _agree("o_day", "g_day")
    swapped = (pl.col("o_month") == pl.col("g_day")) & (pl.col("o_day") == pl.col("g_month"))
    if not lenient:
        swapped = swapped & (pl.col("o_day") <= 12) & (pl.col("g_day") <= 12)
    day_month = (pl.col("o_month") < 0) | (pl.col("g_month") < 0) | same | swapped
    father = _agree("o_father", "g_father") & _initial_ok("g_father_init", "o_father", initials)
    given = _initial_ok("g_given_init", "o_given", initials)
    expr = years & day_month & father & given & _agree("o_sex", "g_sex")
    return expr if lenient else expr & _agree("o_place", "g_place")


def _join_on_year(
    req: pl.DataFrame, reg: pl.DataFrame, left: list[str], right: list[str], slack: int
) -> list[pl.DataFrame]:
    """Rows agreeing on `left`/`right` whose years can agree (within `slack`).

    Joining on the year as well keeps the candidate table small; it drops only pairs the
    year test would reject anyway (registry years are exact or unknown).
    """
    dated = req.filter(pl.col("o_year_lo") >= 0)
    years = dated.with_columns(
        pl.int_ranges(pl.col("o_year_lo") - slack, pl.col("o_year_hi") + slack + 1).alias("_year")
    ).explode("_year")
    kw: dict[str, Any] = {"coalesce": False}
    return [
        years.join(reg, left_on=[*left, "_year"], right_on=[*right, "g_year_lo"], **kw).drop(
            "_year"
        ),
        dated.join(reg.filter(pl.col("g_year_lo") < 0), left_on=left, right_on=right, **kw),
        req.filter(pl.col("o_year_lo") < 0).join(reg, left_on=left, right_on=right, **kw),
    ]


def _candidates(
    req: pl.DataFrame, reg: pl.DataFrame, tier: str, female: pl.DataFrame
) -> pl.DataFrame:
    named = reg.filter(pl.col("g_given") >= 0)
    slack = 0 if tier == "strict" else 1
    if tier == "other_surname":  # a woman under another surname: same given name, close year
        women = req.join(female, left_on="o_given", right_on="id", how="semi").filter(
            pl.col("o_year_lo") >= 0
        )
        parts = _join_on_year(
            women, named.filter(pl.col("g_year_lo") >= 0), ["o_given"], ["g_given"], 1
        )
    else:
        given, surname = ["o_given", "o_surname"], ["g_given", "g_surname"]
        maiden = named.filter(pl.col("g_maiden") >= 0)
        parts = [
            *_join_on_year(req, named, given, surname, slack),
            *_join_on_year(req, maiden, given, ["g_given", "g_maiden"], slack),
            *_join_on_year(
                req, reg.filter(pl.col("g_given") < 0), ["o_surname"], ["g_surname"], slack
            ),
        ]
    cols = ["request_id", "registry_id", "g_person", *[c for c in req.columns if c.startswith("o_")],
            *[c for c in reg.columns if c.startswith("g_") and c != "g_person"]]  # fmt: skip
    return pl.concat([p.select(cols) for p in parts]).unique(["request_id", "registry_id"])


def oracle_ceiling(scenario: Any, chunk: int = 50_000) -> OracleResult:
    """The benchmark's ceiling on a `corridor.linkage.synthetic.Scenario` (see the module doc)."""
    from corridor.linkage.synthetic_vocab import build_vocab

    vocab = build_vocab()
    initials = pl.DataFrame(
        {
            "id": range(vocab.n_given),
            "ru": [g[0] for g in vocab.given["ru"]],
            "uk": [g[0] for g in vocab.given["uk"]],
        }
    )
    female = pl.DataFrame({"id": [i for i in range(vocab.n_given) if vocab.given_sex[i] == 1]})
    req_all = scenario.requests.select(pl.col("record_id").alias("request_id"), *_O)
    reg = scenario.registry.select(
        pl.col("record_id").alias("registry_id"),
        *[pl.col(c).alias("g_" + c.removeprefix("o_")) for c in _O],
    )
    reg = reg.rename({"g_person_id": "g_person"})
    linked: list[pl.DataFrame] = []
    counts = {"strict": 0, "lenient": 0, "other_surname": 0, "ambiguous": 0, "none": 0}
    for start in range(0, req_all.height, chunk):
        req = req_all.slice(start, chunk)
        open_ids = req.select("request_id")
        for tier in ("strict", "lenient", "other_surname"):
            todo = req.join(open_ids, on="request_id", how="semi")
            cand = _candidates(todo, reg, tier, female)
            cand = cand.filter(_consistent(tier != "strict", initials))
            people = cand.group_by("request_id").agg(pl.col("g_person").n_unique().alias("n"))
            single = people.filter(pl.col("n") == 1).select("request_id")
            linked.append(
                cand.join(single, on="request_id", how="semi").select("request_id", "registry_id")
            )
            counts[tier] += single.height
            counts["ambiguous"] += people.height - single.height
            open_ids = open_ids.join(people, on="request_id", how="anti")
        counts["none"] += open_ids.height
    pairs = pl.concat(linked).rename({"request_id": "left_id", "registry_id": "right_id"})
    return OracleResult(
        pairs=pairs,
        scores=score(pairs, scenario.truth.select("request_id", "registry_id")),
        resolved_strict=counts["strict"],
        resolved_lenient=counts["lenient"],
        resolved_other_surname=counts["other_surname"],
        ambiguous=counts["ambiguous"],
        no_candidate=counts["none"],
    )
