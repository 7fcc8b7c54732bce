"""PFIF through the HTTP API: who may import and export, what an export holds, and nothing else."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from corridor.audit.models import AuditEvent
from corridor.interop import pfif, services
from corridor.registry.models import Person, SourceList, SourceRecord
from tests.factories import make_user, token_for
from tests.interop.helpers import approved_document, ask

pytestmark = pytest.mark.django_db

SEALED = ("CANARYWHERE", "CANARYMED")


def auth(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"}


def post_pfif(user, data: bytes, name: str = "personfinder.xml", **form):
    upload = SimpleUploadedFile(name, data, content_type="application/xml")
    return Client().post(
        "/api/v1/pfif/import",
        {"file": upload, **form},
        HTTP_IDEMPOTENCY_KEY=f"pfif-{uuid.uuid4()}",
        **auth(user),
    )


def get_export(user, list_id=None):
    query = f"?list={list_id}" if list_id else ""
    return Client().get(f"/api/v1/pfif/export{query}", **auth(user))


def stored() -> tuple[int, int, int]:
    return SourceList.objects.count(), SourceRecord.objects.count(), Person.objects.count()


def test_import_answers_201_with_the_list_and_its_counts(world, reference_bytes):
    response = post_pfif(world.users["int:caseworker"], reference_bytes, list_name="Person Finder")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Person Finder"
    assert (body["persons"], body["notes"], body["orphan_notes"], body["candidates"]) == (
        1,
        4,
        0,
        0,
    )
    source_list = SourceList.objects.get(pk=body["id"])
    assert source_list.submitted_via == "api"
    # The rows read through the lists API like any other list's.
    rows = Client().get(
        f"/api/v1/lists/{source_list.pk}/records", **auth(world.users["int:caseworker"])
    )
    assert rows.status_code == 200
    assert rows.json()[0]["record_id"] == "test.google.com/person.21009"


def test_the_same_file_twice_is_409_and_adds_nothing(world, reference_bytes):
    user = world.users["a:bureau_officer"]
    first = post_pfif(user, reference_bytes, list_name="Первый").json()
    before = stored()
    again = post_pfif(user, reference_bytes, name="other-name.xml")
    assert again.status_code == 409
    assert "Первый" in again.json()["detail"]
    assert first["id"] in again.json()["detail"]
    assert stored() == before


def test_malformed_xml_is_422_naming_the_line_and_writes_nothing(world):
    before = stored()
    data = b'<?xml version="1.0"?>\n<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">\n\n<x>\n'
    response = post_pfif(world.users["int:caseworker"], data, name="broken.xml")
    assert response.status_code == 422
    assert "broken.xml" in response.json()["detail"]
    assert "line 5" in response.json()["detail"]
    assert stored() == before
    assert not AuditEvent.objects.filter(action="pfif.imported").exists()


@pytest.mark.parametrize("key", ["a:liaison_officer", "med:observer", "int:dpo"])
def test_import_needs_an_importing_role(world, reference_bytes, key):
    response = post_pfif(world.users[key], reference_bytes)
    assert response.status_code == 403
    assert stored()[0] == 0


def test_import_needs_an_idempotency_key(world, reference_bytes):
    response = Client().post(
        "/api/v1/pfif/import",
        {"file": SimpleUploadedFile("x.xml", reference_bytes)},
        **auth(world.users["int:caseworker"]),
    )
    assert response.status_code == 400


@pytest.mark.parametrize("key", ["a:liaison_officer", "a:bureau_officer", "int:operations_lead"])
def test_export_requests_are_403_for_roles_not_allowed(world, reference_bytes, key):
    own_list = post_pfif(world.users["a:bureau_officer"], reference_bytes).json()["id"]
    for list_id in (None, own_list, uuid.uuid4()):
        response = ask(world.users[key], list_id=list_id)
        assert response.status_code == 403
        assert b"CANARY" not in response.content
    assert not AuditEvent.objects.filter(action__startswith="pfif.export").exists()


@pytest.mark.parametrize("key", ["int:caseworker", "int:dpo", "a:liaison_officer"])
def test_the_old_export_hands_out_nothing_and_points_to_export_requests(
    world, reference_bytes, key
):
    list_id = post_pfif(world.users["a:bureau_officer"], reference_bytes).json()["id"]
    for query in (None, list_id, uuid.uuid4()):
        response = get_export(world.users[key], query)
        assert response.status_code == 403
        assert response["Content-Type"].startswith("application/json")
        detail = response.json()["detail"]
        assert "/api/v1/pfif/export-requests" in detail
        assert "approval" in detail
        assert b"CANARY" not in response.content
        assert b"pfif:person" not in response.content
    assert not AuditEvent.objects.filter(action="pfif.exported").exists()


@pytest.mark.parametrize("key", ["int:caseworker", "int:dpo"])
def test_caseworker_and_dpo_export_the_reference_back_and_are_audited(world, reference_bytes, key):
    list_id = post_pfif(world.users["a:bureau_officer"], reference_bytes).json()["id"]
    user = world.users[key]
    approver = world.users["int:dpo"]
    if key == "int:dpo":  # a data protection officer's own request needs another one
        approver = make_user(world.orgs["int"], "dpo", "int-dpo-second")
    response = approved_document(user, approver, list_id)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert response["Cache-Control"] == "no-store"
    exported, reference = pfif.parse(response.content), pfif.parse(reference_bytes)
    assert exported.persons == reference.persons
    assert exported.persons[0].notes == reference.persons[0].notes
    event = AuditEvent.objects.get(action="pfif.exported")
    assert (event.actor_id_text, event.object_id) == (str(user.pk), list_id)


def test_an_export_of_everything_holds_no_sealed_field(world, reference_bytes):
    post_pfif(world.users["a:bureau_officer"], reference_bytes)
    response = approved_document(world.users["int:caseworker"], world.users["int:dpo"])
    assert response.status_code == 200
    body = response.content.decode()
    # The intermediary sees every side's records, but never a sealed value in an export.
    assert all(f"CANARYFAM{code}" in body for code in ("INT", "A", "B"))
    assert "test.google.com/person.21009" in body
    sealed = [c for cs in world.canaries.values() for c in cs if c.startswith(SEALED)]
    assert len(sealed) == 8
    assert not [c for c in sealed if c in body]
    # Corridor's own records are valid PFIF 1.4; the reference's test values are not all valid.
    problems = pfif.validate(response.content)
    assert problems
    assert all("test.google.com/" in p for p in problems)


def test_party_isolation_holds_in_export_requests(world, reference_bytes, monkeypatch):
    """Were a party role allowed to export, another side's list would not exist for it.

    What such an export would hold is tested on the service (test_pfif_services.py): a party
    has no data protection officer to approve it through the API.
    """
    monkeypatch.setattr(services, "PFIF_EXPORTING_ROLES", frozenset({"liaison_officer"}))
    list_of_a = post_pfif(world.users["a:bureau_officer"], reference_bytes).json()["id"]
    b = world.users["b:liaison_officer"]
    hidden = ask(b, list_id=list_of_a)
    missing = ask(b, list_id=uuid.uuid4())
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    # a's own liaison officer may ask for a's list.
    assert ask(world.users["a:liaison_officer"], list_id=list_of_a).status_code == 201
