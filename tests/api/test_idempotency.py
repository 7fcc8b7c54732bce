"""Idempotency keys on every POST: replay gives the same answer, reuse with another body gives 422."""

import json
import threading

import pytest
from django.test import Client

from corridor.audit.models import AuditEvent
from corridor.registry.models import Person
from tests.factories import token_for

pytestmark = pytest.mark.django_db


def post(token, path, body, key="key-00000001"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return Client().post(path, data=json.dumps(body), content_type="application/json", **headers)


def test_same_key_same_body_gives_the_same_answer_and_one_record(world):
    token = token_for(world.users["a:field_registrar"])
    body = {"family_name": "Щербакова", "given_name": "Оксана", "birth_year": 1961, "sex": "F"}
    first = post(token, "/api/v1/persons", body)
    events = AuditEvent.objects.count()
    second = post(token, "/api/v1/persons", body)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Person.objects.filter(family_name="Щербакова").count() == 1
    assert AuditEvent.objects.count() == events


def test_same_key_different_body_is_422_and_changes_nothing(world):
    token = token_for(world.users["a:field_registrar"])
    post(token, "/api/v1/persons", {"family_name": "Іваненко", "given_name": "Петро"})
    response = post(token, "/api/v1/persons", {"family_name": "Іваненко", "given_name": "Павло"})
    assert response.status_code == 422
    assert "different request" in response.json()["detail"]
    assert not Person.objects.filter(given_name="Павло").exists()


def test_keys_belong_to_their_caller(world):
    body = {"family_name": "Коваль", "given_name": "Анна"}
    a = post(
        token_for(world.users["a:field_registrar"]), "/api/v1/persons", body, key="shared-key-1"
    )
    b = post(
        token_for(world.users["b:field_registrar"]), "/api/v1/persons", body, key="shared-key-1"
    )
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]


def test_missing_or_malformed_key_is_refused(world):
    token = token_for(world.users["a:field_registrar"])
    missing = post(token, "/api/v1/persons", {"family_name": "X", "given_name": "Y"}, key=None)
    assert missing.status_code == 400
    assert "Idempotency-Key" in missing.json()["detail"]
    bad = post(token, "/api/v1/persons", {"family_name": "X", "given_name": "Y"}, key="short")
    assert bad.status_code == 400
    assert not Person.objects.filter(family_name="X").exists()


def test_a_refused_request_is_replayed_as_refused(world):
    token = token_for(world.users["a:liaison_officer"])  # not a registrar
    first = post(token, "/api/v1/persons", {"family_name": "X", "given_name": "Y"})
    again = post(token, "/api/v1/persons", {"family_name": "X", "given_name": "Y"})
    assert first.status_code == again.status_code == 403
    assert first.content == again.content


def test_validation_errors_name_the_field(world):
    token = token_for(world.users["a:field_registrar"])
    response = post(
        token,
        "/api/v1/persons",
        {
            "family_name": "X",
            "given_name": "Y",
            "birth_year": 1961,
            "birth_month": 2,
            "birth_day": 30,
        },
    )
    assert response.status_code == 422
    assert "birth_day" in response.json()["detail"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_create_one_record(world):
    token = token_for(world.users["a:field_registrar"])
    body = {"family_name": "Паралельна", "given_name": "Марія"}
    results = []

    def send():
        from django.db import connection

        try:
            results.append(post(token, "/api/v1/persons", body, key="concurrent-1").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Person.objects.filter(family_name="Паралельна").count() == 1
    assert set(results) == {201}
