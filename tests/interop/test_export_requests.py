"""PFIF export requests through the HTTP API, the pages and the CLI: a purpose, four eyes, once."""

from __future__ import annotations

import datetime
import hashlib
import threading
import uuid
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from corridor.audit.models import AuditEvent
from corridor.audit.services import verify_chain
from corridor.idempotency.models import IdempotencyRecord
from corridor.interop import export_requests, pfif, services
from corridor.interop.errors import ExportRequestClosed
from corridor.interop.models import ExportRequest, ExportState
from corridor.registry.models import SourceList
from tests.factories import make_user, signed_in_client
from tests.interop.helpers import (
    PURPOSE,
    approved_document,
    ask,
    auth,
    decide,
    fetch_document,
    post_json,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pfif_list(world, reference_bytes) -> SourceList:
    """Person Finder's reference document imported by party A: one person, four notes."""
    user = world.users["a:bureau_officer"]
    return services.import_pfif(
        user, "pf.xml", reference_bytes, organisation=user.organisation, list_name="PF"
    )


def asked(world, list_id=None, user_key: str = "int:caseworker") -> str:
    response = ask(world.users[user_key], list_id=list_id)
    assert response.status_code == 201, response.content
    return response.json()["id"]


def listed(user) -> list[dict]:
    response = Client().get("/api/v1/pfif/export-requests", **auth(user))
    assert response.status_code == 200
    return response.json()


def audit_payloads() -> str:
    return " ".join(
        f"{e.action} {e.object_type} {e.object_id} {e.actor_id_text} {e.digest}"
        for e in AuditEvent.objects.all()
    )


# --- the whole path ---


def test_a_caseworker_asks_the_dpo_approves_and_the_caseworker_downloads_once(
    world, pfif_list, reference_bytes
):
    worker, dpo = world.users["int:caseworker"], world.users["int:dpo"]
    created = ask(worker, list_id=pfif_list.pk)
    assert created.status_code == 201
    body = created.json()
    assert (body["state"], body["purpose"], body["list"]) == (
        "requested",
        PURPOSE,
        str(pfif_list.pk),
    )
    assert (body["requested_by"], body["decided_by"], body["persons"]) == (
        worker.username,
        None,
        None,
    )
    request_id = body["id"]

    not_yet = fetch_document(worker, request_id)
    assert not_yet.status_code == 409
    assert not_yet.json() == {"detail": "This export has not been approved yet."}
    assert b"pfif:person" not in not_yet.content

    approved = decide(dpo, request_id, approve=True, note="Agreed with the partner office")
    assert approved.status_code == 200
    assert approved.json()["state"] == "approved"
    assert approved.json()["decided_by"] == dpo.username
    expires = datetime.datetime.fromisoformat(approved.json()["expires_at"])
    assert datetime.timedelta(hours=23) < expires - timezone.now() <= datetime.timedelta(hours=24)

    document = fetch_document(worker, request_id)
    assert document.status_code == 200
    assert document["Content-Type"].startswith("application/xml")
    assert document["Cache-Control"] == "no-store"
    assert document["Content-Disposition"] == 'attachment; filename="corridor.pfif.xml"'
    exported = pfif.parse(document.content)
    assert exported.persons == pfif.parse(reference_bytes).persons
    assert [p.person_record_id for p in exported.persons] == ["test.google.com/person.21009"]

    again = fetch_document(worker, request_id)
    assert again.status_code == 409
    assert "already downloaded" in again.json()["detail"]
    assert b"pfif:person" not in again.content

    (row,) = listed(worker)
    assert (row["id"], row["state"], row["persons"]) == (request_id, "downloaded", 1)
    assert row["document_digest"] == hashlib.sha256(document.content).hexdigest()
    assert row["downloaded_at"]


def test_the_document_is_the_one_export_pfif_writes(world):
    worker = world.users["int:caseworker"]
    response = approved_document(worker, world.users["int:dpo"])
    assert response.status_code == 200
    assert response.content == services.export_pfif(worker)
    assert pfif.validate(response.content) == []
    names = {p.family_name for p in pfif.parse(response.content).persons}
    assert {"CANARYFAMINT", "CANARYFAMA", "CANARYFAMB", "SHAREDFAMA"} <= names


def test_replaying_the_download_key_does_not_hand_the_document_out_again(world):
    worker = world.users["int:caseworker"]
    request_id = asked(world)
    decide(world.users["int:dpo"], request_id)
    first = fetch_document(worker, request_id, key="download-once-0001")
    assert first.status_code == 200
    replay = fetch_document(worker, request_id, key="download-once-0001")
    assert replay.status_code == 409
    assert "not kept" in replay.json()["detail"]
    assert b"CANARY" not in replay.content
    stored = [bytes(r.body or b"") for r in IdempotencyRecord.objects.all()]
    assert not [body for body in stored if b"CANARY" in body or b"pfif:person" in body]


# --- who may decide ---


def test_the_requester_cannot_approve_their_own_request(world):
    worker = world.users["int:caseworker"]
    request_id = asked(world)
    response = decide(worker, request_id)
    assert response.status_code == 403
    assert response.json() == {"detail": "Someone else must decide on your own export request."}
    assert fetch_document(worker, request_id).status_code == 409
    assert ExportRequest.objects.get().state == ExportState.REQUESTED


def test_a_dpo_cannot_approve_their_own_request_but_another_dpo_can(world):
    dpo = world.users["int:dpo"]
    request_id = asked(world, user_key="int:dpo")
    assert decide(dpo, request_id).status_code == 403
    other = make_user(world.orgs["int"], "dpo", "int-dpo-second")
    assert decide(other, request_id).status_code == 200
    assert fetch_document(dpo, request_id).status_code == 200


def test_a_caseworker_cannot_approve(world):
    request_id = asked(world)
    colleague = make_user(world.orgs["int"], "caseworker", "int-caseworker-2")
    response = decide(colleague, request_id)
    # Another caseworker's request does not exist for them; a DPO's request is not theirs to decide.
    assert response.status_code == 404
    dpo_request = asked(world, user_key="int:dpo")
    assert decide(world.users["int:caseworker"], dpo_request).status_code == 404
    assert set(ExportRequest.objects.values_list("state", flat=True)) == {ExportState.REQUESTED}


@pytest.mark.parametrize("key", ["int:operations_lead", "int:protection_delegate"])
def test_other_intermediary_roles_cannot_decide_or_see(world, key):
    request_id = asked(world)
    assert decide(world.users[key], request_id).status_code == 404
    assert listed(world.users[key]) == []


def test_refusal_needs_a_note_and_closes_the_request(world):
    worker, dpo = world.users["int:caseworker"], world.users["int:dpo"]
    request_id = asked(world)
    no_note = decide(dpo, request_id, approve=False)
    assert no_note.status_code == 422
    assert "note" in no_note.json()["detail"]
    refused = decide(dpo, request_id, approve=False, note="Ask for the one list you need")
    assert refused.status_code == 200
    assert refused.json()["state"] == "refused"
    assert refused.json()["expires_at"] is None
    download = fetch_document(worker, request_id)
    assert download.status_code == 409
    assert download.json() == {"detail": "This export was refused."}
    twice = decide(dpo, request_id, approve=True)
    assert twice.status_code == 409
    assert "already decided" in twice.json()["detail"]
    (row,) = listed(worker)
    assert (row["state"], row["decision_note"]) == ("refused", "Ask for the one list you need")


def test_the_decision_must_be_given(world):
    request_id = asked(world)
    url = f"/api/v1/pfif/export-requests/{request_id}/decision"
    response = post_json(world.users["int:dpo"], url, {"note": "?"})
    assert response.status_code == 422
    assert "approve" in response.json()["detail"]
    assert ExportRequest.objects.get().state == ExportState.REQUESTED


@pytest.mark.parametrize(
    ("purpose", "status"),
    [("", 422), ("  short  ", 422), ("x" * 501, 422), ("Tracing desk hand-over", 201)],
)
def test_the_purpose_is_required_10_to_500_characters(world, purpose, status):
    response = ask(world.users["int:caseworker"], purpose=purpose)
    assert response.status_code == status, response.content
    if status == 422:
        assert ExportRequest.objects.count() == 0


# --- who may download and see ---


def test_only_the_requester_downloads(world):
    request_id = asked(world)
    decide(world.users["int:dpo"], request_id)
    colleague = make_user(world.orgs["int"], "caseworker", "int-caseworker-2")
    assert fetch_document(colleague, request_id).status_code == 404
    by_dpo = fetch_document(world.users["int:dpo"], request_id)
    assert by_dpo.status_code == 403
    assert by_dpo.json() == {"detail": "Only the person who asked for this export can download it."}
    assert b"CANARY" not in by_dpo.content
    assert ExportRequest.objects.get().state == ExportState.APPROVED
    assert fetch_document(world.users["int:caseworker"], request_id).status_code == 200


@pytest.mark.parametrize("key", ["a:liaison_officer", "b:bureau_officer", "med:observer"])
def test_other_sides_cannot_see_a_request(world, key):
    request_id = asked(world)
    user = world.users[key]
    missing = uuid.uuid4()
    for step in (lambda i: decide(user, i), lambda i: fetch_document(user, i)):
        hidden, absent = step(request_id), step(missing)
        assert hidden.status_code == absent.status_code == 404
        assert hidden.content == absent.content
    assert listed(user) == []
    assert ExportRequest.objects.get().state == ExportState.REQUESTED


def test_the_list_shows_own_requests_and_to_a_dpo_the_organisations_newest_first(world):
    first = asked(world)
    colleague = make_user(world.orgs["int"], "caseworker", "int-caseworker-2")
    second = ask(colleague).json()["id"]
    assert [r["id"] for r in listed(world.users["int:caseworker"])] == [first]
    assert [r["id"] for r in listed(colleague)] == [second]
    assert [r["id"] for r in listed(world.users["int:dpo"])] == [second, first]


def test_a_list_the_requester_may_not_see_is_404(world):
    response = ask(world.users["int:caseworker"], list_id=uuid.uuid4())
    assert response.status_code == 404
    assert not ExportRequest.objects.exists()


# --- expiry ---


def test_an_approval_expires(world, settings):
    settings.CORRIDOR_PFIF_APPROVAL_HOURS = 2
    worker = world.users["int:caseworker"]
    request_id = asked(world)
    approved = decide(world.users["int:dpo"], request_id).json()
    expires = datetime.datetime.fromisoformat(approved["expires_at"])
    with time_machine.travel(expires + datetime.timedelta(minutes=1), tick=False):
        assert listed(worker)[0]["state"] == "expired"
        response = fetch_document(worker, request_id)
        assert response.status_code == 409
        assert "expired" in response.json()["detail"]
        assert b"pfif:person" not in response.content
        assert ExportRequest.objects.get().state == ExportState.EXPIRED
        assert fetch_document(worker, request_id).status_code == 409
    assert AuditEvent.objects.filter(action="pfif.export_expired").count() == 1
    assert not AuditEvent.objects.filter(action="pfif.exported").exists()


def test_an_approval_is_usable_until_it_expires(world, settings):
    settings.CORRIDOR_PFIF_APPROVAL_HOURS = 2
    request_id = asked(world)
    approved = decide(world.users["int:dpo"], request_id).json()
    expires = datetime.datetime.fromisoformat(approved["expires_at"])
    with time_machine.travel(expires - datetime.timedelta(minutes=1), tick=False):
        assert fetch_document(world.users["int:caseworker"], request_id).status_code == 200


# --- audit ---


def test_every_step_is_audited_without_personal_data(world, pfif_list):
    worker, dpo = world.users["int:caseworker"], world.users["int:dpo"]
    request_id = asked(world, list_id=pfif_list.pk)
    refused_id = asked(world)
    decide(dpo, refused_id, approve=False, note="Only the list, please")
    decide(dpo, request_id, note="Fine")
    assert fetch_document(worker, request_id).status_code == 200
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", "object_id"))
    steps = [a for a in actions if a[0].startswith("pfif.export")]
    assert steps == [
        ("pfif.export_requested", request_id),
        ("pfif.export_requested", refused_id),
        ("pfif.export_refused", refused_id),
        ("pfif.export_approved", request_id),
        ("pfif.exported", str(pfif_list.pk)),
        ("pfif.export_downloaded", request_id),
    ]
    payloads = audit_payloads()
    names = {c for cs in world.canaries.values() for c in cs} | {
        "_test_full_name",
        "_test_family_name",
        PURPOSE,
        "Reunification",
    }
    assert not [n for n in names if n in payloads]
    assert verify_chain() is None


# --- the command line ---


def cli(*args, out=None):
    call_command("export", "pfif", "--organisation", "int", *args, stdout=out or StringIO())


def test_cli_needs_a_purpose_and_an_approving_dpo(world, tmp_path):
    target = str(tmp_path / "x.xml")
    for args in (
        (),
        ("--purpose", PURPOSE),
        ("--approved-by", "int-dpo"),
    ):
        with pytest.raises(CommandError, match="give --purpose and --approved-by, or --request"):
            cli("--user", "int-caseworker", *args, "-o", target)
    refusals = {
        ("--approved-by", "int-caseworker"): "not an active data protection officer",
        ("--approved-by", "int-operations_lead"): "not an active data protection officer",
        ("--approved-by", "a-liaison_officer"): "no user 'a-liaison_officer' in int",
        ("--approved-by", "nobody"): "no user 'nobody' in int",
    }
    for args, message in refusals.items():
        with pytest.raises(CommandError, match=message):
            cli("--user", "int-caseworker", "--purpose", PURPOSE, *args, "-o", target)
    with pytest.raises(CommandError, match="Someone else must decide"):
        cli("--user", "int-dpo", "--purpose", PURPOSE, "--approved-by", "int-dpo", "-o", target)
    with pytest.raises(CommandError, match="purpose: say what the export is for"):
        cli("--user", "int-caseworker", "--purpose", "x", "--approved-by", "int-dpo", "-o", target)
    inactive = world.users["int:dpo"]
    inactive.is_active = False
    inactive.save()
    with pytest.raises(CommandError, match="not an active data protection officer"):
        cli(
            "--user",
            "int-caseworker",
            "--purpose",
            PURPOSE,
            "--approved-by",
            "int-dpo",
            "-o",
            target,
        )
    assert list(tmp_path.iterdir()) == []
    assert not ExportRequest.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="pfif.export").exists()


