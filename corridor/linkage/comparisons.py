"""Field comparisons: each maps a pair of records to a level, in SQL (batch) and Python (search).

Levels are ordered from least to most similar; level 0 is "not comparable" (a value is
missing) and carries no evidence. The SQL is the common subset of DuckDB and Spark SQL, so
both backends compute identical levels; the Python twin serves the online index, and a test
checks the two agree.
"""

from __future__ import annotations

from corridor.linkage.levels import (
    MISSING,
    Comparison,
    Level,
    Row,
    any_equal,
    edit_distance,
    within_sql,
)

__all__ = ["DEFAULT_COMPARISONS", "TF_COLUMNS", "Comparison", "Level", "Row"]


# --- family name ---------------------------------------------------------------------------


def _family(l: Row, r: Row) -> int:
    if not l.get("fam1") or not r.get("fam1"):
        return 0
    if any_equal(l, r, ("fam1", "fam2")):
        return 4
    d = edit_distance(l["fam1"], r["fam1"])
    if d <= 1:
        return 3
    if d <= 2:
        return 2
    return 1


FAMILY = Comparison(
    name="family",
    label="family name",
    levels=(
        MISSING,
        Level("different", "family names differ"),
        Level("similar", "family names similar (two letters apart)"),
        Level("close", "family names nearly the same (one letter apart)"),
        Level("same", "same family name (any script, gender form or case)"),
    ),
    sql=f"""CASE
        WHEN l.fam1 IS NULL OR r.fam1 IS NULL THEN 0
        WHEN l.fam1 = r.fam1 OR l.fam1 = r.fam2 OR l.fam2 = r.fam1 OR l.fam2 = r.fam2 THEN 4
        WHEN {within_sql("l.fam1", "r.fam1", 2)} THEN
            CASE WHEN levenshtein(l.fam1, r.fam1) <= 1 THEN 3 ELSE 2 END
        ELSE 1 END""",
    python=_family,
    tf_level=4,
    tf_column="fam1",
    columns=("fam1", "fam2"),
    default_m=(1, 0.072, 0.023, 0.047, 0.858),
    default_u=(1, 0.9738, 0.0194, 0.0021, 0.0047),
)


# --- given name ------------------------------------------------------------------------------


def _given(l: Row, r: Row) -> int:
    if not l.get("gsk") or not r.get("gsk"):
        if l.get("ginit") and r.get("ginit"):
            return 2 if l["ginit"] == r["ginit"] else 1
        return 0
    if any_equal(l, r, ("gid1", "gid2")):
        return 5
    d = edit_distance(l["gsk"], r["gsk"])
    if d <= 1:
        return 4
    if d <= 2:
        return 3
    if l.get("ginit") and l["ginit"] == r.get("ginit"):
        return 2
    return 1


GIVEN = Comparison(
    name="given",
    label="given name",
    levels=(
        MISSING,
        Level("different", "given names differ"),
        Level("initial", "only the initials agree"),
        Level("similar", "given names similar (two letters apart)"),
        Level("close", "given names nearly the same (one letter apart)"),
        Level("same", "same given name (Russian, Ukrainian, Latin or diminutive form)"),
    ),
    sql=f"""CASE
        WHEN l.gsk IS NULL OR r.gsk IS NULL THEN
            CASE WHEN l.ginit IS NULL OR r.ginit IS NULL THEN 0
                 WHEN l.ginit = r.ginit THEN 2 ELSE 1 END
        WHEN l.gid1 = r.gid1 OR l.gid1 = r.gid2 OR l.gid2 = r.gid1 OR l.gid2 = r.gid2 THEN 5
        WHEN {within_sql("l.gsk", "r.gsk", 2)} THEN
            CASE WHEN levenshtein(l.gsk, r.gsk) <= 1 THEN 4 ELSE 3 END
        WHEN l.ginit = r.ginit THEN 2
        ELSE 1 END""",
    python=_given,
    tf_level=5,
    tf_column="gid1",
    columns=("gid1", "gid2", "gsk", "ginit"),
    default_m=(1, 0.006, 0.027, 0.022, 0.038, 0.906),
    default_u=(1, 0.87, 0.0474, 0.0623, 0.0098, 0.0105),
)


