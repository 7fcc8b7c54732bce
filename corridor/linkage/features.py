"""From records as typed to comparable features and blocking keys.

A record arrives with `record_id`, a `full_name` or `given_name`/`family_name`/`patronymic`,
`date_of_birth`, `sex`, `place`, `identifier` and `address`, any of them empty. Names go through corridor.names, so
the features are the same whatever script, transliteration standard, gender form, case or
diminutive the record used. Work is done once per distinct value (names repeat a lot).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyarrow as pa

from corridor.names.dates import parse_dob
from corridor.names.given import given_name_ids, given_name_sex
from corridor.names.parse import parse_name
from corridor.names.patronymics import father_name_candidates, patronymic_father, patronymic_sex
from corridor.names.places import address_key, place_key
from corridor.names.skeleton import skeleton
from corridor.names.surnames import surname_key, surname_sex_hint

FEATURE_SCHEMA = pa.schema(
    [
        ("idx", pa.int64()),
        ("fam1", pa.string()),
        ("fam2", pa.string()),
        ("gid1", pa.string()),
        ("gid2", pa.string()),
        ("gsk", pa.string()),
        ("ginit", pa.string()),
        ("fid", pa.string()),
        ("pinit", pa.string()),
        ("y_lo", pa.int32()),
        ("y_hi", pa.int32()),
        ("m", pa.int32()),
        ("d", pa.int32()),
        ("m2", pa.int32()),
        ("d2", pa.int32()),
        ("sex", pa.string()),
        ("place", pa.string()),
        ("fsk", pa.string()),
        ("ident", pa.string()),
        ("addr", pa.string()),
    ]
)
FEATURE_COLUMNS = tuple(FEATURE_SCHEMA.names)

_SEX_WORDS = {
    "m": "M",
    "male": "M",
    "man": "M",
    "м": "M",
    "муж": "M",
    "мужской": "M",
    "чоловіча": "M",
    "ч": "M",
    "f": "F",
    "female": "F",
    "woman": "F",
    "ж": "F",
    "жен": "F",
    "женский": "F",
    "жіноча": "F",
}


def _clean(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text.lower() in {"nan", "none", "null", "-", "—"} else text


@lru_cache(maxsize=200_000)
def _family_key(token: str) -> str | None:
    return surname_key(token) or None


@lru_cache(maxsize=100_000)
def _given(token: str) -> tuple[str | None, str | None, str | None, str | None]:
    """gid1, gid2, skeleton, initial of one given-name token."""
    sk = skeleton(token)
    if not sk:
        return None, None, None, None
    ids = sorted(given_name_ids(token))
    if not ids:
        ids = ["~" + sk]  # unknown name: its skeleton stands in as the id
    return ids[0], (ids[1] if len(ids) > 1 else None), sk, sk[0]


@lru_cache(maxsize=100_000)
def _father(token: str) -> tuple[str | None, str | None]:
    sk = skeleton(token)
    if not sk:
        return None, None
    father = patronymic_father(token)
    if father is None:
        # An unknown father's name stands in as "~skeleton", like an unknown given name,
        # so Ахмедович still points at Ахмед.
        candidates = father_name_candidates(token)
        father = "~" + (skeleton(candidates[0]) if candidates else sk)
    return father, sk[0]


@lru_cache(maxsize=100_000)
def _initial(token: str) -> str | None:
    sk = skeleton(token)
    return sk[0] if sk else None


@lru_cache(maxsize=100_000)
def _place(text: str) -> str | None:
    return place_key(text) or None


@lru_cache(maxsize=100_000)
def _address(text: str) -> str | None:
    return address_key(text) or None


@lru_cache(maxsize=200_000)
def _dob(text: str, reference: datetime.date | None) -> tuple[int | None, ...]:
    dob = parse_dob(text, reference)
    if dob.year_min is None:
        return (None,) * 6
    first = dob.candidates[0] if dob.candidates else (None, None, None)
    m, d = first[1], first[2]
    m2 = d2 = None
    for cand in dob.candidates[1:]:
        if cand[0] == first[0] and cand[1] is not None and cand[2] is not None:
            m2, d2 = cand[1], cand[2]
            break
    return dob.year_min, dob.year_max, m, d, m2, d2


def _identifier(text: str) -> str | None:
    """A document or serial number with spaces, dashes and case removed."""
    value = "".join(ch for ch in text if ch.isalnum()).upper()
    return value or None


def _sex(explicit: str, gid: str | None, family: str | None, patronymic: str | None) -> str | None:
    if explicit:
        return _SEX_WORDS.get(explicit.lower().rstrip("."))
    hints = set()
    if gid and not gid.startswith("~"):
        s = given_name_sex(gid)
        if s:
            hints.add(s)
    if patronymic:
        s = patronymic_sex(patronymic)
        if s:
            hints.add(s)
    if family and not hints:
        s = surname_sex_hint(family)
        if s:
            hints.add(s)
    return hints.pop() if len(hints) == 1 else None


@dataclass(frozen=True)
class Features:
    """Feature table (one row per record, `idx` = row number) and the blocking-key table."""

    ids: list[str]
    table: pa.Table
    keys: pa.Table  # columns: key (int64 hash of the key text), idx (int64)


def record_features(
    row: Mapping[str, Any], reference: datetime.date | None = None
) -> dict[str, Any]:
    """The features of one record (also used by the online index for a single query)."""
    parsed = parse_name(
        _clean(row.get("full_name")) or None,
        given=_clean(row.get("given_name")) or None,
        family=_clean(row.get("family_name")) or None,
        patronymic=_clean(row.get("patronymic")) or None,
    )
    family_tokens = [t for t in (*parsed.family, *parsed.maiden) if t]
    fams = [k for k in dict.fromkeys(_family_key(t) for t in family_tokens) if k]
    gid1 = gid2 = gsk = ginit = None
    if parsed.given:
        gid1, gid2, gsk, ginit = _given(parsed.given[0])
    elif parsed.initials:
        ginit = _initial(parsed.initials[0])
    fid = pinit = None
    if parsed.patronymic:
        fid, pinit = _father(parsed.patronymic)
    elif len(parsed.initials) > 1:
        pinit = _initial(parsed.initials[1])
    y_lo, y_hi, m, d, m2, d2 = _dob(_clean(row.get("date_of_birth")), reference)
    return {
        "fam1": fams[0] if fams else None,
        "fam2": fams[1] if len(fams) > 1 else None,
        "gid1": gid1,
        "gid2": gid2,
        "gsk": gsk,
        "ginit": ginit,
        "fid": fid,
        "pinit": pinit,
        "y_lo": y_lo,
        "y_hi": y_hi,
        "m": m,
        "d": d,
        "m2": m2,
        "d2": d2,
        "sex": _sex(
            _clean(row.get("sex")),
            gid1,
            parsed.family[0] if parsed.family else None,
            parsed.patronymic,
        ),
        "place": _place(_clean(row.get("place"))) if _clean(row.get("place")) else None,
        "fsk": skeleton(parsed.family[0]) or None if parsed.family else None,
        "ident": _identifier(_clean(row.get("identifier"))),
        "addr": _address(_clean(row.get("address"))) if _clean(row.get("address")) else None,
    }


MAX_YEAR_SPAN_BLOCKED = 6


def blocking_keys(f: Mapping[str, Any]) -> list[str]:
    """Keys under which a record is compared with others sharing the key (see docs/linkage.md).

    Chosen on the benchmark by dropping one kind at a time: each kept kind adds recall,
    the dropped ones (family + initial, given + place, family prefix) only added pairs.
    """
    keys: list[str] = []
    fams = [x for x in (f["fam1"], f["fam2"]) if x]
    gids = [x for x in (f["gid1"], f["gid2"]) if x]
    years: list[int] = []
    if f["y_lo"] is not None and f["y_hi"] - f["y_lo"] <= MAX_YEAR_SPAN_BLOCKED:
        years = list(range(f["y_lo"], f["y_hi"] + 1))
    for fam in fams:
        keys += [f"fg|{fam}|{g}" for g in gids]
        keys += [f"fy|{fam}|{y}" for y in years]
        if f["fid"]:
            keys.append(f"ff|{fam}|{f['fid']}")
    if f["ident"]:
        ident = f["ident"]
        keys.append(f"id|{ident}")
        if len(ident) >= 6:  # a typo in one half of a number still meets the other half
            half = len(ident) // 2
            keys += [f"ih|{ident[:half]}", f"it|{ident[half:]}"]
    if f["addr"]:
        addr = f["addr"]
        keys.append(f"ad|{addr}")
        if len(addr) >= 8:  # as for numbers: a typo in one half still meets the other half
            half = len(addr) // 2
            keys += [f"ah|{addr[:half]}", f"at|{addr[half:]}"]
    if f["fsk"] and f["gsk"] and f["fsk"] != f["gsk"]:
        # Given and family names swapped between lists: an order-free pair of the two.
        pair = "|".join(sorted((f["fsk"], f["gsk"])))
        keys += [f"nm|{pair}|{y}" for y in years] if years else [f"nm|{pair}"]
    for g in gids:
        keys += [f"gy|{g}|{y}" for y in years]  # a changed or misspelt family name
    if f["d"] is not None and f["place"]:
        # Both names garbled: the same full date of birth in the same settlement.
        keys.append(f"dp|{f['y_lo']}-{f['m']}-{f['d']}|{f['place']}")
    return list(dict.fromkeys(keys))


def key_hash(key: str) -> int:
    """A blocking key as a 64-bit integer: joins on integers are several times faster.

    Python's string hash is stable within a process (and its forked workers), which is all
    a linkage run and an in-memory index need; a collision only adds a candidate pair.
    """
    return hash(key)


PARALLEL_MIN_ROWS = 50_000


def _featurise(
    rows: list[Mapping[str, Any]], reference: datetime.date | None, offset: int
) -> tuple[list[str], dict[str, list[Any]], list[int], list[int]]:
    ids: list[str] = []
    columns: dict[str, list[Any]] = {name: [] for name in FEATURE_COLUMNS}
    key_hashes: list[int] = []
    key_idx: list[int] = []
    for idx, row in enumerate(rows, start=offset):
        ids.append(str(row["record_id"]))
        f = record_features(row, reference)
        columns["idx"].append(idx)
        for name in FEATURE_COLUMNS[1:]:
            columns[name].append(f[name])
        for key in blocking_keys(f):
            key_hashes.append(key_hash(key))
            key_idx.append(idx)
    return ids, columns, key_hashes, key_idx


def _featurise_chunk(
    args: tuple[list[Mapping[str, Any]], datetime.date | None, int],
) -> tuple[list[str], dict[str, list[Any]], list[int], list[int]]:
    return _featurise(*args)


def build_features(
    rows: Iterable[Mapping[str, Any]],
    reference: datetime.date | None = None,
    workers: int | None = None,
    progress: Callable[[int], object] | None = None,
) -> Features:
    """Features and blocking keys for a list of records (in forked workers for long lists).

    `progress(n)` is called as each slice of n records is done.
    """
    rows = list(rows)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    size = max(1000, -(-len(rows) // (workers * 16)))
    chunks = [(rows[i : i + size], reference, i) for i in range(0, len(rows), size)]
    parts = []
    if workers > 1 and len(rows) >= PARALLEL_MIN_ROWS:
        import multiprocessing

        # fork, not spawn: workers must share this process's string-hash seed (key_hash).
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers) as pool:
            for part in pool.imap(_featurise_chunk, chunks):
                parts.append(part)
                if progress:
                    progress(len(part[0]))
    else:
        for chunk in chunks:
            parts.append(_featurise_chunk(chunk))
            if progress:
                progress(len(chunk[0]))
    ids = [i for part in parts for i in part[0]]
    columns = {name: [v for part in parts for v in part[1][name]] for name in FEATURE_COLUMNS}
    table = pa.table(columns, schema=FEATURE_SCHEMA)
    keys = pa.table(
        {
            "key": pa.array([h for part in parts for h in part[2]], pa.int64()),
            "idx": pa.array([i for part in parts for i in part[3]], pa.int64()),
        }
    )
    return Features(ids, table, keys)
