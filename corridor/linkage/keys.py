"""Blocking keys: under which keys a record is compared with the others sharing one.

A key is a 64-bit integer mixed from its kind and its parts (the hash of a feature value, a
year, a day). The batch path (`table_keys`) builds every record's keys at once with numpy
from per-value hashes; the online index asks for one record's keys (`record_keys`). Both use
the same mixing, so they give the same integers. Python's string hash is stable within a
process (and its forked workers), which is all a linkage run and an in-memory index need; a
collision only adds a candidate pair.

Kinds (docs/linkage.md): `fg` family + given id, `fy` family + year of birth (each year of a
range up to MAX_YEAR_SPAN_BLOCKED), `ff` family + father, `gy` given id + year, `nm` the
unordered pair of family and given skeletons (+ year), `dp` full date of birth + settlement,
`id`/`ih`/`it` a document number whole and by halves, `ad`/`ah`/`at` the street address key
whole and by halves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

MAX_YEAR_SPAN_BLOCKED = 6
MIN_IDENT_HALVES = 6  # a typo in one half of a number still meets the other half
MIN_ADDRESS_HALVES = 8

_MASK = (1 << 64) - 1
_MUL = 0x9E3779B97F4A7C15
_SHIFT = 31
FG, FY, FF, GYP, GYM, GYF, NM, NM_NO_YEAR, DP, ID, IH, IT, AD, AH, AT = range(1, 16)


def value_hash(value: str | None) -> int:
    """The hash of one feature value as an unsigned 64-bit integer; 0 means missing."""
    if not value:
        return 0
    return (hash(value) & _MASK) or 1


def halves(value: str | None, min_length: int) -> tuple[int, int]:
    """Hashes of a value's two halves, or zeros when it is too short to split."""
    if not value or len(value) < min_length:
        return 0, 0
    half = len(value) // 2
    return value_hash(value[:half]), value_hash(value[half:])


def _mix(kind: int, *parts: int) -> int:
    h = kind
    for x in parts:
        h = ((h ^ (x & _MASK)) * _MUL) & _MASK
        h ^= h >> _SHIFT
    return h - (1 << 64) if h >= 1 << 63 else h


def _mix_np(kind: int, *parts: np.ndarray) -> np.ndarray:
    h = np.full(len(parts[0]), kind, dtype=np.uint64)
    mul, shift = np.uint64(_MUL), np.uint64(_SHIFT)
    for x in parts:
        h = (h ^ x.astype(np.uint64, copy=False)) * mul
        h ^= h >> shift
    return h.view(np.int64)


def _years(f: Mapping[str, Any]) -> list[int]:
    if f["y_lo"] is None or f["y_hi"] - f["y_lo"] > MAX_YEAR_SPAN_BLOCKED:
        return []
    return list(range(f["y_lo"], f["y_hi"] + 1))


def record_keys(f: Mapping[str, Any]) -> list[int]:
    """The blocking keys of one record's features (see `table_keys` for the batch twin)."""
    keys: list[int] = []
    fams = [value_hash(x) for x in (f["fam1"], f["fam2"]) if x]
    gids = [value_hash(x) for x in (f["gid1"], f["gid2"]) if x]
    years = _years(f)
    fid = value_hash(f["fid"])
    ginit = value_hash(f["ginit"])
    for fam in fams:
        keys += [_mix(FG, fam, g) for g in gids]
        keys += [_mix(FY, fam, y) for y in years]
        if fid:
            keys.append(_mix(FF, fam, fid, ginit))
    place = value_hash(f["place"])
    for g in gids:  # a changed or misspelt family name: the given name, the year and one more
        if place:
            keys += [_mix(GYP, g, y, place) for y in years]
        if f["m"] is not None:
            keys += [_mix(GYM, g, y, f["m"]) for y in years]
        if fid:
            keys += [_mix(GYF, g, y, fid) for y in years]
    fsk, gsk = value_hash(f["fsk"]), value_hash(f["gsk"])
    if fsk and gsk and fsk != gsk:
        lo, hi = min(fsk, gsk), max(fsk, gsk)
        keys += [_mix(NM, lo, hi, y) for y in years] if years else [_mix(NM_NO_YEAR, lo, hi)]
    if f["d"] is not None and f["place"]:
        keys.append(_mix(DP, f["y_lo"], f["m"], f["d"], place))
    for whole, kinds, min_length in (
        (f["ident"], (ID, IH, IT), MIN_IDENT_HALVES),
        (f["addr"], (AD, AH, AT), MIN_ADDRESS_HALVES),
    ):
        if whole:
            keys.append(_mix(kinds[0], value_hash(whole)))
            head, tail = halves(whole, min_length)
            if head:
                keys += [_mix(kinds[1], head), _mix(kinds[2], tail)]
    return keys


