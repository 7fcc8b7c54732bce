"""A written person's name cut into family, given, patronymic, initials and maiden name.

Handles both orders (Щербакова Оксана Владимировна / Oksana Shcherbakova), "Family, Given",
initials (Щербакова О. В., О.В. Щербакова), ALL-CAPS family names (SHCHERBAKOVA Oksana),
requests (ищу/шукаю/looking for …, with declined names brought back to the nominative),
maiden names (урожд., née, дів., a surname in brackets), hyphenated surnames (split, both
kept), diminutives (Ксюша is a given name), stray punctuation, dates and places after a name.

The order is decided by the strongest evidence present:

1. a comma after a first part with no given name: "Shcherbakova, Oksana" is family first;
2. a patronymic, which always follows the given name: "X Оксана Владимировна" is family
   first, "Оксана Владимировна X" given first. A patronymic-shaped first word (Абрамович) is
   a surname, since a patronymic never opens a name;
3. initials: before the words (О.В. Щербакова) given first, after them family first;
4. which words the given-name table knows and which have a surname's ending, and ALL CAPS;
   a Cyrillic tie asks pymorphy's dictionaries which word is a surname.

When nothing decides, ``order`` is "unknown" and words are assigned by the script's habit
(Cyrillic lists put the family name first, Latin text last): callers should try both.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from corridor.names.declension import Case
from corridor.names.given import is_given_name
from corridor.names.patronymics import TURKIC_PARTICLES, is_patronymic, patronymic_nominative
from corridor.names.roles import (
    Order,
    Shape,
    Word,
    analyse,
    decide,
    display,
    order_of,
    split_hyphen,
    word_facts,
)
from corridor.names.scripts import Script, combined_script, repair_lookalikes
from corridor.names.surnames import split_surname


@dataclass(frozen=True)
class ParsedName:
    """A name cut into parts; empty tuples and None where a part is absent."""

    family: tuple[str, ...] = ()
    given: tuple[str, ...] = ()
    patronymic: str | None = None
    initials: tuple[str, ...] = ()
    order: Order = "unknown"
    script: Script = "empty"
    maiden: tuple[str, ...] = ()


_WORD = r"[^\W\d_]+(?:['’ʼ`\-‐‑][^\W\d_]+)*"
_TOKEN = re.compile(rf"(?P<word>{_WORD})(?P<dot>\.)?|(?P<digit>\d)|(?P<sep>[,;/|\n()\[\]])")
_MAIDEN_MARK = (
    r"урожд(?:[её]нная)?\.?|уроджена|в\s+девичестве|девичья\s+фамилия|дев(?:ич)?\."
    r"(?:\s*фам\.)?|дівоче\s+прізвище|в\s+дівоцтві|дів\.|n[ée]e|born|maiden\s+name|geb\."
)
_MAIDEN_BEFORE = re.compile(
    rf"[(,]?\s*(?<!\w)(?:{_MAIDEN_MARK})\s*:?\s*(?P<name>{_WORD})\s*\)?", re.IGNORECASE
)
_MAIDEN_MARKED = re.compile(rf"(?<!\w)(?:{_MAIDEN_MARK})", re.IGNORECASE)
_MAIDEN_AFTER = re.compile(
    rf"(?P<name>{_WORD})\s*\(\s*(?:maiden|дев\.?|девич\w*|дів\.?|дівоче)\s*\)", re.IGNORECASE
)
_NOT_WORD = re.compile(r"\W")
_BRACKETED = re.compile(rf"\(\s*(?P<name>{_WORD})\s*\)")

_ACCUSATIVE = {"ищу", "ищем", "ищет", "ищут", "разыскиваю", "разыскиваем", "разыскивает"}
_ACCUSATIVE |= {"найти", "найдите", "шукаю", "шукаємо", "шукає", "розшукую", "розшукуємо"}
_ACCUSATIVE |= {"розшукує", "знайти", "знайдіть"}
_GENITIVE = {"розыск", "поиск", "розшук", "пошук"}
_FILLER = {
    *"помогите допоможіть пожалуйста будь ласка прошу просим please help me us to find".split(),
    *"looking searching search seeking for am we are my our the mr mrs ms miss".split(),
    *"мою моего моих мой моя мого мої свою своего свого нашу нашего нашого".split(),
    *"маму мать отца папу сына дочь дочку доньку брата сестру мужа жену бабушку".split(),
    *"дедушку внука внучку батька тата матір сина чоловіка дружину бабусю дідуся".split(),
    *"онука онуку mother father son daughter brother sister husband wife".split(),
    *"гражданина гражданку гражданин гражданка громадянина громадянку громадянин".split(),
    *"громадянка пан пані пана г-н г-жа гр missing wanted пропал пропала пропавший".split(),
    *"пропавшая пропавшую пропавшего зник зникла зниклий зниклого зниклу".split(),
    *"разыскивается розшукується без вести безвести".split(),
}


@dataclass
class _Reading:
    """Tokens of the part of the text that holds the name, in order."""

    items: list[tuple[str, str]] = field(default_factory=list)  # ("word" | "initial", text)
    comma_family: list[str] = field(default_factory=list)
    case: Case | None = None


def parse_name(
    full: str | None = None,
    *,
    given: str | None = None,
    family: str | None = None,
    patronymic: str | None = None,
) -> ParsedName:
    """Parse a whole name, or split fields, or both (split fields win where given)."""
    parsed = _parse_full(full) if full and _present(full) else ParsedName()
    if not (_present(given) or _present(family) or _present(patronymic)):
        return parsed
    fam, maiden, pat = parsed.family, parsed.maiden, parsed.patronymic
    giv, initials = parsed.given, parsed.initials
    if family and _present(family):
        fam_parsed = _parse_full(family, family_only=True)
        fam, maiden = fam_parsed.family, fam_parsed.maiden or maiden
    if given and _present(given):
        reading = _read(given, request=False)
        words = [t for k, t in reading.items if k == "word"]
        initials = tuple(t for k, t in reading.items if k == "initial")
        if len(words) > 1 and is_patronymic(words[-1]) and not _present(patronymic):
            pat = display(patronymic_nominative(words.pop()))  # "Оксана Владимировна"
        giv = tuple(p for w in words for p in split_hyphen(display(w)))
    if patronymic and _present(patronymic):
        words = [t for k, t in _read(patronymic, request=False).items if k == "word"]
        pat = display(patronymic_nominative(" ".join(words))) if words else pat
    script = combined_script([*fam, *giv, *(t for t in (pat,) if t), *maiden, *initials])
    return ParsedName(fam, giv, pat, initials, parsed.order, script, maiden)


def _present(text: str | None) -> bool:
    return bool(text and text.strip())


def _parse_full(text: str, family_only: bool = False) -> ParsedName:
    text = unicodedata.normalize("NFC", text)
    text, maiden, aliases = _take_maiden(text)
    reading = _read(text, request=not family_only)
    if family_only:
        fam = tuple(p for k, t in reading.items if k == "word" for p in split_hyphen(display(t)))
        return ParsedName(family=fam, maiden=maiden, script=combined_script([*fam, *maiden]))
    words, initials, order, family_at = _assign_by_shape(reading) or _assign(reading)
    fam = tuple(p for i in family_at for p in split_hyphen(words[i].text))
    rest = [w for i, w in enumerate(words) if i not in family_at]
    pat = next((w.text for w in rest if w.patronymic), None)
    giv = tuple(p for w in rest if not w.patronymic for p in split_hyphen(w.text))
    giv += tuple(a for a in aliases if a not in giv)
    script = combined_script([*fam, *giv, *(t for t in (pat,) if t), *maiden, *initials])
    return ParsedName(fam, giv, pat, tuple(initials), order, script, maiden)


def _take_maiden(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Cut maiden names (and given names in brackets, kept as aliases) out of the text."""
    if "(" not in text and not _MAIDEN_MARKED.search(text):
        return text, (), ()  # most names: nothing to cut
    maiden: list[str] = []
    aliases: list[str] = []
    lowercase_text = text == text.lower()

    def take(m: re.Match[str]) -> str:
        name = m["name"]
        if not lowercase_text and not name[:1].isupper():
            return m[0]  # "born in Mariupol": a marker followed by an ordinary word
        maiden.extend(split_hyphen(display(name)))
        return " , "

    text = _MAIDEN_BEFORE.sub(take, text)
    text = _MAIDEN_AFTER.sub(take, text)
    text = _BRACKETED.sub(lambda m: _bracketed(m, maiden, aliases), text)
    return text, tuple(maiden), tuple(aliases)


