"""The exchange list entry's lifecycle as a Hypothesis state machine, driven through the services.

Whatever the order of steps tried, an entry only moves along DOMAIN.md's transitions, and
the parties' view of it says "withdrawn" exactly when the person was withdrawn, never why.
"""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from corridor.audit.models import AuditEvent
from corridor.errors import DomainError
from corridor.exchange import lifecycle, protection, rounds, services
from corridor.exchange.models import ExchangeEntry, ExchangeRound, Protection
from tests.factories import token_for

pytestmark = pytest.mark.django_db

L = lifecycle


def test_pure_tables_follow_domain_md():
    seen, frontier = {L.PROPOSED}, [L.PROPOSED]
    while frontier:
        for nxt in L.TRANSITIONS[frontier.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    assert seen == set(L.STATES)
    for final in L.FINAL:
        assert L.TRANSITIONS[final] == frozenset()
    # Nobody reaches a round, a hand-over or a receipt without a private interview first.
    for state in L.STATES:
        if L.PAIRED in L.TRANSITIONS[state]:
            assert state == L.CONSENTED
    assert L.TRANSITIONS[L.HANDED_OVER] == {L.RECEIVED}
    # A party is told "withdrawn" and nothing that sets a refusal apart from other withdrawals.
    assert L.party_state(L.WITHDRAWN) == "withdrawn"
    assert not any("refus" in s for s in L.PARTY_STATES.values())
    # Reconciliation outcomes are the intermediary's.
    assert {L.party_state(s) for s in L.RECONCILED} == {L.SUBMITTED}
    assert L.may_execute("h", "h", "h")
    assert not L.may_execute("h", "h", "old")
    assert not L.may_execute("", "", "")


# The interview's effect, written out independently of lifecycle.interview_target.
AFTER_INTERVIEW = {
    ("verified", "wants_repatriation"): "consented",
    ("consented", "wants_repatriation"): "consented",
    ("withdrawn", "wants_repatriation"): "consented",
    ("postponed", "wants_repatriation"): "consented",
    ("paired", "wants_repatriation"): "paired",
}
for _state in ("verified", "consented", "withdrawn", "postponed", "paired"):
    AFTER_INTERVIEW[(_state, "refuses_repatriation")] = "withdrawn"


def test_entry_lifecycle_state_machine(world):
    officer = world.users["a:bureau_officer"]
    desk = world.users["int:caseworker"]
    delegate = world.users["int:protection_delegate"]
    lead = world.users["int:operations_lead"]
    liaison = {c: world.users[f"{c}:liaison_officer"] for c in "ab"}
    tokens = {c: token_for(liaison[c]) for c in "ab"}

    class EntryMachine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            held = services.create_list(officer, "Held", "held", "pow")
            self.entry = services.add_entry(
                officer, held.pk, services.EntryDetails(family_name="Machine", serial_number="M-1")
            )
            self.expected = L.PROPOSED
            self.round_id = None
            self.held_id = held.pk

        @initialize(submitted=st.sampled_from([True, True, False]))
        def start(self, submitted):
            # Most machines start submitted, to get deep into the lifecycle quickly.
            if submitted:
                services.submit_list(officer, self.held_id)
                self.expected = L.SUBMITTED

        def teardown(self):
            # Leave nobody ready to go behind: the next machine's rounds must be its own.
            if self.round_id and ExchangeRound.objects.get(pk=self.round_id).state in ("draft", "proposed"):  # fmt: skip
                rounds.cancel(lead, self.round_id)
            entry = ExchangeEntry.objects.get(pk=self.entry.pk)
            if L.REMOVED in L.TRANSITIONS[entry.state]:
                services.remove_entry(officer, entry.pk, "machine done")

        def attempt(self, allowed: bool, action, then: str | None) -> None:
            try:
                action()
            except DomainError:
                assert not allowed, "a step the lifecycle allows was refused"
                return
            assert allowed, "a step outside the lifecycle was taken"
            if then is not None:
                self.expected = then

        @rule()
        def submit(self):
            # Submitting a list sends what is still proposed; nothing else changes.
            self.attempt(
                True,
                lambda: services.submit_list(officer, self.entry.exchange_list_id),
                L.SUBMITTED if self.expected == L.PROPOSED else None,
            )

        @rule(outcome=st.sampled_from([L.MATCHED, L.NOT_FOUND, L.DISPUTED]))
        def reconciled(self, outcome):
            # What a reconciliation run does to an entry it may still move.
            if self.expected not in L.RECONCILABLE or outcome == self.expected:
                return
            entry = ExchangeEntry.objects.get(pk=self.entry.pk)
            self.attempt(True, lambda: services.move(desk, entry, outcome), outcome)

        @rule()
        def verify(self):
            self.attempt(
                self.expected in (L.MATCHED, L.NOT_FOUND),
                lambda: protection.verify_custody(delegate, self.entry.pk),
                L.VERIFIED,
            )

        @rule(outcome=st.sampled_from(L.INTERVIEW_OUTCOMES))
        def interview(self, outcome):
            after = AFTER_INTERVIEW.get((self.expected, outcome))
            self.attempt(
                after is not None,
                lambda: protection.interview(delegate, self.entry.pk, outcome, "CANARYNOTES"),
                after,
            )

        @rule()
        def party_tries_to_interview(self):
            self.attempt(
                False,
                lambda: protection.interview(liaison["a"], self.entry.pk, "wants_repatriation"),
                None,
            )

        @rule()
        def withdraw(self):
            self.attempt(
                self.expected
                in (
                    "matched",
                    "not_found",
                    "disputed",
                    "verified",
                    "consented",
                    "paired",
                    "postponed",
                ),
                lambda: protection.withdraw(delegate, self.entry.pk, "protection concern"),
                L.WITHDRAWN,
            )

        @rule()
        def postpone(self):
            self.attempt(
                self.expected in (L.VERIFIED, L.CONSENTED, L.PAIRED),
                lambda: protection.postpone(lead, self.entry.pk),
                L.POSTPONED,
            )

        @rule()
        def resume(self):
            self.attempt(
                self.expected == L.POSTPONED,
                lambda: protection.resume(lead, self.entry.pk),
                L.CONSENTED,
            )

        @rule()
        def pair(self):
            def compose():
                self.round_id = rounds.create_round(lead, "R", "all_for_all", "any").pk

            self.attempt(self.expected == L.CONSENTED, compose, L.PAIRED)

        @rule()
        def unpair(self):
            if self.round_id is None:
                return
            open_round = ExchangeRound.objects.get(pk=self.round_id).state in ("draft", "proposed")
            self.attempt(
                open_round,
                lambda: rounds.cancel(lead, self.round_id),
                L.CONSENTED if self.expected == L.PAIRED else None,
            )

        @rule()
        def exchange(self):
            def run():
                round_ = rounds.propose(lead, self.round_id)
                for c in "ab":
                    rounds.accept(liaison[c], round_.pk, round_.version_hash)
                rounds.execute(lead, round_.pk)
                member = round_.members.get(entry=self.entry)
                rounds.hand_over(lead, member.pk)
                rounds.confirm_receipt(liaison["b"], member.pk)

            in_open_round = (
                self.round_id is not None
                and ExchangeRound.objects.get(pk=self.round_id).state == "draft"
                and ExchangeRound.objects.get(pk=self.round_id).members.filter(entry=self.entry).exists()
            )  # fmt: skip
            self.attempt(self.expected == L.PAIRED and in_open_round, run, L.RECEIVED)

        @rule(die=st.integers(0, 7))
        def remove(self, die):
            if die:  # final steps are rare, so that the machine gets deep into the lifecycle
                return
            self.attempt(
                L.REMOVED in L.TRANSITIONS[self.expected],
                lambda: services.remove_entry(officer, self.entry.pk, "no longer held"),
                L.REMOVED,
            )

        @rule(die=st.integers(0, 7))
        def death(self, die):
            if die:
                return
            self.attempt(
                L.DECEASED in L.TRANSITIONS[self.expected],
                lambda: services.notify_death(officer, self.entry.pk, date="2025-01-01"),
                L.DECEASED,
            )

        @invariant()
        def state_is_the_model_state(self):
            assert ExchangeEntry.objects.get(pk=self.entry.pk).state == self.expected

        @invariant()
        def every_recorded_move_is_a_transition(self):
            moves = AuditEvent.objects.filter(
                object_id=str(self.entry.pk), action__startswith="exchange."
            ).order_by("seq")
            state = L.PROPOSED
            for event in moves:
                target = event.action.removeprefix("exchange.")
                if target in L.STATES:
                    assert target in L.TRANSITIONS[state], (state, target)
                    state = target
            assert state == self.expected

        @invariant()
        def parties_see_withdrawn_and_never_why(self):
            response = Client().get(
                f"/api/v1/exchange/entries/{self.entry.pk}",
                HTTP_AUTHORIZATION=f"Bearer {tokens['a']}",
            )
            assert response.status_code == 200
            body = response.content.decode()
            assert "refus" not in body.lower()
            assert "CANARYNOTES" not in body
            shown = response.json()["state"]
            assert (shown == "withdrawn") == (self.expected == L.WITHDRAWN)
            assert shown not in ("matched", "not_found", "disputed", "consented")
            assert not Protection.objects.visible_to(liaison["a"]).exists()

    run_state_machine_as_test(
        EntryMachine,
        settings=settings(
            max_examples=60,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
