"""Declined given names back to the nominative: ищу Оксану → Оксана, шукаю Андрія → Андрій.

A request names the person in the accusative ("ищу Щербакову Оксану"), a letter in the
genitive ("заявление Щербаковой Оксаны"). Each rule swaps one case ending for a nominative
one; a candidate counts only when the given-name table knows it (and, when the sex is known
from the patronymic, only a name of that sex), so Ивана after "ищу" is Иван, not Ivana.
Surnames and patronymics have their own rules (surnames.surname_nominative,
patronymics.patronymic_nominative).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from corridor.names.given import given_name_ids, given_name_sex

Case = Literal["accs", "gent", "datv", "ablt", "loct"]
_ANY: tuple[Case, ...] = ("accs", "gent", "datv", "ablt", "loct")

# (ending, nominative ending, sex, cases); earlier rules win among known names.
_RULES: tuple[tuple[str, str, str, tuple[Case, ...]], ...] = (
    # Feminine names in -а/-я and Любовь.
    ("у", "а", "F", ("accs",)),
    ("ю", "я", "F", ("accs",)),
    ("ы", "а", "F", ("gent",)),
    ("и", "а", "F", ("gent",)),
    ("и", "я", "F", ("gent", "datv", "loct")),
    ("ї", "я", "F", ("gent", "datv", "loct")),
    ("і", "а", "F", ("datv", "loct")),
    ("е", "а", "F", ("datv", "loct")),
    ("ой", "а", "F", ("ablt",)),
    ("ою", "а", "F", ("ablt",)),
    ("ей", "я", "F", ("ablt",)),
    ("ею", "я", "F", ("ablt",)),
    ("єю", "я", "F", ("ablt",)),
    ("і", "ь", "F", ("gent", "datv", "loct")),
    ("и", "ь", "F", ("gent", "datv", "loct")),
    # Masculine names on a consonant, -й, -ь and Ukrainian -о.
    ("а", "", "M", ("accs", "gent")),
    ("а", "о", "M", ("accs", "gent")),
    ("я", "й", "M", ("accs", "gent")),
    ("я", "ь", "M", ("accs", "gent")),
    ("я", "", "M", ("accs", "gent")),
    ("ові", "", "M", ("datv", "loct")),
    ("ові", "о", "M", ("datv", "loct")),
    ("єві", "й", "M", ("datv", "loct")),
    ("еві", "ь", "M", ("datv", "loct")),
    ("еві", "", "M", ("datv", "loct")),
    ("у", "", "M", ("datv", "loct")),
    ("ю", "й", "M", ("datv", "loct")),
    ("ю", "ь", "M", ("datv", "loct")),
    ("ом", "", "M", ("ablt",)),
    ("ом", "о", "M", ("ablt",)),
    ("єм", "й", "M", ("ablt",)),
    ("ем", "й", "M", ("ablt",)),
    ("ем", "ь", "M", ("ablt",)),
    ("ем", "", "M", ("ablt",)),
    ("е", "", "M", ("loct",)),
    # Masculine names in -а/-я: Никита, Илья, Кузьма.
    ("у", "а", "M", ("accs",)),
    ("ю", "я", "M", ("accs",)),
    ("ы", "а", "M", ("gent",)),
    ("и", "я", "M", ("gent",)),
    ("и", "а", "M", ("gent",)),
)


def _sex_of(name: str) -> set[str]:
    return {s for s in (given_name_sex(i) for i in given_name_ids(name)) if s}


@lru_cache(maxsize=65_536)
def given_nominative(token: str, case: Case | None = None, sex: str | None = None) -> str | None:
    """The nominative of a declined given name, or None when no rule gives a known name."""
    low = token.lower()
    cases = (case,) if case else _ANY
    for ending, replacement, rule_sex, rule_cases in _RULES:
        if not low.endswith(ending) or len(low) - len(ending) < 2:
            continue
        if sex and rule_sex != sex:
            continue
        if not set(cases) & set(rule_cases):
            continue
        stem = token[: len(token) - len(ending)]
        candidate = stem + (replacement.upper() if token.isupper() else replacement)
        if given_name_ids(candidate):
            sexes = _sex_of(candidate)
            if not sexes or rule_sex in sexes:
                return candidate
    if given_name_ids(token) and (not sex or not _sex_of(token) or sex in _sex_of(token)):
        return token  # already nominative, as in the common "ищу Иван Петров"
    return None