# --- patronymic ------------------------------------------------------------------------------


def _patronymic(l: Row, r: Row) -> int:
    if not l.get("fid") or not r.get("fid"):
        if l.get("pinit") and r.get("pinit"):
            return 2 if l["pinit"] == r["pinit"] else 1
        return 0
    if l["fid"] == r["fid"]:
        return 3
    if edit_distance(l["fid"], r["fid"]) <= 1:
        return 2
    return 1


PATRONYMIC = Comparison(
    name="patronymic",
    label="patronymic (father's given name)",
    levels=(
        MISSING,
        Level("different", "patronymics differ: different fathers"),
        Level("close", "patronymics nearly the same, or only their initials agree"),
        Level("same", "same patronymic: same father's name"),
    ),
    sql=f"""CASE
        WHEN l.fid IS NULL OR r.fid IS NULL THEN
            CASE WHEN l.pinit IS NULL OR r.pinit IS NULL THEN 0
                 WHEN l.pinit = r.pinit THEN 2 ELSE 1 END
        WHEN l.fid = r.fid THEN 3
        WHEN {within_sql("l.fid", "r.fid", 1)} THEN 2
        ELSE 1 END""",
    python=_patronymic,
    columns=("fid", "pinit"),
    default_m=(1, 0.044, 0.026, 0.93),
    default_u=(1, 0.971, 0.0035, 0.0255),
)


# --- generation: one record's patronymic is the other's given name -----------------------------


def _generation(l: Row, r: Row) -> int:
    if not (l.get("gid1") and r.get("gid1")) or not (l.get("fid") or r.get("fid")):
        return 0
    # A man named after his father (Иван Иванович) is no sign of two generations: the sign
    # counts only where the given names differ.
    parent = (l.get("fid") and l["fid"] in (r.get("gid1"), r.get("gid2"))) or (
        r.get("fid") and r["fid"] in (l.get("gid1"), l.get("gid2"))
    )
    return 1 if parent and not any_equal(l, r, ("gid1", "gid2")) else 2


GENERATION = Comparison(
    name="generation",
    label="parent and child",
    levels=(
        MISSING,
        Level(
            "parent_child",
            "one's patronymic is the other's given name: looks like parent and child",
        ),
        Level("no_sign", "no sign of parent and child"),
    ),
    sql="""CASE
        WHEN l.gid1 IS NULL OR r.gid1 IS NULL OR (l.fid IS NULL AND r.fid IS NULL) THEN 0
        WHEN ((l.fid IS NOT NULL AND (l.fid = r.gid1 OR l.fid = r.gid2))
          OR (r.fid IS NOT NULL AND (r.fid = l.gid1 OR r.fid = l.gid2)))
          AND NOT COALESCE(l.gid1 = r.gid1 OR l.gid1 = r.gid2 OR l.gid2 = r.gid1 OR l.gid2 = r.gid2, FALSE)
          THEN 1
        ELSE 2 END""",
    python=_generation,
    columns=("gid1", "gid2", "fid"),
    default_m=(1, 0.002, 0.998),
    default_u=(1, 0.0143, 0.9857),
)


# --- date of birth ---------------------------------------------------------------------------


def _dob(l: Row, r: Row) -> int:
    if l.get("y_lo") is None or r.get("y_lo") is None:
        return 0
    full = l.get("d") is not None and r.get("d") is not None
    same_year = l["y_lo"] == l["y_hi"] == r["y_lo"] == r["y_hi"]
    if full and same_year and l["m"] == r["m"] and l["d"] == r["d"]:
        return 10
    if (
        full
        and same_year
        and (
            (l.get("m2") is not None and l["m2"] == r["m"] and l["d2"] == r["d"])
            or (r.get("m2") is not None and r["m2"] == l["m"] and r["d2"] == l["d"])
        )
    ):
        return 9
    if same_year and l.get("m") is not None and l.get("m") == r.get("m"):
        return 7 if full else 8
    if same_year:
        return 4 if l.get("m") is not None and r.get("m") is not None else 6
    if l["y_lo"] <= r["y_hi"] and r["y_lo"] <= l["y_hi"]:
        return 5
    gap = max(l["y_lo"] - r["y_hi"], r["y_lo"] - l["y_hi"])
    if gap <= 1:
        return 3
    if gap <= 5:
        return 2
    return 1


