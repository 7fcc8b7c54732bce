"""Which script a name token is written in, and the clean-up every name rule needs first.

Clerks type on two keyboard layouts, so a Cyrillic surname often carries a Latin `a` or `o`
(and the other way round); rules that look at endings must see one script per token.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

Script = Literal["cyrillic", "latin", "mixed", "empty"]

_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f\u1e00-\u1eff]")

# Letters that look alike on the two layouts. Latin `i` is Ukrainian `і`: Russian has no such
# letter, so a stray Latin `i` in Cyrillic text comes from a Ukrainian word.
_LOOKALIKES = "aа cс eе iі jј oо pр xх yу AА BВ CС EЕ HН IІ KК MМ OО PР TТ XХ"
_TO_CYRILLIC = str.maketrans({pair[0]: pair[1] for pair in _LOOKALIKES.split()})
_TO_LATIN = str.maketrans({pair[1]: pair[0] for pair in _LOOKALIKES.split()})

# Apostrophe-like marks: the Ukrainian apostrophe, the signs Latin standards use for ь/ъ, and
# the BGN/PCGN middle dot that tells т·с from ц.
APOSTROPHES = "'’ʼʹʺ″`´′‘\u02bb·"
_APOSTROPHE_RUN = re.compile(f'[{APOSTROPHES}"]+')


@lru_cache(maxsize=65_536)
def token_script(token: str) -> Script:
    """The script of one token: cyrillic, latin, mixed, or empty when it has no letters.

    Letters of any other script (Georgian, Arabic …) count as mixed: no rule of one script
    may be applied to them.
    """
    cyr = bool(_CYRILLIC.search(token))
    lat = bool(_LATIN.search(token))
    if cyr and lat:
        return "mixed"
    if cyr:
        return "cyrillic"
    if lat:
        return "latin"
    return "mixed" if any(ch.isalpha() for ch in token) else "empty"


def combined_script(tokens: list[str] | tuple[str, ...]) -> Script:
    """The script of several tokens together."""
    kinds = {token_script(t) for t in tokens} - {"empty"}
    if not kinds:
        return "empty"
    if len(kinds) == 1:
        return kinds.pop()
    return "mixed"


@lru_cache(maxsize=65_536)
def repair_lookalikes(token: str) -> str:
    """Rewrite look-alike letters of the minority script into the token's majority script."""
    cyr = len(_CYRILLIC.findall(token))
    lat = len(_LATIN.findall(token))
    if not cyr or not lat:
        return token
    return token.translate(_TO_CYRILLIC if cyr >= lat else _TO_LATIN)


@lru_cache(maxsize=65_536)
def fold_token(token: str) -> str:
    """Lower-case, NFC, look-alikes repaired, apostrophes and soft-sign marks removed, ё→е."""
    # ё first: iuliia's BGN table leaves a Cyrillic ё inside Latin output (Gorbachёv).
    text = unicodedata.normalize("NFC", token).strip().lower().replace("ё", "е")
    text = repair_lookalikes(text)
    return _APOSTROPHE_RUN.sub("", text)


@lru_cache(maxsize=65_536)
def strip_vowel_accents(token: str) -> str:
    """Drop accents from Latin vowels (Czech -ová, French -ïev) and ALA-LC tie bars; keep č, š."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", token):
        if unicodedata.combining(ch) and (ch in "\u0360\u0361" or (out and out[-1] in "aeiouy")):
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def is_ukrainian(token: str) -> bool:
    """True when a Cyrillic token has a letter only Ukrainian uses."""
    return any(ch in "іїєґІЇЄҐ" for ch in token)