def test_cli_records_the_purpose_and_the_approval(world, tmp_path):
    target, out = tmp_path / "x.xml", StringIO()
    cli(
        "--user", "int-caseworker", "--purpose", PURPOSE, "--approved-by", "int-dpo",
        "-o", str(target), out=out,
    )  # fmt: skip
    persons = pfif.parse(target.read_bytes()).persons
    assert f"wrote {len(persons)} person record(s)" in out.getvalue()
    record = ExportRequest.objects.get()
    assert (record.state, record.purpose, record.requested_by, record.decided_by) == (
        ExportState.DOWNLOADED,
        PURPOSE,
        world.users["int:caseworker"],
        world.users["int:dpo"],
    )
    assert record.person_count == len(persons)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "pfif.export_requested",
        "pfif.export_approval_recorded",
        "pfif.exported",
        "pfif.export_downloaded",
    } <= actions
    assert PURPOSE not in audit_payloads()


def test_cli_downloads_an_approved_request_once(world, tmp_path):
    request_id = asked(world)
    target = tmp_path / "x.xml"
    with pytest.raises(CommandError, match="not been approved yet"):
        cli("--user", "int-caseworker", "--request", request_id, "-o", str(target))
    decide(world.users["int:dpo"], request_id)
    with pytest.raises(CommandError, match="leave out --purpose"):
        cli("--user", "int-caseworker", "--request", request_id, "--purpose", PURPOSE,
            "-o", str(target))  # fmt: skip
    with pytest.raises(CommandError, match="Only the person who asked"):
        cli("--user", "int-dpo", "--request", request_id, "-o", str(target))
    with pytest.raises(CommandError, match="invalid UUID"):
        cli("--user", "int-caseworker", "--request", "not-an-id", "-o", str(target))
    cli("--user", "int-caseworker", "--request", request_id, "-o", str(target))
    assert pfif.parse(target.read_bytes()).persons
    with pytest.raises(CommandError, match="already downloaded"):
        cli("--user", "int-caseworker", "--request", request_id, "-o", str(tmp_path / "y.xml"))
    assert [p.name for p in tmp_path.iterdir()] == ["x.xml"]


