"""Which word of a name is which: what each word may be, and the order that follows.

`analyse` marks each word (given name, patronymic, surname shape, capitals, script) and
brings declined words back to the nominative; `order_of` decides from those marks and the
initials' places which words are the family name and which one is the patronymic (the
rules are listed in corridor.names.parse). A name in no grammatical case is decided from
its words' marks alone, so `decide` caches the decision per *shape* of name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple

from corridor.names.declension import Case, given_nominative
from corridor.names.given import given_name_ids, given_name_sex, is_given_name
from corridor.names.patronymics import (
    is_patronymic,
    patronymic_case,
    patronymic_nominative,
    patronymic_sex,
)
from corridor.names.scripts import token_script
from corridor.names.surnames import looks_like_surname, surname_nominative

Order = Literal["family_first", "given_first", "unknown"]
_HYPHENS = re.compile(r"[\-‐‑]")


@dataclass
class Word:
    text: str
    given: bool = False
    patronymic: bool = False
    surname: bool = False
    caps: bool = False
    cyrillic: bool = False
    tagged: bool | None = None  # a dictionary knows it as a surname (asked only on a tie)


# What `order_of` needs of a word, in a name in no grammatical case: may it be the patronymic,
# a given name, a surname; is it in capitals; is it Cyrillic; does a dictionary know it as a
# surname (None: not asked).
Shape = tuple[bool, bool, bool, bool, bool, bool | None]


@lru_cache(maxsize=16_384)
def decide(
    kinds: tuple[str, ...], shape: tuple[Shape, ...]
) -> tuple[Order, frozenset[int], tuple[bool, ...]] | None:
    """`order_of` on words known only by their shape (as `_analyse_plain` would mark them)."""
    upper = sum(w[3] for w in shape)
    words = []
    for patronymic, given, surname, caps, cyrillic, tagged in shape:
        w = Word("", patronymic=patronymic, caps=0 < upper < len(shape) and caps)
        w.given = given and not patronymic
        w.surname = surname and not (w.given or patronymic)
        w.cyrillic, w.tagged = cyrillic, tagged
        words.append(w)
    try:
        order, family_at = order_of(words, kinds)
    except _NeedsTagging:
        return None
    return order, frozenset(family_at), tuple(w.patronymic for w in words)


def order_of(words: list[Word], kinds: tuple[str, ...]) -> tuple[Order, set[int]]:
    """The order and the family-name words, from what each word may be (`analyse`) and
    where the initials stand; settles each word's patronymic flag."""
    n = len(words)
    if not n:
        return "unknown", set()
    pats = [i for i, w in enumerate(words) if w.patronymic and i > 0]
    if pats:
        p = next((i for i in pats if words[i - 1].given), pats[-1])
        pos = [j for j, k in enumerate(kinds) if k == "word"]
        given_at = set() if kinds[pos[p] - 1] == "initial" else {p - 1}
        family_at = set(range(n)) - given_at - {p}
        for i in range(n):
            words[i].patronymic = i == p
        if not family_at:
            return "unknown", family_at
        return ("family_first" if max(family_at) < p else "given_first"), family_at
    if "initial" in kinds:
        initials_first = kinds[0] == "initial"
        given_at = {i for i, w in enumerate(words) if w.given and not w.surname}
        if len(given_at) == n:  # every word a given name: the one next to the initials is not
            given_at = set(range(n - 1)) if initials_first else set(range(1, n))
        family_at = set(range(n)) - given_at
        if initials_first or (given_at and min(family_at) > max(given_at)):
            return "given_first", family_at
        return "family_first", family_at
    return _by_words(words)


class _NeedsTagging(Exception):
    """A tie only a dictionary can settle, met while deciding from word facts alone."""


def _by_words(words: list[Word]) -> tuple[Order, set[int]]:
    n = len(words)
    if n == 1:
        return "unknown", set() if words[0].given else {0}
    ff, gf = _scores(words)
    if ff == gf and all(w.cyrillic for w in words):
        for w in words:
            if not w.given and not w.surname:
                w.surname = _tagged(w)
        ff, gf = _scores(words)
    k_ff, k_gf = _family_sizes(words)
    if ff > gf or (ff == gf and words[0].cyrillic):
        return "family_first" if ff != gf else "unknown", set(range(k_ff))
    return "given_first" if ff != gf else "unknown", set(range(n - k_gf, n))


def _tagged(w: Word) -> bool:
    if w.tagged is None:
        if not w.text:
            raise _NeedsTagging
        from corridor.names.morphology import tagged_as_surname

        w.tagged = tagged_as_surname(w.text.lower())
    return w.tagged


def _family_sizes(words: list[Word]) -> tuple[int, int]:
    n = len(words)
    lead = next((i for i, w in enumerate(words) if w.given), n)
    trail = next((i for i, w in enumerate(reversed(words)) if w.given), n)
    return min(max(lead, 1), n - 1), min(max(trail, 1), n - 1)


