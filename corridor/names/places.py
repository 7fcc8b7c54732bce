"""Settlement names in Russian, Ukrainian and any Latin spelling reduced to one comparable key.

``Гончаровка``, ``с. Гончарівка (Суджанський р-н)`` and ``Goncharovka village, Kursk oblast``
all give one key. The steps, and why:

1. Split the text at commas, parentheses, slashes and semicolons. Drop each region marker
   (``обл.``, ``р-н``, ``район``, ``district``, ``oblast``, ``сельсовет``…) with the word
   naming the region, and country names. The settlement is the first part that had a
   settlement type (``с.``, ``смт``, ``village``…), else the first part that is not a street.
2. Strip settlement types at the start (``с.``, ``c.`` typed with a Latin c, ``пгт``, ``х.``,
   ``г.``, ``м.``, ``д.``, ``selo``…) and English ones at the end (``village``, ``town``).
3. Per word, roots that the two languages spell differently in more than vowel quality take
   one form (``_ROOTS``: Микол-/Никол-, Олекс-/Алекс-, Ганн-/Анн-, Пилип-/Филип-,
   Костянтин-/Константин-, Катерин-/Екатерин-, and the translated adjectives Велик-/Больш-,
   Серед-/Сред-).
4. Each word goes through the names' phonetic skeleton (corridor.names.skeleton), which keeps
   consonant classes and the count of vowel groups but not vowel quality. That folds the
   Ukrainian і for Russian о/е (Гончаровка/Гончарівка), the endings -ово/-ове, -ево/-еве,
   -ое/-е, -ье/-я, -ино/-ине, -ский/-ський, and the adjectives that differ only in vowels
   (Малый/Малий, Новый/Новий, Старый/Старий, Верхний/Верхній, Нижний/Нижній, Казачья/Козача,
   Русское/Руське, Черкасское/Черкаське), as well as the transliteration standards.
5. The key is the skeletons sorted and joined by spaces, so word order does not matter.

The key is opaque ASCII and deliberately coarse: names that differ only in vowel quality
(Борки/Бурки) share a key, the price of folding what the languages and the standards disagree
on. ``""`` means no settlement was named.
"""

from __future__ import annotations

import re
import unicodedata

from corridor.names.skeleton import skeleton

__all__ = ["address_key", "place_key", "place_tokens"]

_SETTLEMENT_TYPES = frozenset(
    "с c s село selo смт пгт pgt smt рп пос п p pos посёлок поселок posyolok poselok селище "
    "selyshche selishche х kh хутор khutor г город gorod м місто misto д дер деревня derevnya "
    "village vil town city settlement ст станица stanitsa сл".split()  # not Слобода: a name
)
_TRAILING_TYPES = frozenset("village vil town city settlement selo khutor".split())
_REGION_MARKERS = frozenset(
    "обл область области області oblast oblasti obl region reg район района районе районі "
    "району raion rayon raiona rayona district distr dist округ округа okrug край края krai "
    "kray сельсовет сільрада ss sr municipality".split()
)
_COUNTRIES = frozenset("россия рф russia украина україна ukraine federation".split())
_STREETS = frozenset(
    "ул улица вул вулиця пер переулок провулок пр просп проспект street st str ave avenue "
    "дом буд будинок кв house apt".split()
)
# Roots whose Russian and Ukrainian (or translated) forms differ in more than vowel quality,
# which the skeleton cannot fold: a consonant (Микол-/Никол-), the first vowel, which the
# skeleton keeps (Олекс-/Алекс-), or a vowel group (Серед-/Сред-). Latin spellings map to a
# Latin form, Cyrillic to Cyrillic, so the skeleton never sees a word in two scripts.
_ROOTS = (
    ("костянтин", "константин"),
    ("kostiantyn", "konstantin"),
    ("kostyantyn", "konstantin"),
    ("олександр", "александр"),
    ("oleksandr", "aleksandr"),
    ("олекс", "алекс"),
    ("oleks", "aleks"),
    ("катерин", "екатерин"),
    ("kateryn", "ekaterin"),
    ("микол", "никол"),
    ("mykol", "nikol"),
    ("mikol", "nikol"),
    ("ганн", "анн"),
    ("hann", "ann"),
    ("пилип", "филип"),
    ("pylyp", "filip"),
    ("больш", "велик"),  # Большое Солдатское is Велике Солдатське: translated, not spelled
    ("bolsh", "velyk"),
    ("серед", "сред"),
    ("sered", "sred"),
)
_SEGMENTS = re.compile(r"[,;()/\[\]\n]+")
_WORDS = re.compile(r"[^\W\d_]+")
_APOSTROPHES = re.compile(r"['’ʼ`´ʹʺ′″]")  # Дар'їне, Bol'shoye: one word, not two
_ABBREVIATIONS = (
    (re.compile(r"\bр-(?:н|на|не|ні|он)\b"), " район "),
    (re.compile(r"\b[сc]/[сcр]\b"), " ss "),
)
_ADJ_SUFFIX = re.compile(
    r"(?:ськ|ск|sk)(?:ий|ій|ая|ое|ого|ому|ой|ом|ої|а|е|iy|ii|yi|yy|ij|y|aya|aia|oye|oe|a|e|ogo|oho)?$"
)


