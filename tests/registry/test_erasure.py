"""A data protection officer erases a registry person on request, through the API: the name
goes from the person, the search index, the review queue and the rows of the source list."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client

from corridor.audit.models import AuditEvent
from corridor.imports import services as imports
from corridor.matching.models import MatchCandidate
from corridor.registry.models import Person, PersonKey, SourceRecord
from tests.factories import token_for

pytestmark = pytest.mark.django_db

FIRST = (
    "Фамилия,Имя,Отчество,Дата рождения,Пол\n"
    "Щербакова,Оксана,Владимировна,03.07.1961,ж\n"
    "Коваленко,Петро,Іванович,1950,ч\n"
)
SECOND = "Surname,First name,Date of birth,Sex\nShcherbakova,Oksana,1961-07-03,F\n"


def _import(world, commit_import, text: str, name: str) -> None:
    user = world.users["int:field_registrar"]
    job = imports.upload(user, name, text.encode())
    job = imports.configure(user, job.pk, list_name=name)
    commit_import(user, job.pk)


def _post(user, path: str, body: dict):
    return Client().post(
        f"/api/v1/{path}",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(user)}",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )


def _search(user, q: str) -> list[dict]:
    response = Client().post(
        "/api/v1/search",
        data={"q": q},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(user)}",
    )
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def oksana(world, commit_import) -> Person:
    _import(world, commit_import, FIRST, "first.csv")
    _import(world, commit_import, SECOND, "second.csv")
    return Person.objects.get(family_name="Щербакова")


def test_the_dpo_erases_a_person_everywhere_once(world, oksana):
    dpo, worker = world.users["int:dpo"], world.users["int:caseworker"]
    assert MatchCandidate.objects.filter(existing=oksana).exists()
    assert any("Щербакова" in hit["name"] for hit in _search(worker, "Щербакова Оксана"))
    for attempt in range(2):  # twice: harmless, one tombstone
        response = _post(dpo, f"persons/{oksana.pk}/erase", {"reason": "she asked"})
        assert response.status_code == 204, (attempt, response.content)
    shown = Client().get(
        f"/api/v1/persons/{oksana.pk}",
        HTTP_AUTHORIZATION=f"Bearer {token_for(worker)}",
    )
    assert shown.status_code == 200
    assert "Щербакова" not in shown.content.decode()
    assert "1961" not in shown.content.decode()
    assert not PersonKey.objects.filter(person=oksana).exists()
    assert not MatchCandidate.objects.filter(existing=oksana).exists()
    hits = _search(worker, "Щербакова Оксана 1961")
    assert str(oksana.pk) not in {hit["person"] for hit in hits}
    assert all("Щербакова" not in hit["name"] for hit in hits)
    row = SourceRecord.objects.get(person=oksana)
    assert "Щербакова" not in json.dumps(row.fields, ensure_ascii=False)
    # The other person of the same list keeps every word.
    petro = Person.objects.get(given_name="Петро")
    assert PersonKey.objects.filter(person=petro).exists()
    assert SourceRecord.objects.get(person=petro).fields["family_name"] == "Коваленко"
    tombs = AuditEvent.objects.filter(action="registry.erased", object_id=str(oksana.pk))
    assert [t.actor_id_text for t in tombs] == [str(dpo.pk)]


def test_records_merged_into_the_person_go_with_them(world, oksana):
    latin = Person.objects.get(family_name="Shcherbakova")
    latin.merged_into = oksana
    latin.save(update_fields=["merged_into"])
    assert _post(world.users["int:dpo"], f"persons/{oksana.pk}/erase", {}).status_code == 204
    latin.refresh_from_db()
    assert latin.family_name == "—"
    assert "Shcherbakova" not in json.dumps(SourceRecord.objects.get(person=latin).fields)


def test_nobody_but_the_dpo_erases_and_other_sides_see_nothing(world, oksana):
    for key in ("int:caseworker", "int:field_registrar", "int:operations_lead"):
        response = _post(world.users[key], f"persons/{oksana.pk}/erase", {})
        assert response.status_code == 403, key
    for key in ("a:liaison_officer", "b:bureau_officer"):
        response = _post(world.users[key], f"persons/{oksana.pk}/erase", {})
        assert response.status_code == 404, key
    oksana.refresh_from_db()
    assert oksana.family_name == "Щербакова"


def test_the_dpo_erases_from_the_person_page_and_others_see_no_button(world, oksana):
    from tests.factories import signed_in_client

    worker = signed_in_client(world.users["int:caseworker"])
    assert 'id="erase"' not in worker.get(f"/registry/persons/{oksana.pk}/").content.decode()
    assert worker.post(f"/registry/persons/{oksana.pk}/erase/", {"reason": "x"}).status_code == 403
    dpo = signed_in_client(world.users["int:dpo"])
    page = dpo.get(f"/registry/persons/{oksana.pk}/").content.decode()
    assert 'id="erase"' in page
    response = dpo.post(f"/registry/persons/{oksana.pk}/erase/", {"reason": "she asked"})
    assert response.status_code == 302
    page = dpo.get(response["Location"]).content.decode()
    assert 'id="person-erased"' in page
    assert "Щербакова" not in page
