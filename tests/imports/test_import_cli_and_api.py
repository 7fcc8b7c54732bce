"""`corridor import` and the import API: the same all-or-nothing rules from the outside."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from corridor.registry.models import Person, SourceList, SourceRecord
from tests.factories import token_for
from tests.imports.workbooks import Sheet, xlsx

pytestmark = pytest.mark.django_db

CSV = "Прізвище,Ім'я,По батькові,Дата народження\nКоваленко,Олександр,Петрович,12.04.1958\nІваненко,Марія,,1961\n"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def test_cli_imports_a_list(world, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(CSV, encoding="cp1251")
    out = run(
        str(path), "--list-name", "Гончарівка", "--organisation", "a", "--user", "a-field_registrar"
    )
    assert "imported 2 rows" in out
    source_list = SourceList.objects.get(name="Гончарівка")
    assert source_list.submitted_via == "cli"
    assert source_list.records.count() == 2
    with pytest.raises(CommandError, match="already imported"):
        run(str(path), "--list-name", "again", "--organisation", "a")
    assert SourceList.objects.count() == 1


def test_cli_prints_the_row_report_and_writes_nothing(world, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Фамилия;Имя;Дата рождения\nПетров;Иван;31.02.1961\n;;\nСидоров;Пётр;1950\n")
    before = (SourceList.objects.count(), SourceRecord.objects.count(), Person.objects.count())
    with pytest.raises(CommandError) as exc:
        run(str(path), "--list-name", "x", "--organisation", "a")
    message = str(exc.value)
    assert "nothing imported" in message
    assert "row 2, column “Дата рождения”" in message
    assert "31.02.1961" in message
    assert (
        SourceList.objects.count(),
        SourceRecord.objects.count(),
        Person.objects.count(),
    ) == before


def test_cli_map_renames_a_column(world, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Who,Born\nКоваленко Олександр,1958\n")
    with pytest.raises(CommandError, match="full name"):
        run(str(path), "--list-name", "x", "--organisation", "a")
    run(
        str(path),
        "--list-name",
        "x",
        "--organisation",
        "a",
        "--map",
        "Who=full_name",
        "--map",
        "Born=date_of_birth",
    )
    person = SourceList.objects.get(name="x").records.get().person
    assert (person.family_name, person.given_name, person.birth_year) == (
        "Коваленко",
        "Олександр",
        1958,
    )


def test_cli_refuses_unknown_organisation_and_unreadable_file(world, tmp_path):
    (tmp_path / "x.csv").write_text(CSV)
    with pytest.raises(CommandError, match="--organisation"):
        run(str(tmp_path / "x.csv"), "--list-name", "x", "--organisation", "nope")
    with pytest.raises(CommandError, match="cannot read"):
        run(str(tmp_path / "missing.csv"), "--list-name", "x", "--organisation", "a")


def api(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"}


def key():
    return {"HTTP_IDEMPOTENCY_KEY": f"imp-{uuid.uuid4()}"}


def test_api_wizard_steps(world, django_capture_on_commit_callbacks):
    user = world.users["a:bureau_officer"]
    book = xlsx(
        Sheet("Notes", [["nothing here"]]),
        Sheet(
            "Список",
            [
                ["ФИО", "Год рождения", "Код"],
                ["Щербакова Оксана", 1961, "A"],
                ["Петров Иван", 1950, "A"],
            ],
        ),
    )
    client = Client()
    upload = io.BytesIO(book)
    upload.name = "список.xlsx"
    response = client.post("/api/v1/imports", {"file": upload}, **api(user), **key())
    assert response.status_code == 201, response.content
    job = response.json()
    assert job["sheets"] == ["Notes", "Список"]
    assert job["state"] == "uploaded"

    response = client.post(
        f"/api/v1/imports/{job['id']}/configure",
        data={"sheet": "Список", "list_name": "Список 1"},
        content_type="application/json",
        **api(user),
        **key(),
    )
    body = response.json()
    assert body["state"] == "invalid"
    assert body["mapping"]["Код"] == "record_id"
    assert [(p["row"], p["column"], p["code"]) for p in body["problems"]] == [
        (3, "Код", "duplicate_id")
    ]
    assert "row 2" in body["problems"][0]["message"]

    response = client.post(
        f"/api/v1/imports/{job['id']}/commit", content_type="application/json", **api(user), **key()
    )
    assert response.status_code == 409
    assert SourceList.objects.count() == 0

    mapping = body["mapping"] | {"Код": None}
    body = client.post(
        f"/api/v1/imports/{job['id']}/configure",
        data={"mapping": mapping},
        content_type="application/json",
        **api(user),
        **key(),
    ).json()
    assert body["state"] == "ready", body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/imports/{job['id']}/commit",
            content_type="application/json",
            **api(user),
            **key(),
        )
    assert response.status_code == 202
    done = client.get(f"/api/v1/imports/{job['id']}", **api(user)).json()
    assert done["state"] == "done"
    assert done["progress"] == 100
    records = client.get(f"/api/v1/lists/{done['source_list']}/records", **api(user)).json()
    assert [r["fields"]["full_name"] for r in records] == ["Щербакова Оксана", "Петров Иван"]
    assert records[0]["extra"] == {"Код": "A"}


def test_api_refuses_an_oversized_upload(world, settings):
    settings.CORRIDOR_IMPORT_MAX_BYTES = 50
    upload = io.BytesIO(CSV.encode() * 3)
    upload.name = "big.csv"
    response = Client().post(
        "/api/v1/imports", {"file": upload}, **api(world.users["a:bureau_officer"]), **key()
    )
    assert response.status_code == 422
    assert "big.csv" in response.json()["detail"]


def test_wizard_pages_walk_through(world, django_capture_on_commit_callbacks):
    from tests.factories import signed_in_client

    client = signed_in_client(world.users["a:field_registrar"])
    upload = io.BytesIO(CSV.encode())
    upload.name = "гончарівка.csv"
    response = client.post("/imports/", {"file": upload})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "All 2 rows are valid" in page
    assert "Коваленко" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response["Location"] + "commit/")
    page = client.get(response["Location"]).content.decode()
    assert "2 rows imported" in page
    response = client.post("/imports/", {})
    assert response.status_code == 422
