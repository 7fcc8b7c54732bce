"""Features and blocking keys for whole lists, each distinct value worked out once.

Lists repeat themselves: a district has a few thousand family names, a thousand given
names, tens of thousands of dates. Each distinct whole name, family name, (given name,
patronymic), date, settlement, number and address is parsed once (in forked workers for
long lists); records then take their features by index, and the blocking keys are mixed
for all records at once (corridor.linkage.keys).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from corridor.linkage.features import (
    CONFLICT,
    FEATURE_SCHEMA,
    SEX_WORDS,
    address_feature,
    clean,
    dob_features,
    family_field,
    given_fields,
    identifier_feature,
    place_feature,
    whole_name,
)
from corridor.linkage.keys import (
    HASHED_COLUMNS,
    MIN_ADDRESS_HALVES,
    MIN_IDENT_HALVES,
    halves,
    table_keys,
    value_hash,
)

PARALLEL_MIN_ROWS = 50_000
_SEX_CODES = {None: 0, "M": 1, "F": 2, CONFLICT: 3}
JOB_SIZE = 4000


@dataclass(frozen=True)
class Features:
    """Feature table (one row per record, `idx` = row number) and the blocking-key table."""

    ids: list[str]
    table: pa.Table
    keys: pa.Table  # columns: key, idx, parent (int64; see corridor.linkage.keys)


_FAMILY = ("fam1", "fam2", "fsk", "fsex")
_GIVEN = ("gid1", "gid2", "gsk", "ginit", "fid", "pinit", "gsex")
_DOB = ("y_lo", "y_hi", "m", "d", "m2", "d2")
OUTPUTS = {"whole": _FAMILY + _GIVEN, "family": _FAMILY, "given": _GIVEN, "dob": _DOB,
           "place": ("place",), "ident": ("ident",), "addr": ("addr",)}  # fmt: skip


def _compute(job: tuple[str, list[Any], datetime.date | None]) -> dict[str, list[Any]]:
    """Work out one slice of distinct values; results by column (cheap to send back)."""
    kind, values, reference = job
    rows: list[tuple[Any, ...]]
    if kind == "whole":
        rows = [(*f, *g) for f, g in (whole_name(*v) for v in values)]
    elif kind == "family":
        rows = [tuple(family_field(v)) for v in values]
    elif kind == "given":
        rows = [tuple(given_fields(*v)) for v in values]
    elif kind == "dob":
        rows = [dob_features(v, reference) for v in values]
    else:
        one = {"place": place_feature, "ident": identifier_feature, "addr": address_feature}
        rows = [(one[kind](v),) for v in values]
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in OUTPUTS[kind]]
    return {name: list(col) for name, col in zip(OUTPUTS[kind], columns, strict=True)}


def _ints(values: list[int | None]) -> np.ndarray:
    return np.array([-1 if x is None else x for x in values], dtype=np.int64)


def _cleaned(rows: list[Mapping[str, Any]], name: str) -> list[str]:
    raw = [r.get(name) for r in rows]
    memo = {v: clean(v) for v in dict.fromkeys(raw)}
    return [memo[v] for v in raw]


def _refs(rows: list[Mapping[str, Any]], name: str, index: dict[Any, int]) -> np.ndarray:
    """Each record's position among the distinct cleaned values seen so far (new ones appended)."""
    raw = [r.get(name) for r in rows]
    position = {v: index.setdefault(clean(v), len(index)) for v in dict.fromkeys(raw)}
    return np.fromiter(map(position.__getitem__, raw), dtype=np.int64, count=len(raw))


ONE_VALUE_INPUTS = {"dob": "date_of_birth", "place": "place", "ident": "identifier",
                    "addr": "address", "sex": "sex"}  # fmt: skip


class _Vocabulary:
    """The distinct inputs of one or more lists, each to be worked out once."""

    def __init__(self) -> None:
        self.index: dict[str, dict[Any, int]] = {
            k: {} for k in ("whole", "family", "given", *ONE_VALUE_INPUTS)
        }

    def add(self, rows: list[Mapping[str, Any]]) -> dict[str, np.ndarray]:
        """Register a list's values; per record, where its inputs sit in the vocabulary."""
        n = len(rows)
        full, given, family, patronymic = (
            _cleaned(rows, c) for c in ("full_name", "given_name", "family_name", "patronymic")
        )
        # Whole names are parsed as one; split fields field by field (see features.py).
        wholes, families, givens = self.index["whole"], self.index["family"], self.index["given"]
        is_whole = np.fromiter(map(bool, full), dtype=bool, count=n)
        fam_ref = np.zeros(n, dtype=np.int64)
        giv_ref = np.zeros(n, dtype=np.int64)
        # Each vocabulary numbers its values in the order they first appear.
        fam_ref[is_whole] = giv_ref[is_whole] = [
            wholes.setdefault(w, len(wholes))
            for w in zip(full, given, family, patronymic, strict=True)
            if w[0]
        ]
        fam_ref[~is_whole] = [
            families.setdefault(f, len(families))
            for f, w in zip(family, full, strict=True)
            if not w
        ]
        giv_ref[~is_whole] = [
            givens.setdefault((g, p), len(givens))
            for g, p, w in zip(given, patronymic, full, strict=True)
            if not w
        ]
        refs = {"is_whole": is_whole, "family": fam_ref, "given": giv_ref}
        for kind, column in ONE_VALUE_INPUTS.items():
            refs[kind] = _refs(rows, column, self.index[kind])
        return refs

    def work(self) -> dict[str, list[Any]]:
        return {k: list(v) for k, v in self.index.items() if k != "sex"}


