"""Reports per round and per party (counts by category and state) and the agreed-fields export.

Counts are computed from the entries a user may see, in the state that user may see, so a
party's report says "withdrawn" exactly where its pages do.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.access import visible_fields
from corridor.accounts.roles import Role
from corridor.audit import services as audit
from corridor.errors import NotPermitted
from corridor.exchange.errors import InvalidEntry
from corridor.exchange.models import ExchangeEntry, ExchangeRound, RoundMember
from corridor.exchange.presenters import is_desk, shown_state
from corridor.exchange.rounds import EXCHANGED_FIELDS, category_of

EXPORTING_ROLES = frozenset(
    {Role.LIAISON_OFFICER, Role.BUREAU_OFFICER, Role.OPERATIONS_LEAD, Role.CASEWORKER}
)
EXPORT_COLUMNS = ("slot", "released_by", *EXCHANGED_FIELDS)


@dataclass(frozen=True)
class Count:
    """How many entries of one side, category and state."""

    side: str
    category: str
    state: str
    count: int


def _counts(user, entries: list[tuple[str, ExchangeEntry]]) -> list[Count]:
    today = timezone.localdate()
    tally = Counter(
        (side, category_of(e, today), shown_state(user, e.state)) for side, e in entries
    )
    return [Count(side, cat, state, n) for (side, cat, state), n in sorted(tally.items())]


def round_counts(user, round_: ExchangeRound) -> list[Count]:
    """The round's persons by releasing party, category and state (round visible to the user)."""
    members = (
        RoundMember.objects.visible_to(user)
        .filter(round=round_)
        .select_related("entry", "released_by")
    )
    return _counts(user, [(m.released_by.name, m.entry) for m in members])


def party_counts(user) -> list[Count]:
    """Every entry the user may see by owner and list, category and state."""
    entries = ExchangeEntry.objects.visible_to(user).select_related("organisation")
    return _counts(user, [(f"{e.organisation.name} · {e.get_kind_display()}", e) for e in entries])


@transaction.atomic
def export_round(user, round_id, purpose: str) -> str:
    """The round as CSV with only the agreed fields, for a recorded purpose; audited."""
    round_ = ExchangeRound.objects.get_visible(user, round_id)  # 404 before 403
    if user.role not in EXPORTING_ROLES:
        raise NotPermitted()
    if len(purpose.strip()) < 3:
        raise InvalidEntry(_("purpose: say what the export is for"))
    members = (
        RoundMember.objects.visible_to(user)
        .filter(round=round_)
        .select_related("entry", "released_by")
        .order_by("slot", "released_by__kind")
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    rows = 0
    for m in members:
        entry = m.entry
        seen = visible_fields(user, entry) if not is_desk(user) else frozenset(EXCHANGED_FIELDS)
        values = []
        for column in EXPORT_COLUMNS:
            if column == "slot":
                values.append(str(m.slot))
            elif column == "released_by":
                values.append(m.released_by.code)
            elif column not in seen:
                values.append("")
            elif column == "state":
                values.append(shown_state(user, entry.state))
            else:
                values.append(str(getattr(entry, column) or ""))
        writer.writerow([_safe(v) for v in values])
        rows += 1
    audit.record(
        user, "exchange.round_exported", round_, {"purpose": purpose.strip()[:500], "rows": rows}
    )
    return out.getvalue()


def _safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
