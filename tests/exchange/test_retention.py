"""Exchange entries expire a period after their final state, or go on the DPO's request; the
names leave every answer, page, export and reconciliation finding; counts and a tombstone stay."""

from __future__ import annotations

import datetime
import io
import json
import uuid

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from corridor.audit.models import AuditEvent
from corridor.exchange import reconciliation, rounds, services, uploads
from corridor.exchange.models import ExchangeEntry, Finding, ListUpload, RoundMember
from corridor.exchange.retention import expire_due
from corridor.retention import period
from tests.exchange.helpers import literal_lists, ready_entries
from tests.factories import signed_in_client, token_for

pytestmark = pytest.mark.django_db

# What only the held "son" of the literal lists carries, and the person to inform added below.
SON = ("Shevchenko", "AB-100234", "1998-04-12", "Halyna")


def api(user, method: str, path: str, body: dict | None = None):
    client, auth = Client(), {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"}
    if method == "GET":
        return client.get(f"/api/v1/exchange/{path}", **auth)
    return client.post(
        f"/api/v1/exchange/{path}",
        data=json.dumps(body or {}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=f"x-{uuid.uuid4()}",
        **auth,
    )


@pytest.fixture
def removed_son(world):
    """Party A's held "son", with a person to inform, reconciled, then taken off A's list."""
    lists = literal_lists(world)
    son = ExchangeEntry.objects.get(pk=lists.held["son"].pk)
    son.person_to_inform = "Halyna Shevchenko, mother"
    son.save()
    run = reconciliation.run(world.users["int:caseworker"])
    assert Finding.objects.filter(held=son).exists()
    son = services.remove_entry(world.users["a:bureau_officer"], son.pk, "transferred elsewhere")
    return son, run


def son_as_shown(world, son, run) -> str:
    """The entry as its party and the intermediary see it: API, list, report, pages."""
    bureau, desk = world.users["a:bureau_officer"], world.users["int:caseworker"]
    out = []
    for user in (bureau, desk):
        for path in (f"entries/{son.pk}", f"lists/{son.exchange_list_id}/entries", "report"):
            response = api(user, "GET", path)
            assert response.status_code == 200, (path, response.content)
            out.append(response.content.decode())
        page = signed_in_client(user).get(f"/exchange/entries/{son.pk}/")
        assert page.status_code == 200
        out.append(page.content.decode())
    out.append(api(desk, "GET", f"reconciliations/{run.pk}").content.decode())
    return "\n".join(out)


def test_the_entry_stays_until_the_period_after_its_final_state(world, removed_son):
    son, run = removed_son
    with time_machine.travel(son.updated_at + period("exchange_entry") - datetime.timedelta(1)):
        assert expire_due()["exchange entry(ies)"] == 0
    shown = son_as_shown(world, son, run)
    assert all(value in shown for value in SON[:3])
    assert (
        str(son.pk)
        in api(world.users["int:caseworker"], "GET", f"reconciliations/{run.pk}").content.decode()
    )


def test_retention_run_erases_the_entry_everywhere_and_keeps_the_counts(world, removed_son):
    son, run = removed_son
    report_before = api(world.users["a:bureau_officer"], "GET", "report").json()
    with time_machine.travel(son.updated_at + period("exchange_entry"), tick=False):
        out = io.StringIO()
        call_command("retention", "run", stdout=out)
    assert "1 exchange entry(ies) erased" in out.getvalue().splitlines()
    assert "0 uploaded list file(s) erased" in out.getvalue().splitlines()

    shown = son_as_shown(world, son, run)
    assert not [value for value in SON if value in shown]
    son.refresh_from_db()
    assert (son.family_name, son.serial_number, son.removal_reason) == ("—", "", "")
    assert son.person_to_inform is None
    assert son.state == "removed"
    # The reconciliation pairs that compared the entry are gone; the run's counts stay.
    assert not Finding.objects.filter(held=son).exists()
    run.refresh_from_db()
    assert run.counts
    # The party's counts by state are what they were.
    assert sum(
        c["count"] for c in api(world.users["a:bureau_officer"], "GET", "report").json()
    ) == sum(c["count"] for c in report_before)
    entry = api(world.users["a:bureau_officer"], "GET", f"entries/{son.pk}").json()
    assert entry["erased"] is True
    tomb = AuditEvent.objects.get(action="exchange.erased", object_id=str(son.pk))
    assert not [v for v in SON if v in json.dumps(tomb.__dict__, default=str)]
    # An erased entry takes part in no later reconciliation.
    reconciliation.run(world.users["int:caseworker"])
    assert not Finding.objects.filter(held=son).exists()


@pytest.fixture
def round_of_four(world):
    for code in ("a", "b"):
        ready_entries(world, code, 2)
    round_ = rounds.create_round(world.users["int:operations_lead"], "R1", "all_for_all", "any")
    member = RoundMember.objects.filter(round=round_, released_by=world.orgs["a"]).first()
    return round_, ExchangeEntry.objects.get(pk=member.entry_id)


def test_the_dpo_erases_on_request_through_the_api_once(world, round_of_four):
    round_, entry = round_of_four
    name, serial = entry.family_name, entry.serial_number
    dpo = world.users["int:dpo"]
    for _ in range(2):  # twice: harmless
        response = api(dpo, "POST", f"entries/{entry.pk}/erase", {"reason": "the person asked"})
        assert response.status_code == 204, response.content
    tombs = AuditEvent.objects.filter(action="exchange.erased", object_id=str(entry.pk))
    assert [t.actor_id_text for t in tombs] == [str(dpo.pk)]
    lead = world.users["int:operations_lead"]
    export = api(lead, "POST", f"rounds/{round_.pk}/export", {"purpose": "hand-over check"})
    assert export.status_code == 200
    text = export.content.decode()
    assert len(text.splitlines()) == 5  # the header and all four persons: the slot stays
    detail = api(lead, "GET", f"rounds/{round_.pk}").content.decode()
    page = signed_in_client(lead).get(f"/exchange/rounds/{round_.pk}/").content.decode()
    dpo_page = signed_in_client(dpo).get(f"/exchange/entries/{entry.pk}/").content.decode()
    for shown in (text, detail, page, dpo_page):
        assert name not in shown
        assert serial not in shown
    assert 'id="entry-erased"' in dpo_page
    # The party sees the neutral marker only: no reason, no time, no one who erased.
    party_view = api(world.users["a:liaison_officer"], "GET", f"entries/{entry.pk}")
    assert party_view.json()["erased"] is True
    assert "the person asked" not in party_view.content.decode()
    # An erased entry takes no further step, and no new round takes it.
    assert (
        api(
            world.users["a:bureau_officer"], "POST", f"entries/{entry.pk}/remove", {"reason": "x"}
        ).status_code
        == 409
    )


def test_the_dpo_sees_an_erase_button_and_others_do_not(world, round_of_four):
    _, entry = round_of_four
    assert (
        'id="erase"'
        in signed_in_client(world.users["int:dpo"])
        .get(f"/exchange/entries/{entry.pk}/")
        .content.decode()
    )
    for key in ("int:caseworker", "a:bureau_officer"):
        page = signed_in_client(world.users[key]).get(f"/exchange/entries/{entry.pk}/")
        assert 'id="erase"' not in page.content.decode()


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("int:caseworker", 403),
        ("int:protection_delegate", 403),
        ("a:bureau_officer", 403),
        ("a:liaison_officer", 403),
        ("b:bureau_officer", 404),  # the draft round was not sent to B: the entry is not theirs
    ],
)
def test_nobody_else_may_erase(world, round_of_four, key, status):
    _, entry = round_of_four
    response = api(world.users[key], "POST", f"entries/{entry.pk}/erase", {"reason": "x"})
    assert response.status_code == status
    entry.refresh_from_db()
    assert entry.erased_at is None
    assert not AuditEvent.objects.filter(action="exchange.erased").exists()


