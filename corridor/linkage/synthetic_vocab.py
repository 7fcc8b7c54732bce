"""The synthetic benchmark's vocabulary: every name form as an array indexed by a name id.

Built once from the data modules. Russian and Ukrainian forms share an id, so the generator
picks an id and renders it in whichever language, gender and case a record calls for; the
hidden truth keeps the id. Rules here are the ones a clerk follows, not linguistics:
a Ukrainian clerk transcribes a Russian surname (Лебедев → Лебедєв, Ковалёв → Ковальов),
gendered surnames take -а/-ая (-ська in Ukrainian), patronymics take -овна/-івна.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from corridor.demo.sudzha import SETTLEMENTS
from corridor.linkage import synthetic_surnames as sn
from corridor.linkage.synthetic_names import FEMALE, MALE

VOWELS = set("аеёиоуыэюяіїє")
SOFTENABLE = set("бпвмфр")  # before these an apostrophe, not ь, marks the glide in Ukrainian
HUSHING = set("цжшчщ")


def ru_to_uk_surname(word: str) -> str:
    """A Russian-origin surname as a Ukrainian clerk writes it (Григорьев → Григор'єв)."""
    w = word.lower()
    n = len(w)
    out: list[str] = []
    for i, c in enumerate(w):
        prev = w[i - 1] if i else ""
        nxt = w[i + 1] if i + 1 < n else ""
        if c == "ё":
            if not prev or prev in VOWELS or prev in "ьъ":
                out.append("йо")
            else:
                out.append("о" if prev in HUSHING else "ьо")
        elif c == "е":
            final_ev = (i == n - 2 and w.endswith("ев")) or (i == n - 3 and w.endswith("еев"))
            if not prev or prev in VOWELS or prev in "ьъ" or (final_ev and prev not in HUSHING):
                out.append("є")
            else:
                out.append("е")
        elif c == "ь" and nxt in ("е", "ё", "ю", "я", "и"):
            out.append("'" if prev in SOFTENABLE else "ь")
        elif c == "и":
            # і where Ukrainian hears it (Ильин → Ільїн, Сорокин → Сорокін); the shared
            # roots keep и (Смирнов, Михайлов)
            if prev and prev in "ьъ":
                out.append("ї")
            elif not prev or (i == n - 2 and w.endswith("ин")):
                out.append("і")
            else:
                out.append("и")
        elif c == "ы":
            out.append("и")
        elif c == "э":
            out.append("е")
        elif c == "ъ":
            out.append("'")
        else:
            out.append(c)
    text = "".join(out)
    return text[:1].upper() + text[1:]


def ukrainian_origin_to_uk(word: str) -> str:
    """A Ukrainian-origin surname back in Ukrainian spelling (Лысенко → Лисенко, Швец → Швець)."""
    w = word.replace("ы", "и").replace("э", "е").replace("ё", "ьо")
    if w.endswith("ский") or w.endswith("цкий"):
        w = w[:-3] + "ький"
    elif w.endswith("ец"):
        w = w + "ь"
    return w


def feminine_surname(masc: str, lang: str) -> str:
    """The woman's form of a surname (Щербаков → Щербакова, Ковальський → Ковальська)."""
    if masc.endswith(("ов", "ев", "ёв", "єв", "ин", "ын", "ін", "їн")):
        return masc + "а"
    if masc.endswith(("ский", "цкий", "ський", "цький", "ой", "ий")):
        return masc[:-2] + ("ая" if lang == "ru" else "а")
    return masc  # -енко, -ук, -ник and the like are the same for women


_RU_PATR_FEM = {"Ильич": "Ильинична", "Никитич": "Никитична", "Кузьмич": "Кузьминична"}
_UK_PATR_FEM = {"Ілліч": "Іллівна", "Кузьмич": "Кузьмівна"}


def feminine_patronymic(masc: str, lang: str) -> str:
    """Daughter's patronymic from the son's (Николаевич → Николаевна, Миколайович → Миколаївна)."""
    if lang == "ru":
        if masc in _RU_PATR_FEM:
            return _RU_PATR_FEM[masc]
        return masc[:-3] + "вна"  # -ович/-евич
    if masc in _UK_PATR_FEM:
        return _UK_PATR_FEM[masc]
    if masc.endswith("йович"):
        return masc[:-5] + "ївна"
    if masc.endswith("ьович"):
        return masc[:-5] + "івна"
    return masc[:-4] + "івна"


def _tail_surname(stem: str, suffix: str) -> str | None:
    """Stem + suffix as the region forms surnames, or None where the two do not fit."""
    s = stem.rstrip("ьйаяоиуеы")
    soft = stem[-1] in "ьй"
    open_end = len(s) > 2 and s[-2] in VOWELS  # a vowel before the last consonant
    if suffix == "ов":
        return s + ("ев" if s[-1] in HUSHING or soft else "ов")
    if suffix == "ин":
        return s + "ин"
    if suffix == "енко":
        return s + "енко"
    if suffix == "ский":
        if s[-1] in "цкч":
            return s + "кий" if s.endswith("ц") else s[:-1] + "цкий"
        return s + "ский" if open_end and s[-1] in "нвлрмдт" else None
    if suffix == "ук" and (open_end or soft) and s[-1] not in "кгх":
        return s + ("юк" if soft else "ук")
    if suffix == "чук" and (open_end or soft) and s[-1] in "лнрвм":
        return stem.rstrip("й") + "чук"
    if suffix == "ко" and open_end and s[-1] in "чш":
        return s + "ко"
    if suffix == "ец" and open_end and s[-1] in "рнлвдт":
        return s + "ец"
    if suffix == "ик" and open_end and s[-1] not in "кгхцчшщж":
        return s + suffix
    if suffix == "ич" and open_end and s[-1] in "нлрвмд":
        return s + "ович"
    if suffix == "енков":
        return s + "енков"
    return None


def _surname_table() -> tuple[list[str], list[str], list[float]]:
    """Masculine ru and uk forms and a Zipf-like weight, head first, then the tail."""
    ru: list[str] = []
    uk: list[str] = []
    russian = sn.RUSSIAN.split()
    ukrainian = sn.UKRAINIAN.split()
    # the borderland mixes both origins: two Russian-origin names to one Ukrainian in rank
    merged: list[tuple[str, bool]] = []
    while russian or ukrainian:
        merged += [(w, True) for w in russian[:2]] + [(w, False) for w in ukrainian[:1]]
        russian, ukrainian = russian[2:], ukrainian[1:]
    for word, russian_origin in merged:
        r, _, u = word.partition("/")
        ru.append(r)
        uk.append(u or (ru_to_uk_surname(r) if russian_origin else ukrainian_origin_to_uk(r)))
    seen = set(ru)
    stems = sn.TAIL_STEMS.split()
    for k, suffix in enumerate(sn.TAIL_SUFFIXES):
        for j, stem in enumerate(stems):
            if (j + k) % 3 == 2:  # not every stem takes every suffix
                continue
            name = _tail_surname(stem, suffix)
            if name is None or name in seen:
                continue
            seen.add(name)
            ru.append(name)
            russian_style = suffix in ("ов", "ин", "енков")
            uk.append(ru_to_uk_surname(name) if russian_style else ukrainian_origin_to_uk(name))
    weights = [1.0 / (rank + 25) ** 0.95 for rank in range(len(ru))]
    return ru, uk, weights


def _settlement_table() -> tuple[list[str], list[str], list[str], list[str]]:
    ru = [s[0] for s in SETTLEMENTS]
    uk = [s[1] for s in SETTLEMENTS]
    kinds = [s[3] for s in SETTLEMENTS]
    seen = set(ru)
    for m in range(len(sn.SETTLEMENT_MODIFIERS["f"]) + 1):
        for j, (bru, buk, gender) in enumerate(sn.SETTLEMENT_BASES):
            if m:
                mru, muk = sn.SETTLEMENT_MODIFIERS[gender][(m - 1 + j) % 6]
                bru, buk = f"{mru} {bru}", f"{muk} {buk}"
            if bru not in seen:
                seen.add(bru)
                ru.append(bru)
                uk.append(buk)
                kinds.append("посёлок" if j % 9 == 4 else "село")
    import iuliia

    latin = [s[2] for s in SETTLEMENTS] + [
        iuliia.WIKIPEDIA.translate(r) for r in ru[len(SETTLEMENTS) :]
    ]
    return ru, uk, latin, kinds


def _obj(values: list[str]) -> np.ndarray:
    return np.array(values, dtype=object)


@dataclass(frozen=True)
class Vocab:
    """Name forms as object arrays indexed by id; weights as float arrays."""

    given: dict[str, np.ndarray]  # "ru"/"uk" -> form by given id
    given_sex: np.ndarray  # 0 male, 1 female
    given_weights: np.ndarray  # ids x 3 cohorts
    diminutives: dict[str, tuple[tuple[str, ...], ...]]  # lang -> per given id
    patronymic: dict[tuple[str, int], np.ndarray]  # (lang, sex) -> form by father's given id
    surname: dict[tuple[str, int], np.ndarray]  # (lang, sex) -> form by surname id
    surname_weights: np.ndarray
    settlement: dict[str, np.ndarray]  # "ru"/"uk"/"latin"
    settlement_kind: np.ndarray

    @property
    def n_given(self) -> int:
        return len(self.given_sex)


@lru_cache(maxsize=1)
def build_vocab() -> Vocab:
    """The vocabulary (built once per process)."""
    rows = [(m[0], m[1], m[4], m[5], m[6], 0) for m in MALE]
    rows += [(f[0], f[1], f[2], f[3], f[4], 1) for f in FEMALE]
    patr: dict[tuple[str, int], list[str]] = {
        k: [] for k in (("ru", 0), ("ru", 1), ("uk", 0), ("uk", 1))
    }
    for m in MALE:
        for lang, masc in (("ru", m[2]), ("uk", m[3])):
            patr[(lang, 0)].append(masc)
            patr[(lang, 1)].append(feminine_patronymic(masc, lang))
    for key in patr:
        patr[key] += [""] * len(FEMALE)  # a patronymic always comes from a man's name
    s_ru, s_uk, s_w = _surname_table()
    t_ru, t_uk, t_lat, t_kind = _settlement_table()
    return Vocab(
        given={"ru": _obj([r[0] for r in rows]), "uk": _obj([r[1] for r in rows])},
        given_sex=np.array([r[5] for r in rows], dtype=np.int8),
        given_weights=np.array([r[4] for r in rows], dtype=float),
        diminutives={
            "ru": tuple(tuple(r[2].split()) for r in rows),
            "uk": tuple(tuple(r[3].split()) for r in rows),
        },
        patronymic={k: _obj(v) for k, v in patr.items()},
        surname={
            ("ru", 0): _obj(s_ru),
            ("ru", 1): _obj([feminine_surname(s, "ru") for s in s_ru]),
            ("uk", 0): _obj(s_uk),
            ("uk", 1): _obj([feminine_surname(s, "uk") for s in s_uk]),
        },
        surname_weights=np.array(s_w) / sum(s_w),
        settlement={"ru": _obj(t_ru), "uk": _obj(t_uk), "latin": _obj(t_lat)},
        settlement_kind=_obj(t_kind),
    )
