"""Family-name keys with gender and grammatical case folded, in Cyrillic (ru/uk) or Latin.

One family's name appears as Щербаков, Щербакова, Щербаковой, Щербакову, Shcherbakova,
Schtscherbakowa, Ščerbakova. ``surname_key`` gives all of them one key in two steps:

1. Cut the token into stem + class + tail. Each rule is written once for Cyrillic and once
   for the common Latin spellings of the same ending, so transliterating then folding gives
   the same stem as folding then transliterating:

   - ``ov``  -ов/-ев/-ёв/-єв and Galician -ів (Максимів, gen. Максимова) = -ov/-ow/-off/-ev/
     -ew/-eff/-iv/-iw (Ivanov, Iwanow, Smirnoff, Maksymiv)
   - ``in``  -ин/-ын/-ін/-їн  = -in/-yn (Pushkin, Kalyna, Pouchkine)
   - ``sk``  -ск-/-ськ-       = -sk- (Zelensky, Zelenskyi, Zielinski, Sadovskaya)
   - ``tsk`` -цк-/-цьк-/-тск- = -tsk-/-tzk-/-tck-/-ck-/-zk- (Trotsky, Trotzki, Trockij, Potocki):
     ц has too many Latin spellings to stay in the stem.

   The glide before -ev/-ov/-in belongs to the class, not the stem, because standards disagree
   on it: Sergeev = Sergeyev, Vasilyev = Vasiliev = Vasil'ev, Solovyov = Solowjow = Соловьёв.
   The tail is any gender or case ending: a case ending (-ого, -ому, -ым, -ом, -ою, -ові ...)
   or a run of vowels and glides (-а, -ой, -ая, -ий, -yi, -aya ...).
2. Key = ``skeleton(stem)`` + "+class", so Иванов, Иванин, Иванский and Иван stay four names
   (Щербакова → "S_rb_k+ov"); the mark is outside the skeleton's alphabet, so a class
   difference costs two or more edits, never one.

Any other name (no class) loses its tail the same way: Толстой/Толстая/Tolstoy/Tolstaya,
Білий/Біла/Bilyi/Bila, Шевченко/Шевченка/Шевченком/Shevchenko, Коваль/Коваля/Koval. Ukrainian
-енко/-ук/-юк/-чук/-ич names are not gendered, so only their case forms fold.

Known limits, each where two readings cannot be told apart and the nominative wins:
the genitive of a -цько noun (Стецька) folds with Стецький, not Стецько; the dative -ові of
a -ов name (Іванові) is read as a noun's dative (like Мельникові); a fleeting vowel
(Кравець/Кравця) does not fold; adjectival -овий names (Шовковий/Шовкова) get two keys; the
instrumental -ым/-им of a classless name (Толстым) is left alone, as Карим and Черных are
nominatives.

The key does not use pymorphy on purpose: stored keys must not change with the dictionary
version, nor differ between a process that has loaded it and one that has not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from corridor.names.scripts import fold_token, is_ukrainian, strip_vowel_accents
from corridor.names.skeleton import skeleton

Sex = Literal["M", "F"]

# Case endings with a consonant. After a class suffix all of them; after any other stem only
# those no nominative ends in: Карим, Максим, Черных, Рерих are nominatives (and Latin -ym is
# Russian -ым or Ukrainian -им, so the two must go together).
_CYR_CASE = "ого|его|ому|ему|ом|ем|ою|ею|ую|юю|ові|еві"
_LAT_CASE = "ogo|oho|ego|eho|omu|emu|om|em|oyu|oiu|oju|eyu|eiu|eju|uyu|uju|uiu|ovi|evi"
_CYR_CLASS_CASE = f"{_CYR_CASE}|ыми|ых|ым|ими|их|им|ім"
_LAT_CLASS_CASE = f"{_LAT_CASE}|ymi|ykh|ym|imi|ikh|im"
_CYR_VOWELS = "аоуеыиіїяюєэьйъ"
_LAT_VOWELS = "aeiouyj"
_CYR_TAIL = f"(?P<tail>{_CYR_CLASS_CASE}|[{_CYR_VOWELS}]*)"
_LAT_TAIL = f"(?P<tail>{_LAT_CLASS_CASE}|[{_LAT_VOWELS}]*)"

# Class rules, tried in order; the stem is the shortest prefix that lets the rest match.
_CYR_CLASSES = (
    ("sk", re.compile(rf"^(?P<stem>.{{2,}}?)(?:(?P<ts>т?ць?к|тсь?к)|сь?к){_CYR_TAIL}$")),
    ("ov", re.compile(rf"^(?P<stem>.{{2,}}?)[ьйиі]?(?:ов|ев|єв|ів|їв){_CYR_TAIL}$")),
    ("in", re.compile(rf"^(?P<stem>.{{2,}}?)[ьйиі]?(?:ин|ын|ін|їн){_CYR_TAIL}$")),
)
_LAT_CLASSES = (
    ("sk", re.compile(rf"^(?P<stem>.{{2,}}?)(?:(?P<ts>t?(?:ts|tz|tc|c|z)k)|sk){_LAT_TAIL}$")),
    (
        "ov",
        re.compile(rf"^(?P<stem>.{{2,}}?)[iyj]{{0,2}}(?:off|ov|ow|eff|ev|ew|iv|iw){_LAT_TAIL}$"),
    ),
    ("in", re.compile(rf"^(?P<stem>.{{2,}}?)[iyj]?(?:in|yn){_LAT_TAIL}$")),
)
_CYR_BARE = re.compile(
    rf"^(?P<stem>.{{2,}}?[^{_CYR_VOWELS}])(?P<tail>{_CYR_CASE})$"
    rf"|^(?P<stem2>.{{2,}}?)(?P<tail2>[{_CYR_VOWELS}]+)$"
)
_LAT_BARE = re.compile(
    rf"^(?P<stem>.{{2,}}?[^{_LAT_VOWELS}])(?P<tail>{_LAT_CASE})$"
    rf"|^(?P<stem2>.{{2,}}?)(?P<tail2>[{_LAT_VOWELS}]+)$"
)
_NOT_ADJECTIVAL = {"", "о", "o", "е", "e"}
# Tails a dative of a consonant noun shares with a -ов name: read as the noun (see above).
_NOUN_DATIVE = {"і", "i"}

# Nominative tails that give the sex away (a hint: -ова is also a masculine genitive).
_FEMALE_TAILS = {"а", "a"}
_FEMALE_CASE_TAILS = {"ой", "ою", "ої", "ій", "oy", "oi", "oj", "oyu", "oiu", "oju"}
_ADJ_FEMALE = {"ая", "яя", "aya", "aja", "aia"}
_ADJ_MALE = {"ий", "ый", "ой", "ій", "iy", "yi", "yy", "ij", "ii", "yj", "oy", "oi", "oj"}
_SK_MALE = {"y", "i"}


# Endings of family names that are not gendered: Шевченко, Ивасюк, Петросян, Гелашвили.
_SURNAME_ENDINGS = (
    *("енко", "enko", "ук", "юк", "uk", "yuk", "ян", "yan", "дзе", "dze", "швили", "shvili"),
)


@dataclass(frozen=True)
class SurnameParts:
    """A surname token cut into stem, class (ov, in, sk, tsk or empty) and tail."""

    stem: str
    cls: str
    tail: str
    cyrillic: bool


@lru_cache(maxsize=65_536)
def split_surname(token: str) -> SurnameParts | None:
    """Cut one folded surname word into stem, class and tail; None when it has no letters."""
    word = fold_token(token)
    if not any(ch.isalpha() for ch in word):
        return None
    cyrillic = _is_cyrillic_letter(next(ch for ch in reversed(word) if ch.isalpha()))
    if not cyrillic:
        word = strip_vowel_accents(word)
    for cls, pattern in _CYR_CLASSES if cyrillic else _LAT_CLASSES:
        m = pattern.match(word)
        if m and not (cls == "ov" and m["tail"] in _NOUN_DATIVE):
            if cls == "sk" and m["tail"] in _NOT_ADJECTIVAL:
                continue  # -ский names have an adjective's ending: Omsk, Стецько are not such
            if cls == "sk" and m["ts"]:
                cls = "tsk"
            return SurnameParts(m["stem"], cls, m["tail"], cyrillic)
    m = (_CYR_BARE if cyrillic else _LAT_BARE).match(word)
    if m:
        stem, tail = (m["stem"], m["tail"]) if m["stem"] else (m["stem2"], m["tail2"])
        return SurnameParts(stem, "", tail, cyrillic)
    return SurnameParts(word, "", "", cyrillic)


def surname_key(token: str) -> str:
    """One key for every gender, case and script form of a family name ("" if no letters)."""
    keys = []
    for part in re.split(r"[\s\-‐‑–—]+", token):
        parts = split_surname(part)
        if parts is None:
            continue
        stem = parts.stem.rstrip("ьъ")
        keys.append(skeleton(stem) + (f"+{parts.cls}" if parts.cls else ""))
    return "-".join(k for k in keys if k)


@lru_cache(maxsize=65_536)
def surname_sex_hint(token: str) -> Sex | None:
    """M or F when a nominative family name's ending shows the sex, else None."""
    parts = split_surname(re.split(r"[\s\-]+", token.strip())[-1])
    if parts is None:
        return None
    if parts.cls in ("ov", "in"):
        if parts.tail == "":
            return "M"
        return "F" if parts.tail in _FEMALE_TAILS | _FEMALE_CASE_TAILS else None
    if parts.tail in _ADJ_FEMALE or (parts.cls and parts.tail in _FEMALE_TAILS):
        return "F"
    if parts.tail in _ADJ_MALE or (parts.cls and parts.tail in _SK_MALE):
        return "M"
    # Ukrainian Біла, Чорна: a feminine adjective looks like any noun in -а.
    return None


