"""Agreements through the services: versions, relay, acceptance by hash, suspension."""

from __future__ import annotations

import pytest

from corridor.corridors import text
from corridor.corridors.errors import StaleVersion, StepNotAllowed
from corridor.corridors.models import Agreement, AgreementVersion
from corridor.corridors.services import agreements, handover
from corridor.errors import NotPermitted, NotVisible
from tests.corridors.helpers import agreed_corridor, terms

pytestmark = pytest.mark.django_db


def test_accepted_on_different_hashes_is_not_agreed(world):
    a, b = world.users["a:liaison_officer"], world.users["b:liaison_officer"]
    lead = world.users["int:operations_lead"]
    agreement = agreements.request_corridor(a, terms())
    first = agreement.current_hash
    agreements.submit(a, agreement.pk)
    agreements.relay(lead, agreement.pk)
    agreements.accept(a, agreement.pk, first)
    # Party B counters: a new version, a new hash; A's acceptance of the first lapses.
    counter = agreements.propose_version(
        b, agreement.pk, terms(escort="Two vehicles of the intermediary")
    )
    assert counter.content_hash != first
    agreements.relay(lead, agreement.pk)
    agreement = agreements.accept(b, agreement.pk, counter.content_hash)
    assert agreement.state == "accepted_b"
    assert agreement.accepted_a_hash == first != agreement.accepted_b_hash
    with pytest.raises(StaleVersion):
        agreements.accept(a, agreement.pk, first)
    agreement = agreements.accept(a, agreement.pk, counter.content_hash)
    assert agreement.state == "agreed"
    assert agreement.agreed_hash == counter.content_hash


def test_the_other_party_sees_nothing_before_the_relay(world):
    a, b = world.users["a:liaison_officer"], world.users["b:liaison_officer"]
    agreement = agreements.request_corridor(a, terms())
    agreements.submit(a, agreement.pk)
    with pytest.raises(NotVisible):
        Agreement.objects.get_visible(b, agreement.pk)
    with pytest.raises(NotVisible):
        agreements.accept(b, agreement.pk, agreement.current_hash)
    agreements.relay(world.users["int:operations_lead"], agreement.pk)
    assert Agreement.objects.get_visible(b, agreement.pk)
    # B's counter-version is B's until the intermediary relays it.
    counter = agreements.propose_version(b, agreement.pk, terms(hotlines="+000 222"))
    assert not AgreementVersion.objects.visible_to(a).filter(pk=counter.pk).exists()
    with pytest.raises(StaleVersion):
        agreements.accept(a, agreement.pk, counter.content_hash)


def test_hash_is_of_the_canonical_content_and_diff_reads():
    one = {"title": "T", "windows": [], "route": {"origin": [{"latin": "Sudzha"}]}}
    same = {"route": {"origin": [{"latin": "Sudzha"}]}, "windows": [], "title": "T"}
    assert text.content_hash(one) == text.content_hash(same)
    other = {**one, "escort": "two cars"}
    assert text.content_hash(other) != text.content_hash(one)
    changes = text.diff(one, other)
    assert [(c.field, c.kind, c.after) for c in changes] == [("escort", "added", "two cars")]


def test_roles_and_sides(world):
    with pytest.raises(NotPermitted):
        agreements.request_corridor(world.users["int:operations_lead"], terms())
    with pytest.raises(NotPermitted):
        agreements.request_corridor(world.users["a:field_registrar"], terms())
    agreement = agreements.request_corridor(world.users["a:liaison_officer"], terms())
    with pytest.raises(NotPermitted):
        agreements.relay(world.users["a:liaison_officer"], agreement.pk)
    with pytest.raises(StepNotAllowed):  # a draft is not relayed
        agreements.relay(world.users["int:operations_lead"], agreement.pk)


def test_incident_suspends_and_only_re_agreement_reactivates(world):
    agreement = agreed_corridor(world)
    assert agreement.state == "notified"
    incident = handover.record_incident(
        world.users["int:operations_lead"],
        agreement.pk,
        "security",
        "Shelling reported 2 km from the crossing at 10:40.",
        suspend=True,
    )
    agreement.refresh_from_db()
    assert agreement.state == "suspended"
    assert incident.suspends
    assert agreement.agreed_hash == ""
    agreements.accept(world.users["a:liaison_officer"], agreement.pk, agreement.current_hash)
    agreement = agreements.accept(
        world.users["b:liaison_officer"], agreement.pk, agreement.current_hash
    )
    assert agreement.state == "agreed"
