"""From records as typed to comparable features.

A record arrives with `record_id`, a `full_name` or `given_name`/`family_name`/`patronymic`,
`date_of_birth`, `sex`, `place`, `identifier` and `address`, any of them empty. Names go
through corridor.names, so the features are the same whatever script, transliteration
standard, gender form, case or diminutive the record used.

A name's features come in two halves: the family half (family and maiden names) and the
given half (given name, initials, patronymic). A whole name is parsed as one; split fields
are parsed field by field, which gives the same parts (parse_name reads each field on its
own) and lets each distinct family name and each distinct (given, patronymic) be parsed once
however many records carry it (corridor.linkage.featurise does the batch).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, NamedTuple

import pyarrow as pa

from corridor.names.dates import parse_dob
from corridor.names.given import given_name_ids, given_name_sex
from corridor.names.parse import ParsedName, parse_name
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

SEX_WORDS = {
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
CONFLICT = "?"  # the given half says both sexes: no hint, and the family name is not asked


def clean(value: Any) -> str:
    """A cell as text, with the usual spellings of "empty" as ""."""
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text.lower() in {"nan", "none", "null", "-", "—"} else text


class FamilyHalf(NamedTuple):
    fam1: str | None
    fam2: str | None
    fsk: str | None
    sex: str | None  # hint from the surname's form


class GivenHalf(NamedTuple):
    gid1: str | None
    gid2: str | None
    gsk: str | None
    ginit: str | None
    fid: str | None
    pinit: str | None
    sex: str | None  # hint from the given name and patronymic; CONFLICT when they disagree


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


def _initial(token: str) -> str | None:
    sk = skeleton(token)
    return sk[0] if sk else None


def family_half(parsed: ParsedName) -> FamilyHalf:
    family_tokens = [t for t in (*parsed.family, *parsed.maiden) if t]
    fams = [k for k in dict.fromkeys(_family_key(t) for t in family_tokens) if k]
    first = parsed.family[0] if parsed.family else None
    return FamilyHalf(
        fams[0] if fams else None,
        fams[1] if len(fams) > 1 else None,
        (skeleton(first) or None) if first else None,
        surname_sex_hint(first) if first else None,
    )


def given_half(parsed: ParsedName) -> GivenHalf:
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
    hints = set()
    if gid1 and not gid1.startswith("~") and (s := given_name_sex(gid1)):
        hints.add(s)
    if parsed.patronymic and (s := patronymic_sex(parsed.patronymic)):
        hints.add(s)
    sex = hints.pop() if len(hints) == 1 else (CONFLICT if hints else None)
    return GivenHalf(gid1, gid2, gsk, ginit, fid, pinit, sex)


def whole_name(full: str, given: str, family: str, patronymic: str) -> tuple[FamilyHalf, GivenHalf]:
    parsed = parse_name(
        full, given=given or None, family=family or None, patronymic=patronymic or None
    )
    return family_half(parsed), given_half(parsed)


def family_field(family: str) -> FamilyHalf:
    return family_half(parse_name(family=family or None))


def given_fields(given: str, patronymic: str) -> GivenHalf:
    return given_half(parse_name(given=given or None, patronymic=patronymic or None))


def record_sex(explicit: str, fam: FamilyHalf, giv: GivenHalf) -> str | None:
    """As written when written; else from the given half, else from the surname's form."""
    if explicit:
        return SEX_WORDS.get(explicit.lower().rstrip("."))
    if giv.sex is not None:
        return None if giv.sex == CONFLICT else giv.sex
    return fam.sex


@lru_cache(maxsize=200_000)
def dob_features(text: str, reference: datetime.date | None) -> tuple[int | None, ...]:
    """y_lo, y_hi, m, d, and the day/month-swapped m2, d2 of a date of birth as written."""
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


def place_feature(text: str) -> str | None:
    return (place_key(text) or None) if text else None


def identifier_feature(text: str) -> str | None:
    """A document or serial number with spaces, dashes and case removed."""
    return "".join(ch for ch in text if ch.isalnum()).upper() or None


def address_feature(text: str) -> str | None:
    return (address_key(text) or None) if text else None


def record_features(
    row: Mapping[str, Any], reference: datetime.date | None = None
) -> dict[str, Any]:
    """The features of one record (the online index's path; batches use featurise)."""
    full = clean(row.get("full_name"))
    given, family = clean(row.get("given_name")), clean(row.get("family_name"))
    patronymic = clean(row.get("patronymic"))
    if full:
        fam, giv = whole_name(full, given, family, patronymic)
    else:
        fam, giv = family_field(family), given_fields(given, patronymic)
    y_lo, y_hi, m, d, m2, d2 = dob_features(clean(row.get("date_of_birth")), reference)
    return {
        "fam1": fam.fam1,
        "fam2": fam.fam2,
        "gid1": giv.gid1,
        "gid2": giv.gid2,
        "gsk": giv.gsk,
        "ginit": giv.ginit,
        "fid": giv.fid,
        "pinit": giv.pinit,
        "y_lo": y_lo,
        "y_hi": y_hi,
        "m": m,
        "d": d,
        "m2": m2,
        "d2": d2,
        "sex": record_sex(clean(row.get("sex")), fam, giv),
        "place": place_feature(clean(row.get("place"))),
        "fsk": fam.fsk,
        "ident": identifier_feature(clean(row.get("identifier"))),
        "addr": address_feature(clean(row.get("address"))),
    }
