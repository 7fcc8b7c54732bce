"""Whole names into parts: both orders, initials, requests, declension, maiden names."""

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.names.parse import ParsedName, parse_name

P = ParsedName


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Щербакова Оксана Владимировна",
            P(("Щербакова",), ("Оксана",), "Владимировна", (), "family_first", "cyrillic"),
        ),
        (
            "Оксана Владимировна Щербакова",
            P(("Щербакова",), ("Оксана",), "Владимировна", (), "given_first", "cyrillic"),
        ),
        (
            "Щербакова Оксана Володимирівна",
            P(("Щербакова",), ("Оксана",), "Володимирівна", (), "family_first", "cyrillic"),
        ),
        (
            "Oksana Shcherbakova",
            P(("Shcherbakova",), ("Oksana",), None, (), "given_first", "latin"),
        ),
        (
            "SHCHERBAKOVA Oksana",
            P(("Shcherbakova",), ("Oksana",), None, (), "family_first", "latin"),
        ),
        (
            "Shcherbakova, Oksana",
            P(("Shcherbakova",), ("Oksana",), None, (), "family_first", "latin"),
        ),
        ("Щербакова О. В.", P(("Щербакова",), (), None, ("О", "В"), "family_first", "cyrillic")),
        ("О.В. Щербакова", P(("Щербакова",), (), None, ("О", "В"), "given_first", "cyrillic")),
        ("O. Shcherbakova", P(("Shcherbakova",), (), None, ("O",), "given_first", "latin")),
        (
            "Oksana V. Shcherbakova",
            P(("Shcherbakova",), ("Oksana",), None, ("V",), "given_first", "latin"),
        ),
        (
            "Щербакова Оксана В.",
            P(("Щербакова",), ("Оксана",), None, ("В",), "family_first", "cyrillic"),
        ),
        ("Ксюша", P((), ("Ксюша",), None, (), "unknown", "cyrillic")),
        ("Щербакова", P(("Щербакова",), (), None, (), "unknown", "cyrillic")),
        (
            "Римский-Корсаков Николай Андреевич",
            P(("Римский", "Корсаков"), ("Николай",), "Андреевич", (), "family_first", "cyrillic"),
        ),
        (
            "  щербакова   ОКСАНА ,  владимировна!! ",
            P(("Щербакова",), ("Оксана",), "Владимировна", (), "family_first", "cyrillic"),
        ),
        (
            "Oksana Щербакова",
            P(("Щербакова",), ("Oksana",), None, (), "given_first", "mixed"),
        ),
    ],
)
def test_orders_initials_and_scripts(text, expected):
    assert parse_name(text) == expected


@pytest.mark.parametrize(
    ("text", "family", "given", "patronymic"),
    [
        ("ищу Щербакову Оксану", ("Щербакова",), ("Оксана",), None),
        ("Ищу Щербакову Оксану Владимировну", ("Щербакова",), ("Оксана",), "Владимировна"),
        ("ищу Оксану Щербакову", ("Щербакова",), ("Оксана",), None),
        ("ищу Щербакова Ивана", ("Щербаков",), ("Иван",), None),  # a man: -ова is genitive
        ("разыскиваю Толстую Анну", ("Толстая",), ("Анна",), None),
        ("помогите найти маму, Щербакову Оксану", ("Щербакова",), ("Оксана",), None),
        ("шукаю Щербакову Оксану", ("Щербакова",), ("Оксана",), None),
        ("шукаю Шевченка Івана Петровича", ("Шевченко",), ("Іван",), "Петрович"),
        ("розшукую Зеленську Оксану Петрівну", ("Зеленська",), ("Оксана",), "Петрівна"),
        ("шукаю Андрія Ковальчука", ("Ковальчук",), ("Андрій",), None),
        ("ищу Ивасюк Оксану", ("Ивасюк",), ("Оксана",), None),  # women's -юк does not decline
        ("Щербаковой Оксаны Владимировны", ("Щербакова",), ("Оксана",), "Владимировна"),
        ("looking for Oksana Shcherbakova", ("Shcherbakova",), ("Oksana",), None),
        ("I am looking for my mother Oksana Shcherbakova", ("Shcherbakova",), ("Oksana",), None),
        ("ищу Иван Петров", ("Петров",), ("Иван",), None),  # undeclined request text
    ],
)
def test_requests_and_declined_forms(text, family, given, patronymic):
    parsed = parse_name(text)
    assert (parsed.family, parsed.given, parsed.patronymic) == (family, given, patronymic)


@pytest.mark.parametrize(
    ("text", "family", "maiden"),
    [
        ("Щербакова Оксана урожд. Иванова", ("Щербакова",), ("Иванова",)),
        ("Щербакова (урожденная Иванова) Оксана", ("Щербакова",), ("Иванова",)),
        ("Щербакова (Иванова) Оксана Владимировна", ("Щербакова",), ("Иванова",)),
        ("Щербакова Оксана, дев. Иванова", ("Щербакова",), ("Иванова",)),
        ("Щербакова Оксана, дівоче прізвище Іванова", ("Щербакова",), ("Іванова",)),
        ("Oksana Shcherbakova née Ivanova", ("Shcherbakova",), ("Ivanova",)),
        (
            "Oksana Shcherbakova (maiden name Ivanova-Petrova)",
            ("Shcherbakova",),
            ("Ivanova", "Petrova"),
        ),
        (
            "Oksana Shcherbakova, born 1961",
            ("Shcherbakova",),
            (),
        ),  # "born" with a year is not a name
    ],
)
def test_maiden_names(text, family, maiden):
    parsed = parse_name(text)
    assert (parsed.family, parsed.maiden) == (family, maiden)
    assert parsed.given[:1] in (("Оксана",), ("Oksana",))


