"""Evacuee registrations expire a period after their corridor ends, or go on the DPO's request;
the names leave every page, API answer, manifest and candidate pair; counts and a tombstone stay."""

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
from corridor.corridors.models import Evacuee, MovementNotification, Place
from corridor.corridors.retention import expire_due
from corridor.corridors.services import agreements, convoys
from corridor.registry.models import PersonKey
from corridor.retention import period
from corridor.tracing.models import TracingCandidate
from tests.corridors.helpers import agreed_corridor, convoy_for, member, register
from tests.factories import signed_in_client, token_for
from tests.tracing.helpers import file_request

pytestmark = pytest.mark.django_db

NAMES = ("Shcherbakova", "Oksana", "Petrenko")


@pytest.fixture
def manifested(world, django_capture_on_commit_callbacks):
    """Oksana Shcherbakova of party A on a convoy's manifest (sent to both parties), a family's
    tracing request that found her in the registry, and then the corridor aborted."""
    agreement = agreed_corridor(world)
    submission = register(
        world,
        [member("Shcherbakova", given="Oksana", birth_year=1961, sex="F", wheelchair=True)],
        agreement=agreement,
        witness="Neighbour Petrenko",
    )
    evacuee = Evacuee.objects.get(submission=submission)
    lead = world.users["int:operations_lead"]
    convoy = convoy_for(world, agreement)
    convoys.plan(lead, convoy.pk)
    convoys.send_manifest(lead, convoy.pk)
    with django_capture_on_commit_callbacks(execute=True):
        file_request()
    assert TracingCandidate.objects.filter(person=evacuee.person).exists()
    assert PersonKey.objects.filter(person=evacuee.person).exists()
    agreement = agreements.close(lead, agreement.pk, "aborted")
    assert agreement.closed_at is not None
    return agreement, convoy, evacuee


