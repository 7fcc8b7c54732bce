"""Given names: forms, diminutives and spellings to canonical ids, and names kept apart."""

from __future__ import annotations

import csv
import subprocess
import sys
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.names.given import given_name_forms, given_name_ids, given_name_sex, is_given_name
from tests.names.test_skeleton import GIVEN_NAMES_CSV, spellings


@cache
def table() -> dict[str, dict[str, tuple[str, ...]]]:
    """id -> column -> forms, read straight from the CSV."""
    with GIVEN_NAMES_CSV.open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {
            row["id"]: {
                column: tuple(v for v in row[column].split("|") if v)
                for column in ("sex", "russian", "ukrainian", "latin", "diminutives")
            }
            for row in rows
        }


@pytest.mark.parametrize(
    ("token", "ids"),
    [
        # Russian, Ukrainian, Latin forms of one name
        ("Александр", {"aleksandr"}),
        ("Олександр", {"aleksandr"}),
        ("Alexander", {"aleksandr"}),
        ("Alexandre", {"aleksandr"}),
        ("Aleksandr", {"aleksandr"}),
        ("Oleksandr", {"aleksandr"}),
        ("Сашко", {"aleksandr"}),
        ("Николай", {"nikolay"}),
        ("Микола", {"nikolay"}),
        ("Коля", {"nikolay"}),
        ("Nikolai", {"nikolay"}),
        ("Mykola", {"nikolay"}),
        ("Nicolas", {"nikolay"}),
        ("Анна", {"anna"}),
        ("Ганна", {"anna"}),
        ("Аня", {"anna"}),
        ("Hanna", {"anna"}),
        ("Anna", {"anna"}),
        ("Евгений", {"evgeniy"}),
        ("Євген", {"evgeniy"}),
        ("Yevhen", {"evgeniy"}),
        ("Eugene", {"evgeniy"}),
        ("Юрий", {"yuriy"}),
        ("Юрій", {"yuriy"}),
        ("Юра", {"yuriy"}),
        ("Yuriy", {"yuriy"}),
        ("Iurii", {"yuriy"}),
        ("Jurij", {"yuriy"}),
        ("Youri", {"yuriy"}),
        ("Дмитрий", {"dmitriy"}),
        ("Дмитро", {"dmitriy"}),
        ("Дима", {"dmitriy"}),
        ("Михаил", {"mikhail"}),
        ("Михайло", {"mikhail"}),
        ("Миша", {"mikhail"}),
        ("Michael", {"mikhail"}),
        ("Сергей", {"sergey"}),
        ("Сергій", {"sergey"}),
        ("Serhii", {"sergey"}),
        ("Алексей", {"aleksey"}),
        ("Олексій", {"aleksey"}),
        ("Лёша", {"aleksey"}),
        ("Ольга", {"olga"}),
        ("Оля", {"olga"}),
        ("Olha", {"olga"}),
        ("Olga", {"olga"}),
        ("Елена", {"elena"}),
        ("Олена", {"elena"}),
        ("Лена", {"elena"}),
        ("Helen", {"elena"}),
        ("Алёна", {"alena"}),  # a name of its own, not Елена
        ("Alena", {"alena"}),
        ("Наталья", {"natalya"}),
        ("Наталія", {"natalya"}),
        ("Наташа", {"natalya"}),
        ("Татьяна", {"tatyana"}),
        ("Тетяна", {"tatyana"}),
        ("Таня", {"tatyana"}),
        ("Екатерина", {"ekaterina"}),
        ("Катерина", {"ekaterina"}),
        ("Катя", {"ekaterina"}),
        ("Мария", {"mariya"}),
        ("Марія", {"mariya"}),
        ("Маша", {"mariya"}),
        ("Людмила", {"lyudmila"}),
        ("Люда", {"lyudmila"}),
        ("Галина", {"galina"}),
        ("Галя", {"galina"}),
        ("Владимир", {"vladimir"}),
        ("Володимир", {"vladimir"}),
        ("Вова", {"vladimir"}),
        ("Володя", {"vladimir"}),
        ("Пётр", {"petr"}),
        ("Петро", {"petr"}),
        ("Петя", {"petr"}),
        ("Иван", {"ivan"}),
        ("Іван", {"ivan"}),
        ("Ваня", {"ivan"}),
        ("Григорий", {"grigoriy"}),
        ("Григорій", {"grigoriy"}),
        ("Гриша", {"grigoriy"}),
        ("Hryhoriy", {"grigoriy"}),
        ("Фёдор", {"fedor"}),
        ("Федір", {"fedor"}),
        ("Fyodor", {"fedor"}),
        ("Павел", {"pavel"}),
        ("Павло", {"pavel"}),
        ("Андрей", {"andrey"}),
        ("Андрій", {"andrey"}),
        ("Виктор", {"viktor"}),
        ("Віктор", {"viktor"}),
        ("Victor", {"viktor"}),
        ("Василий", {"vasiliy"}),
        ("Василь", {"vasiliy"}),
        ("Анатолий", {"anatoliy"}),
        ("Анатолій", {"anatoliy"}),
        ("Геннадий", {"gennadiy"}),
        ("Гена", {"gennadiy"}),
        ("Валерий", {"valeriy"}),
        ("Валерій", {"valeriy"}),
        ("Тамара", {"tamara"}),
        ("Раиса", {"raisa"}),
        ("Раїса", {"raisa"}),
        ("Зинаида", {"zinaida"}),
        ("Зінаїда", {"zinaida"}),
        ("Любовь", {"lyubov"}),
        ("Любов", {"lyubov"}),
        ("Liubov", {"lyubov"}),
        ("Надежда", {"nadezhda"}),
        ("Надія", {"nadezhda"}),
        ("Надя", {"nadezhda"}),
        ("Вера", {"vera"}),
        ("Віра", {"vera"}),
        ("Светлана", {"svetlana"}),
        ("Світлана", {"svetlana"}),
        ("Света", {"svetlana"}),
        ("Ирина", {"irina"}),
        ("Ірина", {"irina"}),
        ("Ира", {"irina"}),
        ("Iryna", {"irina"}),
        # a diminutive of two names, or of a man's and a woman's
        ("Ксюша", {"kseniya", "oksana"}),
        ("Саша", {"aleksandr", "aleksandra"}),
        ("Sasha", {"aleksandr", "aleksandra"}),
        ("Шура", {"aleksandr", "aleksandra"}),
        ("Женя", {"evgeniy", "evgeniya"}),
        ("Zhenya", {"evgeniy", "evgeniya"}),
        ("Валя", {"valentin", "valentina", "alevtina"}),
        # standards the skeleton cannot fold still find the name: their spellings are indexed
        ("Mixail", {"mikhail"}),  # GOST 7.79-B
        ("Michail", {"mikhail"}),  # German
        ("Sinaida", {"zinaida"}),  # German
        ("Sachar", {"zakhar"}),
        # any case, apostrophe or accent
        ("ОЛЕКСАНДР", {"aleksandr"}),
        ("В'ячеслав", {"vyacheslav"}),
        ("Вячеслав", {"vyacheslav"}),
        ("Hélène", {"elena"}),
    ],
)
def test_forms_and_spellings(token: str, ids: set[str]) -> None:
    assert given_name_ids(token) == ids


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Оксана", "Ксения"),  # distinct names; only Ксюша stands for both
        ("Иван", "Иванна"),
        ("Александр", "Александра"),
        ("Евгений", "Евгения"),
        ("Валентин", "Валентина"),
        ("Ян", "Яна"),
        ("Яна", "Анна"),
        ("Жанна", "Женя"),  # one skeleton, told apart by their vowels
        ("Алина", "Алёна"),
        ("Валерия", "Валера"),
        ("Диана", "Даня"),
        ("Юлия", "Юлиан"),
        ("Елена", "Алёна"),
    ],
)
def test_different_names_share_no_id(one: str, other: str) -> None:
    assert given_name_ids(one)
    assert given_name_ids(other)
    assert not given_name_ids(one) & given_name_ids(other)