# --- concurrency (PostgreSQL: two connections; SQLite serialises writers anyway) ---


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_downloads_cannot_both_succeed(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite runs one writer at a time")
    request_id = asked(world)
    decide(world.users["int:dpo"], request_id)
    worker = world.users["int:caseworker"]
    barrier, results = threading.Barrier(2), []

    def attempt():
        try:
            barrier.wait()
            export_requests.download(worker, request_id)
            results.append("ok")
        except ExportRequestClosed:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    assert AuditEvent.objects.filter(action="pfif.export_downloaded").count() == 1


# --- pages ---


def test_the_request_page_asks_for_a_purpose_and_lists_own_requests(world, pfif_list):
    client = signed_in_client(world.users["int:caseworker"])
    page = client.get(f"/pfif/exports/?list={pfif_list.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="purpose"' in html
    assert "no names or other personal data" in html
    assert f'<option value="{pfif_list.pk}" selected>' in html
    assert "csrfmiddlewaretoken" in html
    short = client.post("/pfif/exports/", {"purpose": "short", "source_list": ""})
    assert short.status_code == 422
    assert "short" in short.content.decode()  # what was typed is kept
    created = client.post(
        "/pfif/exports/", {"purpose": PURPOSE, "source_list": str(pfif_list.pk)}, follow=True
    )
    assert created.status_code == 200
    html = created.content.decode()
    assert "Export requested" in html
    assert PURPOSE in html
    assert "awaiting approval" in html
    assert "Download once" not in html
    record = ExportRequest.objects.get()
    assert record.source_list == pfif_list
    assert AuditEvent.objects.filter(action="pfif.export_requested").count() == 1


def test_the_request_page_is_for_exporting_roles_only(world):
    for key in ("int:operations_lead", "a:liaison_officer"):
        assert signed_in_client(world.users[key]).get("/pfif/exports/").status_code == 403
    assert (
        signed_in_client(world.users["int:caseworker"]).get("/pfif/exports/queue/").status_code
        == 403
    )


def test_the_dpo_approves_on_the_queue_page_and_the_caseworker_downloads_on_theirs(world):
    request_id = asked(world)
    dpo = signed_in_client(world.users["int:dpo"])
    queue = dpo.get("/pfif/exports/queue/")
    assert queue.status_code == 200
    html = queue.content.decode()
    assert PURPOSE in html
    assert f"/pfif/exports/{request_id}/decision/" in html
    home = dpo.get("/").content.decode()
    assert "PFIF export awaits your decision" in home
    refused = dpo.post(f"/pfif/exports/{request_id}/decision/", {"decision": "refuse"})
    assert refused.status_code == 422
    assert "say why" in refused.content.decode()
    approved = dpo.post(
        f"/pfif/exports/{request_id}/decision/", {"decision": "approve", "note": "ok"}, follow=True
    )
    assert approved.status_code == 200
    assert "Export approved" in approved.content.decode()
    assert ExportRequest.objects.get().state == ExportState.APPROVED

    worker = signed_in_client(world.users["int:caseworker"])
    mine = worker.get("/pfif/exports/").content.decode()
    assert "Download once" in mine
    assert f"/pfif/exports/{request_id}/document/" in mine
    document = worker.post(f"/pfif/exports/{request_id}/document/")
    assert document.status_code == 200
    assert document["Cache-Control"] == "no-store"
    assert document["Content-Disposition"].startswith("attachment")
    assert pfif.parse(document.content).persons
    again = worker.post(f"/pfif/exports/{request_id}/document/")
    assert again.status_code == 409
    assert "already downloaded" in again.content.decode()
    assert "Download once" not in again.content.decode()


def test_the_pages_enforce_csrf(world):
    request_id = asked(world)
    dpo = Client(enforce_csrf_checks=True)
    signed = signed_in_client(world.users["int:dpo"])
    dpo.cookies = signed.cookies
    response = dpo.post(f"/pfif/exports/{request_id}/decision/", {"decision": "approve"})
    assert response.status_code == 403
    worker = Client(enforce_csrf_checks=True)
    worker.cookies = signed_in_client(world.users["int:caseworker"]).cookies
    assert worker.post("/pfif/exports/", {"purpose": PURPOSE}).status_code == 403
    assert ExportRequest.objects.get().state == ExportState.REQUESTED
    assert ExportRequest.objects.count() == 1


def test_the_dpos_own_request_has_no_decision_buttons_for_them(world):
    request_id = asked(world, user_key="int:dpo")
    html = signed_in_client(world.users["int:dpo"]).get("/pfif/exports/queue/").content.decode()
    assert "another data protection officer decides" in html
    assert f"/pfif/exports/{request_id}/decision/" not in html
    assert (
        "awaits your decision"
        not in signed_in_client(world.users["int:dpo"]).get("/").content.decode()
    )


def test_lists_link_to_the_export_page_for_exporting_roles(world, pfif_list):
    worker = signed_in_client(world.users["int:caseworker"])
    assert (
        f"/pfif/exports/?list={pfif_list.pk}"
        in worker.get(f"/registry/lists/{pfif_list.pk}/").content.decode()
    )
    assert "/pfif/exports/" in worker.get("/imports/").content.decode()
    lead = signed_in_client(world.users["int:operations_lead"])
    assert "/pfif/exports/" not in lead.get("/imports/").content.decode()
