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


def _under_way(world, names):
    agreement = agreed_corridor(world)
    lead = world.users["int:operations_lead"]
    for name in names:
        register(world, [member(name)], agreement=agreement)
    convoy = convoy_for(world, agreement)
    convoys.plan(lead, convoy.pk)
    convoys.send_manifest(lead, convoy.pk)
    convoys.depart(lead, convoy.pk)
    return agreement, convoy


def test_refused_passage_is_an_incident_naming_the_authority(world):
    agreement, convoy = _under_way(world, ["Refused"])
    evacuee = Evacuee.objects.get(place__convoy=convoy)
    incident = handover.record_incident(
        world.users["b:liaison_officer"],
        agreement.pk,
        "refused_passage",
        "Not admitted at the crossing at 14:10; reason given: documents.",
        convoy_id=convoy.pk,
        evacuee_id=evacuee.pk,
        by_party="party_b",
    )
    evacuee.refresh_from_db()
    assert evacuee.state == "refused_passage"
    assert incident.by_party == "party_b"
    assert incident.tracing_case_id is None


def test_arrival_tells_enquirers_only_within_consent(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    from corridor.tracing import services as tracing
    from corridor.tracing.captcha import challenge, solve
    from corridor.tracing.models import FamilyMessage, TracingCandidate

    _, convoy = _under_way(world, ["Told", "Untold"])
    worker = world.users["int:caseworker"]
    cases = {}
    for name, scope in (("Told", "news"), ("Untold", None)):
        person = Person.objects.get(family_name=name)
        enquirer, _ = tracing.file_request(
            tracing.Request(
                sought_name=f"{name} Anna",
                enquirer_name="Relative",
                relationship="sister",
                email=f"{name.lower()}@example.org",
            ),
            captcha=solve(challenge()),
            address=f"192.0.2.{len(cases) + 10}",
        )
        tracing.accept(worker, enquirer.case_id)
        candidate, _ = TracingCandidate.objects.get_or_create(
            case=enquirer.case,
            person=person,
            defaults={"organisation": enquirer.organisation, "probability": 0.9, "evidence": []},
        )
        tracing.confirm_candidate(worker, candidate.pk)
        if scope:
            tracing.record_consent(worker, enquirer.case_id, scope, news="Alive.")
        cases[name] = enquirer.case_id
    codes = Evacuee.objects.filter(place__convoy=convoy).values_list("code", flat=True)
    for code in codes:
        handover.scan(world.users["a:liaison_officer"], convoy.pk, code)
        handover.scan(world.users["b:liaison_officer"], convoy.pk, code)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        handover.confirm_arrival(world.users["int:operations_lead"], convoy.pk)
    assert FamilyMessage.objects.filter(case_id=cases["Told"], direction="from_sought").count() == 1
    assert not FamilyMessage.objects.filter(case_id=cases["Untold"]).exists()
    assert [m.to for m in mailoutbox] == [["told@example.org"]]
    assert "arrived" not in mailoutbox[0].body  # the e-mail says only that there is an update


def test_a_convoy_leaves_only_within_an_agreed_window(world):
    import datetime

    from corridor.corridors.errors import InvalidAgreement

    agreement = agreed_corridor(world)
    with pytest.raises(InvalidAgreement):
        convoys.create_convoy(
            world.users["int:operations_lead"],
            agreement.pk,
            agreement.notifications.get().ends_at + datetime.timedelta(hours=1),
            [convoys.VehicleSpec("Bus", 10)],
        )