def table_keys(
    h: Mapping[str, np.ndarray], dob: Mapping[str, np.ndarray], idx: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every record's keys at once: (key, record index) arrays.

    `h` holds per record the `value_hash` of fam1, fam2, gid1, gid2, fid, fsk, gsk, place,
    ident, addr and the halves ident_head, ident_tail, addr_head, addr_tail (0 = missing);
    `dob` holds y_lo, y_hi, m, d as int64 with -1 for missing.
    """
    out_keys: list[np.ndarray] = []
    out_idx: list[np.ndarray] = []

    def emit(mask: np.ndarray, kind: int, *parts: np.ndarray) -> None:
        if mask.any():
            out_keys.append(_mix_np(kind, *(p[mask] for p in parts)))
            out_idx.append(idx[mask])

    y_lo, y_hi = dob["y_lo"], dob["y_hi"]
    span = y_hi - y_lo
    has_years = (y_lo >= 0) & (span <= MAX_YEAR_SPAN_BLOCKED)
    years = [(has_years & (span >= k), y_lo + k) for k in range(MAX_YEAR_SPAN_BLOCKED + 1)]
    fams, gids = (h["fam1"], h["fam2"]), (h["gid1"], h["gid2"])
    for fam in fams:
        for g in gids:
            emit((fam != 0) & (g != 0), FG, fam, g)
        for ok, year in years:
            emit((fam != 0) & ok, FY, fam, year)
        emit((fam != 0) & (h["fid"] != 0), FF, fam, h["fid"], h["ginit"])
    has_month = dob["m"] >= 0
    for g in gids:
        for ok, year in years:
            emit((g != 0) & ok & (h["place"] != 0), GYP, g, year, h["place"])
            emit((g != 0) & ok & has_month, GYM, g, year, dob["m"])
            emit((g != 0) & ok & (h["fid"] != 0), GYF, g, year, h["fid"])
    fsk, gsk = h["fsk"], h["gsk"]
    swap = (fsk != 0) & (gsk != 0) & (fsk != gsk)
    lo, hi = np.minimum(fsk, gsk), np.maximum(fsk, gsk)
    for ok, year in years:
        emit(swap & ok, NM, lo, hi, year)
    emit(swap & ~has_years, NM_NO_YEAR, lo, hi)
    emit((dob["d"] >= 0) & (h["place"] != 0), DP, y_lo, dob["m"], dob["d"], h["place"])
    for whole, head, tail, kinds in (
        ("ident", "ident_head", "ident_tail", (ID, IH, IT)),
        ("addr", "addr_head", "addr_tail", (AD, AH, AT)),
    ):
        emit(h[whole] != 0, kinds[0], h[whole])
        emit(h[head] != 0, kinds[1], h[head])
        emit(h[head] != 0, kinds[2], h[tail])
    if not out_keys:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(out_keys), np.concatenate(out_idx)


HASHED_COLUMNS: Sequence[str] = (
    "ginit",
    "fam1",
    "fam2",
    "gid1",
    "gid2",
    "fid",
    "fsk",
    "gsk",
    "place",
    "ident",
    "addr",
)
