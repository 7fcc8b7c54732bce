"""Given names across Russian, Ukrainian and Latin: which canonical names a token can be.

The table (data/given_names.csv, described in its header) holds one row per canonical name:
its Russian and Ukrainian forms, Latin spellings no standard produces (Alexander, Hélène) and
diminutives. A diminutive listed under several names stands for each (Саша, Женя, Ксюша).

A token is looked up by its key: `skeleton()` plus the class of its last vowel (a, o, e, u, i,
or none). The skeleton folds scripts and transliterations; the ending keeps Александр apart
from Александра and Иван from Иванна, which the skeleton alone merges, and leaves a declined
form (Оксану) unknown so the declension rules can try it. Where names still share a key
(Жанна and Женя), `vowel_classes()` picks those whose spellings have the token's vowels; when
none has them, every name with the key stays.

At first use every Cyrillic form is also written in every transliteration standard that
translitua and iuliia ship, and each spelling's key is added for that name unless it is
already the key of another name's curated form. Most standards add nothing (their spellings
reach the Cyrillic key); the ones the skeleton cannot fold add their spellings this way
(GOST 7.79-B Mixail, German Michail and Sinaida). The table was checked against rigour's
person-name data: see the CSV header.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from corridor.names.skeleton import fold, skeleton, vowel_classes

__all__ = ["given_name_forms", "given_name_ids", "given_name_sex", "is_given_name"]

Sex = Literal["M", "F"]

_DATA = Path(__file__).with_name("data") / "given_names.csv"

# iuliia's "uz" writes Uzbek Cyrillic; it is not a way to spell Russian names.
_NOT_RUSSIAN_SCHEMAS = frozenset({"uz"})

_LETTERS = re.compile(r"[^\w]|[\d_]")
# A j after a consonant is DSTU 9112's soft sign (Ihorj), not a vowel.
_SOFT_J = re.compile(r"(?<=[^aeiouy])j$")
_ENDING_CLASS = {
    **dict.fromkeys("aая", "a"),
    **dict.fromkeys("oо", "o"),
    **dict.fromkeys("eеєэё", "e"),
    **dict.fromkeys("uую", "u"),
    **dict.fromkeys("iyjиіїый", "i"),
}


@dataclass(frozen=True)
class _GivenName:
    id: str
    sex: Sex
    russian: tuple[str, ...]
    ukrainian: tuple[str, ...]
    latin: tuple[str, ...]
    diminutives: tuple[str, ...]

    @property
    def forms(self) -> tuple[str, ...]:
        return self.russian + self.ukrainian + self.latin + self.diminutives


@dataclass(frozen=True)
class _Table:
    names: dict[str, _GivenName]
    # key -> {id: the vowel classes of that name's spellings with this key}
    index: dict[str, dict[str, frozenset[str]]]


def _ending(token: str) -> str:
    """The class of the token's last letter if it is a vowel: a, o, e, u, i; else ''."""
    text = _SOFT_J.sub("", _LETTERS.sub("", fold(token)).rstrip("ьъ"))
    return _ENDING_CLASS.get(text[-1:], "") if text else ""


def _key(token: str) -> str:
    return f"{skeleton(token)}:{_ending(token)}"


def _split(cell: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.strip() for f in cell.split("|") if f.strip()))


def _rows() -> Iterator[_GivenName]:
    with _DATA.open(encoding="utf-8", newline="") as f:
        lines = (line for line in f if not line.startswith("#"))
        for row in csv.DictReader(lines):
            sex = row["sex"]
            if sex not in ("M", "F"):
                raise ValueError(f"given_names.csv: {row['id']} has sex {sex!r}")
            yield _GivenName(
                id=row["id"],
                sex="M" if sex == "M" else "F",
                russian=_split(row["russian"]),
                ukrainian=_split(row["ukrainian"]),
                latin=_split(row["latin"]),
                diminutives=_split(row["diminutives"]),
            )


def _standards() -> tuple[list[Callable[[str], str]], list[Callable[[str], str]]]:
    """Every Russian and every Ukrainian transliteration standard translitua and iuliia ship."""
    import iuliia
    import translitua

    russian: list[Callable[[str], str]] = [
        schema.translate
        for name, schema in iuliia.schemas.items()
        if name not in _NOT_RUSSIAN_SCHEMAS
    ]
    russian += [_translitua(translitua.translit, t) for t in translitua.ALL_RUSSIAN]
    ukrainian = [_translitua(translitua.translit, t) for t in translitua.ALL_UKRAINIAN]
    return russian, ukrainian


def _translitua(translit: Callable[..., str], table: object) -> Callable[[str], str]:
    return lambda text: translit(text, table)


@lru_cache(maxsize=1)
def _table() -> _Table:
    names = {n.id: n for n in _rows()}
    primary: dict[str, set[str]] = {}
    index: dict[str, dict[str, set[str]]] = {}

    def add(name_id: str, spelling: str, key: str) -> None:
        index.setdefault(key, {}).setdefault(name_id, set()).add(vowel_classes(spelling))

    for n in names.values():
        for form in n.forms:
            key = _key(form)
            primary.setdefault(key, set()).add(n.id)
            add(n.id, form, key)
    russian, ukrainian = _standards()
    for n in names.values():
        spelled: set[str] = set()
        for form in n.russian + n.diminutives:
            spelled.update(standard(form) for standard in russian)
        for form in n.ukrainian + n.diminutives:
            spelled.update(standard(form) for standard in ukrainian)
        for spelling in spelled:
            key = _key(spelling)
            # a standard's spelling never makes another name's curated form ambiguous
            if n.id in primary.get(key, {n.id}):
                add(n.id, spelling, key)
    return _Table(
        names=names,
        index={key: {i: frozenset(v) for i, v in ids.items()} for key, ids in index.items()},
    )


@lru_cache(maxsize=65536)
def given_name_ids(token: str) -> frozenset[str]:
    """Ids of the canonical given names this token can be, in any script or standard."""
    candidates = _table().index.get(_key(token)) if token.strip() else None
    if not candidates:
        return frozenset()
    # Names that share a key (Жанна, Женя) are told apart by their vowels when that settles
    # it; when it does not (a spelling no form has), every candidate stays.
    vowels = vowel_classes(token)
    exact = frozenset(i for i, spelled in candidates.items() if vowels in spelled)
    return exact or frozenset(candidates)


def given_name_sex(name_id: str) -> Sex | None:
    """M or F for a canonical given-name id; None for an unknown id."""
    name = _table().names.get(name_id)
    return name.sex if name else None


@lru_cache(maxsize=65_536)
def is_given_name(token: str) -> bool:
    """True when the token is a known given name or diminutive in any script or standard."""
    return bool(given_name_ids(token))


def given_name_forms(name_id: str) -> tuple[str, ...]:
    """The curated forms of a given-name id: Russian, Ukrainian, Latin, then diminutives."""
    name = _table().names.get(name_id)
    return name.forms if name else ()
