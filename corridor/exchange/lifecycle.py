"""The exchange list entry's lifecycle (DOMAIN.md) and what a party may be told of it.

Framework-free: the services enforce these tables, and a Hypothesis state machine checks them.

An entry is proposed by a party, submitted through the intermediary, reconciled (matched,
not found on the other party's list, or disputed), its custody verified, the person
interviewed in private; a person who consents is paired in a round, handed over and their
receipt confirmed. A person who refuses repatriation is *withdrawn*: the refusal itself is
sealed, and "withdrawn" is also the state of any other protection withdrawal, so the state
never says why. Side exits: removed by the party (reason required), postponed, deceased.

Parties see their own entries through `party_state`: reconciliation outcomes are the
intermediary's working knowledge (they say what the other party holds or seeks), so a party
sees "submitted" until custody is verified.
"""

from __future__ import annotations

PROPOSED = "proposed"
SUBMITTED = "submitted"
MATCHED = "matched"
NOT_FOUND = "not_found"
DISPUTED = "disputed"
VERIFIED = "verified"  # custody verified
CONSENTED = "consented"  # interviewed: wishes to be repatriated
PAIRED = "paired"
HANDED_OVER = "handed_over"
RECEIVED = "received"  # receipt confirmed
WITHDRAWN = "withdrawn"  # refuses repatriation, or another protection withdrawal (sealed why)
REMOVED = "removed"  # by the party, with a reason
POSTPONED = "postponed"
DECEASED = "deceased"

STATES = (
    PROPOSED, SUBMITTED, MATCHED, NOT_FOUND, DISPUTED, VERIFIED, CONSENTED, PAIRED,
    HANDED_OVER, RECEIVED, WITHDRAWN, REMOVED, POSTPONED, DECEASED,
)  # fmt: skip

RECONCILED = frozenset({MATCHED, NOT_FOUND, DISPUTED})
# States a reconciliation run may (re)set: before custody is verified.
RECONCILABLE = frozenset({SUBMITTED}) | RECONCILED
FINAL = frozenset({RECEIVED, REMOVED, DECEASED})
# A person held may be verified whatever the other party's sought list says about them.
VERIFIABLE = frozenset({MATCHED, NOT_FOUND})

_EXITS = frozenset({REMOVED, DECEASED})
TRANSITIONS: dict[str, frozenset[str]] = {
    PROPOSED: frozenset({SUBMITTED, REMOVED}),
    SUBMITTED: frozenset({MATCHED, NOT_FOUND, DISPUTED}) | _EXITS,
    MATCHED: frozenset({NOT_FOUND, DISPUTED, VERIFIED, WITHDRAWN}) | _EXITS,
    NOT_FOUND: frozenset({MATCHED, DISPUTED, VERIFIED, WITHDRAWN}) | _EXITS,
    # A dispute is resolved into a match or into "not on the other list" before anything else.
    DISPUTED: frozenset({MATCHED, NOT_FOUND, WITHDRAWN}) | _EXITS,
    VERIFIED: frozenset({CONSENTED, WITHDRAWN, POSTPONED}) | _EXITS,
    CONSENTED: frozenset({PAIRED, WITHDRAWN, POSTPONED}) | _EXITS,
    # Leaving a round before the hand-over returns the person to "consented".
    PAIRED: frozenset({HANDED_OVER, CONSENTED, WITHDRAWN, POSTPONED}) | _EXITS,
    HANDED_OVER: frozenset({RECEIVED}),
    RECEIVED: frozenset(),
    # A new private interview may find that the person has changed their mind.
    WITHDRAWN: frozenset({CONSENTED}) | _EXITS,
    REMOVED: frozenset(),
    POSTPONED: frozenset({CONSENTED, WITHDRAWN}) | _EXITS,
    DECEASED: frozenset(),
}

# The interview's two answers and the state each leads to.
WANTS_REPATRIATION = "wants_repatriation"
REFUSES_REPATRIATION = "refuses_repatriation"
INTERVIEW_OUTCOMES = (WANTS_REPATRIATION, REFUSES_REPATRIATION)
STATE_OF_OUTCOME = {WANTS_REPATRIATION: CONSENTED, REFUSES_REPATRIATION: WITHDRAWN}
INTERVIEWABLE = frozenset({VERIFIED, CONSENTED, WITHDRAWN, POSTPONED, PAIRED})


class TransitionRefused(Exception):
    """The lifecycle has no such step."""


def check(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, frozenset()):
        raise TransitionRefused(f"{current} -> {target}")


def interview_target(current: str, outcome: str) -> str:
    """The state an interview's answer leads to from here (the same state when nothing changes)."""
    if current not in INTERVIEWABLE or outcome not in STATE_OF_OUTCOME:
        raise TransitionRefused(f"interview in {current}")
    target = STATE_OF_OUTCOME[outcome]
    if current == PAIRED and target == CONSENTED:
        return PAIRED  # still wishes to go: stays in the round
    if target != current:
        check(current, target)
    return target


# What a party is shown: the intermediary's reconciliation stays with the intermediary.
PARTY_STATES: dict[str, str] = {
    PROPOSED: PROPOSED,
    SUBMITTED: SUBMITTED,
    MATCHED: SUBMITTED,
    NOT_FOUND: SUBMITTED,
    DISPUTED: SUBMITTED,
    VERIFIED: VERIFIED,
    CONSENTED: "interviewed",
    PAIRED: PAIRED,
    HANDED_OVER: HANDED_OVER,
    RECEIVED: RECEIVED,
    WITHDRAWN: WITHDRAWN,
    REMOVED: REMOVED,
    POSTPONED: POSTPONED,
    DECEASED: DECEASED,
}
PARTY_VISIBLE_STATES = tuple(dict.fromkeys(PARTY_STATES.values()))


def party_state(state: str) -> str:
    """The state as a party sees it; anything unknown reads as "submitted"."""
    return PARTY_STATES.get(state, SUBMITTED)


# --- rounds ---

DRAFT = "draft"
PROPOSED_ROUND = "proposed"
EXECUTING = "executing"
COMPLETED = "completed"
CANCELLED = "cancelled"
ROUND_STATES = (DRAFT, PROPOSED_ROUND, EXECUTING, COMPLETED, CANCELLED)
ROUND_TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({PROPOSED_ROUND, CANCELLED}),
    # Any change to a proposed round makes it a draft again: a new version to accept.
    PROPOSED_ROUND: frozenset({DRAFT, EXECUTING, CANCELLED}),
    EXECUTING: frozenset({COMPLETED}),
    COMPLETED: frozenset(),
    CANCELLED: frozenset(),
}


def may_execute(current_hash: str, accepted_a: str | None, accepted_b: str | None) -> bool:
    """Only when both parties accepted exactly the current version."""
    return bool(current_hash) and accepted_a == current_hash and accepted_b == current_hash