def test_an_uploaded_file_not_imported_goes_a_period_after_upload(world):
    officer = world.users["a:bureau_officer"]
    sheet = "ФИО;Звание\nШевченко Олександр;солдат\n"
    upload = uploads.upload(officer, "a.csv", sheet.encode(), kind="held", population="pow")
    assert upload.content is not None
    with time_machine.travel(upload.created_at + period("exchange_upload"), tick=False):
        assert expire_due()["uploaded list file(s)"] == 1
        assert expire_due()["uploaded list file(s)"] == 0
    upload = ListUpload.objects.get(pk=upload.pk)
    assert upload.content is None
    assert upload.report["rows"] == 1
    assert AuditEvent.objects.filter(action="exchange.erased", object_id=str(upload.pk)).exists()


def test_a_round_export_is_not_kept_for_replays(world, round_of_four):
    from corridor.idempotency.models import IdempotencyRecord

    round_, entry = round_of_four
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(world.users['int:operations_lead'])}"}

    def export():
        return client.post(
            f"/api/v1/exchange/rounds/{round_.pk}/export",
            data=json.dumps({"purpose": "hand-over check"}),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="round-export-0001",
            **auth,
        )

    first = export()
    assert first.status_code == 200
    assert entry.family_name in first.content.decode()
    replay = export()
    assert replay.status_code == 409
    assert entry.family_name not in replay.content.decode()
    stored = b"".join(bytes(r.body or b"") for r in IdempotencyRecord.objects.all())
    assert entry.family_name.encode() not in stored
