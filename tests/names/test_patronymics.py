"""Patronymics: the father's given-name id, the same id his own given name has."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.names.given import given_name_ids
from corridor.names.patronymics import (
    father_name_candidates,
    is_patronymic,
    patronymic_father,
    patronymic_nominative,
    patronymic_sex,
)
from corridor.names.surnames import surname_key

# (patronymic, the father's own given name, sex of the child)
FATHERS = [
    ("Владимирович", "Владимир", "M"),
    ("Владимировна", "Владимир", "F"),
    ("Володимирівна", "Володимир", "F"),
    ("Володимирович", "Володимир", "M"),
    ("Vladimirovna", "Vladimir", "F"),
    ("Volodymyrivna", "Volodymyr", "F"),
    ("Wladimirowitsch", "Vladimir", "M"),
    ("Vladimirovič", "Vladimir", "M"),
    ("Сергеевич", "Сергей", "M"),
    ("Сергеевна", "Сергей", "F"),
    ("Сергійович", "Сергій", "M"),
    ("Сергіївна", "Сергій", "F"),
    ("Sergeyevich", "Sergey", "M"),
    ("Sergeevna", "Sergei", "F"),
    ("Serhiiovych", "Serhii", "M"),
    ("Serhiyovych", "Serhiy", "M"),
    ("Serhiivna", "Serhii", "F"),
    ("Андріївна", "Андрій", "F"),
    ("Andriivna", "Andrii", "F"),
    ("Олексійович", "Олексій", "M"),
    ("Oleksiiovych", "Oleksii", "M"),
    ("Алексеевич", "Алексей", "M"),
    ("Николаевна", "Николай", "F"),
    ("Миколайович", "Микола", "M"),
    ("Миколаївна", "Микола", "F"),
    ("Mykolaiovych", "Mykola", "M"),
    ("Васильевич", "Василий", "M"),
    ("Васильович", "Василь", "M"),
    ("Василівна", "Василь", "F"),
    ("Vasilyevna", "Vasily", "F"),
    ("Vasylivna", "Vasyl", "F"),
    ("Игоревич", "Игорь", "M"),
    ("Ігорівна", "Ігор", "F"),
    ("Дмитриевна", "Дмитрий", "F"),
    ("Дмитрович", "Дмитро", "M"),
    ("Юрьевна", "Юрий", "F"),
    ("Юріївна", "Юрій", "F"),
    ("Петрович", "Петр", "M"),
    ("Петрівна", "Петро", "F"),
    ("Petrivna", "Petro", "F"),
    ("Иванович", "Иван", "M"),
    ("Іванівна", "Іван", "F"),
    ("Ильич", "Илья", "M"),
    ("Ильинична", "Илья", "F"),
    ("Ilyich", "Ilya", "M"),
    ("Ilyinichna", "Ilya", "F"),
    ("Кузьмич", "Кузьма", "M"),
    ("Кузьминична", "Кузьма", "F"),
    ("Никитич", "Никита", "M"),
    ("Никитична", "Никита", "F"),
    ("Nikitichna", "Nikita", "F"),
    ("Павлович", "Павел", "M"),
    ("Львович", "Лев", "M"),
    ("Яковлевич", "Яков", "M"),
    ("Яківна", "Яків", "F"),
    ("Ілліч", "Ілля", "M"),
    ("Михайлович", "Михаил", "M"),
    ("Анатольевна", "Анатолий", "F"),
    ("Hryhorovych", "Hryhorii", "M"),
]


@pytest.mark.parametrize(("patronymic", "father", "sex"), FATHERS)
def test_father_is_the_fathers_own_given_name_id(patronymic, father, sex):
    fid = patronymic_father(patronymic)
    assert fid is not None
    assert fid in given_name_ids(father)
    assert is_patronymic(patronymic)
    assert patronymic_sex(patronymic) == sex


@pytest.mark.parametrize(
    "variants",
    [
        ["Владимировна", "Володимирівна", "Vladimirovna", "Volodymyrivna", "ВЛАДИМИРОВНА"],
        ["Сергеевич", "Сергійович", "Sergeevich", "Serhiiovych", "Sergejewitsch"],
        ["Алексеевна", "Олексіївна", "Alekseevna", "Oleksiivna"],
    ],
)
def test_russian_ukrainian_and_latin_forms_name_one_father(variants):
    assert len({patronymic_father(v) for v in variants}) == 1
    assert patronymic_father(variants[0]) is not None


@pytest.mark.parametrize(
    ("declined", "nominative", "sex"),
    [
        ("Владимировну", "Владимировна", "F"),
        ("Владимировны", "Владимировна", "F"),
        ("Владимировной", "Владимировна", "F"),
        ("Володимирівною", "Володимирівна", "F"),
        ("Володимирівни", "Володимирівна", "F"),
        ("Сергеевича", "Сергеевич", "M"),
        ("Сергеевичу", "Сергеевич", "M"),
        ("Сергійовичем", "Сергійович", "M"),
        ("Никитичну", "Никитична", "F"),
    ],
)
def test_declined_forms(declined, nominative, sex):
    assert patronymic_nominative(declined) == nominative
    assert patronymic_father(declined) == patronymic_father(nominative)
    assert patronymic_sex(declined) == sex


def test_son_and_father_are_told_apart():
    # Иван Петрович's son is Сергей Иванович: the son's father id is the father's given id.
    assert patronymic_father("Иванович") in given_name_ids("Иван")
    assert patronymic_father("Іванович") in given_name_ids("Ivan")
    # ... and not the son's own name
    assert patronymic_father("Иванович") not in given_name_ids("Сергей")


def test_brother_and_sister_share_the_father():
    assert patronymic_father("Олександрович") == patronymic_father("Олександрівна")
    assert patronymic_father("Aleksandrovich") == patronymic_father("Олександрівна")


@pytest.mark.parametrize(
    "token",
    [
        "Сергеев",  # a surname from the same name is not a patronymic
        "Сергеева",
        "Ивасюк",
        "Шевченко",
        "Petrović",  # Serbian surname
        "Abramowicz",  # Polish surname
        "Aldrich",
        "Оксана",
        "",
        "ич",
        "овна",
    ],
)
def test_not_patronymics(token):
    assert not is_patronymic(token)
    assert patronymic_father(token) is None
    assert patronymic_sex(token) is None


def test_patronymic_and_surname_from_one_name_stay_apart():
    assert patronymic_father("Сергеевич") in given_name_ids("Сергей")
    assert patronymic_father("Сергеев") is None
    assert surname_key("Сергеевич") != surname_key("Сергеев")


def test_unknown_father_still_a_patronymic():
    assert is_patronymic("Ахмедович")
    assert patronymic_sex("Ахмедовна") == "F"
    assert father_name_candidates("Ахмедович")[0] == "ахмед"


def test_bare_ich_needs_a_known_father():
    assert is_patronymic("Кузьмич")
    assert not is_patronymic("Шуфрич")  # a Ukrainian surname


def test_turkic_patronymic():
    assert is_patronymic("Гусейн оглы")
    assert patronymic_sex("Гусейн оглы") == "M"
    assert patronymic_sex("Гусейн кызы") == "F"
    assert father_name_candidates("Гусейн кызы") == ("Гусейн",)


_FATHER_NAMES = [
    ("Иван", "Ivan"),
    ("Владимир", "Vladimir"),
    ("Олег", "Oleh"),
    ("Роман", "Roman"),
    ("Степан", "Stepan"),
    ("Богдан", "Bohdan"),
    ("Тарас", "Taras"),
    ("Борис", "Boris"),
]
_CYR_SUFFIXES = ["ович", "овна", "івна", "овича", "овну", "овной", "івною", "івни", "овичем"]
_LAT_SUFFIXES = ["ovich", "ovych", "ovna", "ivna", "owitsch", "owna", "ovič"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_FATHER_NAMES), st.booleans(), st.data())
def test_consonant_names_round_trip(father, latin, data):
    name = father[1] if latin else father[0]
    token = name + data.draw(st.sampled_from(_LAT_SUFFIXES if latin else _CYR_SUFFIXES))
    assert is_patronymic(token)
    assert patronymic_sex(token) in ("M", "F")
    ids = given_name_ids(name)
    if ids:
        assert patronymic_father(token) in ids


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_never_crashes(text):
    assert patronymic_sex(text) in (None, "M", "F")
    father = patronymic_father(text)
    assert father is None or isinstance(father, str)
    assert isinstance(patronymic_nominative(text), str)
