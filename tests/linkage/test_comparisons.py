"""The SQL of each comparison (batch) and its Python twin (online search) agree on every pair."""

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.linkage.backends import DuckDBBackend
from corridor.linkage.comparisons import DEFAULT_COMPARISONS

keys = st.one_of(
    st.none(), st.sampled_from(["shchrbkv", "shchrbkf", "shchrbk", "ivnv", "ivanv", "~kn", "a"])
)
ids = st.one_of(
    st.none(), st.sampled_from(["aleksandr", "aleksandra", "oksana", "ivan", "petr", "~jn"])
)
initials = st.one_of(st.none(), st.sampled_from(["a", "o", "i", "p"]))
years = st.one_of(st.none(), st.integers(1940, 1946))
months = st.one_of(st.none(), st.integers(1, 3))


@st.composite
def feature_rows(draw):
    y_lo = draw(years)
    span = draw(st.integers(0, 3)) if y_lo is not None else 0
    m = draw(months) if y_lo is not None else None
    d = draw(months) if m is not None else None
    swap = d is not None and draw(st.booleans())
    return {
        "fam1": draw(keys),
        "fam2": draw(keys),
        "gid1": draw(ids),
        "gid2": draw(ids),
        "gsk": draw(keys),
        "ginit": draw(initials),
        "fid": draw(ids),
        "pinit": draw(initials),
        "y_lo": y_lo,
        "y_hi": None if y_lo is None else y_lo + span,
        "m": m,
        "d": d,
        "m2": d if swap else None,
        "d2": m if swap else None,
        "sex": draw(st.one_of(st.none(), st.sampled_from(["M", "F"]))),
        "place": draw(keys),
        "fsk": draw(keys),
        "ident": draw(st.one_of(st.none(), st.sampled_from(["AB123", "AB124", "AB1234", "X9"]))),
        "addr": draw(st.one_of(st.none(), st.sampled_from(["95l_H_pl_T", "95l_H_pl_Ts", "2v_n"]))),
    }


SCHEMA = pa.schema(
    [("idx", pa.int64())]
    + [(c, pa.string()) for c in ("fam1", "fam2", "gid1", "gid2", "gsk", "ginit", "fid", "pinit")]
    + [(c, pa.int32()) for c in ("y_lo", "y_hi", "m", "d", "m2", "d2")]
    + [(c, pa.string()) for c in ("sex", "place", "fsk", "ident", "addr")]
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(feature_rows(), feature_rows()), min_size=1, max_size=40))
def test_sql_and_python_levels_agree(pairs):
    lefts = [dict(left, idx=i) for i, (left, _) in enumerate(pairs)]
    rights = [dict(r, idx=i) for i, (_, r) in enumerate(pairs)]
    backend = DuckDBBackend(threads=1)
    try:
        backend.register("fl", pa.Table.from_pylist(lefts, schema=SCHEMA))
        backend.register("fr", pa.Table.from_pylist(rights, schema=SCHEMA))
        cols = ", ".join(f"CAST({c.sql} AS INTEGER) AS g_{c.name}" for c in DEFAULT_COMPARISONS)
        rows = backend.query(
            f"SELECT l.idx, {cols} FROM fl l JOIN fr r ON l.idx = r.idx ORDER BY l.idx"
        ).to_pylist()
    finally:
        backend.close()
    for row in rows:
        left, right = lefts[row["idx"]], rights[row["idx"]]
        for comp in DEFAULT_COMPARISONS:
            assert row[f"g_{comp.name}"] == comp.python(left, right), (comp.name, left, right)