def _run_jobs(
    work: dict[str, list[Any]],
    reference: datetime.date | None,
    parallel: int,
    progress: Callable[[int], object] | None,
    n_rows: int,
) -> dict[str, dict[str, list[Any]]]:
    # Whole names go out in alphabetical order, so that a worker meets most spellings of one
    # family name and works out its words once (each worker keeps its own caches).
    order = {
        kind: sorted(range(len(values)), key=lambda i: values[i][0].lower())  # type: ignore[misc]
        for kind, values in work.items()
        if kind == "whole" and parallel > 1
    }
    work = {k: [v[i] for i in order[k]] if k in order else v for k, v in work.items()}
    jobs = [
        (kind, values[i : i + JOB_SIZE], reference)
        for kind, values in work.items()
        for i in range(0, len(values), JOB_SIZE)
    ]
    total = sum(len(v) for v in work.values()) or 1
    done = reported = 0
    results: list[dict[str, list[Any]]] = []

    def advance(part: dict[str, list[Any]]) -> None:
        nonlocal done, reported
        results.append(part)
        done += len(next(iter(part.values())))
        rows = n_rows * done // total
        if progress and rows > reported:
            progress(rows - reported)
            reported = rows

    if parallel > 1:
        import gc
        import multiprocessing

        # fork: the workers inherit the loaded name tables instead of loading them again;
        # frozen objects are left alone by the workers' garbage collector, so the pages
        # holding the caller's records stay shared instead of being copied into each worker.
        gc.freeze()
        try:
            with multiprocessing.get_context("fork").Pool(parallel) as pool:
                for part in pool.imap(_compute, jobs):
                    advance(part)
        finally:
            gc.unfreeze()
    else:
        for job in jobs:
            advance(_compute(job))
    if progress and n_rows > reported:
        progress(n_rows - reported)
    out: dict[str, dict[str, list[Any]]] = {k: {name: [] for name in OUTPUTS[k]} for k in work}
    for (kind, _, _), part in zip(jobs, results, strict=True):
        for name, values in part.items():
            out[kind][name] += values
    for kind, sorted_at in order.items():  # back to the vocabulary's order
        at = np.empty(len(sorted_at), dtype=np.int64)
        at[sorted_at] = np.arange(len(sorted_at))
        out[kind] = {name: [col[i] for i in at] for name, col in out[kind].items()}
    return out


def build_features(
    rows: Iterable[Mapping[str, Any]],
    reference: datetime.date | None = None,
    workers: int | None = None,
    progress: Callable[[int], object] | None = None,
) -> Features:
    """Features and blocking keys for a list of records (see `build_features_lists`)."""
    return build_features_lists([rows], reference, workers, progress)[0]


def build_features_lists(
    lists: Sequence[Iterable[Mapping[str, Any]]],
    reference: datetime.date | None = None,
    workers: int | None = None,
    progress: Callable[[int], object] | None = None,
) -> list[Features]:
    """Features and blocking keys for several lists, values they share worked out once.

    `progress(n)` is called as the share of the work covering about n more records is done.
    """
    all_rows = [list(rows) for rows in lists]
    vocabulary = _Vocabulary()
    refs = [vocabulary.add(rows) for rows in all_rows]
    n = sum(len(rows) for rows in all_rows)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    parallel = workers if workers > 1 and n >= PARALLEL_MIN_ROWS else 1
    done = _run_jobs(vocabulary.work(), reference, parallel, progress, n)
    values = _Values(done, list(vocabulary.index["sex"]))
    if len(all_rows) == 1:
        return [_assemble(all_rows[0], refs[0], values)]
    # Assembling is numpy and Arrow work that lets go of the GIL: the lists side by side.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(min(len(all_rows), max(workers, 1))) as threads:
        return list(threads.map(_assemble, all_rows, refs, [values] * len(all_rows)))


