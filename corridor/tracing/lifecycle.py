"""The tracing case's lifecycle (DOMAIN.md) and what an enquirer may be told in each state.

Framework-free: the services enforce these tables, and a Hypothesis state machine checks them.
"""

from __future__ import annotations

from dataclasses import dataclass

OPENED = "opened"
ACCEPTED = "accepted"
SEARCHING = "searching"
LOCATED = "located"
CONSULTED = "consulted"
CONTACT_RESTORED = "contact_restored"
NEWS_ONLY = "news_only"
CONTACT_DECLINED = "contact_declined"
DETAINED = "detained"
DEATH_CONFIRMED = "death_confirmed"
CLOSED_UNRESOLVED = "closed_unresolved"
MERGED = "merged"  # a duplicate request folded into another case; its enquirer is kept there

STATES = (
    OPENED, ACCEPTED, SEARCHING, LOCATED, CONSULTED, CONTACT_RESTORED, NEWS_ONLY,
    CONTACT_DECLINED, DETAINED, DEATH_CONFIRMED, CLOSED_UNRESOLVED, MERGED,
)  # fmt: skip
OUTCOMES = frozenset(
    {CONTACT_RESTORED, NEWS_ONLY, CONTACT_DECLINED, DEATH_CONFIRMED, CLOSED_UNRESOLVED, DETAINED}
)
OPEN = frozenset({OPENED, ACCEPTED, SEARCHING, LOCATED, CONSULTED})

TRANSITIONS: dict[str, frozenset[str]] = {
    OPENED: frozenset({ACCEPTED, MERGED, CLOSED_UNRESOLVED}),
    ACCEPTED: frozenset({SEARCHING, MERGED, CLOSED_UNRESOLVED}),
    SEARCHING: frozenset({LOCATED, DETAINED, DEATH_CONFIRMED, CLOSED_UNRESOLVED}),
    # A located person may turn out not to be the one sought: back to searching.
    LOCATED: frozenset({CONSULTED, SEARCHING, DETAINED, DEATH_CONFIRMED}),
    CONSULTED: frozenset({CONTACT_RESTORED, NEWS_ONLY, CONTACT_DECLINED}),
    # Every outcome can be reopened: the search starts again.
    CONTACT_RESTORED: frozenset({SEARCHING}),
    NEWS_ONLY: frozenset({SEARCHING}),
    CONTACT_DECLINED: frozenset({SEARCHING}),
    DETAINED: frozenset({SEARCHING}),
    DEATH_CONFIRMED: frozenset({SEARCHING}),
    CLOSED_UNRESOLVED: frozenset({SEARCHING}),
    MERGED: frozenset(),
}

# Consent of the sought person, and the outcome each scope leads to.
NEWS, CONTACT, ADDRESS, DECLINED = "news", "contact", "address", "declined"
SCOPES = (NEWS, CONTACT, ADDRESS, DECLINED)
OUTCOME_OF_SCOPE = {
    NEWS: NEWS_ONLY,
    CONTACT: CONTACT_RESTORED,
    ADDRESS: CONTACT_RESTORED,
    DECLINED: CONTACT_DECLINED,
}


class TransitionRefused(Exception):
    """The lifecycle has no such step."""


def check(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, frozenset()):
        raise TransitionRefused(f"{current} -> {target}")


# What the public status page says: a message key, plus items consent allows.
IN_PROGRESS = "in_progress"  # also for located/consulted: nothing is said before consent
NEWS_AVAILABLE = "news"
CONTACT_AVAILABLE = "contact"
CLOSED = "closed"  # unresolved and declined read the same: a decline is not revealed
SPEAK_TO_US = "speak_to_us"  # death or detention: told by a person, never by a web page


@dataclass(frozen=True)
class Disclosure:
    """Exactly what an enquirer may see of a case."""

    message: str
    news: bool = False
    contact: bool = False
    address: bool = False


def disclosure(state: str, scope: str | None) -> Disclosure:
    """The most an enquirer may see, given the case's state and the sought person's consent."""
    if state in (DEATH_CONFIRMED, DETAINED):
        return Disclosure(SPEAK_TO_US)
    if state in (CLOSED_UNRESOLVED, CONTACT_DECLINED) or scope == DECLINED:
        return Disclosure(CLOSED)
    if state in (NEWS_ONLY, CONTACT_RESTORED) and scope in (NEWS, CONTACT, ADDRESS):
        return Disclosure(
            CONTACT_AVAILABLE if scope in (CONTACT, ADDRESS) else NEWS_AVAILABLE,
            news=True,
            contact=scope in (CONTACT, ADDRESS),
            address=scope == ADDRESS,
        )
    return Disclosure(IN_PROGRESS)