def _bracketed(m: re.Match[str], maiden: list[str], aliases: list[str]) -> str:
    name = m["name"]
    if is_patronymic(name):
        return m[0]
    parts = split_surname(name)
    if is_given_name(name) and not (parts and parts.cls):
        aliases.append(display(name))  # Оксана (Ксюша): another given name
    else:
        maiden.extend(split_hyphen(display(name)))  # Щербакова (Иванова): the earlier name
    return " "


def _read(text: str, request: bool = True) -> _Reading:
    """Tokens of the name: request words dropped, cut at the first digit, comma form found."""
    segments: list[list[tuple[str, str]]] = [[]]
    lowercase_text = text == text.lower()
    for m in _TOKEN.finditer(text):
        if m["digit"]:
            if any(segment for segment in segments):
                break  # a date or an address follows the name
            continue
        if m["sep"]:
            segments.append([])
            continue
        word, letters = _word(m["word"])
        if not letters:
            continue
        if len(letters) == 1 or (m["dot"] and len(letters) == 2 and word[1:].islower()):
            if word[0].isupper() or lowercase_text:
                segments[-1].append(("initial", word[0].upper() + word[1:].lower()))
            continue
        segments[-1].append(("word", word))
    reading = _Reading()
    segments = [s for s in segments if s]
    while segments and request:
        items = segments[0]
        while items and _is_filler(items, reading):
            items.pop(0)
        if items:
            break
        segments.pop(0)
    if not segments:
        return reading
    first = segments[0]
    if len(segments) > 1 and _comma_form(first, segments[1]):
        reading.comma_family = [t for _, t in first]
        first = segments[1]
    rest = segments[2:] if reading.comma_family else segments[1:]
    for segment in rest:  # "Щербакова Оксана, Владимировна": a stray comma inside the name
        if not all(k == "initial" or is_patronymic(t) or is_given_name(t) for k, t in segment):
            break
        first = first + segment
    reading.items = first
    return reading


