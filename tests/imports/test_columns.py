"""Column suggestions from header words in Russian, Ukrainian and English."""

import pytest

from corridor.imports.columns import FIELDS, header_field, normalise_header, suggest_mapping


def test_russian_headers():
    headers = [
        "№ п/п",
        "ФИО",
        "Дата рождения",
        "Пол",
        "Населенный пункт",
        "Район",
        "Статус",
        "Телефон",
        "Примечание",
    ]
    assert suggest_mapping(headers) == {
        "№ п/п": "record_id",
        "ФИО": "full_name",
        "Дата рождения": "date_of_birth",
        "Пол": "sex",
        "Населенный пункт": "settlement",
        "Район": "district",
        "Статус": "status",
        "Телефон": "phone",
        "Примечание": "notes",
    }


def test_russian_split_names():
    headers = ["Фамилия", "Имя", "Отчество", "Девичья фамилия", "Год рождения", "Город"]
    assert list(suggest_mapping(headers).values()) == [
        "family_name",
        "given_name",
        "patronymic",
        "maiden_name",
        "date_of_birth",
        "settlement",
    ]


def test_ukrainian_headers():
    headers = ["№ з/п", "П.І.Б.", "Дата народження", "Стать", "Нас. пункт", "Примітка"]
    assert list(suggest_mapping(headers).values()) == [
        "record_id",
        "full_name",
        "date_of_birth",
        "sex",
        "settlement",
        "notes",
    ]


def test_ukrainian_split_names_and_abbreviations():
    headers = ["ID", "Прізвище", "Ім'я", "По батькові", "Д.р.", "Місто", "Номер телефону"]
    assert list(suggest_mapping(headers).values()) == [
        "record_id",
        "family_name",
        "given_name",
        "patronymic",
        "date_of_birth",
        "settlement",
        "phone",
    ]


def test_english_headers():
    headers = ["No", "Surname", "First name", "DOB", "Gender", "Village", "District", "Phone"]
    assert list(suggest_mapping(headers).values()) == [
        "record_id",
        "family_name",
        "given_name",
        "date_of_birth",
        "sex",
        "settlement",
        "district",
        "phone",
    ]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Ім'я", "given_name"),
        ("Імʼя", "given_name"),
        ("Ім’я", "given_name"),
        ("ІМ'Я", "given_name"),
        ("Ф.И.О.", "full_name"),
        ("ПІБ", "full_name"),
        ("Фамилия, имя, отчество", "full_name"),
        ("Д.н.", "date_of_birth"),
        ("г.р.", "date_of_birth"),
        ("Дата рождения (дд.мм.гггг)", "date_of_birth"),
        ("Date of birth / Дата рождения", "date_of_birth"),
        ("Дата рождения ребёнка", "date_of_birth"),
        ("Пoл", "sex"),  # a Latin o typed among Cyrillic letters
        ("  СЕЛО ", "settlement"),
        ("Нас.п.", "settlement"),
        ("Тел.", "phone"),
        ("Примітки", "notes"),
        ("Адрес", None),
        ("Адреса", None),
        ("Возраст", None),
        ("Колонка 7", None),
        ("", None),
    ],
)
def test_one_header(header, field):
    assert header_field(header) == field


def test_running_number_is_record_id_only_without_a_real_id():
    assert suggest_mapping(["№ п/п", "ФИО", "Номер справи"]) == {
        "№ п/п": None,
        "ФИО": "full_name",
        "Номер справи": "record_id",
    }
    assert suggest_mapping(["№", "ФИО"])["№"] == "record_id"


def test_each_field_once_best_header_then_leftmost():
    mapping = suggest_mapping(
        ["Место проживания", "Дата рождения (полная)", "Д.р.", "Село", "Г.р."]
    )
    assert mapping == {
        "Место проживания": None,
        "Дата рождения (полная)": None,
        "Д.р.": "date_of_birth",
        "Село": "settlement",
        "Г.р.": None,
    }


def test_suggestions_are_fields():
    headers = ["ФИО", "Пол", "x", "Примечание", "Телефон", "ID"]
    assert set(suggest_mapping(headers).values()) <= {*FIELDS, None}


def test_normalise_header():
    assert normalise_header(" Ф.И.О. ") == "фио"
    assert normalise_header("Нас. пункт") == "нас пункт"
    assert normalise_header("№ п/п") == "№ пп"
    assert normalise_header("Ім’я") == normalise_header("ім'я") == "імя"