def _scores(words: list[Word]) -> tuple[int, int]:
    n = len(words)
    k_ff, k_gf = _family_sizes(words)
    return _fit(words[:k_ff], words[k_ff:]), _fit(words[n - k_gf :], words[: n - k_gf])


def _fit(family: list[Word], given: list[Word]) -> int:
    score = 0
    for w in family:
        score += (w.surname and not w.given) + 2 * w.caps - 2 * (w.given and not w.surname)
    for w in given:
        score += 2 * w.given - (w.surname and not w.given) - 2 * w.caps
    return score


class WordFacts(NamedTuple):
    """What one word may be on its own, read once per distinct word (see `_analyse_plain`)."""

    text: str  # as displayed
    patronymic: bool
    patronymic_nominative: str
    declined: bool  # a patronymic not in the nominative: the text is in some case
    given: bool
    surname: bool
    cyrillic: bool


@lru_cache(maxsize=65_536)
def word_facts(text: str) -> WordFacts:
    disp = display(text)
    pat = is_patronymic(disp)
    nominative = patronymic_nominative(disp) if pat else disp
    return WordFacts(
        disp,
        pat,
        nominative,
        pat and nominative.lower() != disp.lower(),
        all(is_given_name(p) for p in split_hyphen(disp)),
        looks_like_surname(disp),
        token_script(disp) == "cyrillic",
    )


def _analyse_plain(words: list[Word], first_is_surname: bool) -> bool:
    """`analyse` for a name in no grammatical case, from each word's cached facts.

    Without a case nothing is declined back, so no word depends on the sex the others
    give. Returns False, having changed nothing, when a declined patronymic shows the name
    is in some case after all (the general path then reads it)."""
    facts = [word_facts(w.text) for w in words]
    can_be_patronymic = [
        i > 0 and f.patronymic and not (first_is_surname and w.surname)
        for i, (w, f) in enumerate(zip(words, facts, strict=True))
    ]
    if any(c and f.declined for c, f in zip(can_be_patronymic, facts, strict=True)):
        return False
    upper = sum(w.text.isupper() and len(w.text) > 1 for w in words)
    for w, f, patronymic in zip(words, facts, can_be_patronymic, strict=True):
        w.caps = 0 < upper < len(words) and w.text.isupper() and len(w.text) > 1
        if patronymic:
            w.patronymic, w.text = True, display(f.patronymic_nominative)
            w.cyrillic = token_script(w.text) == "cyrillic"
            continue
        if not (first_is_surname and w.surname):
            w.given = f.given
        if not w.given:
            w.surname = w.surname or f.surname
        w.text = display(f.text)
        w.cyrillic = f.cyrillic
    return True


def analyse(words: list[Word], case: Case | None, first_is_surname: bool = False) -> None:
    """Mark what each word may be and bring declined words back to the nominative."""
    if case is None and _analyse_plain(words, first_is_surname):
        return
    upper = sum(w.text.isupper() and len(w.text) > 1 for w in words)
    sex = None
    for w in words:
        w.caps = 0 < upper < len(words) and w.text.isupper() and len(w.text) > 1
        w.text = display(w.text)
    for i, w in enumerate(words):
        if i > 0 and not (first_is_surname and w.surname) and is_patronymic(w.text):
            w.patronymic = True
            declined = patronymic_nominative(w.text)
            if declined.lower() != w.text.lower():
                case = case or patronymic_case(w.text)
            w.text = declined
            sex = sex or patronymic_sex(w.text)
    for w in words:
        if w.patronymic or (first_is_surname and w.surname):
            continue
        cyrillic = token_script(w.text) == "cyrillic"
        nominative = given_nominative(w.text, case, sex) if case and cyrillic else None
        if nominative:
            w.text, w.given = nominative, True
        else:
            w.given = all(is_given_name(p) for p in split_hyphen(w.text))
        if w.given and not sex:
            sexes = {given_name_sex(i) for p in split_hyphen(w.text) for i in given_name_ids(p)}
            sexes.discard(None)
            sex = sexes.pop() if len(sexes) == 1 else None
    for w in words:
        if not (w.patronymic or w.given):
            if case and token_script(w.text) == "cyrillic":
                w.text = "-".join(
                    surname_nominative(p, sex, case == "accs") for p in split_hyphen(w.text)
                )
            w.surname = w.surname or looks_like_surname(w.text)
        w.text = display(w.text)
        w.cyrillic = token_script(w.text) == "cyrillic"


@lru_cache(maxsize=65_536)
def split_hyphen(word: str) -> tuple[str, ...]:
    return tuple(p for p in _HYPHENS.split(word) if p)


@lru_cache(maxsize=65_536)
def display(word: str) -> str:
    """Title-case a word written all in capitals or all in lower case; keep any other casing."""
    word = re.sub(r"[’ʼ`]", "'", word)
    if word.isupper() or word.islower():
        return " ".join(
            "-".join(p[:1].upper() + p[1:].lower() for p in part.split("-"))
            for part in word.split(" ")
        )
    return word
