"""Civilian registry rows as a party's clerks typed them, for the synthetic benchmark.

Three sources: a Russian field list (split columns or "Фамилия Имя Отчество", dd.mm.yyyy,
ё often typed as е), a Ukrainian clerk (Ukrainian forms: Олександр Володимирович,
Кузнєцов), and a hospital list (whole names, sometimes initials only, a maiden name in
brackets, year of birth only, scanning errors). Some people appear twice, from two sources.
Each row also carries what the ceiling oracle may know (see corridor.linkage.metrics).
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import polars as pl

from corridor.linkage.synthetic_noise import edit_typo, full_date_text, keyboard_typo, ocr_typo
from corridor.linkage.synthetic_population import Population
from corridor.linkage.synthetic_vocab import Vocab

RU_CLERK, UK_CLERK, HOSPITAL = 0, 1, 2
SOURCES = ("ru_clerk", "uk_clerk", "hospital")
PLACE_PREFIX = {
    "ru": {"город": "г. ", "село": "с. ", "посёлок": "пос. "},
    "uk": {"город": "м. ", "село": "с. ", "посёлок": "смт "},
}


def forms(
    table: dict[tuple[str, int], np.ndarray], lang: np.ndarray, sex: np.ndarray, ids: np.ndarray
) -> np.ndarray:
    """The form of each id in the row's language ("ru"/"uk") and sex."""
    out = np.empty(len(ids), dtype=object)
    for lg in ("ru", "uk"):
        for s in (0, 1):
            m = (lang == lg) & (sex == s)
            out[m] = table[(lg, s)][ids[m]]
    return out


def given_forms(vocab: Vocab, lang: np.ndarray, ids: np.ndarray) -> np.ndarray:
    out = np.empty(len(ids), dtype=object)
    for lg in ("ru", "uk"):
        m = lang == lg
        out[m] = vocab.given[lg][ids[m]]
    return out


def typo_into(parts: list[np.ndarray], rows: np.ndarray, kind: str, r: random.Random) -> None:
    """Put one typo of `kind` into one name part of each of `rows` (in place)."""
    fn = {"keyboard": keyboard_typo, "edit": edit_typo, "ocr": ocr_typo}[kind]
    for i in rows:
        options = [p for p in parts if p[i] and not str(p[i]).endswith(".")]
        if options:
            part = options[r.randrange(len(options))]
            part[i] = fn(part[i], r)


def strip_yo(values: np.ndarray, rows: np.ndarray) -> None:
    """Type е for ё, as most people do (in place)."""
    for i in rows:
        if values[i]:
            values[i] = values[i].replace("ё", "е").replace("Ё", "Е")


def tags_frame(masks: dict[str, np.ndarray]) -> pl.Series:
    """A list[str] column of the tags whose mask is set on each row."""
    names = list(masks)
    code = np.zeros(len(next(iter(masks.values()))), dtype=np.int64)
    for bit, name in enumerate(names):
        code |= np.asarray(masks[name], dtype=np.int64) << bit
    # few distinct combinations: build each tag list once and look it up
    combos = np.unique(code)
    lists = [[n for bit, n in enumerate(names) if c >> bit & 1] for c in combos.tolist()]
    return (
        pl.Series("code", code)
        .replace_strict(combos.tolist(), lists, return_dtype=pl.List(pl.String))
        .alias("difficulty")
    )


def choose(mask: np.ndarray, if_true: Any, if_false: Any) -> np.ndarray:
    """Row-wise choice between two columns (arrays, lists or None) as an object array."""
    n = len(mask)
    a = np.full(n, None, dtype=object) if if_true is None else np.asarray(if_true, dtype=object)
    b = np.full(n, None, dtype=object) if if_false is None else np.asarray(if_false, dtype=object)
    return np.where(mask, a, b)


def join_names(*parts: np.ndarray) -> list[str | None]:
    return [" ".join(p for p in row if p) or None for row in zip(*parts, strict=True)]