@lru_cache(maxsize=65_536)
def looks_like_surname(token: str) -> bool:
    """True when a word has a family name's ending (-ов, -ин, -ский, -енко, -юк, -ян, -дзе)."""
    last = re.split(r"[\s\-]+", token.strip())[-1]
    parts = split_surname(last)
    if parts is None:
        return False
    if parts.cls or surname_sex_hint(last) is not None:
        return True
    return strip_vowel_accents(fold_token(last)).endswith(_SURNAME_ENDINGS)


@lru_cache(maxsize=65_536)
def surname_nominative(token: str, sex: Sex | None = None, accusative: bool = False) -> str:
    """The nominative of a declined Cyrillic family name (Щербаковой → Щербакова); Latin unchanged."""
    parts = split_surname(token)
    if parts is None or not parts.cyrillic or not parts.tail:
        return token
    head = token[: len(token) - len(parts.tail)]
    if parts.cls in ("ov", "in"):
        if sex is None:
            sex = _sex_from_tail(parts.tail, accusative)
        if sex is None:
            return token
        return head if sex == "M" else head + ("А" if head.isupper() else "а")
    uk = is_ukrainian(token) or "ьк" in token.lower()
    if parts.cls in ("sk", "tsk"):
        if sex is None and parts.tail in ("ая", "ую", "ою", "ої", "а", "у"):
            sex = "F"
        elif sex is None and parts.tail in ("ого", "ому", "ым", "им", "ім", "ом"):
            sex = "M"
        if sex == "F":
            return head + ("а" if uk else "ая")
        if sex == "M" and parts.tail != "ой":
            return head + "ий"
        return token
    return _bare_nominative(token, parts, sex, uk)


