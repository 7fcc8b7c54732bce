"""What a user may see of an entry: visible fields only, and a party's view of the state.

Every page, API answer and export of exchange data goes through here, so a party never sees
a reconciliation outcome or anything but "withdrawn" for a withdrawal (lifecycle.party_state).
"""

from __future__ import annotations

from typing import Any

from corridor.access import visible_fields
from corridor.exchange import lifecycle
from corridor.exchange.models import PARTY_STATE_LABELS, EntryState, ExchangeEntry
from corridor.keys.fields import sealed_fields
from corridor.keys.services import may_reveal


def is_desk(user) -> bool:
    org = getattr(user, "organisation", None)
    return bool(org is not None and org.is_intermediary)


def shown_state(user, state: str) -> str:
    """The state this user may see: the intermediary's own, or the party's view of it."""
    return state if is_desk(user) else lifecycle.party_state(state)


def state_label(user, state: str) -> str:
    if is_desk(user):
        return str(EntryState(state).label) if state in EntryState.values else state
    return str(PARTY_STATE_LABELS.get(lifecycle.party_state(state), ""))


def _value(obj, name: str) -> Any:
    field = obj._meta.get_field(name)
    return getattr(obj, field.attname) if field.is_relation else getattr(obj, name)


def present_entry(user, entry: ExchangeEntry) -> dict[str, Any]:
    """The entry's fields this user may see; sealed fields only say whether they may be opened."""
    names = visible_fields(user, entry)
    data = {name: _value(entry, name) for name in names if name != "erased_at"}
    if entry.erased_at is not None:
        # The one thing anyone is told of an erasure: that it happened (no when, who or why).
        data["erased"] = True
    if "state" in data:
        data["state"] = shown_state(user, entry.state)
        data["state_label"] = state_label(user, entry.state)
    sealed = [
        {"field": f.name, "is_set": getattr(entry, f.attname) is not None}
        for f in sealed_fields(ExchangeEntry)
        if may_reveal(user, entry, f)
    ]
    if sealed:
        data["sealed"] = sealed
    return data