def test_patronymic_shaped_surname_first_is_a_surname():
    for text in ("Абрамович Роман Аркадьевич", "Роман Аркадьевич Абрамович"):
        parsed = parse_name(text)
        assert (parsed.family, parsed.given, parsed.patronymic) == (
            ("Абрамович",),
            ("Роман",),
            "Аркадьевич",
        )


def test_turkic_patronymic_kept_whole():
    parsed = parse_name("Алиев Эльдар Гусейн оглы")
    assert (parsed.family, parsed.given, parsed.patronymic) == (
        ("Алиев",),
        ("Эльдар",),
        "Гусейн оглы",
    )


def test_bracketed_given_name_is_an_alias_not_a_maiden_name():
    parsed = parse_name("Щербакова Оксана (Ксюша)")
    assert parsed.given == ("Оксана", "Ксюша")
    assert parsed.maiden == ()


def test_dates_and_places_after_the_name_are_not_names():
    parsed = parse_name("Щербакова Оксана Владимировна 1961 г.р., Мариуполь")
    assert parsed.family == ("Щербакова",)
    assert parsed.initials == ()
    parsed = parse_name("Щербакова Оксана, Мариуполь")
    assert (parsed.family, parsed.given) == (("Щербакова",), ("Оксана",))


def test_split_fields():
    parsed = parse_name(given="Оксана", family="Щербакова", patronymic="Владимировна")
    assert parsed == P(("Щербакова",), ("Оксана",), "Владимировна", (), "unknown", "cyrillic")
    parsed = parse_name(given="Оксана Владимировна", family="ЩЕРБАКОВА (Иванова)")
    assert parsed == P(
        ("Щербакова",), ("Оксана",), "Владимировна", (), "unknown", "cyrillic", ("Иванова",)
    )
    parsed = parse_name(given="О.В.", family="Римская-Корсакова")
    assert (parsed.family, parsed.initials) == (("Римская", "Корсакова"), ("О", "В"))


def test_request_words_are_only_dropped_from_a_whole_name():
    parsed = parse_name(family="Пан", given="Іван")  # Пан is a surname here
    assert (parsed.family, parsed.given) == (("Пан",), ("Іван",))
    assert parse_name("A. Ivanov").initials == ("A",)
    assert parse_name("I am looking for Ivanov").initials == ()


def test_split_fields_override_the_full_name():
    parsed = parse_name("Оксана Щербакова", patronymic="Владимировну")
    assert (parsed.family, parsed.given, parsed.patronymic) == (
        ("Щербакова",),
        ("Оксана",),
        "Владимировна",
    )
    assert parsed.order == "given_first"


@pytest.mark.parametrize("text", [None, "", "   ", ".,!?", "12.03.1961", "ищу", "(  )", "-"])
def test_empty(text):
    assert parse_name(text) == ParsedName()


def test_unknown_order_falls_back_to_the_scripts_habit():
    # Neither word is a known given name nor has a surname ending.
    assert parse_name("Гнатюк Стецько").family == ("Гнатюк",)
    parsed = parse_name("Zbrx Qwrt")
    assert parsed.order == "unknown"
    assert parsed.family == ("Qwrt",)


_NAMEISH = st.text(
    alphabet=st.sampled_from(
        list("АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЬЫЭЮЯабвгдежзийклмнопрстуфхцчшщьыэюяіїєґ")
        + list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZčšžé")
        + list(" .,-'()’ʼ1;/\n")
    ),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), _NAMEISH))
def test_never_crashes_and_returns_clean_parts(text):
    parsed = parse_name(text)
    for part in (*parsed.family, *parsed.given, *parsed.maiden, *parsed.initials):
        assert part
        assert part.strip() == part
        assert all(ch.isalpha() or ch in "'- " for ch in part)
    assert parsed.order in ("family_first", "given_first", "unknown")
    assert parsed.script in ("cyrillic", "latin", "mixed", "empty")
    assert (parsed.script == "empty") == (
        not (parsed.family or parsed.given or parsed.patronymic or parsed.maiden)
        and not parsed.initials
    )


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30), st.text(max_size=30), st.text(max_size=30))
def test_never_crashes_on_split_fields(full, given_, family, patronymic):
    parsed = parse_name(full, given=given_, family=family, patronymic=patronymic)
    assert isinstance(parsed, ParsedName)


def test_importing_loads_no_dictionary():
    code = (
        "import sys, corridor.names.parse as p; p.parse_name('Щербакова Оксана Владимировна');"
        "assert 'pymorphy3' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603


_WORDS = st.sampled_from(
    "Щербакова Щербаков Оксана Владимировна Владимирович Іванович Олександр Саша Гнатюк "
    "Стецько Мельник Бойко Shcherbakova Oksana Volodymyrivna Ivanov Ivan Petrovich Zbrx "
    "Ахмед Ахмедович ЩЕРБАКОВА IVANOV Марія-Олена Петренко-Іванова О. В. A. Kim Ли".split()
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=4))
def test_a_name_decided_by_its_shape_reads_as_the_general_path_reads_it(words):
    # The common name's order is decided once per shape of name and reused
    # (_assign_by_shape); it must agree with the word-by-word reading of every name.
    from corridor.names.parse import _assign, _assign_by_shape, _read

    text = " ".join(words)
    fast = _assign_by_shape(_read(text))
    if fast is None:
        return
    general = _assign(_read(text))
    assert [(w.text, w.patronymic) for w in fast[0]] == [(w.text, w.patronymic) for w in general[0]]
    assert fast[1:] == general[1:]