def _bare_nominative(token: str, parts: SurnameParts, sex: Sex | None, uk: bool) -> str:
    from corridor.names.morphology import surname_lemma

    lemma = surname_lemma(token, sex=sex, ukrainian=uk)
    if lemma:
        return lemma
    head = token[: len(token) - len(parts.tail)]
    tail = parts.tail
    if tail in ("ого", "ому") and sex != "F":
        return head + ("ий" if uk or head[-1:] in "гкхжшчщ" else "ый")
    if tail in ("ую", "ої", "ою") and sex != "M":
        return head + ("а" if uk else "ая")
    if sex != "M":
        return token
    if head.lower().endswith("енк"):
        return head + "о"
    if tail in ("а", "у", "ом", "ові", "е"):
        return head
    if tail in ("я", "ю", "ем", "еві"):
        return head + ("й" if head[-1:].lower() in _CYR_VOWELS else "ь")
    return token


def _sex_from_tail(tail: str, accusative: bool) -> Sex | None:
    if tail in ("ой", "ою", "ої", "ій"):
        return "F"
    if tail in ("ым", "им", "ім", "ом", "е"):
        return "M"
    if accusative and tail in ("у", "а"):
        # After ищу/шукаю a woman is Щербакову and a man Щербакова.
        return "F" if tail == "у" else "M"
    return None


def _is_cyrillic_letter(ch: str) -> bool:
    return "\u0400" <= ch <= "\u052f"
