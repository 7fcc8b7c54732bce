"""Blocking keys: under which keys a record is compared with the others sharing one.

A key is a 64-bit integer mixed from its kind and its parts (the hash of a feature value, a
year, a day). The batch path (`table_keys`) builds every record's keys at once with numpy
from per-value hashes; the online index asks for one record's keys (`record_keys`). Both use
the same mixing, so they give the same integers. Python's string hash is stable within a
process (and its forked workers), which is all a linkage run and an in-memory index need; a
collision only adds a candidate pair.

Kinds (docs/linkage.md): `fg` family + given id, `fy` family + year of birth (each year of a
range up to MAX_YEAR_SPAN_BLOCKED), `ff` family + father + given initial, `gyp`/`gym`/`gyf`
given id + year + settlement, month or father, `nm` the unordered pair of family and given
skeletons (+ year), `dp` full date of birth + settlement, `id`/`ih`/`it` a document number
whole and by halves, `ad`/`ah`/`at` the street address key whole and by halves; and the name
keys refined by one more field, used only where the name key is too common: `fg` + settlement,
father or year, `fy` + given initial, settlement or month.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl

MAX_YEAR_SPAN_BLOCKED = 6
MIN_IDENT_HALVES = 6  # a typo in one half of a number still meets the other half
MIN_ADDRESS_HALVES = 8

_MASK = (1 << 64) - 1
_MUL = 0x9E3779B97F4A7C15
_SHIFT = 31
FG, FY, FF, GYP, GYM, GYF, NM, NM_NO_YEAR, DP, ID, IH, IT, AD, AH, AT = range(1, 16)
FGP, FGF, FGY, FYI, FYP, FYM, FFI, GY = range(16, 24)  # FGP…FFI: refined by one more field


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
        h ^= x if x.dtype == np.uint64 else x.astype(np.int64, copy=False).view(np.uint64)
        h *= mul
        h ^= h >> shift
    return h.view(np.int64)


def _years(f: Mapping[str, Any]) -> list[int]:
    if f["y_lo"] is None or f["y_hi"] - f["y_lo"] > MAX_YEAR_SPAN_BLOCKED:
        return []
    return list(range(f["y_lo"], f["y_hi"] + 1))


def record_keys(f: Mapping[str, Any]) -> list[tuple[int, int]]:
    """One record's blocking keys as (key, parent) pairs; parent 0 for a key of its own.

    The batch twin is `table_keys`; `usable_keys` says which keys a run uses.
    """
    keys: list[tuple[int, int]] = []
    fams = [value_hash(x) for x in (f["fam1"], f["fam2"]) if x]
    gids = [value_hash(x) for x in (f["gid1"], f["gid2"]) if x]
    years = _years(f)
    fid, ginit, place = value_hash(f["fid"]), value_hash(f["ginit"]), value_hash(f["place"])
    month = f["m"]
    for fam in fams:
        for g in gids:
            fg = _mix(FG, fam, g)
            keys.append((fg, 0))
            if place:
                keys.append((_mix(FGP, fam, g, place), fg))
            if fid:
                keys.append((_mix(FGF, fam, g, fid), fg))
            keys += [(_mix(FGY, fam, g, y), fg) for y in years]
        for y in years:
            fy = _mix(FY, fam, y)
            keys.append((fy, 0))
            if ginit:
                keys.append((_mix(FYI, fam, y, ginit), fy))
            if place:
                keys.append((_mix(FYP, fam, y, place), fy))
            if month is not None:
                keys.append((_mix(FYM, fam, y, month), fy))
        if fid:
            ff = _mix(FF, fam, fid)
            keys += [(ff, 0), (_mix(FFI, fam, fid, ginit), ff)]
    for g in gids:  # a changed or misspelt family name
        for y in years:
            gy = _mix(GY, g, y)
            keys.append((gy, 0))
            if place:
                keys.append((_mix(GYP, g, y, place), gy))
            if month is not None:
                keys.append((_mix(GYM, g, y, month), gy))
            if fid:
                keys.append((_mix(GYF, g, y, fid), gy))
    fsk, gsk = value_hash(f["fsk"]), value_hash(f["gsk"])
    if fsk and gsk and fsk != gsk:
        lo, hi = min(fsk, gsk), max(fsk, gsk)
        pairs = [_mix(NM, lo, hi, y) for y in years] if years else [_mix(NM_NO_YEAR, lo, hi)]
        keys += [(k, 0) for k in pairs]
    if f["d"] is not None and place:
        keys.append((_mix(DP, f["y_lo"], month, f["d"], place), 0))
    for whole, kinds, min_length in (
        (f["ident"], (ID, IH, IT), MIN_IDENT_HALVES),
        (f["addr"], (AD, AH, AT), MIN_ADDRESS_HALVES),
    ):
        if whole:
            keys.append((_mix(kinds[0], value_hash(whole)), 0))
            head, tail = halves(whole, min_length)
            if head:
                keys += [(_mix(kinds[1], head), 0), (_mix(kinds[2], tail), 0)]
    return keys


def table_keys(
    h: Mapping[str, np.ndarray], dob: Mapping[str, np.ndarray], idx: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every record's keys at once: (key, record index, parent) arrays, as `record_keys`.

    `h` holds per record the `value_hash` of each of HASHED_COLUMNS and the halves
    ident_head, ident_tail, addr_head, addr_tail (0 = missing); `dob` holds y_lo, y_hi, m,
    d as int64 with -1 for missing.
    """
    out: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def emit(mask: np.ndarray, key: np.ndarray, parent: np.ndarray | None = None) -> None:
        if mask.any():
            of = np.zeros(int(mask.sum()), np.int64) if parent is None else parent[mask]
            out.append((key[mask], idx[mask], of))

    y_lo, y_hi, month = dob["y_lo"], dob["y_hi"], dob["m"]
    span = y_hi - y_lo
    has_years = (y_lo >= 0) & (span <= MAX_YEAR_SPAN_BLOCKED)
    years = [(has_years & (span >= k), y_lo + k) for k in range(MAX_YEAR_SPAN_BLOCKED + 1)]
    fid, ginit, place = h["fid"], h["ginit"], h["place"]
    has_month = month >= 0
    for fam in (h["fam1"], h["fam2"]):
        for g in (h["gid1"], h["gid2"]):
            ok = (fam != 0) & (g != 0)
            fg = _mix_np(FG, fam, g)
            emit(ok, fg)
            emit(ok & (place != 0), _mix_np(FGP, fam, g, place), fg)
            emit(ok & (fid != 0), _mix_np(FGF, fam, g, fid), fg)
            for has, year in years:
                emit(ok & has, _mix_np(FGY, fam, g, year), fg)
        for has, year in years:
            ok = (fam != 0) & has
            fy = _mix_np(FY, fam, year)
            emit(ok, fy)
            emit(ok & (ginit != 0), _mix_np(FYI, fam, year, ginit), fy)
            emit(ok & (place != 0), _mix_np(FYP, fam, year, place), fy)
            emit(ok & has_month, _mix_np(FYM, fam, year, month), fy)
        ok = (fam != 0) & (fid != 0)
        ff = _mix_np(FF, fam, fid)
        emit(ok, ff)
        emit(ok, _mix_np(FFI, fam, fid, ginit), ff)
    for g in (h["gid1"], h["gid2"]):
        for has, year in years:
            ok = (g != 0) & has
            gy = _mix_np(GY, g, year)
            emit(ok, gy)
            emit(ok & (place != 0), _mix_np(GYP, g, year, place), gy)
            emit(ok & has_month, _mix_np(GYM, g, year, month), gy)
            emit(ok & (fid != 0), _mix_np(GYF, g, year, fid), gy)
    fsk, gsk = h["fsk"], h["gsk"]
    swap = (fsk != 0) & (gsk != 0) & (fsk != gsk)
    lo, hi = np.minimum(fsk, gsk), np.maximum(fsk, gsk)
    for has, year in years:
        emit(swap & has, _mix_np(NM, lo, hi, year))
    emit(swap & ~has_years, _mix_np(NM_NO_YEAR, lo, hi))
    emit((dob["d"] >= 0) & (place != 0), _mix_np(DP, y_lo, month, dob["d"], place))
    for whole, head, tail, kinds in (
        ("ident", "ident_head", "ident_tail", (ID, IH, IT)),
        ("addr", "addr_head", "addr_tail", (AD, AH, AT)),
    ):
        emit(h[whole] != 0, _mix_np(kinds[0], h[whole]))
        emit(h[head] != 0, _mix_np(kinds[1], h[head]))
        emit(h[head] != 0, _mix_np(kinds[2], h[tail]))
    if not out:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    key, where, parent = (np.concatenate(column) for column in zip(*out, strict=True))
    return key, where, parent


