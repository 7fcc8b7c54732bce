"""Patronymics: the father's given name read back out of Владимировна, Volodymyrivna, Ильич.

A son's patronymic is his father's given name. ``patronymic_father`` returns the same
canonical id that ``given_name_ids`` gives the father's own given name (Сергеевич, Сергійович,
Sergeyevich → "sergey", as Сергей, Сергій, Serhii do), so the linkage engine can see that
record A's patronymic is record B's given name and keep father and son apart instead of
merging two men who share a surname and a village. Brothers and sisters share the id.

How: bring a declined form back to the nominative (Владимировну, Володимирівною,
Сергеевича), cut the suffix, rebuild the candidates the father's name could have been and
keep the first one the given-name table knows:

- -ович/-овна, -ovich/-ovych/-ovna/-owitsch: the stem (Иван, Petr) or the stem + о/ь/а/ій
  (Ukrainian Петро → Петрович, Василь → Васильович, Микита → Микитович, Григорій → Григорович);
- -евич/-евна, -evich/-yevich/-evna: stem + й after a vowel (Сергей, Николай, Дмитрий),
  -ий for -ьевич (Василий, Юрий), -ь after a consonant (Игорь, Лазарь);
- Ukrainian -івна (Іван, Петро, Василь, Кузьма, Ілля) and -ївна (Сергій, Андрій, Миколай);
- -ич/-ична/-инична, -ich/-ichna/-inichna from names in -а/-я: Ильич, Ильинична → Илья;
  Кузьмич, Кузьминична → Кузьма; Никитич, Никитична → Никита. A bare -ич counts only when
  its father's name is known, since -ич is also a common Ukrainian surname ending (Шуфрич).
- Turkic "Гусейн оглы" / "Гусейн кызы": the first word is the father's name.

Polish and Serbian -owicz/-ović are surnames, never patronymics, and are not read as such.
A father's name the table does not know (Ахмедович) gives None; ``father_name_candidates``
still rebuilds it (ахмед), so a caller can key it the way it keys an unknown given name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from corridor.names.given import given_name_ids
from corridor.names.scripts import fold_token, strip_vowel_accents

Sex = Literal["M", "F"]

# Declined forms back to the nominative: (ending pattern, replacement).
_NOMINATIVE = (
    (re.compile(r"([иі]ч)(?:а|у|ем|еві|е|і)$"), r"\1"),
    (re.compile(r"([вч]н)(?:у|ы|е|ой|ою|и|і|ої|ій|о)$"), r"\1а"),
    (re.compile(r"(ich|ych|yč|ič)(?:a|u|em|e)$"), r"\1"),
    (re.compile(r"([vwč]n|chn)(?:u|y|e|oy|oi|oj|oyu|oiu|oju|i)$"), r"\1a"),
)

# (suffix, sex, kind); longest suffixes first within each script.
_SUFFIXES: tuple[tuple[str, Sex, str], ...] = (
    ("инична", "F", "ichna"),
    ("ична", "F", "ichna"),
    ("ївна", "F", "y"),
    ("івна", "F", "iv"),
    ("овна", "F", "ov"),
    ("евна", "F", "ev"),
    ("ович", "M", "ov"),
    ("евич", "M", "ev"),
    ("ич", "M", "a"),
    ("іч", "M", "a"),  # Ukrainian Ілліч
    ("inichna", "F", "ichna"),
    ("ynichna", "F", "ichna"),
    ("ichna", "F", "ichna"),
    ("ychna", "F", "ichna"),
    ("ična", "F", "ichna"),
    ("ivna", "F", "iv"),
    ("iwna", "F", "iv"),
    ("ovna", "F", "ov"),
    ("owna", "F", "ov"),
    ("evna", "F", "ev"),
    ("ewna", "F", "ev"),
    ("ovitsch", "M", "ov"),
    ("owitsch", "M", "ov"),
    ("ovitch", "M", "ov"),
    ("ovich", "M", "ov"),
    ("ovych", "M", "ov"),
    ("ovič", "M", "ov"),
    ("ovyč", "M", "ov"),
    ("evitsch", "M", "ev"),
    ("ewitsch", "M", "ev"),
    ("evitch", "M", "ev"),
    ("evich", "M", "ev"),
    ("evych", "M", "ev"),
    ("evič", "M", "ev"),
    ("itsch", "M", "a"),
    ("itch", "M", "a"),
    ("ich", "M", "a"),
    ("ych", "M", "a"),
    ("ič", "M", "a"),
)
_ANY_SUFFIX = tuple(suffix for suffix, _, _ in _SUFFIXES)
# Kinds whose suffix is proof enough; a bare -ич must also name a known father.
_STRONG = {"ov", "ev", "iv", "y", "ichna"}
_TURKIC = {"оглы": "M", "огли": "M", "оглу": "M", "ogly": "M", "oglu": "M", "кызы": "F"}
_TURKIC |= {"кизи": "F", "гызы": "F", "kyzy": "F", "kizi": "F", "gyzy": "F"}
TURKIC_PARTICLES = frozenset(_TURKIC)
_CYR_VOWELS = "аеиоуыэюяіїє"
_LAT_VOWELS = "aeiouy"


@lru_cache(maxsize=65_536)
def patronymic_nominative(token: str) -> str:
    """A declined patronymic back to the nominative (Владимировну → Владимировна)."""
    low = token.lower()
    for pattern, replacement in _NOMINATIVE:
        m = pattern.search(low)
        if m:
            nominative = pattern.sub(replacement, low)
            return _like(token, token[: m.start()] + nominative[m.start() :])
    return token


def patronymic_case(token: str) -> Literal["accs", "gent", "datv", "ablt"]:
    """The case a declined Cyrillic patronymic is in: Владимировну accs, Владимировны gent."""
    low = token.lower()
    if low.endswith(("ну", "ича")):
        return "accs"  # a man's genitive looks the same; given names decline alike in both
    if low.endswith(("ны", "ни")):
        return "gent"
    if low.endswith(("ем", "ой", "ою")):
        return "ablt"
    return "datv"


def _like(model: str, word: str) -> str:
    return word.upper() if model.isupper() and len(model) > 1 else word


@lru_cache(maxsize=65_536)
def _analyse(token: str) -> tuple[Sex, str, tuple[str, ...]] | None:
    """Sex, kind and father-name candidates (most likely first) of a patronymic, if it is one."""
    words = token.split()
    if len(words) == 2 and fold_token(words[1]) in _TURKIC:
        return _TURKIC[fold_token(words[1])], "turkic", (words[0],)  # type: ignore[return-value]
    if len(words) != 1:
        return None
    word = strip_vowel_accents(fold_token(patronymic_nominative(token.strip())))
    if not word.endswith(_ANY_SUFFIX):
        return None  # most words: one test instead of one per suffix
    for suffix, sex, kind in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return sex, kind, tuple(_candidates(word[: -len(suffix)], kind, suffix))
    return None


# Names whose stem changes before the suffix: Лев → Львович, Павел → Павлович, Яков →
# Яковлевич, Яків → Якович/Яківна.
_IRREGULAR = {"льв": "лев", "lv": "lev", "павл": "павел", "pavl": "pavel", "як": "яків"}
_IRREGULAR |= {"яковл": "яков", "yakovl": "yakov", "iakovl": "iakov", "jakovl": "jakov"}
_IRREGULAR |= {"yak": "yakiv", "iak": "iakiv", "jak": "jakiv"}


def _candidates(base: str, kind: str, suffix: str) -> list[str]:
    if base in _IRREGULAR:
        return [_IRREGULAR[base], base]
    latin = suffix.isascii() or "č" in suffix
    vowels = _LAT_VOWELS if latin else _CYR_VOWELS
    last = base[-1]
    if kind in ("a", "ichna"):
        # Ильич: the soft sign or glide before -ич belongs with the -я of Илья.
        ends = ["a", "ya", "ia", "ja"] if latin else ["а", "я"]
        return [base + e for e in ends] + ([base[:-1] + "я"] if base.endswith("ь") else [])
    if latin:
        glides = ["y", "i", "iy", "ii", "j", "ij"]
        if last in "yij":
            return [base, base[:-1], base[:-1] + "iy", base[:-1] + "ii"]
        if kind == "ev":
            if last in vowels:
                return [base + g for g in glides] + [base]
            return [base, *(base + g for g in glides)]
        return [base, base + "o", base + "a", base + "ia", base + "ya", *(base + g for g in glides)]
    if kind == "y":
        return [base + "й", base]
    if kind == "ev":
        if last == "ь":
            return [base[:-1] + "ий", base[:-1] + "ій", base[:-1] + "ей", base]
        if last in vowels:
            return [base + "й", base]
        return [base + "ь", base, base + "ий"]
    # -ович/-овна and Ukrainian -івна: Іван, Петро, Василь, Микита, Ілля, Григорій.
    cands = [base, base + "о", base + "ь", base + "а", base + "я", base + "ій", base + "ий"]
    if last == "й":
        cands.append(base[:-1])  # Миколайович → Микола
    return cands


@lru_cache(maxsize=65_536)
def patronymic_father(token: str) -> str | None:
    """Canonical id of the father's given name, as given_name_ids gives it, or None."""
    found = _analyse(token)
    if found is None:
        return None
    for candidate in found[2]:
        ids = given_name_ids(candidate)
        if ids:
            return sorted(ids)[0]
    return None


def father_name_candidates(token: str) -> tuple[str, ...]:
    """The father's given names a patronymic may come from, most likely first."""
    found = _analyse(token)
    return found[2] if found else ()


@lru_cache(maxsize=65_536)
def is_patronymic(token: str) -> bool:
    """True when the token has a patronymic's shape (a bare -ич only with a known father)."""
    found = _analyse(token)
    if found is None:
        return False
    return found[1] in _STRONG or found[1] == "turkic" or patronymic_father(token) is not None


@lru_cache(maxsize=65_536)
def patronymic_sex(token: str) -> Sex | None:
    """M for -ович/-ич forms, F for -овна/-ична forms, None when not a patronymic."""
    return _analyse(token)[0] if is_patronymic(token) else None  # type: ignore[index]