DOB = Comparison(
    name="dob",
    label="date of birth",
    levels=(
        MISSING,
        Level("far", "born more than five years apart"),
        Level("different", "born two to five years apart"),
        Level("off_by_one", "years of birth one year apart"),
        Level("month_differs", "same year but different months of birth"),
        Level("overlap", "approximate dates or ranges overlap"),
        Level("same_year", "same year of birth (month unknown on one side)"),
        Level("day_differs", "same year and month, different day"),
        Level("same_month", "same year and month (day unknown on one side)"),
        Level("swapped", "same date with day and month swapped"),
        Level("same", "same full date of birth"),
    ),
    sql="""CASE
        WHEN l.y_lo IS NULL OR r.y_lo IS NULL THEN 0
        WHEN l.y_lo = l.y_hi AND r.y_lo = r.y_hi AND l.y_lo = r.y_lo THEN
            CASE
            WHEN l.d IS NOT NULL AND r.d IS NOT NULL AND l.m = r.m AND l.d = r.d THEN 10
            WHEN l.d IS NOT NULL AND r.d IS NOT NULL AND (
                 (l.m2 IS NOT NULL AND l.m2 = r.m AND l.d2 = r.d)
              OR (r.m2 IS NOT NULL AND r.m2 = l.m AND r.d2 = l.d)) THEN 9
            WHEN l.m IS NOT NULL AND l.m = r.m THEN
                CASE WHEN l.d IS NOT NULL AND r.d IS NOT NULL THEN 7 ELSE 8 END
            WHEN l.m IS NOT NULL AND r.m IS NOT NULL THEN 4
            ELSE 6 END
        WHEN l.y_lo <= r.y_hi AND r.y_lo <= l.y_hi THEN 5
        WHEN l.y_lo - r.y_hi <= 1 AND r.y_lo - l.y_hi <= 1 THEN 3
        WHEN l.y_lo - r.y_hi <= 5 AND r.y_lo - l.y_hi <= 5 THEN 2
        ELSE 1 END""",
    python=_dob,
    columns=("y_lo", "y_hi", "m", "d", "m2", "d2"),
    default_m=(1, 0.0005, 0.0023, 0.0376, 0.018, 0.141, 0.2, 0.0005, 0.034, 0.036, 0.527),
    default_u=(1, 0.867, 0.0895, 0.0229, 0.007, 0.0099, 0.0026, 0.0007, 0.0001, 0.0001, 0.0002),
)


# --- sex, place ------------------------------------------------------------------------------


def _sex(l: Row, r: Row) -> int:
    if not l.get("sex") or not r.get("sex"):
        return 0
    return 2 if l["sex"] == r["sex"] else 1


SEX = Comparison(
    name="sex",
    label="sex",
    levels=(MISSING, Level("different", "different sex"), Level("same", "same sex")),
    sql="""CASE WHEN l.sex IS NULL OR r.sex IS NULL THEN 0
        WHEN l.sex = r.sex THEN 2 ELSE 1 END""",
    python=_sex,
    columns=("sex",),
    default_m=(1, 0.001, 0.999),
    default_u=(1, 0.4984, 0.5016),
)


def _place(l: Row, r: Row) -> int:
    if not l.get("place") or not r.get("place"):
        return 0
    if l["place"] == r["place"]:
        return 3
    if edit_distance(l["place"], r["place"]) <= 2:
        return 2
    return 1