class _Values:
    """The worked-out vocabulary as arrays, ready to be taken by each record's positions."""

    def __init__(self, done: dict[str, dict[str, list[Any]]], sexes: list[str]) -> None:
        whole = done["whole"]
        self.n_family, self.n_given = len(done["family"]["fam1"]), len(done["given"]["gid1"])
        halves_of = {name: done["family"][name] + whole[name] for name in _FAMILY}
        halves_of.update({name: done["given"][name] + whole[name] for name in _GIVEN})
        self.strings: dict[str, pa.Array] = {}
        self.hashes: dict[str, np.ndarray] = {}
        for name in (*_FAMILY[:3], *_GIVEN[:6]):
            self._add(name, halves_of[name])
        for name in ("place", "ident", "addr"):
            self._add(name, done[name][name])
        for name, min_length in (("ident", MIN_IDENT_HALVES), ("addr", MIN_ADDRESS_HALVES)):
            parts = np.array([halves(v, min_length) for v in done[name][name]], dtype=np.uint64)
            self.hashes[f"{name}_head"] = parts.reshape(-1, 2)[:, 0]
            self.hashes[f"{name}_tail"] = parts.reshape(-1, 2)[:, 1]
        self.dob = np.stack([_ints(done["dob"][name]) for name in _DOB], axis=1).reshape(
            -1, len(_DOB)
        )
        self.sex_written = np.array(
            [_SEX_CODES[SEX_WORDS.get(s.lower().rstrip("."))] if s else -1 for s in sexes],
            dtype=np.int64,
        )
        self.sex_given = np.array([_SEX_CODES[x] for x in halves_of["gsex"]], dtype=np.int64)
        self.sex_family = np.array([_SEX_CODES[x] for x in halves_of["fsex"]], dtype=np.int64)

    def _add(self, name: str, values: list[str | None]) -> None:
        self.strings[name] = pa.array(values, pa.string())
        if name in HASHED_COLUMNS:
            # Many inputs give one feature value (a name in its spellings): each distinct
            # value is hashed once.
            encoded = self.strings[name].dictionary_encode()
            distinct = encoded.dictionary.to_pylist()
            hashed = np.fromiter(map(value_hash, distinct), dtype=np.uint64, count=len(distinct))
            codes = encoded.indices.fill_null(len(distinct)).to_numpy(zero_copy_only=False)
            self.hashes[name] = np.append(hashed, np.uint64(0))[codes]  # missing: 0


_HALF_OF = {"fam1": "family", "fam2": "family", "fsk": "family", "gid1": "given",
            "gid2": "given", "gsk": "given", "ginit": "given", "fid": "given", "pinit": "given"}  # fmt: skip


def _assemble(rows: list[Mapping[str, Any]], ref: dict[str, np.ndarray], v: _Values) -> Features:
    n = len(rows)
    ids = [str(r["record_id"]) for r in rows]
    take = {
        "family": np.where(ref["is_whole"], ref["family"] + v.n_family, ref["family"]),
        "given": np.where(ref["is_whole"], ref["given"] + v.n_given, ref["given"]),
        "place": ref["place"],
        "ident": ref["ident"],
        "addr": ref["addr"],
    }
    of = {name: take[_HALF_OF.get(name, name)] for name in v.strings}
    columns: dict[str, Any] = {"idx": pa.array(np.arange(n, dtype=np.int64))}
    for name, values in v.strings.items():
        columns[name] = values.take(pa.array(of[name]))
    hashes = {name: h[of[name]] for name, h in v.hashes.items() if name in of}
    for name in ("ident", "addr"):
        for part in ("head", "tail"):
            hashes[f"{name}_{part}"] = v.hashes[f"{name}_{part}"][take[name]]
    dob = v.dob[ref["dob"]]
    for k, name in enumerate(("y_lo", "y_hi", "m", "d", "m2", "d2")):
        columns[name] = pa.array(dob[:, k].astype(np.int32), mask=dob[:, k] < 0)
    # As written when written; else from the given half, else from the surname (record_sex).
    written = v.sex_written[ref["sex"]]
    by_given = v.sex_given[take["given"]]
    code = np.where(
        written >= 0, written, np.where(by_given > 0, by_given, v.sex_family[take["family"]])
    )
    columns["sex"] = pa.array(np.array([None, "M", "F", None], dtype=object)[code], pa.string())
    table = pa.table([columns[name] for name in FEATURE_SCHEMA.names], schema=FEATURE_SCHEMA)
    key, idx, parent = table_keys(
        hashes,
        {"y_lo": dob[:, 0], "y_hi": dob[:, 1], "m": dob[:, 2], "d": dob[:, 3]},
        np.arange(n, dtype=np.int64),
    )
    return Features(ids, table, pa.table({"key": key, "idx": idx, "parent": parent}))
