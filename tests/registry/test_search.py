"""Search finds people whatever script, standard, diminutive or partial date is typed."""

from __future__ import annotations

import pytest
from django.test import Client

from corridor.registry import services
from corridor.registry.models import Person
from tests.factories import signed_in_client, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def oleksandr(world) -> Person:
    registrar = world.users["a:field_registrar"]
    person = services.register_person(
        registrar,
        services.PersonDetails(
            family_name="Коваленко",
            given_name="Олександр",
            patronymic="Петрович",
            birth_year=1958,
            birth_month=4,
            birth_day=12,
            sex="M",
            settlement=world.settlement,
        ),
    )
    # A namesake's son: same family, other given name and generation.
    services.register_person(
        registrar,
        services.PersonDetails(
            family_name="Коваленко", given_name="Петро", patronymic="Олександрович", birth_year=1985
        ),
    )
    return person


def api_search(user, q: str, **extra) -> list[dict]:
    response = Client().post(
        "/api/v1/search",
        data={"q": q, **extra},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(user)}",
    )
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(
    "typed",
    [
        "Коваленко Олександр",  # Ukrainian Cyrillic
        "Коваленко Александр Петрович",  # Russian form
        "Kovalenko Oleksandr",  # Ukrainian national / passport
        "Kowalenko Aleksandr",  # Polish/German-style habits
        "Kovalenko Alexander 1958",  # English
        "Sasha Kovalenko",  # diminutive, given-first
        "Коваленко Саша 04.1958",  # diminutive and partial date
    ],
)
def test_search_finds_the_person_however_typed(world, oleksandr, typed):
    hits = api_search(world.users["a:bureau_officer"], typed)
    assert hits, typed
    assert hits[0]["person"] == str(oleksandr.pk)
    assert hits[0]["evidence"]  # and says why
    fields = {e["field"] for e in hits[0]["evidence"]}
    assert "family name" in fields


def test_search_respects_party_isolation(world, oleksandr):
    assert api_search(world.users["b:bureau_officer"], "Коваленко Олександр") == []
    assert api_search(world.users["int:caseworker"], "Коваленко Олександр")


def test_search_filters_by_settlement_and_status(world, oleksandr):
    user = world.users["a:bureau_officer"]
    hits = api_search(user, "Коваленко", settlement=str(world.settlement.pk))
    assert [h["person"] for h in hits] == [str(oleksandr.pk)]
    assert api_search(user, "Коваленко Олександр", status="missing") == []


def test_search_page_posts_the_query_and_shows_why(world, oleksandr):
    client = signed_in_client(world.users["a:bureau_officer"])
    response = client.post("/registry/persons/", {"q": "Kovalenko Oleksandr 1958"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Коваленко Олександр Петрович" in " ".join(html.split())
    assert "same family name" in html
    # The query never appears in a URL of the page.
    assert "q=Kovalenko" not in html


def test_search_by_get_does_not_search(world, oleksandr):
    client = signed_in_client(world.users["a:bureau_officer"])
    html = client.get("/registry/persons/?q=Kovalenko").content.decode()
    assert "possible match" not in html