PLACE = Comparison(
    name="place",
    label="settlement",
    levels=(
        MISSING,
        Level("different", "different settlements"),
        Level("close", "settlement names nearly the same"),
        Level("same", "same settlement (Russian, Ukrainian or Latin name)"),
    ),
    sql=f"""CASE WHEN l.place IS NULL OR r.place IS NULL THEN 0
        WHEN l.place = r.place THEN 3
        WHEN {within_sql("l.place", "r.place", 2)} THEN 2
        ELSE 1 END""",
    python=_place,
    tf_level=3,
    tf_column="place",
    columns=("place",),
    default_m=(1, 0.041, 0.0005, 0.959),
    default_u=(1, 0.8568, 0.0022, 0.1409),
)


def _swapped(l: Row, r: Row) -> int:
    if not (l.get("fsk") and l.get("gsk") and r.get("fsk") and r.get("gsk")):
        return 0
    if l["fsk"] == r["gsk"] and l["gsk"] == r["fsk"] and l["fsk"] != l["gsk"]:
        return 2
    return 1


SWAPPED = Comparison(
    name="swapped",
    label="given and family name swapped",
    levels=(
        MISSING,
        Level("not_swapped", "names not swapped"),
        Level("swapped", "the given name of one is the family name of the other, and back"),
    ),
    sql="""CASE
        WHEN l.fsk IS NULL OR l.gsk IS NULL OR r.fsk IS NULL OR r.gsk IS NULL THEN 0
        WHEN l.fsk = r.gsk AND l.gsk = r.fsk AND l.fsk <> l.gsk THEN 2
        ELSE 1 END""",
    python=_swapped,
    columns=("fsk", "gsk"),
    default_m=(1, 0.98, 0.02),
    default_u=(1, 0.99999, 0.00001),
)


def _identifier(l: Row, r: Row) -> int:
    if not l.get("ident") or not r.get("ident"):
        return 0
    if l["ident"] == r["ident"]:
        return 3
    if edit_distance(l["ident"], r["ident"]) <= 2:
        return 2
    return 1


IDENTIFIER = Comparison(
    name="identifier",
    label="document or serial number",
    levels=(
        MISSING,
        Level("different", "different numbers"),
        Level("close", "numbers one or two characters apart"),
        Level("same", "same number"),
    ),
    sql=f"""CASE WHEN l.ident IS NULL OR r.ident IS NULL THEN 0
        WHEN l.ident = r.ident THEN 3
        WHEN {within_sql("l.ident", "r.ident", 2)} THEN 2
        ELSE 1 END""",
    python=_identifier,
    columns=("ident",),
    default_m=(1, 0.02, 0.08, 0.90),
    default_u=(1, 0.9999, 0.0001, 0.000001),
)


def _address(l: Row, r: Row) -> int:
    if not l.get("addr") or not r.get("addr"):
        return 0
    if l["addr"] == r["addr"]:
        return 3
    if edit_distance(l["addr"], r["addr"]) <= 2:
        return 2
    return 1


ADDRESS = Comparison(
    name="address",
    label="street address",
    levels=(
        MISSING,
        Level("different", "different addresses"),
        Level("close", "addresses nearly the same (one or two letters apart)"),
        Level("same", "same address (any script or spacing)"),
    ),
    sql=f"""CASE WHEN l.addr IS NULL OR r.addr IS NULL THEN 0
        WHEN l.addr = r.addr THEN 3
        WHEN {within_sql("l.addr", "r.addr", 2)} THEN 2
        ELSE 1 END""",
    python=_address,
    columns=("addr",),
    # Nominal, not measured: the synthetic benchmark has no addresses. u is re-estimated
    # from random pairs on any list big enough, and m by EM with Settings(estimate_m=True).
    default_m=(1, 0.10, 0.10, 0.80),
    default_u=(1, 0.9995, 0.0004, 0.0001),
)


DEFAULT_COMPARISONS: tuple[Comparison, ...] = (
    FAMILY,
    GIVEN,
    PATRONYMIC,
    GENERATION,
    DOB,
    SEX,
    PLACE,
    SWAPPED,
    IDENTIFIER,
    ADDRESS,
)

# Columns whose exact agreement is weighed by how rare the agreed value is.
TF_COLUMNS: tuple[str, ...] = tuple(c.tf_column for c in DEFAULT_COMPARISONS if c.tf_column)
