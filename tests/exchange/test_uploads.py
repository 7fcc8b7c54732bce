"""Spreadsheets into exchange lists: treaty columns recognised, every row checked, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridor.errors import NotPermitted
from corridor.exchange import uploads
from corridor.exchange.columns import suggest
from corridor.exchange.errors import InvalidFile
from corridor.exchange.models import ExchangeEntry, UploadState
from corridor.exchange.reading import medical_category, read_entries
from corridor.imports.sheets import read_table

pytestmark = pytest.mark.django_db

TREATY_CSV = (
    "№;Фамилия;Имя;Отчество;Дата рождения;Место рождения;Звание;Личный номер;Воинская часть;"
    "Имя отца;Девичья фамилия матери;Кого известить;Категория;Дата пленения\n"
    "1;Шевченко;Александр;Николаевич;03.02.1971;Сумы;старшина;AB-009981;в/ч 1;Николай;"
    "Петренко;жена, Сумы;тяжело ранен;01.03.2024\n"
    "2;Коваленко;Петр;Иванович;1990;Курск;сержант;AB-555001;в/ч 1;Иван;Сидоренко;;;\n"
)


def test_treaty_headers_in_three_languages_are_recognised():
    assert suggest(
        ["Прізвище", "Ім'я", "Особистий номер", "Звання", "Father's first name",
         "Mother's maiden name", "Person to inform", "Place of birth", "ПІБ"]
    ) == {
        "Прізвище": "family_name", "Ім'я": "given_names", "Особистий номер": "serial_number",
        "Звання": "rank", "Father's first name": "father_name",
        "Mother's maiden name": "mother_maiden_name", "Person to inform": "person_to_inform",
        "Place of birth": "place_of_birth", "ПІБ": "full_name",
    }  # fmt: skip


def test_a_whole_list_becomes_entries_with_every_treaty_field(world):
    officer = world.users["b:bureau_officer"]
    item = uploads.upload(officer, "b.csv", TREATY_CSV.encode(), kind="held", population="pow")
    assert item.state == UploadState.READY
    exchange_list = uploads.import_list(officer, item.pk)
    first = exchange_list.entries.get(reference="1")
    assert (first.family_name, first.given_names, first.patronymic) == (
        "Шевченко", "Александр", "Николаевич",
    )  # fmt: skip
    assert (first.rank, first.serial_number, first.unit) == ("старшина", "AB-009981", "в/ч 1")
    assert (first.father_name, first.mother_maiden_name) == ("Николай", "Петренко")
    assert first.medical_category == "severely_wounded"
    assert first.place_of_birth == "Сумы"
    assert first.date_of_capture == "01.03.2024"
    assert str(first.person_to_inform) == "[sealed]"
    assert first.state == "proposed"
    again = uploads.upload(officer, "b.csv", TREATY_CSV.encode(), kind="held", population="pow")
    with pytest.raises(InvalidFile):
        uploads.import_list(officer, again.pk)


def test_a_list_with_problems_imports_nothing_until_fixed(world):
    officer = world.users["a:bureau_officer"]
    text = "ПІБ;Дата народження;Категорія\nШевченко Олександр;31.02.1990;\nКоваленко Петро;1990;так собі\n"
    item = uploads.upload(officer, "a.csv", text.encode("cp1251"), kind="sought", population="pow")
    assert item.state == UploadState.INVALID
    lines = uploads.problem_lines(item)
    assert any("row 2" in line and "31.02.1990" in line for line in lines)
    assert any("row 3" in line and "так собі" in line for line in lines)
    with pytest.raises(InvalidFile):
        uploads.import_list(officer, item.pk)
    assert not ExchangeEntry.objects.exists()
    # Leaving the two bad columns out makes the list importable.
    item = uploads.configure(
        officer,
        item.pk,
        {"ПІБ": "full_name", "Дата народження": None, "Категорія": None},
    )
    assert item.state == UploadState.READY
    assert uploads.import_list(officer, item.pk).entries.count() == 2


def test_only_party_bureaus_and_liaison_officers_upload(world):
    for key in ("int:caseworker", "med:observer", "a:field_registrar"):
        with pytest.raises(NotPermitted):
            uploads.upload(
                world.users[key], "x.csv", TREATY_CSV.encode(), kind="held", population="pow"
            )


@given(st.text(max_size=40))
def test_medical_category_reads_or_refuses_never_guesses_wrong(text):
    value = medical_category(text)
    assert value in (None, "", "severely_wounded", "seriously_ill")
    if value == "severely_wounded":
        assert any(w in text.lower() for w in ("ранен", "поранен", "wound"))


@given(
    st.lists(
        st.tuples(
            st.text(alphabet="АБВГабвгіїєAbc -'", min_size=1, max_size=12),
            st.sampled_from(["", "1990", "03.07.1961", "31.02.1990", "??"]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_every_row_is_an_entry_or_a_problem(rows):
    lines = ["Прізвище;Ім'я;Дата народження"] + [f"{name};Іван;{dob}" for name, dob in rows]
    table = read_table("\n".join(lines).encode(), "x.csv")
    report = read_entries(table, suggest(table.headers), reference_date=date(2025, 3, 1))
    problem_rows = {p.row for p in report.problems}
    assert {r.row for r in report.rows}.isdisjoint(problem_rows)
    assert len(report.rows) + len(problem_rows) == len(table.rows)
