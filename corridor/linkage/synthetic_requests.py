"""Tracing requests filed by relatives, for the synthetic benchmark.

A relative abroad types the sought person's name on a Latin keyboard in whatever standard
they know (ICAO passports, KMU 2010, BGN/PCGN, GOST, ISO 9, scholarly, German, French or
by ear); a relative in Ukraine types the Ukrainian forms; a mother uses the maiden name and
"Ксюша"; a request says "ищу Щербакову Оксану"; dates come as a year, "около 60 лет", with
day and month swapped or a year off. Each request also carries what the ceiling oracle may
know (see corridor.linkage.metrics).
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np

from corridor.linkage.synthetic_noise import (
    FRAMES,
    RU_SCHEMAS,
    UK_SCHEMAS,
    accusative,
    approx_age_text,
    full_date_text,
    romanise,
)
from corridor.linkage.synthetic_population import Population
from corridor.linkage.synthetic_registry import (
    PLACE_PREFIX,
    age_at,
    choose,
    forms,
    given_forms,
    join_names,
    strip_yo,
    typo_into,
)
from corridor.linkage.synthetic_surnames import DISTRICT
from corridor.linkage.synthetic_vocab import Vocab

LATIN_RU, LATIN_UK, CYR_RU, CYR_UK = 0, 1, 2, 3
SCRIPT_SHARES = (0.33, 0.22, 0.30, 0.15)
# date kinds: full, swapped, year, year-month, approximate age, approximate year, none
DOB_KINDS = (0.52, 0.06, 0.14, 0.04, 0.10, 0.03, 0.11)
FULL, SWAPPED, YEAR, YEAR_MONTH, AGE, APPROX_YEAR, NO_DOB = range(7)


def _schemas(script: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = np.full(len(script), "", dtype=object)
    for code, table in ((LATIN_RU, RU_SCHEMAS), (LATIN_UK, UK_SCHEMAS)):
        m = script == code
        names = list(table)
        w = np.array([table[k][1] for k in names])
        out[m] = np.array(names, dtype=object)[rng.choice(len(names), m.sum(), p=w / w.sum())]
    return out


def _dob_text(
    kind: int, y: int, m: int, d: int, style: int, age: int, lang: str, latin: bool
) -> str | None:
    if kind in (FULL, SWAPPED):
        if kind == SWAPPED:
            if d > 12:  # month first, as on a US form
                return f"{m:02d}/{d:02d}/{y}"
            m, d = d, m
        if latin and style == 4:
            style = 5
        return full_date_text(y, m, d, style)
    if kind == YEAR:
        return str(y) if style % 3 else (f"{y} г.р." if lang == "ru" and not latin else str(y))
    if kind == YEAR_MONTH:
        return f"{m:02d}.{y}" if style % 2 else f"{y}-{m:02d}"
    if kind == AGE:
        return approx_age_text(age, 2 + style % 2 if latin else (0 if lang == "ru" else 1))
    if kind == APPROX_YEAR:
        return (f"~{y}", f"{y}?", f"около {y}" if lang == "ru" else f"близько {y}")[style % 3]
    return None


def render_requests(
    pop: Population,
    vocab: Vocab,
    rng: np.random.Generator,
    r: random.Random,
    n_requests: int,
    ref: tuple[int, int, int],
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Request columns (public, hidden and oracle) and the difficulty masks."""
    age_now = ref[0] - pop["year"]
    weight = 1.0 + (age_now >= 60) * 1.5 + (age_now < 18) * 0.5  # the elderly stayed behind
    rows = rng.choice(len(pop), n_requests, p=weight / weight.sum())
    n = n_requests
    u = lambda: rng.random(n)  # noqa: E731 - one fresh uniform per decision
    script = rng.choice(4, n, p=SCRIPT_SHARES)
    latin = script <= LATIN_UK
    lang = np.where((script == LATIN_UK) | (script == CYR_UK), "uk", "ru")
    sex = pop["sex"][rows]
    gid = pop["given"][rows]

    maiden = (pop["maiden"][rows] >= 0) & (u() < 0.25)
    surname_id = np.where(maiden, pop["maiden"][rows], pop["surname"][rows])
    fam = forms(vocab.surname, lang, sex, surname_id)
    given = given_forms(vocab, lang, gid)
    diminutive = u() < 0.12
    for i in np.flatnonzero(diminutive):
        options = vocab.diminutives[lang[i]][gid[i]]
        given[i] = options[r.randrange(len(options))]
    has_patr = u() < np.where(latin, 0.4, 0.65)
    patr = forms(vocab.patronymic, lang, sex, pop["father_given"][rows])
    patr[~has_patr] = None
    for part in (fam, given, patr):
        strip_yo(part, np.flatnonzero((lang == "ru") & (u() < 0.5)))

    full = u() < 0.55
    given_first = full & (u() < 0.5)
    declined = full & ~latin & (u() < 0.25)
    for i in np.flatnonzero(declined):
        s, lg = int(sex[i]), str(lang[i])
        fam[i] = accusative(fam[i], "family", s, lg)
        given[i] = accusative(given[i], "given", s, lg)
        if patr[i]:
            patr[i] = accusative(patr[i], "patronymic", s, lg)

    schema = _schemas(script, rng)
    for part in (fam, given, patr):
        part[latin] = [
            romanise(t, s) if t else t for t, s in zip(part[latin], schema[latin], strict=True)
        ]
    upper = latin & (u() < 0.12)
    fam[upper] = [t.upper() for t in fam[upper]]
    lower = latin & ~upper & (u() < 0.08)
    for part in (fam, given, patr):
        part[lower] = [t.lower() if t else t for t in part[lower]]

    typo, edit, ocr = u() < 0.10, u() < 0.06, u() < 0.04
    typo_into([fam, given, patr], np.flatnonzero(typo), "keyboard", r)
    typo_into([fam, given, patr], np.flatnonzero(edit & ~typo), "edit", r)
    typo_into([fam, given, patr], np.flatnonzero(ocr), "ocr", r)

    frame = np.array(
        [
            FRAMES[lg][k % len(FRAMES[lg])]
            for lg, k in zip(lang, rng.integers(0, 12, n), strict=True)
        ],
        dtype=object,
    )
    frame[~declined] = None
    full_name = choose(
        given_first, join_names(frame, given, patr, fam), join_names(frame, fam, given, patr)
    )

    y, m, d = pop["year"][rows], pop["month"][rows], pop["day"][rows]
    kind = rng.choice(7, n, p=DOB_KINDS)
    off = np.isin(kind, (FULL, YEAR, YEAR_MONTH)) & (u() < 0.05)
    y_typed = y + np.where(off, rng.choice([-1, 1], n), 0)
    stated = age_at(ref, y, m, d) + rng.integers(-2, 3, n)
    rounded = u() < 0.6
    stated = np.where(rounded, np.round(stated / 5) * 5, stated).astype(np.int64)
    approx_y = y + rng.integers(-2, 3, n)
    style = np.where(latin, rng.choice([0, 3, 2, 5], n, p=[0.3, 0.3, 0.2, 0.2]),
                     rng.choice([0, 1, 2, 3, 4], n, p=[0.6, 0.1, 0.1, 0.1, 0.1]))  # fmt: skip
    dob = [
        _dob_text(k, yy if k != APPROX_YEAR else ay, mm, dd, st, a, lg, lt)
        for k, yy, ay, mm, dd, st, a, lg, lt in zip(
            kind, y_typed, approx_y, m, d, style, stated, lang, latin, strict=True
        )
    ]
    swap_seen = (kind == SWAPPED) & (d <= 12)
    year_lo = np.select(
        [np.isin(kind, (FULL, SWAPPED, YEAR, YEAR_MONTH)), kind == AGE, kind == APPROX_YEAR],
        [y_typed, ref[0] - stated - 5, approx_y - 2], -1,
    )  # fmt: skip
    year_hi = np.select(
        [np.isin(kind, (FULL, SWAPPED, YEAR, YEAR_MONTH)), kind == AGE, kind == APPROX_YEAR],
        [y_typed, ref[0] - stated + 4, approx_y + 2], -1,
    )  # fmt: skip

    sex_known = u() < 0.55
    sex_words = np.select([latin, lang == "uk"], [np.array(["M", "F"])[sex], np.array(["ч", "ж"])[sex]],
                          np.array(["м", "ж"])[sex])  # fmt: skip
    settle = pop["settlement"][rows].copy()
    moved = u() < 0.04
    settle[moved] = rng.choice(len(pop.settlement_weights), moved.sum(), p=pop.settlement_weights)
    where = rng.choice(3, n, p=[0.75, 0.05, 0.20])  # settlement, district only, nothing
    place: list[str | None] = []
    for q in range(n):
        if where[q] == 2:
            place.append(None)
            continue
        pool = DISTRICT["latin"] if latin[q] else DISTRICT[lang[q]]
        if where[q] == 1:
            place.append(pool[style[q] % len(pool)])
        elif script[q] == LATIN_RU:
            place.append(vocab.settlement["latin"][settle[q]])
        elif script[q] == LATIN_UK:
            place.append(romanise(vocab.settlement["uk"][settle[q]], "kmu_2010"))
        else:
            prefix = PLACE_PREFIX[lang[q]][vocab.settlement_kind[settle[q]]] if style[q] % 2 else ""
            place.append(prefix + vocab.settlement[lang[q]][settle[q]])

    columns: dict[str, Any] = {
        "full_name": choose(full, full_name, None),
        "given_name": choose(full, None, given),
        "family_name": choose(full, None, fam),
        "patronymic": choose(full, None, patr),
        "date_of_birth": dob,
        "sex": choose(sex_known, sex_words, None),
        "place": place,
        "person_id": rows,
        "schema": np.where(latin, schema, np.where(lang == "uk", "cyrillic_uk", "cyrillic_ru")),
        "o_surname": surname_id,
        "o_maiden": np.full(n, -1),
        "o_given": gid,
        "o_given_init": np.full(n, ""),
        "o_father": np.where(has_patr, pop["father_given"][rows], -1),
        "o_father_init": np.full(n, ""),
        "o_year_lo": year_lo,
        "o_year_hi": year_hi,
        "o_month": np.where(
            np.isin(kind, (FULL, YEAR_MONTH)),
            m,
            np.where(kind == SWAPPED, np.where(swap_seen, d, m), -1),
        ),
        "o_day": np.where(
            kind == FULL, d, np.where(kind == SWAPPED, np.where(swap_seen, m, d), -1)
        ),
        "o_sex": np.where(sex_known, sex, -1),
        "o_place": np.where(where == 0, settle, -1),
    }
    masks = {
        "latin": latin,
        "ukrainian_form": lang == "uk",
        "diminutive": diminutive,
        "maiden": maiden,
        "no_patronymic": ~has_patr,
        "given_first": given_first,
        "declined": declined,
        "typo": typo | edit,
        "ocr": ocr,
        "partial_dob": (kind == YEAR) | (kind == YEAR_MONTH),
        "swapped_dob": kind == SWAPPED,
        "approx_age": (kind == AGE) | (kind == APPROX_YEAR),
        "dob_off_by_one": off,
        "no_dob": kind == NO_DOB,
        "moved": moved & (where == 0),
        "no_place": where == 2,
    }
    return columns, masks