def _plain(word: str) -> str:
    # one base letter per letter (ȳ → y, ї → і), so a root's length is the same in both
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _fold(word: str) -> str:
    plain = _plain(word)
    for root, canonical in _ROOTS:
        if plain.startswith(root):
            return skeleton(canonical + word[len(root) :])
    return skeleton(word)


def _region_root(word: str) -> str:
    # "Суджанский район" and "Sudzha district" name the same town: drop -ский/-sk and the
    # -ан- that joins it (Суджа-н-ский); "Курская"/"Kursk" both lose -sk.
    stem = _ADJ_SUFFIX.sub("", word)
    if stem != word and len(stem) > 3 and stem[-1] in "нn" and stem[-2] in "аяaи":
        stem = stem[:-1]
    return _fold(stem or word)


def _split(text: str) -> tuple[list[str], list[str]]:
    """Settlement words and region words of a place as written."""
    # NFC keeps accented letters whole (ŝ is щ in ISO 9) for the skeleton to read; marks left
    # over join nothing (the tie in ALA-LC's Sudz͡ha) and would split a word in two
    text = unicodedata.normalize("NFC", text.lower())
    text = "".join(c for c in _APOSTROPHES.sub("", text) if not unicodedata.combining(c))
    for pattern, replacement in _ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    settlement: list[str] | None = None
    fallback: list[str] | None = None
    regions: list[str] = []
    for segment in _SEGMENTS.split(text):
        words = [w for w in _WORDS.findall(segment) if w not in _COUNTRIES]
        keep = [True] * len(words)
        for i, w in enumerate(words):
            if w in _REGION_MARKERS:
                keep[i] = False
                j = i - 1 if i > 0 else i + 1
                if j < len(words) and words[j] not in _REGION_MARKERS and keep[j]:
                    keep[j] = False
                    regions.append(words[j])
        words = [w for w, k in zip(words, keep, strict=True) if k]
        typed = False
        while words and words[0] in _SETTLEMENT_TYPES:
            words, typed = words[1:], True
        while words and words[-1] in _TRAILING_TYPES:
            words, typed = words[:-1], True
        words = [w for w in words if len(w) > 1]  # house letters, stray initials
        if not words or words[0] in _STREETS:
            continue
        if typed and settlement is None:
            settlement = words
        elif fallback is None:
            fallback = words
        else:
            regions.extend(words)
    chosen = settlement or fallback or []
    if settlement and fallback:
        regions = fallback + regions
    return chosen, regions


def place_key(text: str | None) -> str:
    """One key per settlement whatever the language, spelling, type prefix or region added."""
    if not isinstance(text, str):
        return ""
    words, _ = _split(text)
    return " ".join(sorted(k for k in (_fold(w) for w in words) if k))


def place_tokens(text: str | None) -> tuple[str, ...]:
    """Folded words of a place, settlement first, then the regions it names (for partial matches)."""
    if not isinstance(text, str):
        return ()
    words, regions = _split(text)
    tokens = [_fold(w) for w in words] + [_region_root(w) for w in regions]
    return tuple(dict.fromkeys(t for t in tokens if t))


_ADDRESS_RUNS = re.compile(r"\d+|[^\W\d_]+")


def address_key(text: str | None) -> str:
    """One key for a street address line whatever its script, spacing or vowel typos.

    Spaces and punctuation are dropped first (a typist's moved or lost space changes
    nothing: ``verbrugghens treet``, ``Verbrugghen Street``), then each run of letters
    goes through the names' skeleton and each run of digits is kept as it is.
    """
    if not isinstance(text, str):
        return ""
    compact = "".join(c for c in unicodedata.normalize("NFKC", text).lower() if c.isalnum())
    return "".join(r if r.isdigit() else skeleton(r) for r in _ADDRESS_RUNS.findall(compact))
