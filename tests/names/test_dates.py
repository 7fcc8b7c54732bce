"""Dates of birth: every accepted format, the conventions, the comparison levels, properties."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from corridor.names.dates import (
    APPROX_YEARS,
    LEVELS,
    MIN_YEAR,
    DateOfBirth,
    compare_dob,
    dob_year_block,
    from_excel_serial,
    parse_dob,
)

REF = date(2025, 6, 15)
JULY_3 = ((1961, 7, 3),)


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("1961-07-03", JULY_3),
        ("03.07.1961", JULY_3),
        ("3.7.1961", JULY_3),
        ("3.7.61", JULY_3),
        ("1961/07/03", JULY_3),
        ("1961.07.03", JULY_3),
        ("3 июля 1961", JULY_3),
        ("3-го июля 1961 года", JULY_3),
        ("3 липня 1961 р.", JULY_3),
        ("July 3, 1961", JULY_3),
        ("Jul 3rd 1961", JULY_3),
        ("3 Jul 1961", JULY_3),
        ("03-Jul-61", JULY_3),
        ("3.VII.1961", JULY_3),
        ("19610703", JULY_3),
        ("03071961", JULY_3),
        ("1961-07-03T00:00:00", JULY_3),
        ("03.07.1961 0:00:00", JULY_3),
        ("d.o.b. 03.07.1961", JULY_3),
        ("  03.07.1961 г.р. ", JULY_3),
        # slashes: both readings, month first; dashes: both, day first
        ("07/03/1961", ((1961, 7, 3), (1961, 3, 7))),
        ("03-07-1961", ((1961, 7, 3), (1961, 3, 7))),
        ("03/03/1961", ((1961, 3, 3),)),
        # a reading that is not a date is dropped
        ("13/07/1961", ((1961, 7, 13),)),
        ("07/13/1961", ((1961, 7, 13),)),
    ],
)
def test_full_dates(text, candidates):
    dob = parse_dob(text, REF)
    assert dob == DateOfBirth(candidates, 1961, 1961, "day", approximate=False)


@pytest.mark.parametrize(
    "text", ["1961-07", "07.1961", "07/1961", "июль 1961", "липень 1961", "July 1961", "сент. 1961"]
)
def test_month_and_year(text):
    month = 9 if text.startswith("сент") else 7
    assert parse_dob(text, REF) == DateOfBirth(((1961, month, None),), 1961, 1961, "month")


@pytest.mark.parametrize(
    "text",
    ["1961", "1961 г.р.", "1961 р.н.", "1961г.", "61 г.р.", "1961 года рождения", "в 1961 году"],
)
def test_year_only(text):
    assert parse_dob(text, REF) == DateOfBirth(((1961, None, None),), 1961, 1961, "year")


@pytest.mark.parametrize(
    "text",
    ["~1950", "около 1950", "приблизно 1950", "ca. 1950", "circa 1950", "≈1950", "1950?"],
)
def test_approximate_year_is_widened(text):
    dob = parse_dob(text, REF)
    assert dob == DateOfBirth(
        ((1950, None, None),), 1950 - APPROX_YEARS, 1950 + APPROX_YEARS, "year", approximate=True
    )


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("1950s", 1950, 1959),
        ("1950-е", 1950, 1959),
        ("1950-х годов", 1950, 1959),
        ("1950-ті", 1950, 1959),
        ("50-е", 1950, 1959),
        ("2020s", 2020, 2025),  # no birth after the reference date
        ("between 1955 and 1960", 1955, 1960),
        ("1955-1960", 1955, 1960),
        ("1960–1955", 1955, 1960),
        ("с 1955 по 1960", 1955, 1960),
        ("між 1955 і 1960", 1955, 1960),
    ],
)
def test_decades_and_ranges(text, lo, hi):
    assert parse_dob(text, REF) == DateOfBirth((), lo, hi, "range")


# On 15 June 2025 a 60-year-old was born between 16 June 1964 and 15 June 1965.
@pytest.mark.parametrize(
    ("text", "lo", "hi", "approximate"),
    [
        ("60 лет", 1964, 1965, False),
        ("60 років", 1964, 1965, False),
        ("60 years old", 1964, 1965, False),
        ("60 y.o.", 1964, 1965, False),
        ("age 60", 1964, 1965, False),
        ("возраст 60", 1964, 1965, False),
        ("вік 60", 1964, 1965, False),
        ("61 год", 1963, 1964, False),  # Russian says "61 год" for an age
        ("2 года", 2022, 2023, False),
        ("60-65 лет", 1959, 1965, False),
        ("около 60 лет", 1962, 1967, True),
        ("близько 60 років", 1962, 1967, True),
        ("about 60", 1962, 1967, True),
        ("приблизно 60", 1962, 1967, True),
        ("~60", 1962, 1967, True),
    ],
)
def test_ages(text, lo, hi, approximate):
    assert parse_dob(text, REF) == DateOfBirth((), lo, hi, "range", approximate)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("3.7.61", 1961),
        ("1.1.25", 2025),
        ("3.5.25", 2025),
        ("3.7.25", 1925),  # 3 July 2025 is after the reference date
        ("1.1.26", 1926),
        ("61", 1961),  # a bare number is a two-digit year, not an age
        ("24", 2024),
        ("61?", 1961),  # a doubtful year, not an age
    ],
)
def test_two_digit_years_never_land_after_the_reference(text, year):
    assert parse_dob(text, REF).candidates[0][0] == year


def test_reference_defaults_to_today():
    assert parse_dob("03.07.1961") == parse_dob("03.07.1961", REF)
    assert parse_dob("2 года").year_max == datetime.now(UTC).year - 2


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "unknown",
        "нет данных",
        "31.02.1961",
        "03.07.2061",
        "1700",
        "12 ул. Ленина",
        "0501234567",
        "22465",  # a spreadsheet serial is read only by from_excel_serial
        "200 лет",
        "07/13/61/1",
        "3 июля",
        "1955-1960-1965",
    ],
)
def test_unusable_is_none_not_an_error(text):
    dob = parse_dob(text, REF)
    assert dob == DateOfBirth()
    assert dob.precision == "none"
    assert not dob.known


def test_excel_serials():
    assert from_excel_serial(22465, reference=REF).candidates == JULY_3
    assert from_excel_serial(22465.75, reference=REF).candidates == JULY_3  # time of day
    assert from_excel_serial(21003, date1904=True, reference=REF).candidates == JULY_3
    assert from_excel_serial(1, reference=REF).candidates == ((1900, 1, 1),)
    assert from_excel_serial(61, reference=REF).candidates == ((1900, 3, 1),)
    assert not from_excel_serial(60, reference=REF).known  # Lotus's 29 February 1900
    assert not from_excel_serial(float("nan"), reference=REF).known
    assert not from_excel_serial(-5, reference=REF).known
    assert not from_excel_serial(99999, reference=REF).known  # after the reference date


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("03.07.1961", "1961-07-03", "exact"),
        ("03.07.1961", "07/03/1961", "exact"),
        ("03.07.1961", "07.03.1961", "exact_swapped"),
        ("03.07.1961", "15.07.1961", "same_year_month"),
        ("03.07.1961", "07.1961", "same_year_month"),
        ("03.07.1961", "1961", "same_year"),
        ("03.07.1961", "03.08.1961", "same_year"),
        ("1961", "1962", "within_1y"),
        ("03.07.1961", "1958", "within_3y"),
        ("1961", "1965", "different"),
        ("~1950", "1951", "approx_overlap"),
        ("около 60 лет", "1963", "approx_overlap"),
        ("1950s", "between 1958 and 1962", "approx_overlap"),
        ("1950s", "1962", "different"),
        ("~1950", "1960", "different"),
        ("", "1961", "unknown"),
        ("garbage", "garbage", "unknown"),
    ],
)
def test_comparison_levels(a, b, level):
    assert compare_dob(parse_dob(a, REF), parse_dob(b, REF)) == level
    assert compare_dob(parse_dob(b, REF), parse_dob(a, REF)) == level


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("03.07.1961", 1961),
        ("07/03/1961", 1961),
        ("1961", 1961),
        ("~1950", 1950),
        ("1950s", None),
        ("60 лет", None),
        ("", None),
    ],
)
def test_year_block(text, year):
    assert dob_year_block(parse_dob(text, REF)) == year


# --- properties ------------------------------------------------------------------------------

RU_GENITIVE = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
RU_NOMINATIVE = "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь"
UK_GENITIVE = (
    "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня"
)
EN = "January February March April May June July August September October November December"
UK_NOMINATIVE = (
    "січень лютий березень квітень травень червень липень серпень вересень жовтень листопад грудень"
)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def renderings(day: date) -> list[str]:
    """The same date of birth as the formats above would write it."""
    y, m, d = day.year, day.month, day.day
    month = m - 1
    age = _age(day, REF)
    return [
        day.isoformat(),
        f"{y}-{m:02d}",
        str(y),
        f"{d:02d}.{m:02d}.{y}",
        f"{d}.{m}.{y % 100:02d}",
        f"{m:02d}/{d:02d}/{y}",
        f"{d:02d}/{m:02d}/{y}",
        f"{d:02d}-{m:02d}-{y}",
        f"{y}/{m:02d}/{d:02d}",
        f"{d} {RU_GENITIVE.split()[month]} {y}",
        f"{d} {UK_GENITIVE.split()[month]} {y} р.",
        f"{EN.split()[month]} {d}, {y}",
        f"{d} {EN.split()[month][:3]} {y}",
        f"{RU_NOMINATIVE.split()[month]} {y}",
        f"{UK_NOMINATIVE.split()[month]} {y}",
        f"{y} г.р.",
        f"{y} р.н.",
        f"~{y}",
        f"около {y}",
        f"приблизно {y}",
        f"ca. {y}",
        f"{y // 10 * 10}s",
        f"{y // 10 * 10}-е",
        f"between {y - 3} and {y}",
        f"{age} лет",
        f"{age} years old",
        f"age {age}",
        f"около {age} лет",
        f"близько {age} років",
        f"about {age}",
    ]


# Two-digit years read back into the same century only for the last hundred years.
@given(st.dates(min_value=date(1926, 1, 1), max_value=REF))
def test_every_rendering_admits_the_date(day):
    for text in renderings(day):
        dob = parse_dob(text, REF)
        assert dob.known, text
        assert dob.admits(day), text


@given(st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=REF))
def test_full_renderings_hold_the_exact_date(day):
    exact = (day.year, day.month, day.day)
    for text in (day.isoformat(), day.strftime("%d.%m.%Y"), day.strftime("%m/%d/%Y")):
        assert exact in parse_dob(text, REF).candidates, text


@given(
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)),
    on=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
)
def test_an_age_admits_every_birth_date_that_gives_it(born, on):
    assume(born <= on)
    assert parse_dob(f"{_age(born, on)} лет", on).admits(born)


@pytest.mark.parametrize(
    "on",
    [date(2025, 6, 15), date(2025, 1, 1), date(2025, 12, 31), date(2024, 2, 29), date(2025, 3, 1)],
)
@pytest.mark.parametrize("age", [0, 1, 30, 60, 99])
def test_age_year_range_is_exact(on, age):
    # every birth date that gives this age on that day, by brute force
    born = (on - timedelta(days=n) for n in range(366 * (age + 2)))
    years = {b.year for b in born if _age(b, on) == age}
    dob = parse_dob(f"{age} years old", on)
    assert (dob.year_min, dob.year_max) == (min(years), max(years))
    about = parse_dob(f"about {age}", on)
    assert (about.year_min, about.year_max) == (
        min(years) - APPROX_YEARS,
        min(max(years) + APPROX_YEARS, on.year),
    )


FRAGMENTS = st.sampled_from(
    [
        *"0123456789./-: ~?",
        "1961",
        "61",
        "07",
        "13",
        "июля",
        "липня",
        "jul",
        "VII",
        "лет",
        "років",
        "years old",
        "около",
        "about",
        "s",
        "-е",
        "between",
        "and",
        "г.р.",
        "р.н.",
        "T00:00",
        "٣",
        "²",
        "9" * 60,
    ]
)
DOB_TEXT = st.one_of(st.text(), st.lists(FRAGMENTS, max_size=8).map("".join))


@given(DOB_TEXT)
def test_never_raises_and_stays_consistent(text):
    dob = parse_dob(text, REF)
    if not dob.known:
        assert dob == DateOfBirth()
        return
    assert dob.year_min is not None
    assert dob.year_max is not None
    assert MIN_YEAR <= dob.year_min <= dob.year_max <= REF.year
    for y, m, d in dob.candidates:
        if m is not None:
            assert date(y, m, d or 1) <= REF


@given(DOB_TEXT, DOB_TEXT)
def test_compare_is_symmetric(a, b):
    x, y = parse_dob(a, REF), parse_dob(b, REF)
    assert compare_dob(x, y) == compare_dob(y, x) in LEVELS
    if x.known:
        assert compare_dob(x, x) != "different"
