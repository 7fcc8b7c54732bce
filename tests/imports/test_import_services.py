"""Importing lists through the services: all or nothing, row-level reports, no duplicates."""

from __future__ import annotations

import pytest

from corridor.imports import services
from corridor.imports.errors import AlreadyImported, InvalidFile, NotReady
from corridor.imports.models import ImportJob, ImportState
from corridor.matching.models import MatchCandidate
from corridor.registry.models import Person, PersonKey, SourceList, SourceRecord

pytestmark = pytest.mark.django_db

GOOD = (
    "№;Фамилия;Имя;Отчество;Дата рождения;Пол;Населенный пункт\n"
    "1;Щербакова;Оксана;Владимировна;03.07.1961;ж;Суджа\n"
    "2;Коваленко;Олександр;Петрович;1958;м;Гончаровка\n"
    "3;Іваненко;Марія;;около 60 лет;ж;с. Гуево\n"
)


def counts() -> tuple[int, ...]:
    return (
        SourceList.objects.count(),
        SourceRecord.objects.count(),
        Person.objects.count(),
        PersonKey.objects.count(),
        MatchCandidate.objects.count(),
    )


def importer(world):
    return world.users["a:field_registrar"]


def prepared(world, data: bytes, name: str = "list.csv", **kwargs) -> ImportJob:
    user = importer(world)
    job = services.upload(user, name, data)
    return services.configure(user, job.pk, list_name="Суджа, март", **kwargs)


def test_a_clean_list_is_imported_with_its_provenance(world, commit_import):
    user = importer(world)
    job = prepared(world, GOOD.encode("utf-8"))
    assert job.state == ImportState.READY
    assert job.mapping["Фамилия"] == "family_name"
    assert job.mapping["Дата рождения"] == "date_of_birth"
    commit_import(user, job.pk)
    job.refresh_from_db()
    assert job.state == ImportState.DONE, job.error
    assert job.progress == 100
    source_list = SourceList.objects.get(pk=job.source_list_id)
    assert source_list.organisation == user.organisation
    assert source_list.submitted_by == user
    assert source_list.row_count == 3
    assert len(source_list.file_digest) == 64
    rows = list(source_list.records.order_by("row_number"))
    assert [r.row_number for r in rows] == [2, 3, 4]
    assert rows[0].fields["family_name"] == "Щербакова"
    oksana = rows[0].person
    assert (oksana.family_name, oksana.given_name, oksana.patronymic) == (
        "Щербакова",
        "Оксана",
        "Владимировна",
    )
    assert (oksana.birth_year, oksana.birth_month, oksana.birth_day) == (1961, 7, 3)
    assert oksana.sex == "F"
    assert oksana.settlement == world.settlement
    maria = rows[2].person
    assert maria.birth_year is None
    assert maria.birth_note == "около 60 лет"
    assert maria.place_note == "с. Гуево"
    assert PersonKey.objects.filter(person=oksana).exists()
    # The sealed upload is dropped once imported; the digest stays.
    assert job.upload is None


def test_cp1251_and_bom_files_read_the_same(world, commit_import):
    a = prepared(world, GOOD.encode("cp1251"), "a.csv")
    b = prepared(world, b"\xef\xbb\xbf" + GOOD.encode("utf-8"), "b.csv")
    assert a.state == b.state == ImportState.READY
    assert a.report["preview"] == b.report["preview"]
    assert a.report["encoding"] != b.report["encoding"]


