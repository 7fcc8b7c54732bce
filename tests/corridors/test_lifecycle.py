"""The lifecycles: pure tables checked against DOMAIN.md, and a Hypothesis state machine
that negotiates an agreement through the services in any order."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from corridor.audit.models import AuditEvent
from corridor.corridors import lifecycle as lc
from corridor.corridors.models import Agreement
from corridor.corridors.services import agreements
from corridor.errors import DomainError
from tests.corridors.helpers import terms


def _reachable(table, start, without=frozenset()):
    seen, frontier = {start}, [start]
    while frontier:
        for nxt in table[frontier.pop()]:
            if nxt not in seen and nxt not in without:
                seen.add(nxt)
                frontier.append(nxt)
    return seen


def test_agreement_table_follows_domain_md():
    assert _reachable(lc.AGREEMENT_TRANSITIONS, lc.DRAFT) == set(lc.AGREEMENT_STATES)
    for end in lc.AGREEMENT_ENDS:
        assert lc.AGREEMENT_TRANSITIONS[end] == frozenset()
    # Nothing binds without agreement: notified and active lie behind "agreed" only.
    assert lc.NOTIFIED not in _reachable(lc.AGREEMENT_TRANSITIONS, lc.DRAFT, {lc.AGREED})
    assert lc.ACTIVE not in _reachable(lc.AGREEMENT_TRANSITIONS, lc.SUSPENDED, {lc.AGREED})


def test_evacuee_table_follows_domain_md():
    assert _reachable(lc.EVACUEE_TRANSITIONS, lc.REQUESTED) == set(lc.EVACUEE_STATES)
    # Rule 3: no manifest without a recorded decision (registered) and a destination (ready).
    for gate in (lc.REGISTERED, lc.READY):
        reach = _reachable(lc.EVACUEE_TRANSITIONS, lc.REQUESTED, {gate})
        assert not (reach & lc.MOVING), gate
    # After a decline the only way on is a new decision.
    assert lc.EVACUEE_TRANSITIONS[lc.DECLINED] == frozenset({lc.REGISTERED})


@given(st.sampled_from(lc.EVACUEE_STATES))
def test_a_party_never_reads_declined(state):
    assert lc.state_for_party(state) != lc.DECLINED
    assert lc.state_for_party(state) == (
        lc.WITHDRAWN_FOR_PARTIES if state == lc.DECLINED else state
    )


HASHES = st.sampled_from(["", "h1", "h2", "h3"])


@given(HASHES, HASHES, HASHES)
def test_agreed_only_on_the_same_current_hash(current, a, b):
    state = lc.after_acceptance(current, a, b)
    assert (state == lc.AGREED) == (bool(current) and a == b == current)
    if state == lc.ACCEPTED_A:
        assert a == current != b


@given(
    st.sampled_from(lc.EVACUEE_STATES),
    st.sampled_from(["leave", "stay", ""]),
    st.sampled_from(["", "  ", "Neighbour"]),
    st.booleans(),
)
def test_may_be_manifested_needs_all_three(state, decision, witness, destination):
    ok = lc.may_be_manifested(decision, witness, destination)
    assert ok == (decision == "leave" and witness.strip() != "" and destination)


@pytest.mark.django_db
def test_agreement_negotiation_state_machine(world):
    a, b = world.users["a:liaison_officer"], world.users["b:liaison_officer"]
    lead = world.users["int:operations_lead"]
    officers = {"a": a, "b": b}

    class Negotiation(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.agreement_id = agreements.request_corridor(a, terms()).pk
            self.n = 0

        def agreement(self) -> Agreement:
            return Agreement.objects.get(pk=self.agreement_id)

        @rule()
        def submit(self):
            with contextlib.suppress(DomainError):
                agreements.submit(a, self.agreement_id)

        @rule()
        def relay(self):
            with contextlib.suppress(DomainError):
                agreements.relay(lead, self.agreement_id)

        @rule(side=st.sampled_from(["a", "b"]))
        def counter(self, side):
            self.n += 1
            with contextlib.suppress(DomainError):
                agreements.propose_version(
                    officers[side], self.agreement_id, terms(hotlines=f"+{self.n}")
                )

        @rule(side=st.sampled_from(["a", "b"]), stale=st.booleans())
        def accept(self, side, stale):
            agreement = self.agreement()
            versions = list(
                agreement.versions.order_by("number").values_list("content_hash", flat=True)
            )
            digest = versions[0] if stale else agreement.current_hash
            try:
                agreements.accept(officers[side], self.agreement_id, digest)
            except DomainError:
                return
            assert digest == agreement.current_hash

        @invariant()
        def agreed_means_the_same_current_hash(self):
            agreement = self.agreement()
            same = agreement.accepted_a_hash == agreement.accepted_b_hash == agreement.current_hash
            assert (agreement.state == lc.AGREED) == (same and agreement.current_hash != "")
            if agreement.state == lc.AGREED:
                assert agreement.agreed_hash == agreement.current_hash

        @invariant()
        def every_recorded_move_is_a_transition(self):
            state = lc.DRAFT
            for event in AuditEvent.objects.filter(
                object_id=str(self.agreement_id), action__startswith="corridor.agreement."
            ).order_by("seq"):
                target = event.action.removeprefix("corridor.agreement.")
                if target == lc.DRAFT:
                    continue
                assert target in lc.AGREEMENT_TRANSITIONS[state], (state, target)
                state = target

    run_state_machine_as_test(
        Negotiation,
        settings=settings(
            max_examples=15,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )


@pytest.mark.django_db
def test_evacuee_state_machine_through_the_services(world):
    """Decisions by a party's registrar or the intermediary, plans and removals, in any order:
    the evacuee moves only along the table, parties never read "declined", nobody declined or
    undecided sits on a manifest, and no party undoes a decline."""
    from corridor.corridors.models import Evacuee, Place
    from corridor.corridors.services import convoys, registration
    from tests.corridors.helpers import agreed_corridor, convoy_for, member, register, settlements

    agreement = agreed_corridor(world)
    lead = world.users["int:operations_lead"]
    deciders = {
        "party": world.users["a:field_registrar"],
        "intermediary": world.users["int:protection_delegate"],
    }
    kursk = settlements()["Kursk"].pk

    class EvacueeMachine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            submission = register(world, [member("Machine")], agreement=agreement)
            self.evacuee_id = Evacuee.objects.get(submission=submission).pk
            self.convoy_id = convoy_for(world, agreement).pk
            self.expected = lc.READY

        def attempt(self, allowed: bool, action, then: str) -> None:
            try:
                action()
            except DomainError:
                assert not allowed, "a step the lifecycle allows was refused"
                return
            assert allowed, "a step outside the lifecycle was taken"
            self.expected = then

        @rule(
            by=st.sampled_from(["party", "intermediary"]),
            decision=st.sampled_from(["leave", "stay"]),
        )
        def decide(self, by, decision):
            first = lc.DECLINED if decision == "stay" else lc.REGISTERED
            allowed = first in lc.EVACUEE_TRANSITIONS[self.expected] and not (
                self.expected == lc.DECLINED and by == "party"
            )
            self.attempt(
                allowed,
                lambda: registration.record_decision(
                    deciders[by], self.evacuee_id, decision, "Witness", kursk
                ),
                lc.READY if decision == "leave" else lc.DECLINED,
            )

        @rule()
        def plan(self):
            convoys.plan(lead, self.convoy_id, time_limit=1)
            if self.expected == lc.READY:
                self.expected = lc.MANIFESTED

        @rule()
        def take_off(self):
            self.attempt(
                self.expected == lc.MANIFESTED,
                lambda: (
                    convoys.unassign(lead, self.convoy_id, self.evacuee_id)
                    or (_ for _ in ()).throw(agreements.StepNotAllowed())
                ),
                lc.READY,
            )

        @invariant()
        def state_is_the_model_state(self):
            evacuee = Evacuee.objects.get(pk=self.evacuee_id)
            assert evacuee.state == self.expected
            assert registration.state_for(deciders["party"], evacuee) != lc.DECLINED
            on_manifest = Place.objects.filter(evacuee=evacuee).exists()
            assert on_manifest == (evacuee.state == lc.MANIFESTED)
            if on_manifest:
                assert lc.may_be_manifested(
                    evacuee.decision, evacuee.decision_witness, evacuee.destination_id is not None
                )

    run_state_machine_as_test(
        EvacueeMachine,
        settings=settings(
            max_examples=12,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
