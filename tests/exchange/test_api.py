"""Exchange through the HTTP API and the pages, as a party's officer or the intermediary uses them."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client

from corridor.exchange import reconciliation, rounds
from corridor.exchange.models import ExchangeEntry, RoundMember
from tests.exchange.helpers import literal_lists, ready_entries
from tests.factories import signed_in_client, token_for

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"}

    def get(self, path):
        return self.client.get(f"/api/v1/exchange/{path}", **self.headers)

    def post(self, path, body=None):
        return self.client.post(
            f"/api/v1/exchange/{path}",
            data=json.dumps(body or {}),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
            **self.headers,
        )


def test_a_bureau_keeps_its_list_and_sees_only_its_view_of_the_states(world):
    bureau = Api(world.users["a:bureau_officer"])
    created = bureau.post("lists", {"name": "Held", "kind": "held", "population": "pow"})
    assert created.status_code == 201, created.content
    list_id = created.json()["id"]
    added = bureau.post(
        f"lists/{list_id}/entries",
        {"family_name": "Шевченко", "given_names": "Олександр", "serial_number": "AB-1",
         "rank": "солдат", "person_to_inform": "CANARYWHEREINFORM"},
    )  # fmt: skip
    assert added.status_code == 201, added.content
    entry = added.json()
    assert entry["state"] == "proposed"
    assert "CANARYWHEREINFORM" not in added.content.decode()
    assert {"field": "person_to_inform", "is_set": True} in entry["sealed"]
    assert bureau.post(f"lists/{list_id}/submit").json() == {"submitted": 1}
    sought = literal_lists(world)  # B's sought list holds a Шевченко Александр
    reconciliation.run(world.users["int:caseworker"])
    assert ExchangeEntry.objects.get(pk=sought.held["son"].pk).state == "matched"
    # The party sees "submitted", not the intermediary's reconciliation outcome.
    for e in bureau.get(f"lists/{sought.held_list.pk}/entries").json():
        assert e["state"] == "submitted"
    desk = Api(world.users["int:caseworker"])
    assert desk.get(f"entries/{sought.held['son'].pk}").json()["state"] == "matched"
    # The other party's list does not exist for this party.
    assert bureau.get(f"lists/{sought.sought_list.pk}").status_code == 404


def test_capture_and_death_notifications(world):
    bureau = Api(world.users["a:bureau_officer"])
    captured = bureau.post(
        "capture", {"family_name": "Бондар", "given_names": "Андрій", "population": "pow",
                    "date_of_capture": "2025-02-01", "place_of_capture": "Суджа"},
    )  # fmt: skip
    assert captured.status_code == 201, captured.content
    entry_id = captured.json()["id"]
    assert captured.json()["state"] == "submitted"
    liaison = Api(world.users["a:liaison_officer"])
    assert liaison.post(f"entries/{entry_id}/death", {"date": "2025-03-01"}).status_code == 403
    assert bureau.post(f"entries/{entry_id}/death", {}).status_code == 422
    died = bureau.post(f"entries/{entry_id}/death", {"date": "2025-03-01", "circumstances": "x"})
    assert died.json()["state"] == "deceased"
    assert Api(world.users["b:bureau_officer"]).get(f"entries/{entry_id}").status_code == 404


def test_removal_needs_a_reason(world):
    lists = literal_lists(world)
    bureau = Api(world.users["b:bureau_officer"])
    entry = lists.sought["serhii"].pk
    assert bureau.post(f"entries/{entry}/remove", {"reason": " "}).status_code == 422
    removed = bureau.post(f"entries/{entry}/remove", {"reason": "found at home"})
    assert removed.json()["state"] == "removed"
    assert removed.json()["removal_reason"] == "found at home"


def test_round_acceptance_through_the_api(world):
    ready_entries(world, "a", 3)
    ready_entries(world, "b", 3)
    lead = Api(world.users["int:operations_lead"])
    created = lead.post(
        "rounds", {"name": "Three", "formula": "n_for_n", "category": "any", "size": 3}
    )
    assert created.status_code == 201, created.content
    round_id = created.json()["id"]
    first_hash = created.json()["version_hash"]
    a, b = Api(world.users["a:liaison_officer"]), Api(world.users["b:liaison_officer"])
    assert a.get(f"rounds/{round_id}").status_code == 404  # a draft is the intermediary's
    lead.post(f"rounds/{round_id}/propose")
    shown = a.get(f"rounds/{round_id}").json()
    assert len(shown["members"]) == 6
    assert a.post(f"rounds/{round_id}/accept", {"version_hash": "0" * 64}).status_code == 409
    assert a.post(f"rounds/{round_id}/accept", {"version_hash": first_hash}).status_code == 200
    assert lead.post(f"rounds/{round_id}/execute").status_code == 409
    member = RoundMember.objects.filter(round_id=round_id).first()
    assert lead.post(f"round-members/{member.pk}/remove").status_code == 200
    lead.post(f"rounds/{round_id}/propose")
    new_hash = lead.get(f"rounds/{round_id}").json()["version_hash"]
    assert new_hash != first_hash
    assert b.post(f"rounds/{round_id}/accept", {"version_hash": new_hash}).status_code == 200
    refused = lead.post(f"rounds/{round_id}/execute")
    assert refused.status_code == 409
    assert "Both parties" in refused.json()["detail"]
    assert a.post(f"rounds/{round_id}/accept", {"version_hash": first_hash}).status_code == 409
    assert a.post(f"rounds/{round_id}/accept", {"version_hash": new_hash}).status_code == 200
    assert lead.post(f"rounds/{round_id}/execute").json()["state"] == "executing"
    report = lead.get(f"rounds/{round_id}/report").json()
    assert sum(c["count"] for c in report) == 5


def test_a_party_sees_the_other_sides_people_in_a_round_with_the_agreed_fields_only(world):
    a_side = ready_entries(world, "a", 2)
    b_side = ready_entries(world, "b", 2)
    for e in b_side:
        e.unit = "CANARYUNITB"
        e.save()
    lead = world.users["int:operations_lead"]
    round_ = rounds.create_round(lead, "Two", "n_for_n", "any", 2)
    rounds.propose(lead, round_.pk)
    page = signed_in_client(world.users["a:liaison_officer"]).get(f"/exchange/rounds/{round_.pk}/")
    html = page.content.decode()
    for e in [*a_side, *b_side]:
        assert e.family_name in html
    assert "CANARYUNITB" not in html
    shown = Api(world.users["a:liaison_officer"]).get(f"entries/{b_side[0].pk}").json()
    assert set(shown) == {"id", *rounds.EXCHANGED_FIELDS, "state_label"}
    exported = Client()
    exported.force_login(world.users["a:liaison_officer"])
    csv = signed_in_client(world.users["a:liaison_officer"]).post(
        f"/exchange/rounds/{round_.pk}/export/", {"purpose": "briefing the escort"}
    )
    assert csv["Content-Type"].startswith("text/csv")
    body = csv.content.decode()
    assert b_side[0].family_name in body
    assert "CANARYUNITB" not in body


def test_pages_of_a_party(world):
    lists = literal_lists(world, submit=False)
    client = signed_in_client(world.users["a:bureau_officer"])
    home = client.get("/exchange/").content.decode()
    assert "Held by A" in home
    assert "Sought by B" not in home
    page = client.get(f"/exchange/lists/{lists.held_list.pk}/").content.decode()
    assert "Shevchenko Oleksandr" in page
    assert "Submit to the intermediary" in page
    client.post(f"/exchange/lists/{lists.held_list.pk}/submit/")
    assert (
        ExchangeEntry.objects.filter(exchange_list=lists.held_list, state="submitted").count() == 9
    )
    added = client.post(
        f"/exchange/lists/{lists.held_list.pk}/entries/",
        {"family_name": "Новий", "given_names": "Іван", "sex": "M", "medical_category": ""},
    )
    assert added.status_code == 302
    refused = client.post(f"/exchange/entries/{lists.held['son'].pk}/remove/", {"reason": ""})
    assert refused.status_code == 422
    assert "reason" in refused.content.decode()
    assert client.get(f"/exchange/lists/{lists.sought_list.pk}/").status_code == 404


def test_capture_notification_page(world):
    client = signed_in_client(world.users["a:bureau_officer"])
    assert client.get("/exchange/capture/").status_code == 200
    sent = client.post(
        "/exchange/capture/",
        {"family_name": "Бондар", "given_names": "Андрій", "population": "civilian",
         "date_of_capture": "2025-02-01", "sex": "", "medical_category": ""},
    )  # fmt: skip
    assert sent.status_code == 302
    entry = ExchangeEntry.objects.get(family_name="Бондар")
    assert (entry.state, entry.population, entry.kind) == ("submitted", "civilian", "held")
    refused = signed_in_client(world.users["a:liaison_officer"]).post(
        "/exchange/capture/", {"family_name": "X", "population": "pow"}
    )
    assert refused.status_code == 403


def test_sealed_person_to_inform_opens_for_its_readers_only(world):
    from corridor.exchange import services
    from corridor.exchange.services import EntryDetails

    officer = world.users["a:bureau_officer"]
    held = services.create_list(officer, "Held", "held", "pow")
    entry = services.add_entry(
        officer, held.pk, EntryDetails(family_name="X", person_to_inform="CANARYWHEREMOTHER")
    )
    path = f"entries/{entry.pk}/sealed/person_to_inform"
    assert Api(officer).get(path).json()["value"] == "CANARYWHEREMOTHER"
    assert Api(world.users["int:caseworker"]).get(path).json()["value"] == "CANARYWHEREMOTHER"
    for key in ("a:liaison_officer", "int:operations_lead", "b:bureau_officer"):
        assert Api(world.users[key]).get(path).status_code == 404
    from corridor.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="sealed.read", object_id=str(entry.pk)).count() == 2
