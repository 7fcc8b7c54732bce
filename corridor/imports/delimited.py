"""CSV and TSV as field offices save them: the encoding and the delimiter found from the bytes.

Encodings, decided in this order:

1. A byte-order mark: UTF-8, UTF-16 or UTF-32, and the text must then decode strictly.
2. UTF-16 without a mark, when every other byte is 0x00 or 0x04 (Latin or Cyrillic).
3. Strict UTF-8.
4. Text that is mostly well-formed UTF-8 but broken somewhere (two files glued together, a
   truncated upload) is refused with code ``encoding`` and the byte offset and line: guessing
   a single-byte encoding for it would import mojibake. So is a cp1251 file in which UTF-8
   Cyrillic shows up as mojibake ("РІР°РЅ"): lines pasted in from another file.
5. Otherwise a single-byte encoding: cp1251 (Russian and Ukrainian Excel), KOI8-U (a superset
   of KOI8-R for letters), cp866 (DOS exports) or cp1252 (Western Excel). Each candidate
   decodes a sample and is scored by how much the result looks like ru/uk/en text: frequent
   Cyrillic letters score, rare ones and box-drawing symbols cost, and so do words whose case
   is inverted ("иВАНОВ" is cp1251 read as KOI8) or that mix Cyrillic and Latin letters.

The delimiter is the one of ``; , tab |`` that splits the first rows into the most consistent
number of fields (ties go to ``;``, the Russian and Ukrainian Excel default).
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from itertools import islice, pairwise

from corridor.imports.sheet_errors import SheetError

SINGLE_BYTE = ("cp1251", "koi8-u", "cp866", "cp1252")
DELIMITERS = (";", ",", "\t", "|")

_BOMS = (  # the mark, the name reported, the codec for what follows the mark
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_NON_ASCII_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*")
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE_BYTES = 64 * 1024
# UTF-8 Cyrillic read as cp1251: "Р°" is "а", "С‚" is "т"; no real text has these pairs
_UTF8_AS_CP1251 = re.compile("[РС][°µ¶·ёѕјЃ‚ЂЉЊЋЌЏђ‘’“”•–—™љњћќџ€‰†‡…„]")

# Letter frequencies (per cent) of Russian and Ukrainian lists taken together.
_FREQUENCY = {
    "о": 10.0, "е": 8.0, "а": 8.0, "и": 6.5, "н": 6.7, "т": 5.5, "с": 5.0, "р": 4.7,
    "в": 4.5, "л": 4.4, "к": 3.5, "м": 3.2, "д": 3.0, "п": 2.8, "у": 2.6, "і": 3.0,
    "я": 2.0, "ы": 1.5, "ь": 1.7, "г": 1.7, "з": 1.7, "б": 1.6, "ч": 1.4, "й": 1.2,
    "х": 1.0, "ж": 0.9, "ш": 0.7, "ю": 0.6, "ц": 0.5, "ї": 0.6, "є": 0.4, "щ": 0.4,
    "э": 0.3, "ф": 0.3, "ґ": 0.05, "ъ": 0.05, "ё": 0.05,
}  # fmt: skip
_LETTER_WEIGHT = {ch: max(math.log2(f), -3.0) for ch, f in _FREQUENCY.items()}
_HARMLESS = frozenset("«»№–—‘’‚“”„…•·°±§©®™€\u00a0\u2116")


def _char_weight(ch: str) -> float:
    if ch.isascii():
        return 0.0 if ch.isprintable() or ch in "\t\r\n" else -10.0
    low = ch.lower()
    if low in _LETTER_WEIGHT:
        return _LETTER_WEIGHT[low]
    if ch in _HARMLESS:
        return 0.0
    if ch.isalpha():
        # accented Latin letters are rare in these lists; other Cyrillic letters rarer still
        return -1.0 if "LATIN" in unicodedata.name(ch, "") else -3.0
    return -5.0  # box drawing, maths, control characters: what a wrong code page shows


def _plausibility(text: str) -> float:
    score = sum(_char_weight(ch) for ch in text)
    for word in _WORD.findall(text):
        if len(word) < 2:
            continue
        cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in word)
        if 0 < cyrillic < len(word):
            score -= 2 * len(word)
        if any(a.islower() and b.isupper() for a, b in pairwise(word)):
            score -= len(word)  # "иБЮМНБ": the case pattern of cp1251 read as KOI8 and back
    return score


def _sample(data: bytes) -> bytes:
    lines: list[bytes] = []
    size = 0
    for match in _NON_ASCII_LINE.finditer(data):
        lines.append(match.group())
        size += len(match.group())
        if size >= _SAMPLE_BYTES:
            break
    return b"\n".join(lines)


def _position(data: bytes, offset: int, codec: str, skip: int = 0) -> dict[str, int]:
    """Where a decoding error is: the byte offset in the file and the line it is on."""
    line = data[skip:offset].decode(codec, errors="replace").count("\n") + 1
    return {"offset": offset, "line": line}


def _strict(data: bytes, encoding: str, codec: str | None = None, skip: int = 0) -> str:
    codec = codec or encoding
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as error:
        where = _position(data, skip + error.start, codec, skip)
        raise SheetError("encoding", {"encoding": encoding, **where}) from None


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for high, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if (high.count(0) + high.count(4)) / len(high) > 0.9:
            return encoding
    return None


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with; raises ``SheetError``."""
    for bom, encoding, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, codec, len(bom)), encoding
    if encoding16 := _utf16_without_bom(data):
        return _strict(data, encoding16), encoding16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        first_bad = error.start
    sample = _sample(data)
    # mostly well-formed UTF-8 at the start: broken UTF-8 (a cp1251 part pasted in later
    # is caught below by its mojibake instead)
    non_ascii = len(_NON_ASCII.findall(sample))
    well_formed = sum(len(m) for m in _UTF8_SEQUENCE.findall(sample))
    if well_formed * 2 > non_ascii:
        raise SheetError("encoding", {"encoding": "utf-8", **_position(data, first_bad, "utf-8")})
    ranked = sorted(
        SINGLE_BYTE,
        key=lambda enc: -_plausibility(sample.decode(enc, errors="replace")),
    )
    for encoding in ranked:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        glued = _UTF8_AS_CP1251.finditer(text) if encoding == "cp1251" else iter(())
        # three such pairs or more: UTF-8 lines pasted into a cp1251 file
        if (first := next(glued, None)) and sum(1 for _ in islice(glued, 2)) == 2:
            where = _position(data, first.start(), encoding)
            raise SheetError("encoding", {"encoding": encoding, **where})
        return text, encoding
    return _strict(data, ranked[0]), ranked[0]  # raises with the offset


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first rows most consistently; ``,`` for one column."""
    head = text[:_SAMPLE_BYTES]
    if len(text) > len(head) and "\n" in head:
        head = head[: head.rfind("\n")]
    best: tuple[float, int, int] | None = None
    chosen = ","
    for preference, delimiter in enumerate(DELIMITERS):
        reader = csv.reader(io.StringIO(head), delimiter=delimiter)
        try:
            widths = [len(row) for row in islice(reader, 100) if any(c.strip() for c in row)]
        except csv.Error:
            continue
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        if width < 2:
            continue
        score = (count / len(widths), width, -preference)
        if best is None or score > best:
            best, chosen = score, delimiter
    return chosen


def parse(text: str, delimiter: str) -> Iterator[list[str]]:
    """The records of delimited text; a record's index (from 1) is its spreadsheet row."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as error:
        raise SheetError(
            "unreadable", {"reason": f"CSV error: {error}"}, row=reader.line_num
        ) from None
