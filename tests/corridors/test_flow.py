"""Registration, planning, manifests, hand-over and arrival through the services."""

from __future__ import annotations

import pytest

from corridor.corridors import lifecycle as lc
from corridor.corridors.errors import NotManifestable, SubmissionReused
from corridor.corridors.models import CheckpointEvent, Evacuee, Place
from corridor.corridors.services import convoys, handover, movements, registration
from corridor.errors import NotPermitted, NotVisible
from corridor.registry.models import Household, Person
from corridor.tracing.models import TracingCase
from tests.corridors.helpers import agreed_corridor, convoy_for, member, register

pytestmark = pytest.mark.django_db


def test_replayed_submission_creates_nothing_twice(world):
    members = [member("Petrenko"), member("Petrenko", given="Ivan")]
    first = register(world, members, key="offline-0001")
    counts = (Household.objects.count(), Person.objects.count(), Evacuee.objects.count())
    again = register(world, members, key="offline-0001")
    assert again.pk == first.pk
    assert (Household.objects.count(), Person.objects.count(), Evacuee.objects.count()) == counts
    with pytest.raises(SubmissionReused):
        register(world, [member("Other")], key="offline-0001")


def test_a_party_never_sees_declined(world):
    submission = register(world, [member("Stays", decision="stay"), member("Goes")])
    stays = Evacuee.objects.get(submission=submission, decision="stay")
    assert stays.state == lc.DECLINED
    assert registration.state_for(world.users["int:operations_lead"], stays) == "declined"
    for key in ("a:field_registrar", "a:liaison_officer"):
        assert registration.state_for(world.users[key], stays) == "withdrawn"
    # No party may override it; the intermediary may record a new decision.
    with pytest.raises(NotPermitted):
        registration.record_decision(world.users["a:field_registrar"], stays.pk, "leave", "Self")


def test_nobody_without_a_recorded_decision_is_manifested(world):
    agreement = agreed_corridor(world)
    register(world, [member("Ready")], agreement=agreement)
    undecided = Evacuee.objects.create(
        organisation=world.orgs["a"], person=world.persons["a"], state=lc.READY, agreement=agreement
    )
    convoy = convoy_for(world, agreement)
    lead = world.users["int:operations_lead"]
    with pytest.raises(NotManifestable):
        convoys.plan(lead, convoy.pk)
    assert not Place.objects.filter(evacuee=undecided).exists()
    # The database refuses it too.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Evacuee.objects.filter(pk=undecided.pk).update(state=lc.MANIFESTED)


def test_whole_journey(world, django_capture_on_commit_callbacks, mailoutbox):
    agreement = agreed_corridor(world)
    lead = world.users["int:operations_lead"]
    for key in ("a:liaison_officer", "b:liaison_officer"):
        note = movements.acknowledge(world.users[key], agreement.notifications.get().pk)
        assert note.organisation == world.users[key].organisation
    assert movements.alerts(lead) == []
    register(
        world,
        [member("Koval", priority=1), member("Koval", given="Olha", stretcher=True)],
        agreement=agreement,
    )
    register(world, [member("Shevchenko", wheelchair=True)], agreement=agreement)
    convoy = convoy_for(world, agreement)
    result = convoys.plan(lead, convoy.pk)
    assert len(result.assignments) == 3
    assert not result.left_behind
    kolvals = set(
        Place.objects.filter(evacuee__person__family_name="Koval").values_list("vehicle", flat=True)
    )
    assert len(kolvals) == 1  # the household rides together
    convoys.send_manifest(lead, convoy.pk)
    convoys.depart(lead, convoy.pk)
    agreement.refresh_from_db()
    assert agreement.state == "active"
    codes = list(Evacuee.objects.filter(place__convoy=convoy).values_list("code", flat=True))
    a, b = world.users["a:liaison_officer"], world.users["b:liaison_officer"]
    for code in codes:
        assert handover.scan(a, convoy.pk, code).kind == "check_out"
    first = handover.scan(b, convoy.pk, codes[0])
    assert first.new
    assert handover.scan(b, convoy.pk, f" {codes[0][:5]}-{codes[0][5:]} ").new is False
    state = handover.reconcile(b, convoy)
    assert (state.expected, state.checked_out, state.checked_in) == (3, 3, 1)
    assert len(state.discrepancies) == 2
    # Party B sees only the fields the agreement lists.
    assert all("Anna" in r.name or "Olha" in r.name for r in state.rows)
    for code in codes[1:]:
        handover.scan(b, convoy.pk, code)
    assert handover.reconcile(b, convoy).balanced
    with django_capture_on_commit_callbacks(execute=True):
        assert handover.confirm_arrival(lead, convoy.pk) == 3
    convoy.refresh_from_db()
    assert convoy.state == "arrived"
    assert CheckpointEvent.objects.filter(convoy=convoy).count() == 6