@pytest.mark.parametrize(
    ("body", "code", "row"),
    [
        ("Фамилия;Имя;Дата рождения\nПетров;Иван;31.02.1961\n", "bad_date", 2),
        ("Фамилия;Имя;Дата рождения\n;;1961\n", "empty_name", 2),
        ("ID;Фамилия;Имя\n7;Петров;Иван\n7;Сидоров;Пётр\n", "duplicate_id", 3),
        ('Фамилия;Имя\n=HYPERLINK("http://x");Иван\n', "formula", 2),
        ("Фамилия;Имя\nПетров;@SUM(A1)\n", "formula", 2),
    ],
)
def test_row_problems_are_reported_and_nothing_is_written(world, body, code, row, commit_import):
    before = counts()
    job = prepared(world, body.encode("utf-8"))
    assert job.state == ImportState.INVALID
    problems = [(p["row"], p["code"]) for p in job.report["problems"]]
    assert (row, code) in problems
    lines = services.describe_report(job.report)
    assert any(line.startswith(f"row {row}") for line in lines)
    with pytest.raises(NotReady):
        services.commit(importer(world), job.pk)
    assert counts() == before


def test_missing_name_column_is_reported(world, commit_import):
    before = counts()
    job = prepared(world, "Дата рождения;Пол\n1961;м\n".encode())
    assert job.state == ImportState.INVALID
    assert job.report["missing_columns"]
    assert "name" in services.describe_report(job.report)[0]
    assert counts() == before


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00\xd8" * 10 + b"\x98\x98\x81\x81", "encoding"),
        (b"PK\x03\x04broken zip", "readable"),
    ],
)
def test_unreadable_files_are_refused_at_upload(world, data, words, commit_import):
    before = counts()
    with pytest.raises(InvalidFile) as exc:
        services.upload(importer(world), "bad.csv", data)
    assert "bad.csv" in exc.value.message
    assert ImportJob.objects.count() == 0
    assert counts() == before


def test_oversized_file_is_refused(world, settings, commit_import):
    settings.CORRIDOR_IMPORT_MAX_BYTES = 100
    with pytest.raises(InvalidFile) as exc:
        services.upload(importer(world), "big.csv", GOOD.encode() * 10)
    assert "big.csv" in exc.value.message
    assert ImportJob.objects.count() == 0


def test_the_same_file_twice_adds_nothing(world, commit_import):
    user = importer(world)
    first = prepared(world, GOOD.encode())
    commit_import(user, first.pk)
    after_first = counts()
    second = prepared(world, GOOD.encode(), "renamed copy.csv")
    assert second.duplicate_of_id == ImportJob.objects.get(pk=first.pk).source_list_id
    with pytest.raises(AlreadyImported):
        commit_import(user, second.pk)
    assert counts() == after_first


def test_a_failure_while_writing_leaves_nothing(world, monkeypatch, commit_import):
    from corridor.imports import writing

    user = importer(world)
    job = prepared(world, GOOD.encode())
    before = counts()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writing.MatchCandidate.objects, "bulk_create", broken)
    commit_import(user, job.pk)  # the task fails (and is logged as failed by django-tasks)
    job.refresh_from_db()
    assert job.state == ImportState.FAILED
    assert "disk full" in job.error
    assert counts() == before


def test_arrivals_matching_the_registry_become_candidates_with_evidence(world, commit_import):
    user = importer(world)
    commit_import(user, prepared(world, GOOD.encode()).pk)
    latin = (
        "Surname,First name,Date of birth,Sex\n"
        "Shcherbakova,Oksana,1961-07-03,F\n"
        "Nobody,Unrelated,1990,M\n"
    )
    job = prepared(world, latin.encode(), "latin.csv")
    commit_import(user, job.pk)
    job.refresh_from_db()
    candidate = MatchCandidate.objects.get(source_list_id=job.source_list_id)
    assert candidate.person.family_name == "Shcherbakova"
    assert candidate.existing.family_name == "Щербакова"
    assert candidate.probability > 0.5
    levels = {e["comparison"]: e["level"] for e in candidate.evidence}
    assert levels["family"] == "same"
    assert levels["dob"] == "same"


def test_imports_need_an_importing_role(world, commit_import):
    from corridor.errors import NotPermitted

    with pytest.raises(NotPermitted):
        services.upload(world.users["a:liaison_officer"], "x.csv", GOOD.encode())
