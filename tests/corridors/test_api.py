"""The API as a registrar's phone and a liaison officer's client use it."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from corridor.corridors.models import Evacuee
from corridor.registry.models import Household, Person
from tests.corridors.helpers import settlements
from tests.factories import token_for

pytestmark = pytest.mark.django_db


def _post(user, path, body, key):
    return Client().post(
        path,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(user)}",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def _household(key="phone-sub-0001"):
    places = settlements()
    return {
        "key": key,
        "settlement": str(places["Sudzha"].pk),
        "destination": str(places["Kursk"].pk),
        "witness": "Village head",
        "members": [
            {"family_name": "Bondarenko", "given_name": "Petro", "priority": 2},
            {"family_name": "Bondarenko", "given_name": "Halyna", "decision": "stay"},
        ],
    }


def test_offline_replays_create_nothing_twice(world):
    registrar = world.users["a:field_registrar"]
    first = _post(registrar, "/api/v1/evacuee-registrations", _household(), "idem-0000001")
    assert first.status_code == 201, first.content
    counts = (Household.objects.count(), Person.objects.count(), Evacuee.objects.count())
    # The phone lost the answer: same Idempotency-Key -> the stored answer.
    replay = _post(registrar, "/api/v1/evacuee-registrations", _household(), "idem-0000001")
    assert replay.status_code == 201
    assert replay["Idempotent-Replayed"] == "true"
    assert replay.content == first.content
    # The phone lost its Idempotency-Key too: the submission key still holds.
    again = _post(registrar, "/api/v1/evacuee-registrations", _household(), "idem-0000002")
    assert again.status_code == 200
    assert again.json()["replayed"] is True
    assert again.json()["submission"] == first.json()["submission"]
    assert (Household.objects.count(), Person.objects.count(), Evacuee.objects.count()) == counts


def test_party_reads_withdrawn_where_the_intermediary_reads_declined(world):
    registrar = world.users["a:field_registrar"]
    body = _post(registrar, "/api/v1/evacuee-registrations", _household(), "idem-0000003").json()
    assert sorted(e["state"] for e in body["evacuees"]) == ["ready", "withdrawn"]
    assert "declined" not in json.dumps(body)
    assert "stay" not in json.dumps(body)
    for key, expected in (("a:field_registrar", "withdrawn"), ("int:operations_lead", "declined")):
        auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(world.users[key])}"}
        listed = Client().get("/api/v1/evacuees", **auth).content.decode()
        assert expected in listed
        if expected == "withdrawn":
            assert "declined" not in listed
            assert '"stay"' not in listed
            halyna = next(e for e in json.loads(listed) if "Halyna" in e["name"])
            one = Client().get(f"/api/v1/evacuees/{halyna['id']}", **auth).content.decode()
            assert "declined" not in one
            assert "withdrawn" in one


def test_no_party_overrides_a_decline_the_intermediary_may_record_a_new_decision(world):
    registrar = world.users["a:field_registrar"]
    body = _post(registrar, "/api/v1/evacuee-registrations", _household(), "idem-0000004").json()
    halyna = next(e for e in body["evacuees"] if "Halyna" in e["name"])
    path = f"/api/v1/evacuees/{halyna['id']}/decision"
    kursk = str(settlements()["Kursk"].pk)
    change = {"decision": "leave", "witness": "Herself", "destination": kursk}
    refused = _post(registrar, path, change, "idem-0000005")
    assert refused.status_code == 403
    assert Evacuee.objects.get(pk=halyna["id"]).state == "declined"
    delegate = world.users["int:protection_delegate"]
    accepted = _post(delegate, path, change, "idem-0000006")
    assert accepted.status_code == 200
    assert accepted.json()["state"] == "ready"
    # Another side's evacuee does not exist for party B.
    assert _post(world.users["b:field_registrar"], path, change, "idem-0000007").status_code == 404