def test_separated_opens_a_tracing_case(world):
    agreement = agreed_corridor(world)
    lead = world.users["int:operations_lead"]
    register(world, [member("Lysenko")], agreement=agreement)
    convoy = convoy_for(world, agreement)
    convoys.plan(lead, convoy.pk)
    convoys.send_manifest(lead, convoy.pk)
    convoys.depart(lead, convoy.pk)
    evacuee = Evacuee.objects.get(place__convoy=convoy)
    incident = handover.record_incident(
        lead,
        agreement.pk,
        "detained",
        "Taken aside at the crossing at 11:05; not returned by 12:00.",
        convoy_id=convoy.pk,
        evacuee_id=evacuee.pk,
    )
    evacuee.refresh_from_db()
    assert evacuee.state == "separated"
    case = TracingCase.objects.get(pk=incident.tracing_case_id)
    assert case.category == "detainee"
    assert "Lysenko" in case.sought_name


def test_notifications_expire_and_a_missing_acknowledgement_is_an_alert(world, time_machine):
    import datetime

    from corridor.corridors.errors import NotificationExpired

    agreement = agreed_corridor(world)
    notification = agreement.notifications.get()
    lead, a = world.users["int:operations_lead"], world.users["a:liaison_officer"]
    alerts = movements.alerts(lead)
    assert [(x.notification.pk, x.missing) for x in alerts] == [
        (notification.pk, ("party_a", "party_b"))
    ]
    movements.acknowledge(a, notification.pk)
    assert movements.alerts(lead)[0].missing == ("party_b",)
    assert movements.alerts(a) == []  # party A has done its part
    assert [x.missing for x in movements.alerts(world.users["b:liaison_officer"])] == [("party_b",)]
    time_machine.move_to(notification.expires_at + datetime.timedelta(minutes=1))
    with pytest.raises(NotificationExpired):
        movements.acknowledge(world.users["b:liaison_officer"], notification.pk)
    assert movements.alerts(lead) == []  # expired: no longer actionable


def test_enrolling_a_registered_person(world):
    agreement = agreed_corridor(world)
    registrar = world.users["a:field_registrar"]
    from tests.corridors.helpers import settlements

    evacuee = registration.enrol(
        registrar,
        world.persons["a"].pk,
        decision="leave",
        witness="Neighbour",
        destination_id=settlements()["Kursk"].pk,
        agreement_id=agreement.pk,
    )
    assert evacuee.state == "ready"
    with pytest.raises(NotVisible):  # another side's person does not exist for them
        registration.enrol(registrar, world.persons["int"].pk, decision="leave", witness="x")


def test_no_departure_without_notification_or_while_suspended(world):
    from corridor.corridors.errors import StepNotAllowed

    lead = world.users["int:operations_lead"]
    agreement = agreed_corridor(world, notify=False)
    register(world, [member("Waits")], agreement=agreement)
    convoy = convoy_for(world, agreement)
    convoys.plan(lead, convoy.pk)
    convoys.send_manifest(lead, convoy.pk)
    with pytest.raises(StepNotAllowed):
        convoys.depart(lead, convoy.pk)  # the parties were not notified
    movements.notify_movements(lead, agreement.pk)
    handover.record_incident(lead, agreement.pk, "security", "Road blocked at km 12.", suspend=True)
    with pytest.raises(StepNotAllowed):
        convoys.depart(lead, convoy.pk)  # suspended