def api(user, path: str) -> str:
    response = Client().get(f"/api/v1/{path}", HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
    assert response.status_code == 200, response.content
    return response.content.decode()


def erase_request(user, evacuee_id, reason: str = "the person asked"):
    return Client().post(
        f"/api/v1/evacuees/{evacuee_id}/erase",
        data=json.dumps({"reason": reason}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(user)}",
        HTTP_IDEMPOTENCY_KEY=f"e-{uuid.uuid4()}",
    )


def everything_shown(world, convoy, evacuee) -> str:
    """The evacuee as every side sees it: API lists and details, convoy pages and manifests."""
    out = []
    for key in (
        "int:operations_lead",
        "a:field_registrar",
        "a:liaison_officer",
        "b:liaison_officer",
    ):
        user = world.users[key]
        out.append(api(user, "evacuees"))
        if key.startswith(("int", "a")):
            out.append(api(user, f"evacuees/{evacuee.pk}"))
        pages = signed_in_client(user)
        for url in (
            f"/corridors/convoys/{convoy.pk}/",
            f"/corridors/convoys/{convoy.pk}/manifest/?format=csv",
            f"/corridors/convoys/{convoy.pk}/handover/",
        ):
            response = pages.get(url)
            assert response.status_code == 200, (key, url, response.status_code)
            out.append(response.content.decode(errors="replace"))
        pdf = pages.get(f"/corridors/convoys/{convoy.pk}/manifest/?format=pdf")
        assert pdf.status_code == 200, key
        assert pdf.content.startswith(b"%PDF"), key
    return "\n".join(out)


def test_the_registration_stays_until_the_period_after_the_corridor_ends(world, manifested):
    agreement, convoy, evacuee = manifested
    almost = agreement.closed_at + period("evacuee") - datetime.timedelta(days=1)
    with time_machine.travel(almost, tick=False):
        assert expire_due()["evacuee registration(s)"] == 0
    shown = everything_shown(world, convoy, evacuee)
    assert "Shcherbakova" in shown
    evacuee.refresh_from_db()
    assert (evacuee.erased_at, evacuee.decision_witness) == (None, "Neighbour Petrenko")


def test_retention_run_erases_the_registration_everywhere_and_keeps_the_counts(world, manifested):
    agreement, convoy, evacuee = manifested
    with time_machine.travel(agreement.closed_at + period("evacuee"), tick=False):
        out = io.StringIO()
        call_command("retention", "run", stdout=out)
    # One line per category; the family's tracing request (two years too) went as well.
    assert out.getvalue().splitlines() == [
        "1 case(s) erased",
        "1 evacuee registration(s) erased",
        "1 notification contact(s) erased",
        "0 exchange entry(ies) erased",
        "0 uploaded list file(s) erased",
        "0 stored API answer(s) erased",
    ]

    shown = everything_shown(world, convoy, evacuee)
    assert not [name for name in NAMES if name in shown]
    evacuee.refresh_from_db()
    person = evacuee.person
    assert evacuee.erased_at is not None
    assert (person.family_name, person.given_name, person.birth_year) == ("—", "", None)
    assert not evacuee.wheelchair
    assert evacuee.decision_witness == "—"
    # The derived copies: search keys and the tracing candidate pair are gone.
    assert not PersonKey.objects.filter(person=person).exists()
    assert not TracingCandidate.objects.filter(person=person).exists()
    # What the operation's statistics need stays: state, place, the convoy's count.
    assert evacuee.state == "manifested"
    assert Place.objects.filter(convoy=convoy, evacuee=evacuee).exists()
    row = json.loads(api(world.users["a:liaison_officer"], f"evacuees/{evacuee.pk}"))
    assert row["erased"] is True
    assert row["name"] == "—"
    tomb = AuditEvent.objects.get(action="corridors.erased", object_id=str(evacuee.pk))
    assert not [n for n in NAMES if n in json.dumps(tomb.__dict__, default=str)]
    # A second run finds nothing more to do.
    with time_machine.travel(agreement.closed_at + period("evacuee"), tick=False):
        assert expire_due()["evacuee registration(s)"] == 0


def test_the_dpo_erases_on_request_through_the_api_once(world, manifested):
    _, convoy, evacuee = manifested
    dpo = world.users["int:dpo"]
    assert erase_request(dpo, evacuee.pk).status_code == 204
    assert erase_request(dpo, evacuee.pk).status_code == 204  # twice: harmless
    tombs = AuditEvent.objects.filter(action="corridors.erased", object_id=str(evacuee.pk))
    assert [t.actor_id_text for t in tombs] == [str(dpo.pk)]
    shown = everything_shown(world, convoy, evacuee)
    assert not [name for name in NAMES if name in shown]
    # The party sees the neutral marker only: no reason, no time, no one who erased.
    party_view = api(world.users["a:field_registrar"], f"evacuees/{evacuee.pk}")
    assert json.loads(party_view)["erased"] is True
    assert "the person asked" not in party_view
    assert "dpo" not in party_view


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("int:caseworker", 403),
        ("int:operations_lead", 403),
        ("a:liaison_officer", 403),
        ("a:field_registrar", 403),
        ("b:liaison_officer", 403),  # sees her through the manifest, may not erase
    ],
)
def test_nobody_else_may_erase(world, manifested, key, status):
    _, _, evacuee = manifested
    assert erase_request(world.users[key], evacuee.pk).status_code == status
    evacuee.refresh_from_db()
    assert evacuee.erased_at is None
    assert not AuditEvent.objects.filter(action="corridors.erased").exists()


def test_a_notifications_contact_goes_a_period_after_it_expired(world):
    agreement = agreed_corridor(world)
    notification = MovementNotification.objects.get(agreement=agreement)
    MovementNotification.objects.filter(pk=notification.pk).update(contact="Officer Hrytsenko")
    with time_machine.travel(notification.expires_at + period("notification"), tick=False):
        assert expire_due()["notification contact(s)"] == 1
        assert expire_due()["notification contact(s)"] == 0
    notification.refresh_from_db()
    assert notification.contact == "—"
    assert AuditEvent.objects.filter(
        action="corridors.erased", object_id=str(notification.pk)
    ).exists()


def test_a_registration_for_no_corridor_expires_from_its_registration(world):
    submission = register(world, [member("Shcherbakova", given="Oksana")])
    evacuee = Evacuee.objects.get(submission=submission)
    with time_machine.travel(evacuee.created_at + period("evacuee"), tick=False):
        assert expire_due()["evacuee registration(s)"] == 1
    evacuee.refresh_from_db()
    assert evacuee.person.family_name == "—"
    submission.refresh_from_db()
    assert submission.digest == ""
    assert submission.household.reference == ""