def age_at(ref: tuple[int, int, int], y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    before_birthday = (m > ref[1]) | ((m == ref[1]) & (d > ref[2]))
    return ref[0] - y - before_birthday.astype(np.int64)


def render_registry(
    pop: Population,
    vocab: Vocab,
    rng: np.random.Generator,
    r: random.Random,
    coverage: float,
    duplicate_rate: float,
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Registry columns (public, hidden and oracle) and the difficulty masks."""
    listed = np.flatnonzero(rng.random(len(pop)) < coverage)
    dup = listed[rng.random(len(listed)) < duplicate_rate]
    rows = np.r_[listed, dup]
    n = len(rows)
    source = rng.choice(3, n, p=[0.7, 0.2, 0.1])
    lang = np.where(source == UK_CLERK, "uk", "ru")
    sex = pop["sex"][rows]
    u = lambda: rng.random(n)  # noqa: E731 - one fresh uniform per decision
    fam = forms(vocab.surname, lang, sex, pop["surname"][rows])
    given = given_forms(vocab, lang, pop["given"][rows])
    patr = forms(vocab.patronymic, lang, sex, pop["father_given"][rows])
    no_patr = u() < 0.03
    patr[no_patr] = None
    strip_yo(fam, np.flatnonzero((lang == "ru") & (u() < 0.7)))
    strip_yo(given, np.flatnonzero((lang == "ru") & (u() < 0.7)))
    strip_yo(patr, np.flatnonzero((lang == "ru") & (u() < 0.7)))

    initials = (source == HOSPITAL) & (u() < 0.35)
    o_given = np.where(initials, -1, pop["given"][rows])
    o_father = np.where(initials | no_patr, -1, pop["father_given"][rows])
    given_init = np.array([g[0] if g else "" for g in given], dtype=object)
    patr_init = np.array([p[0] if p else "" for p in patr], dtype=object)
    given[initials] = [g + "." for g in given_init[initials]]
    patr[initials & ~no_patr] = [p + "." for p in patr_init[initials & ~no_patr]]

    full = u() < np.select([source == RU_CLERK, source == UK_CLERK], [0.4, 0.6], 1.0)
    married = pop["maiden"][rows] >= 0
    maiden_carried = full & married & (u() < 0.15)
    maiden = forms(vocab.surname, lang, sex, np.maximum(pop["maiden"][rows], 0))
    maiden_text = choose(maiden_carried, [f"({m})" for m in maiden], None)

    typo = u() < 0.03
    ocr = (source == HOSPITAL) & ~typo & (u() < 0.1)
    typo_into([fam, given, patr], np.flatnonzero(typo), "keyboard", r)
    typo_into([fam, given, patr], np.flatnonzero(ocr), "ocr", r)

    y, m, d = pop["year"][rows], pop["month"][rows], pop["day"][rows]
    kind = np.where(source == HOSPITAL, rng.choice(3, n, p=[0.7, 0.25, 0.05]),
                    rng.choice(3, n, p=[0.92, 0.06, 0.02]))  # fmt: skip  # full, year, none
    style = rng.choice([0, 2, 1], n, p=[0.85, 0.1, 0.05])
    dob = [full_date_text(a, b, c, s) if k == 0 else (str(a) if k == 1 else None)
           for a, b, c, s, k in zip(y, m, d, style, kind, strict=True)]  # fmt: skip

    sex_known = u() < 0.8
    sex_word = np.select([lang == "uk", source == HOSPITAL], [np.array(["Ч", "Ж"])[sex], np.array(["муж.", "жен."])[sex]],
                         np.array(["М", "Ж"])[sex])  # fmt: skip
    settle = pop["settlement"][rows]
    place_known = u() > 0.01
    prefix = u() < 0.5
    names = np.where(lang == "uk", vocab.settlement["uk"][settle], vocab.settlement["ru"][settle])
    place = [
        (PLACE_PREFIX[lg][vocab.settlement_kind[s]] if pf else "") + nm if known else None
        for lg, s, pf, nm, known in zip(lang, settle, prefix, names, place_known, strict=True)
    ]

    columns: dict[str, Any] = {
        "full_name": choose(full, join_names(fam, maiden_text, given, patr), None),
        "given_name": choose(full, None, given),
        "family_name": choose(full, None, fam),
        "patronymic": choose(full, None, patr),
        "date_of_birth": dob,
        "sex": choose(sex_known, sex_word, None),
        "place": place,
        "person_id": rows,
        "source": np.array(SOURCES, dtype=object)[source],
        "o_surname": pop["surname"][rows],
        "o_maiden": np.where(maiden_carried, pop["maiden"][rows], -1),
        "o_given": o_given,
        "o_given_init": np.where(initials, given_init, ""),
        "o_father": o_father,
        "o_father_init": np.where(initials & ~no_patr, patr_init, ""),
        "o_year_lo": np.where(kind < 2, y, -1),
        "o_year_hi": np.where(kind < 2, y, -1),
        "o_month": np.where(kind == 0, m, -1),
        "o_day": np.where(kind == 0, d, -1),
        "o_sex": np.where(sex_known, sex, -1),
        "o_place": np.where(place_known, settle, -1),
    }
    masks = {
        "duplicate": np.r_[np.zeros(len(listed), bool), np.ones(len(dup), bool)],
        "ukrainian_form": lang == "uk",
        "initials": initials,
        "maiden_carried": maiden_carried,
        "no_patronymic": no_patr,
        "typo": typo,
        "ocr": ocr,
        "partial_dob": kind == 1,
        "no_dob": kind == 2,
    }
    return columns, masks