def usable_keys(
    left: tuple[np.ndarray, np.ndarray, np.ndarray],
    right: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
    cap: int,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The (key, index) rows a run joins on, for each side (the same list twice to dedupe).

    A key is used when both sides hold it and neither holds it more than `cap` times: a key
    shared by so many records tells too little by itself. A refined key (a name key with
    one more field) is used only where its parent key was too common, so the pairs of a
    common name are found through the settlement, the year, the month, the father or the
    initial that the two records share.
    """
    least = 1 if right is not None else 2  # within one list a key needs two records
    sides = [
        pl.DataFrame({"key": key, "idx": idx, "parent": parent})
        for key, idx, parent in ([left] if right is None else [left, right])
    ]
    counts = sides[0].group_by("key").len("nl")
    if right is None:
        counts = counts.with_columns(nr=pl.col("nl"))
    else:
        counts = counts.join(
            sides[1].group_by("key").len("nr"), on="key", how="full", coalesce=True
        ).fill_null(0)
    n_left, n_right = pl.col("nl"), pl.col("nr")
    fits = counts.filter(
        (n_left >= least) & (n_right >= least) & (n_left <= cap) & (n_right <= cap)
    ).select("key")
    too_common = counts.filter((n_left > cap) | (n_right > cap)).get_column("key").implode()
    out = []
    for side in sides:
        kept = side.join(fits, on="key", how="semi").filter(
            (pl.col("parent") == 0) | pl.col("parent").is_in(too_common)
        )
        out.append((kept.get_column("key").to_numpy(), kept.get_column("idx").to_numpy()))
    return out[0], out[-1]


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
