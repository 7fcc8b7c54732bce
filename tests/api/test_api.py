"""The API's schema, authentication and writes through services."""

import json

import pytest
from django.test import Client

from corridor.transmissions.models import Transmission
from tests.factories import token_for

pytestmark = pytest.mark.django_db


def auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_openapi_schema_is_served():
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Corridor API"
    assert "/api/v1/persons/{person_id}" in schema["paths"]


def test_requests_without_credentials_get_401(world):
    assert Client().get("/api/v1/persons").status_code == 401
    assert (
        Client().get("/api/v1/persons", HTTP_AUTHORIZATION="Bearer cor_nope_nope").status_code
        == 401
    )


def test_token_is_bound_to_organisation_and_role(world):
    user = world.users["a:liaison_officer"]
    token = token_for(user)
    assert Client().get("/api/v1/me", **auth(token)).json()["role"] == "liaison_officer"
    user.role = "bureau_officer"
    user.save()
    assert Client().get("/api/v1/me", **auth(token)).status_code == 401


def test_session_api_calls_need_csrf_on_post(world):
    from tests.factories import signed_in_client

    client = signed_in_client(world.users["a:field_registrar"])
    client.handler.enforce_csrf_checks = True
    response = client.post(
        "/api/v1/persons",
        data=json.dumps({"family_name": "X", "given_name": "Y"}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="csrf-test-1",
    )
    assert response.status_code in (401, 403)


def test_intermediary_transmits_and_recipient_sees_exactly_that(world):
    person = world.persons["a"]
    ops = token_for(world.users["int:operations_lead"])
    body = {
        "recipient": str(world.orgs["b"].pk),
        "basis": "tracing",
        "purpose": "reply to a tracing request",
        "items": [
            {
                "object_type": "registry.person",
                "object_id": str(person.pk),
                "fields": ["given_name"],
            }
        ],
    }
    response = Client().post(
        "/api/v1/transmissions",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="transmit-0001",
        **auth(ops),
    )
    assert response.status_code == 201, response.content
    b = token_for(world.users["b:bureau_officer"])
    seen = Client().get(f"/api/v1/persons/{person.pk}", **auth(b)).json()
    assert seen == {"id": str(person.pk), "given_name": "CANARYGIVA"}
    assert Transmission.objects.count() == 2


@pytest.mark.parametrize(
    ("user_key", "fields", "status"),
    [
        ("a:liaison_officer", ["given_name"], 403),  # parties never transmit
        ("int:operations_lead", ["whereabouts"], 422),  # sealed fields never cross
        ("int:operations_lead", ["organisation"], 422),
    ],
)
def test_transmission_rules(world, user_key, fields, status):
    person = world.persons["a"]
    body = {
        "recipient": str(world.orgs["b"].pk),
        "basis": "tracing",
        "purpose": "test purpose",
        "items": [
            {"object_type": "registry.person", "object_id": str(person.pk), "fields": fields}
        ],
    }
    response = Client().post(
        "/api/v1/transmissions",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=f"rules-{user_key}-{fields[0]}",
        **auth(token_for(world.users[user_key])),
    )
    assert response.status_code == status, response.content
    assert Transmission.objects.count() == 1


def test_transmission_to_an_observer_is_refused(world):
    body = {
        "recipient": str(world.orgs["med"].pk),
        "basis": "corridor",
        "purpose": "manifest",
        "items": [
            {
                "object_type": "registry.person",
                "object_id": str(world.persons["a"].pk),
                "fields": ["given_name"],
            }
        ],
    }
    response = Client().post(
        "/api/v1/transmissions",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="observer-0001",
        **auth(token_for(world.users["int:operations_lead"])),
    )
    assert response.status_code == 422


def test_audit_head_for_everyone_log_for_the_dpo(world):
    party = token_for(world.users["b:liaison_officer"])
    head = Client().get("/api/v1/audit/head", **auth(party)).json()
    assert head["seq"] > 0
    assert len(head["hash"]) == 64
    assert Client().get("/api/v1/audit/events", **auth(party)).json() == []
    dpo = token_for(world.users["int:dpo"])
    events = Client().get("/api/v1/audit/events", **auth(dpo)).json()
    assert events[0]["seq"] == 1