@pytest.mark.parametrize(
    "token",
    ["Сергеев", "Щербакова", "Оксану", "Андрія", "Ivanov", "Shcherbakova", "", "  ", "1961", "Х"],
)
def test_not_given_names(token: str) -> None:
    # Declined forms stay unknown: the declension rules turn them back into one first.
    assert given_name_ids(token) == frozenset()
    assert not is_given_name(token)


def test_sex() -> None:
    assert given_name_sex("aleksandr") == "M"
    assert given_name_sex("aleksandra") == "F"
    assert given_name_sex("nikita") == "M"  # a man's name in -а
    assert given_name_sex("no-such-name") is None
    assert {given_name_sex(i) for i in given_name_ids("Саша")} == {"M", "F"}


def test_forms_of_an_id() -> None:
    forms = given_name_forms("anna")
    assert forms[0] == "Анна"
    assert "Ганна" in forms
    assert "Hanna" in forms
    assert given_name_forms("no-such-name") == ()


def test_the_table_is_large_and_well_formed() -> None:
    rows = table()
    assert len(rows) >= 150
    assert {r["sex"] for r in rows.values()} == {("M",), ("F",)}
    assert all(r["russian"] or r["ukrainian"] for r in rows.values())
    assert all(i.isascii() and i.islower() for i in rows)


def test_every_table_form_finds_its_name() -> None:
    missing = [
        (name_id, form)
        for name_id, row in table().items()
        for column in ("russian", "ukrainian", "latin", "diminutives")
        for form in row[column]
        if name_id not in given_name_ids(form)
    ]
    assert missing == []


def test_every_standard_spelling_of_every_table_form_finds_its_name() -> None:
    missing = [
        (name_id, name, form, spelling)
        for name_id, row in table().items()
        for lang, columns in (
            ("ru", ("russian", "diminutives")),
            ("uk", ("ukrainian", "diminutives")),
        )
        for column in columns
        for form in row[column]
        if any("\u0400" <= c <= "\u04ff" for c in form)
        for name, spelling in spellings(form, lang)
        if name_id not in given_name_ids(spelling)
    ]
    assert missing == []


def test_the_table_loads_on_first_use_not_on_import() -> None:
    code = (
        "import sys, corridor.names.given as g; "
        "print(g._table.cache_info().currsize, 'iuliia' in sys.modules, 'django' in sys.modules)"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["0", "False", "False"]


@settings(deadline=None)
@given(st.text())
def test_any_text_gives_known_ids(text: str) -> None:
    ids = given_name_ids(text)
    assert isinstance(ids, frozenset)
    assert all(given_name_sex(i) in ("M", "F") for i in ids)
    assert is_given_name(text) == bool(ids)