def _is_filler(items: list[tuple[str, str]], reading: _Reading) -> bool:
    kind, word = items[0]
    low = word.lower()
    if kind == "initial":  # "I am looking for …", but "A. Ivanov"
        return low in ("i", "a") and len(items) > 1 and items[1][1].lower() in _FILLER
    if low in _ACCUSATIVE:
        reading.case = "accs"
    elif low in _GENITIVE:
        reading.case = "gent"
    return low in _ACCUSATIVE or low in _GENITIVE or low in _FILLER


def _comma_form(first: list[tuple[str, str]], second: list[tuple[str, str]]) -> bool:
    """True for "Family, Given …": no given name before the comma, one right after it."""
    words = [t for k, t in first if k == "word"]
    if not words or len(words) != len(first) or len(words) > 2:
        return False
    if any(is_given_name(w) or is_patronymic(w) for w in words):
        return False
    kind, text = second[0]
    return kind == "initial" or is_given_name(text)


def _assign(reading: _Reading) -> tuple[list[Word], list[str], Order, set[int]]:
    """Words (nominative), initials, order, and the indexes of the family-name words."""
    raw = [(k, t) for k, t in reading.items]
    for i in range(len(raw) - 1, 0, -1):  # "Гусейн оглы" is one patronymic
        if (
            raw[i][0] == "word"
            and raw[i][1].lower() in TURKIC_PARTICLES
            and raw[i - 1][0] == "word"
        ):
            raw[i - 1 : i + 1] = [("word", f"{display(raw[i - 1][1])} {raw[i][1].lower()}")]
    words = [Word(t) for k, t in raw if k == "word"]
    initials = [t for k, t in raw if k == "initial"]
    if reading.comma_family:
        fam_words = [Word(t, surname=True) for t in reading.comma_family]
        analyse(fam_words + words, reading.case, first_is_surname=True)
        return fam_words + words, initials, "family_first", set(range(len(fam_words)))
    analyse(words, reading.case)
    order, family_at = order_of(words, tuple(k for k, _ in raw))
    return words, initials, order, family_at


def _assign_by_shape(
    reading: _Reading,
) -> tuple[list[Word], list[str], Order, set[int]] | None:
    """`_assign` for the common name (no comma form, no request words, no declined
    patronymic, no "оглы"): the decision depends only on what each word may be, so it is
    made once per shape of name and reused. None when the name needs the general path."""
    if reading.comma_family or reading.case is not None:
        return None
    kinds = tuple(k for k, _ in reading.items)
    texts = [t for k, t in reading.items if k == "word"]
    if any(t.lower() in TURKIC_PARTICLES for t in texts[1:]):
        return None
    facts = [word_facts(t) for t in texts]
    if any(i > 0 and f.patronymic and f.declined for i, f in enumerate(facts)):
        return None  # a declined patronymic puts the name in a case: the general path
    shape: tuple[Shape, ...] = tuple(
        (i > 0 and f.patronymic, f.given, f.surname, t.isupper() and len(t) > 1, f.cyrillic, None)
        for i, (t, f) in enumerate(zip(texts, facts, strict=True))
    )
    decided = decide(kinds, shape)
    if decided is None:  # a tie a dictionary settles: ask it about these words, once each
        from corridor.names.morphology import tagged_as_surname

        shape = tuple(
            (*w[:5], tagged_as_surname(t.lower())) for w, t in zip(shape, texts, strict=True)
        )
        decided = decide(kinds, shape)
    if decided is None:
        return None
    order, family_at, patronymic = decided
    words = [
        Word(display(f.patronymic_nominative if w[0] else f.text), patronymic=p)
        for f, w, p in zip(facts, shape, patronymic, strict=True)
    ]
    return words, [t for k, t in reading.items if k == "initial"], order, set(family_at)


@lru_cache(maxsize=65_536)
def _word(raw: str) -> tuple[str, str]:
    """A word as read (look-alikes repaired, only letters and joiners) and its bare letters."""
    word = _letters_only(repair_lookalikes(raw))
    return word, _NOT_WORD.sub("", word)


@lru_cache(maxsize=65_536)
def _letters_only(word: str) -> str:
    """Drop what \\w lets through but is no letter (¹, stray combining marks) from a word."""
    kept = "".join(ch for ch in word if ch.isalpha() or ch in "'’ʼ`-‐‑")
    return re.sub(r"(?<=['’ʼ`\-‐‑])['’ʼ`\-‐‑]+", "", kept).strip("'’ʼ`-‐‑")
