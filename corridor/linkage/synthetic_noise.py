"""How people mistype, transliterate and decline names: the synthetic benchmark's noise.

Transliteration uses the standards' own implementations (iuliia for Russian, translitua for
Ukrainian) plus a German-style table and two informal habits (Sch/H/ia, Tz/J/x) that
relatives typing on a Latin keyboard follow. Typos are neighbouring keys on ЙЦУКЕН and
QWERTY, OCR confusions of scanned forms, and dropped, doubled or swapped letters.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import iuliia
import translitua

# --- transliteration -------------------------------------------------------------------

_GERMAN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b w g d e jo sh s i j k l m n o p r s t u f ch z tsch sch schtsch _ y _ e ju ja".split(),
        strict=True,
    )
)


def _german(text: str) -> str:
    """Russian Cyrillic the way a German form spells it (Щербакова → Schtscherbakowa)."""
    out = []
    low = text.lower()
    for i, c in enumerate(low):
        piece = _GERMAN.get(c, c).replace("_", "")
        if c == "е" and (i == 0 or low[i - 1] in "аеёиоуыэюяьъ"):
            piece = "je"
        if (
            c == "с"
            and 0 < i < len(low) - 1
            and low[i - 1] in "аеиоуыэюя"
            and low[i + 1] in "аеиоуыэюя"
        ):
            piece = "ss"
        out.append(piece.capitalize() if text[i].isupper() else piece)
    return "".join(out)


_INFORMAL_A = (("shch", "sch"), ("kh", "h"), ("yu", "iu"), ("ya", "ia"), ("iy$", "y"), ("'", ""))
_INFORMAL_B = (("shch", "sh"), ("zh", "j"), ("ts", "tz"), ("kh", "h"), ("ks", "x"), ("yo", "e"),
               ("iy$", "ii"), ("y$", "i"), ("'", ""))  # fmt: skip


def _informal(
    base: Callable[[str], str], rules: tuple[tuple[str, str], ...]
) -> Callable[[str], str]:
    def apply(text: str) -> str:
        out = base(text)
        for pattern, repl in rules:
            out = re.sub(pattern, repl, out, flags=re.IGNORECASE)
        return out[:1].upper() + out[1:] if out[:1].islower() and text[:1].isupper() else out

    return apply


def _ua(table: Any) -> Callable[[str], str]:
    return lambda text: translitua.translit(text, table)


# name -> (function, weight) for Russian forms and for Ukrainian forms
RU_SCHEMAS: dict[str, tuple[Callable[[str], str], float]] = {
    "icao": (iuliia.ICAO_DOC_9303.translate, 0.24),
    "wikipedia": (iuliia.WIKIPEDIA.translate, 0.14),
    "bgn_pcgn": (iuliia.BGN_PCGN.translate, 0.07),
    "gost_7.79b": (iuliia.GOST_779_ALT.translate, 0.04),
    "iso_9": (iuliia.GOST_779.translate, 0.03),
    "scholarly": (iuliia.SCIENTIFIC.translate, 0.04),
    "french": (iuliia.MVD_310_FR.translate, 0.05),
    "german": (_german, 0.07),
    "telegram": (iuliia.TELEGRAM.translate, 0.04),
    "mvd_782": (iuliia.MVD_782.translate, 0.04),
    "informal_sch": (_informal(iuliia.WIKIPEDIA.translate, _INFORMAL_A), 0.14),
    "informal_tz": (_informal(iuliia.WIKIPEDIA.translate, _INFORMAL_B), 0.10),
}
UK_SCHEMAS: dict[str, tuple[Callable[[str], str], float]] = {
    "kmu_2010": (_ua(translitua.UkrainianKMU), 0.34),
    "passport_2007": (_ua(translitua.UkrainianPassport2007), 0.10),
    "passport_2004": (_ua(translitua.UkrainianPassport2004Alt), 0.05),
    "bgn_pcgn_uk": (_ua(translitua.UkrainianBGN), 0.08),
    "iso_9_uk": (_ua(translitua.UkrainianISO9), 0.03),
    "scholarly_uk": (_ua(translitua.UkrainianWWS), 0.04),
    "german_uk": (_ua(translitua.UkrainianGerman), 0.06),
    "french_uk": (_ua(translitua.UkrainianFrench), 0.06),
    "national_1996": (_ua(translitua.UkrainianNational1996), 0.05),
    "simple_uk": (_ua(translitua.UkrainianSimple), 0.07),
    "informal_uk": (_informal(_ua(translitua.UkrainianKMU), _INFORMAL_A), 0.12),
}


@lru_cache(maxsize=500_000)
def romanise(token: str, schema: str) -> str:
    """One Cyrillic token in the named standard (RU_SCHEMAS or UK_SCHEMAS)."""
    fn = RU_SCHEMAS[schema][0] if schema in RU_SCHEMAS else UK_SCHEMAS[schema][0]
    # iuliia's BGN/PCGN, ISO 9 and scholarly tables leave ё as is; the standards write ë
    out = fn(token).replace("ё", "ë").replace("Ё", "Ë")
    return out[:1].upper() + out[1:] if token[:1].isupper() else out


# --- typos -------------------------------------------------------------------------------

_ROWS = ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю", "qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours() -> dict[str, str]:
    near: dict[str, str] = {}
    for block in (_ROWS[:3], _ROWS[3:]):
        for r, row in enumerate(block):
            for i, c in enumerate(row):
                keys = row[max(i - 1, 0) : i] + row[i + 1 : i + 2]
                for other in (r - 1, r + 1):
                    if 0 <= other < len(block):
                        keys += block[other][max(i - 1, 0) : i + 1]
                near[c] = keys
    return near


NEIGHBOURS = _neighbours()
OCR = (("ш", "щ"), ("щ", "ш"), ("и", "н"), ("н", "и"), ("п", "н"), ("л", "п"), ("б", "6"),
       ("з", "3"), ("о", "0"), ("ц", "щ"), ("ь", "ъ"), ("т", "г"), ("е", "ё"), ("ю", "к"),
       ("m", "rn"), ("rn", "m"), ("l", "1"), ("I", "l"), ("O", "0"), ("cl", "d"), ("h", "li"),
       ("u", "v"), ("e", "c"), ("i", "l"))  # fmt: skip


def keyboard_typo(text: str, r: random.Random) -> str:
    """One letter replaced by a neighbouring key of the same layout."""
    spots = [i for i, c in enumerate(text) if c.lower() in NEIGHBOURS]
    if not spots:
        return text
    i = r.choice(spots)
    sub = r.choice(NEIGHBOURS[text[i].lower()])
    return text[:i] + (sub.upper() if text[i].isupper() else sub) + text[i + 1 :]


def ocr_typo(text: str, r: random.Random) -> str:
    """One confusion a text recogniser makes on a scanned form (ш/щ, и/н, rn/m)."""
    options = [(a, b) for a, b in OCR if a in text]
    if not options:
        return edit_typo(text, r)
    a, b = r.choice(options)
    starts = [m.start() for m in re.finditer(re.escape(a), text)]
    i = r.choice(starts)
    return text[:i] + b + text[i + len(a) :]


def edit_typo(text: str, r: random.Random) -> str:
    """A dropped, doubled or swapped letter (never the first one)."""
    if len(text) < 4:
        return text
    i = r.randrange(1, len(text) - 1)
    kind = r.random()
    if kind < 0.4:
        return text[:i] + text[i + 1 :]
    if kind < 0.7:
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


# --- declension (accusative, after "ищу" / "шукаю") ----------------------------------

_RU_GIVEN_ACC = {"Павел": "Павла", "Пётр": "Петра", "Петр": "Петра", "Лев": "Льва"}
_UK_GIVEN_ACC = {"Федір": "Федора", "Яків": "Якова", "Лев": "Лева"}
FRAMES = {"ru": ("ищу", "разыскиваю", "прошу найти", "помогите найти"),
          "uk": ("шукаю", "розшукую", "допоможіть знайти")}  # fmt: skip


def _acc_feminine(word: str, lang: str) -> str:
    if word.endswith(("ская", "цкая", "ая")):
        return word[:-2] + "ую"
    if word.endswith("а"):
        return word[:-1] + "у"
    if word.endswith("я"):
        return word[:-1] + "ю"
    return word  # Шевченко, Мельник, Любовь


def _acc_masculine(word: str, part: str, lang: str) -> str:
    if part == "given":
        table = _RU_GIVEN_ACC if lang == "ru" else _UK_GIVEN_ACC
        if word in table:
            return table[word]
    if part == "family" and lang == "ru" and word.endswith("ко"):
        return word  # Russian leaves Шевченко undeclined, Ukrainian does not
    if word.endswith(("ский", "цкий", "ський", "цький", "ой", "ий")) and part == "family":
        return word[:-2] + "ого"
    if word.endswith(("й", "ь")):
        return word[:-1] + "я"
    if word.endswith("о"):
        return word[:-1] + "а"
    if word.endswith("а"):
        return word[:-1] + "у"
    if word.endswith("я"):
        return word[:-1] + "ю"
    return word + "а"


def accusative(word: str, part: str, sex: int, lang: str) -> str:
    """A name part in the accusative ("ищу Щербакову Оксану Владимировну")."""
    if not word or word.endswith("."):
        return word
    return _acc_feminine(word, lang) if sex == 1 else _acc_masculine(word, part, lang)


# --- dates and ages as typed ---------------------------------------------------------------

RU_MONTHS = ("января февраля марта апреля мая июня июля августа сентября октября ноября "
             "декабря").split()  # fmt: skip
EN_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def approx_age_text(age: int, style: int) -> str:
    """An approximate age as a relative writes it ("около 60 лет", "близько 61 року", "~60")."""
    one = age % 10 == 1 and age % 100 != 11
    if style == 0:
        return f"около {age} {'года' if one else 'лет'}"
    if style == 1:
        return f"близько {age} {'року' if one else 'років'}"
    if style == 2:
        return f"about {age}"
    return f"~{age} y.o."


def full_date_text(y: int, m: int, d: int, style: int) -> str:
    """A full date in one of the formats seen on forms and in requests."""
    if style == 0:
        return f"{d:02d}.{m:02d}.{y}"
    if style == 1:
        return f"{d}.{m}.{y}"
    if style == 2:
        return f"{y}-{m:02d}-{d:02d}"
    if style == 3:
        return f"{d:02d}/{m:02d}/{y}"
    if style == 4:
        return f"{d} {RU_MONTHS[m - 1]} {y}"
    return f"{d} {EN_MONTHS[m - 1]} {y}"
