"""The corridor agreement's and the evacuee's lifecycles (DOMAIN.md), as plain tables.

Framework-free: the services enforce these tables, Hypothesis tests check them.
"""

from __future__ import annotations

# --- the corridor agreement ---

DRAFT = "draft"
SUBMITTED = "submitted"
NEGOTIATING = "negotiating"
ACCEPTED_A = "accepted_a"
ACCEPTED_B = "accepted_b"
AGREED = "agreed"
NOTIFIED = "notified"
ACTIVE = "active"
COMPLETED = "completed"
SUSPENDED = "suspended"
ABORTED = "aborted"
EXPIRED = "expired"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"

AGREEMENT_STATES = (
    DRAFT, SUBMITTED, NEGOTIATING, ACCEPTED_A, ACCEPTED_B, AGREED, NOTIFIED, ACTIVE,
    COMPLETED, SUSPENDED, ABORTED, EXPIRED, REJECTED, WITHDRAWN,
)  # fmt: skip
AGREEMENT_ENDS = frozenset({COMPLETED, ABORTED, EXPIRED, REJECTED, WITHDRAWN})
# States in which a party may still put a new version on the table.
OPEN_FOR_VERSIONS = frozenset({DRAFT, SUBMITTED, NEGOTIATING, ACCEPTED_A, ACCEPTED_B, SUSPENDED})
# States in which the agreed text binds: movements may be notified and convoys run.
BINDING = frozenset({AGREED, NOTIFIED, ACTIVE})

AGREEMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({SUBMITTED, WITHDRAWN}),
    SUBMITTED: frozenset({NEGOTIATING, ACCEPTED_A, ACCEPTED_B, REJECTED, WITHDRAWN, EXPIRED}),
    NEGOTIATING: frozenset({NEGOTIATING, ACCEPTED_A, ACCEPTED_B, REJECTED, WITHDRAWN, EXPIRED}),
    ACCEPTED_A: frozenset({NEGOTIATING, AGREED, REJECTED, WITHDRAWN, EXPIRED}),
    ACCEPTED_B: frozenset({NEGOTIATING, AGREED, REJECTED, WITHDRAWN, EXPIRED}),
    AGREED: frozenset({NOTIFIED, ABORTED, EXPIRED}),
    NOTIFIED: frozenset({ACTIVE, SUSPENDED, ABORTED, EXPIRED}),
    ACTIVE: frozenset({COMPLETED, SUSPENDED, ABORTED}),
    # Back to active only through a new round of acceptances (re-agreement).
    SUSPENDED: frozenset({NEGOTIATING, ACCEPTED_A, ACCEPTED_B, ABORTED, EXPIRED}),
    COMPLETED: frozenset(),
    ABORTED: frozenset(),
    EXPIRED: frozenset(),
    REJECTED: frozenset(),
    WITHDRAWN: frozenset(),
}

PARTY_A, PARTY_B = "party_a", "party_b"


class TransitionRefused(Exception):
    """The lifecycle has no such step."""


def check_agreement(current: str, target: str) -> None:
    if target not in AGREEMENT_TRANSITIONS.get(current, frozenset()):
        raise TransitionRefused(f"{current} -> {target}")


def after_acceptance(current_hash: str, accepted_a: str, accepted_b: str) -> str:
    """The state that the two parties' acceptances give: agreed only on the same, current hash."""
    a_ok = bool(current_hash) and accepted_a == current_hash
    b_ok = bool(current_hash) and accepted_b == current_hash
    if a_ok and b_ok:
        return AGREED
    if a_ok:
        return ACCEPTED_A
    if b_ok:
        return ACCEPTED_B
    return NEGOTIATING


# --- the evacuee ---

REQUESTED = "requested"
REGISTERED = "registered"  # voluntary decision to leave recorded, with its witness
READY = "ready"  # destination chosen
MANIFESTED = "manifested"
BOARDED = "boarded"
IN_TRANSIT = "in_transit"
HANDED_OVER = "handed_over"
ARRIVED = "arrived"
DECLINED = "declined"  # chose to stay: no penalty, seen only by the intermediary
DEFERRED = "deferred"  # medical reasons: later
REFUSED_PASSAGE = "refused_passage"
SEPARATED = "separated"  # separated or detained en route: a tracing case is opened
DECEASED = "deceased"
# What a party sees instead of "declined" (protection rule 3).
WITHDRAWN_FOR_PARTIES = "withdrawn"

EVACUEE_STATES = (
    REQUESTED, REGISTERED, READY, MANIFESTED, BOARDED, IN_TRANSIT, HANDED_OVER, ARRIVED,
    DECLINED, DEFERRED, REFUSED_PASSAGE, SEPARATED, DECEASED,
)  # fmt: skip
# On a manifest or further along: needs a recorded decision to leave and a chosen destination.
MOVING = frozenset({MANIFESTED, BOARDED, IN_TRANSIT, HANDED_OVER, ARRIVED})
PLANNABLE = frozenset({READY})

EVACUEE_TRANSITIONS: dict[str, frozenset[str]] = {
    # Deferral (medical) comes after a recorded decision, never instead of one.
    REQUESTED: frozenset({REGISTERED, DECLINED, DECEASED}),
    REGISTERED: frozenset({READY, DECLINED, DEFERRED, DECEASED}),
    READY: frozenset({MANIFESTED, REGISTERED, DECLINED, DEFERRED, DECEASED}),
    # Taken off a manifest (plan changed): ready again.
    MANIFESTED: frozenset({BOARDED, READY, DECLINED, DEFERRED, DECEASED}),
    BOARDED: frozenset({IN_TRANSIT, READY, DECLINED, DEFERRED, DECEASED}),
    IN_TRANSIT: frozenset({HANDED_OVER, REFUSED_PASSAGE, SEPARATED, DECEASED}),
    HANDED_OVER: frozenset({ARRIVED, SEPARATED, DECEASED}),
    ARRIVED: frozenset(),
    # Only the intermediary records a new decision after a decline.
    DECLINED: frozenset({REGISTERED}),
    DEFERRED: frozenset({REGISTERED, READY, DECLINED, DECEASED}),
    REFUSED_PASSAGE: frozenset({READY, DECLINED, DEFERRED}),
    SEPARATED: frozenset({ARRIVED, DECEASED}),
    DECEASED: frozenset(),
}


def check_evacuee(current: str, target: str) -> None:
    if target not in EVACUEE_TRANSITIONS.get(current, frozenset()):
        raise TransitionRefused(f"{current} -> {target}")


def state_for_party(state: str) -> str:
    """The state as a party may see it: a decline reads as "withdrawn", nothing else changes."""
    return WITHDRAWN_FOR_PARTIES if state == DECLINED else state


def may_be_manifested(decision: str, witness: str, destination_chosen: bool) -> bool:
    """Rule 3: a recorded, witnessed decision to leave and a destination the person chose."""
    return decision == "leave" and bool(witness.strip()) and destination_chosen
