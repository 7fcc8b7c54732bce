"""Optional help from pymorphy3's ru and uk dictionaries, loaded on first use.

Rules do the work everywhere; the dictionaries only settle what rules cannot: which word of a
Cyrillic pair is a surname, and the nominative of a declined surname without a class ending
(Бойка → Бойко but Мельника → Мельник). Measured: importing pymorphy3 takes about 40 ms and
4 MB, the ru dictionary 90 ms and 24 MB, the uk one 50 ms and 20 MB of resident memory, and a
parse about 0.1 ms. Only a process that meets declined or ambiguous Cyrillic text pays this;
importing corridor.names loads nothing.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=2)
def _analyzer(lang: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


def _parses(word: str, ukrainian: bool) -> list[Any]:
    langs = ("uk",) if ukrainian else ("ru", "uk")
    for lang in langs:
        found = [p for p in _analyzer(lang).parse(word) if "Surn" in p.tag]
        if found:
            return found
    return []


@lru_cache(maxsize=20_000)
def tagged_as_surname(word: str, ukrainian: bool = False) -> bool:
    """True when a dictionary knows this Cyrillic word as a family name."""
    if not word or not any("\u0400" <= ch <= "\u052f" for ch in word):
        return False
    return any(p.is_known for p in _parses(word, ukrainian))


@lru_cache(maxsize=20_000)
def surname_lemma(word: str, *, sex: str | None, ukrainian: bool) -> str | None:
    """Nominative of a declined Cyrillic surname of the given sex, or None when unsure."""
    if not word or not any("\u0400" <= ch <= "\u052f" for ch in word):
        return None
    gender = {"M": "masc", "F": "femn"}.get(sex or "")
    forms = set()
    for p in _parses(word, ukrainian):
        if not p.is_known or (gender and p.tag.gender != gender):
            continue
        if p.tag.case == "nomn":
            return _same_case(word, p.word)
        nominative = p.inflect({"nomn"})
        if nominative is not None:
            forms.add(nominative.word)
    if len(forms) != 1:
        return None
    return _same_case(word, forms.pop())


def _same_case(model: str, word: str) -> str:
    """Give a dictionary's lower-case word the capitalisation of the word it came from."""
    if model.isupper():
        return word.upper()
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))
