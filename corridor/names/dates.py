"""Dates of birth as lists and relatives write them: partial, approximate, ambiguous, in ru/uk/en.

A parse keeps what the text says and nothing more (``DateOfBirth``); ``compare_dob`` turns two
of them into one comparison level for the linkage engine. Conventions, decided once:

- Dotted dates are day-first (``03.07.1961`` is 3 July): that is the ru/uk convention, so no
  swapped reading is added; a clerk's day/month swap is caught by the ``exact_swapped`` level.
  Slashed and dashed dates (``07/03/1961``) keep both readings, because forms filled abroad
  write them month-first; slashes list the month-first reading first (that is where they come
  from here), dashes the day-first one. A reading that cannot be a date is dropped.
- ``yyyy-mm-dd``, ``yyyy/mm/dd`` and ``yyyy.mm.dd`` are year-month-day; nobody writes y-d-m.
- Two-digit years take the latest century that does not put the birth after the reference
  date: with reference 2025, ``61`` is 1961 and ``24`` is 2024. A centenarian written with two
  digits is misread as a child; rare, and the comparison level makes it visible.
- A bare two-digit number is a year (``61``, and ``61?`` a doubtful one); a number is an age
  only with an age word (``60 лет``, ``61 год``, ``age 60``, ``60 years old``) or an
  approximation word (``about 60``, ``около 60``, ``~60``), never with г.р./р.н.
- Age A on reference date R means birth in (R - (A+1) years, R - A years]; the year range
  follows exactly. Approximation (``~``, около, приблизно, ca., about) widens the year range by
  ``APPROX_YEARS`` on each side, never past the reference year.
- Years before ``MIN_YEAR`` and dates after the reference date are not dates of birth.
- Anything else — free text, a phone number, five-digit spreadsheet serials — is precision
  ``"none"``. Spreadsheet serials go through ``from_excel_serial`` only when the caller knows
  the column came from a spreadsheet: a stray number must not become somebody's birthday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

__all__ = [
    "APPROX_YEARS",
    "LEVELS",
    "MIN_YEAR",
    "DateOfBirth",
    "compare_dob",
    "dob_year_block",
    "from_excel_serial",
    "parse_dob",
]

Precision = Literal["day", "month", "year", "range", "none"]
YMD = tuple[int, int | None, int | None]

MIN_YEAR = 1850
APPROX_YEARS = 2  # "about 60" from a neighbour is often off by a year or two, rarely more

LEVELS = (
    "exact",  # the same full date (under some reading of an ambiguous one)
    "exact_swapped",  # the same full date with day and month exchanged on one side
    "same_year_month",  # same year and month; days differ or one side has none
    "same_year",  # same year; months differ or one side has none
    "within_1y",  # stated years one apart
    "within_3y",  # stated years two or three apart
    "approx_overlap",  # an approximate date, age or range on a side, and the ranges overlap
    "unknown",  # nothing usable on one side or both
    "different",  # everything else
)
_RANK = {level: i for i, level in enumerate(LEVELS)}


@dataclass(frozen=True, slots=True)
class DateOfBirth:
    """What a source says about a date of birth: its possible readings and year bounds."""

    candidates: tuple[YMD, ...] = ()  # (year, month | None, day | None), most likely first
    year_min: int | None = None
    year_max: int | None = None
    precision: Precision = "none"
    approximate: bool = False

    @property
    def known(self) -> bool:
        """Whether the text said anything usable."""
        return self.precision != "none"

    def admits(self, day: date) -> bool:
        """Whether a real date agrees with everything this value says."""
        if not self.known:
            return True
        assert self.year_min is not None and self.year_max is not None
        if not self.year_min <= day.year <= self.year_max:
            return False
        if self.approximate or not self.candidates:
            return True
        return any(
            y == day.year and m in (None, day.month) and d in (None, day.day)
            for y, m, d in self.candidates
        )


UNKNOWN = DateOfBirth()


def _today() -> date:
    return datetime.now(UTC).date()


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _valid(y: int, m: int | None, d: int | None, ref: date) -> bool:
    if not MIN_YEAR <= y <= ref.year:
        return False
    if m is None:
        return True
    if not 1 <= m <= 12:
        return False
    if d is not None and not 1 <= d <= _days_in_month(y, m):
        return False
    return (y, m, d or 0) <= (ref.year, ref.month, ref.day)


def _point(cands: list[YMD], approx: bool, ref: date) -> DateOfBirth:
    kept = tuple(dict.fromkeys(c for c in cands if _valid(*c, ref)))
    if not kept:
        return UNKNOWN
    _, m, d = kept[0]
    precision: Precision = "day" if d is not None else "month" if m is not None else "year"
    years = [c[0] for c in kept]
    widen = APPROX_YEARS if approx else 0
    lo, hi = max(min(years) - widen, MIN_YEAR), min(max(years) + widen, ref.year)
    return DateOfBirth(kept, lo, hi, precision, approx)


def _span(lo: int, hi: int, approx: bool, ref: date) -> DateOfBirth:
    widen = APPROX_YEARS if approx else 0
    lo, hi = max(lo - widen, MIN_YEAR), min(hi + widen, ref.year)
    if lo > hi:
        return UNKNOWN
    return DateOfBirth((), lo, hi, "range", approx)


def _year(digits: str, ref: date, month: int | None = None, day: int | None = None) -> int | None:
    if len(digits) == 4:
        return int(digits)
    if len(digits) == 2:
        year = ref.year // 100 * 100 + int(digits)
        after = (year, month or 0, day or 0) > (ref.year, ref.month, ref.day)
        return year - 100 if after else year
    return None


def _minus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def _from_ages(youngest: int, oldest: int, approx: bool, ref: date) -> DateOfBirth:
    if youngest > oldest or oldest > ref.year - MIN_YEAR:
        return UNKNOWN
    latest = _minus_years(ref, youngest)
    earliest = _minus_years(ref, oldest + 1) + timedelta(days=1)
    return _span(earliest.year, latest.year, approx, ref)


# --- fast paths: the two shapes most lists use ---------------------------------------------

_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DOTTED = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4}|[0-9]{2})")


def _fast(text: str, ref: date) -> DateOfBirth | None:
    if m := _ISO.fullmatch(text):
        return _point([(int(m[1]), int(m[2]), int(m[3]))], False, ref)
    if (m := _DOTTED.fullmatch(text)) and (year := _year(m[3], ref, int(m[2]), int(m[1]))):
        return _point([(year, int(m[2]), int(m[1]))], False, ref)
    return None


# --- the general parser: words and numbers ---------------------------------------------------

_MONTH_STEMS = (
    (1, ("январ", "січ", "january")),
    (2, ("феврал", "лют", "february")),
    (3, ("март", "берез", "march")),
    (4, ("апрел", "квіт", "april")),
    (5, ("май", "мая", "мае", "трав", "may")),
    (6, ("июн", "черв", "june")),
    (7, ("июл", "лип", "july")),
    (8, ("август", "серп", "august")),
    (9, ("сентябр", "верес", "september")),
    (10, ("октябр", "жовт", "october")),
    (11, ("ноябр", "листопад", "november")),
    (12, ("декабр", "груд", "december")),
)
_ROMAN = {r: i for i, r in enumerate("i ii iii iv v vi vii viii ix x xi xii".split(), 1)}
_APPROX_WORDS = frozenset(
    "около ок примерно приблизительно ориентировочно прибл приблиз приблизно близько біля "
    "орієнтовно circa ca c approx approximately about around roughly est estimated".split()
)
_AGE_WORDS = frozenset(
    "лет год года рік роки років years year yrs yr old yo age aged возраст возрасте "
    "вік віком віці".split()
)
# "61 г.р." and "61 года рождения" are years, never ages
_YEAR_WORDS = frozenset(
    "г гг гр р рр рн н рождения рожд род народження народж нар born b dob году року".split()
)
_DECADE_WORDS = frozenset("s е х ые ых ті тих".split())  # 1950s, 1950-е, 1950-х, 1950-ті
_FILLER = frozenset(
    "годы годов st nd rd th of the го дата date birth between and or to from in в у и или "
    "между с по от до і та або між від з".split()
)
_TIME = re.compile(r"[ t][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:z|[+-][0-9:]{2,5})?$")
_TOKEN = re.compile(r"[0-9]+|[^\W\d_]+")
_DOTTED_WORDS = (
    (re.compile(r"\bd\.\s*o\.\s*b\.?"), " dob "),
    (re.compile(r"\by\.\s*o\.?"), " yo "),
)
_NUMERIC = (
    (re.compile(r"([0-9]{4})\s*([-./ ])\s*([0-9]{1,2})\s*\2\s*([0-9]{1,2})"), "ymd"),
    (re.compile(r"([0-9]{1,2})\s*([-./ ])\s*([0-9]{1,2})\s*\2\s*([0-9]{4}|[0-9]{2})"), "dmy"),
    (re.compile(r"([0-9]{4})\s*([-./ ])\s*([0-9]{1,2})"), "ym"),
    (re.compile(r"([0-9]{1,2})\s*([-./ ])\s*([0-9]{4})"), "my"),
)


def _month(word: str) -> int | None:
    if word in _ROMAN:
        return _ROMAN[word]
    for month, stems in _MONTH_STEMS:
        for stem in stems:
            # an inflected form ("июля", "липня") or an abbreviation ("сент", "jul")
            if word.startswith(stem) or (len(word) >= 3 and stem.startswith(word)):
                return month
    return None


def _numeric(core: str, approx: bool, ref: date) -> DateOfBirth:
    if core.isdigit() and core.isascii():
        if len(core) == 8:  # 19610703 or 03071961
            if MIN_YEAR <= int(core[:4]) <= ref.year:
                return _point([(int(core[:4]), int(core[4:6]), int(core[6:]))], approx, ref)
            return _point([(int(core[4:]), int(core[2:4]), int(core[:2]))], approx, ref)
        year = _year(core, ref)
        return UNKNOWN if year is None else _point([(year, None, None)], approx, ref)
    for pattern, shape in _NUMERIC:
        m = pattern.fullmatch(core)
        if m is None:
            continue
        a, sep, b = m[1], m[2], m[3]
        if shape == "ymd":
            return _point([(int(a), int(b), int(m[4]))], approx, ref)
        if shape == "ym":
            return _point([(int(a), int(b), None)], approx, ref)
        if shape == "my":
            return _point([(int(b), int(a), None)], approx, ref)
        year = _year(m[4], ref, int(b), int(a))
        if year is None:
            return UNKNOWN
        day_first: YMD = (year, int(b), int(a))
        month_first: YMD = (year, int(a), int(b))
        if sep in ". ":
            return _point([day_first], approx, ref)
        # slashes come mostly from forms filled abroad (month first); dashes from ru/uk clerks
        pair = [month_first, day_first] if sep == "/" else [day_first, month_first]
        return _point(pair, approx, ref)
    return UNKNOWN


def _with_month(seq: list[str | int], approx: bool, ref: date) -> DateOfBirth:
    shape = "".join("m" if isinstance(t, int) else "n" for t in seq)
    nums = [t for t in seq if isinstance(t, str)]
    month = next(t for t in seq if isinstance(t, int))
    if shape in ("mn", "nm") and len(nums[0]) == 4:
        return _point([(int(nums[0]), month, None)], approx, ref)
    if shape in ("nmn", "mnn"):
        day, year_digits = nums if shape == "mnn" or len(nums[0]) < 4 else nums[::-1]
        year = _year(year_digits, ref, month, int(day[:2]))
        if year is not None and len(day) <= 2:
            return _point([(year, month, int(day))], approx, ref)
    return UNKNOWN


def _slow(text: str, ref: date) -> DateOfBirth:
    s = _TIME.sub("", text.lower().replace("ё", "е"))
    for pattern, word in _DOTTED_WORDS:
        s = pattern.sub(word, s)
    # "~60" and "около 60" are ages; "61?" is a doubtful year, so "?" only approximates
    approx_word = any(ch in s for ch in "~≈±")
    unsure = "?" in s
    seq: list[str | int] = []  # digits, or a month number
    age = year_word = decade = False
    previous = ""
    for token in _TOKEN.findall(s):
        if token.isdigit():
            if not token.isascii() or len(token) > 8:
                return UNKNOWN
            seq.append(token)
        elif token in _APPROX_WORDS:
            approx_word = True
        elif token in _DECADE_WORDS and previous.isdigit():
            decade = True
        elif token in _AGE_WORDS:
            age = True
        elif token in _YEAR_WORDS:
            year_word = True
        elif token not in _FILLER:
            month = _month(token)
            if month is None:
                return UNKNOWN  # words we do not understand: not a date we can vouch for
            seq.append(month)
        previous = token
    approx = approx_word or unsure
    nums = [t for t in seq if isinstance(t, str)]
    if not nums:
        return UNKNOWN
    if len(nums) != len(seq):
        return _with_month(seq, approx, ref) if len(seq) - len(nums) == 1 else UNKNOWN
    if decade:
        if len(nums) != 1 or not nums[0].endswith("0") or (start := _year(nums[0], ref)) is None:
            return UNKNOWN
        return _span(start, start + 9, approx, ref)
    short = all(len(n) <= 3 for n in nums) and len(nums) <= 2
    if short and not year_word and (age or approx_word):
        ages = sorted(int(n) for n in nums)
        return _from_ages(ages[0], ages[-1], approx, ref)
    if len(nums) == 2 and all(len(n) == 4 for n in nums):
        lo, hi = sorted(int(n) for n in nums)
        return _span(lo, hi, approx, ref) if lo >= MIN_YEAR and hi <= ref.year else UNKNOWN
    start = min(s.find(n) for n in nums)
    end = max(s.rfind(n) + len(n) for n in nums)
    return _numeric(s[start:end], approx, ref)


def parse_dob(text: str | None, reference: date | None = None) -> DateOfBirth:
    """Parse a date of birth as written; never raises, ``precision == "none"`` when unusable."""
    if not isinstance(text, str):
        return UNKNOWN
    ref = reference or _today()
    text = text.strip()
    return _fast(text, ref) or _slow(text, ref)


def from_excel_serial(
    serial: float, *, date1904: bool = False, reference: date | None = None
) -> DateOfBirth:
    """A spreadsheet day number (1900 or 1904 system) as a full date of birth."""
    ref = reference or _today()
    if not isinstance(serial, int | float) or not 0 < serial < 2_958_466:  # NaN fails too
        return UNKNOWN
    days = int(serial)
    if date1904:
        day = date(1904, 1, 1) + timedelta(days=days)
    elif days == 60:  # 29 February 1900, which Lotus 1-2-3 invented and Excel kept
        return UNKNOWN
    else:
        day = date(1899, 12, 31 if days < 60 else 30) + timedelta(days=days)
    return _point([(day.year, day.month, day.day)], False, ref)


def _is_point(dob: DateOfBirth) -> bool:
    return not dob.approximate and dob.precision in ("day", "month", "year")


def _pair_level(a: YMD, b: YMD) -> str:
    (y1, m1, d1), (y2, m2, d2) = a, b
    if y1 == y2:
        if d1 is not None and d2 is not None:
            if (m1, d1) == (m2, d2):
                return "exact"
            if (m1, d1) == (d2, m2):
                return "exact_swapped"
        if m1 is not None and m1 == m2:
            return "same_year_month"
        return "same_year"
    gap = abs(y1 - y2)
    return "within_1y" if gap == 1 else "within_3y" if gap <= 3 else "different"


def compare_dob(a: DateOfBirth, b: DateOfBirth) -> str:
    """The strongest agreement level (see ``LEVELS``) between two dates of birth; symmetric."""
    if not a.known or not b.known:
        return "unknown"
    if _is_point(a) and _is_point(b):
        levels = (_pair_level(x, y) for x in a.candidates for y in b.candidates)
        return min(levels, key=_RANK.__getitem__)
    assert a.year_min is not None and a.year_max is not None
    assert b.year_min is not None and b.year_max is not None
    if a.year_min <= b.year_max and b.year_min <= a.year_max:
        return "approx_overlap"
    return "different"


def dob_year_block(dob: DateOfBirth) -> int | None:
    """The stated year of birth, for blocking; None for ages, decades, ranges and unknowns."""
    if not dob.candidates:
        return None
    years = {c[0] for c in dob.candidates}
    return years.pop() if len(years) == 1 else None
