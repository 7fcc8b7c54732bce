"""The case lifecycle as a Hypothesis state machine, driven through the services.

Whatever the order of steps tried, the case only ever moves along DOMAIN.md's transitions,
and the enquirer's status page never shows more than the recorded consent allows.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from corridor.audit.models import AuditEvent
from corridor.errors import DomainError
from corridor.tracing import lifecycle, services
from corridor.tracing.captcha import challenge, solve
from corridor.tracing.models import TracingCandidate, TracingCase

pytestmark = pytest.mark.django_db

MANUAL = [
    lifecycle.SEARCHING,
    lifecycle.DETAINED,
    lifecycle.DEATH_CONFIRMED,
    lifecycle.CLOSED_UNRESOLVED,
]
NEWS, CONTACT, ADDRESS = "NEWSCANARY", "CONTACTCANARY", "ADDRESSCANARY"


def test_pure_tables_follow_domain_md():
    # Every state is reachable from "opened", and every outcome can be reopened.
    seen, frontier = {lifecycle.OPENED}, [lifecycle.OPENED]
    while frontier:
        for nxt in lifecycle.TRANSITIONS[frontier.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    assert seen == set(lifecycle.STATES)
    for outcome in lifecycle.OUTCOMES:
        assert lifecycle.SEARCHING in lifecycle.TRANSITIONS[outcome]
    # Nothing is disclosed before consent, whatever the state.
    for state in lifecycle.STATES:
        shown = lifecycle.disclosure(state, None)
        assert not (shown.news)
        assert not (shown.contact)
        assert not (shown.address)
        declined = lifecycle.disclosure(state, lifecycle.DECLINED)
        assert not (declined.news)
        assert not (declined.contact)
        assert not (declined.address)


def test_case_lifecycle_state_machine(world):
    from tests.tracing.helpers import register_oksana

    register_oksana(world)
    worker = world.users["int:caseworker"]

    class CaseMachine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            enquirer, self.secret = services.file_request(
                services.Request(
                    sought_name="Щербакова Оксана",
                    sought_birth="1961",
                    enquirer_name="Ірина",
                    relationship="daughter",
                    email="i@example.org",
                ),
                captcha=solve(challenge()),
                address=f"machine-{id(self)}",
            )
            self.reference = enquirer.reference
            self.case_id = enquirer.case_id
            from corridor.tracing.matching import match_case

            match_case(self.case_id)
            self.expected = lifecycle.OPENED
            self.scope: str | None = None

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
        def accept(self):
            self.attempt(
                self.expected == lifecycle.OPENED,
                lambda: services.accept(worker, self.case_id),
                lifecycle.SEARCHING,
            )

        @rule(to=st.sampled_from(MANUAL))
        def step(self, to):
            self.attempt(
                to in lifecycle.TRANSITIONS[self.expected],
                lambda: services.change_state(worker, self.case_id, to),
                to,
            )

        @rule()
        def confirm(self):
            pending = TracingCandidate.objects.filter(
                case_id=self.case_id, status="pending"
            ).first()
            allowed = pending is not None and self.expected in (
                lifecycle.OPENED,
                lifecycle.ACCEPTED,
                lifecycle.SEARCHING,
            )
            if pending is None:
                return
            self.attempt(
                allowed, lambda: services.confirm_candidate(worker, pending.pk), lifecycle.LOCATED
            )

        @rule(scope=st.sampled_from(lifecycle.SCOPES))
        def consent(self, scope):
            allowed = self.expected in (lifecycle.LOCATED, lifecycle.CONSULTED)
            self.attempt(
                allowed,
                lambda: services.record_consent(
                    worker, self.case_id, scope, news=NEWS, contact=CONTACT, address=ADDRESS
                ),
                lifecycle.OUTCOME_OF_SCOPE[scope],
            )
            if allowed:
                self.scope = scope

        @invariant()
        def state_is_the_model_state(self):
            assert TracingCase.objects.get(pk=self.case_id).state == self.expected

        @invariant()
        def every_recorded_move_is_a_transition(self):
            moves = AuditEvent.objects.filter(
                object_id=str(self.case_id), action__startswith="tracing."
            ).order_by("seq")
            state = lifecycle.OPENED
            for event in moves:
                target = event.action.removeprefix("tracing.")
                if target in lifecycle.STATES:
                    assert target in lifecycle.TRANSITIONS[state], (state, target)
                    state = target

        @invariant()
        def disclosure_never_exceeds_consent(self):
            # Written out here, independently of lifecycle.disclosure.
            view = services.status(self.reference, self.secret)
            assert view is not None
            answered = self.expected in (lifecycle.NEWS_ONLY, lifecycle.CONTACT_RESTORED)
            assert (view.news == NEWS) == (
                answered and self.scope in ("news", "contact", "address")
            )
            assert (view.contact == CONTACT) == (answered and self.scope in ("contact", "address"))
            assert (view.address == ADDRESS) == (answered and self.scope == "address")
            assert view.news in ("", NEWS)
            assert view.contact in ("", CONTACT)
            assert view.address in ("", ADDRESS)

    run_state_machine_as_test(
        CaseMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
