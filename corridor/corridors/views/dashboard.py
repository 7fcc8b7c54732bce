"""The operations picture of one corridor: the route, counts per state, notifications and
their acknowledgements, incidents and a timeline: only from rows the user may see."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from corridor.corridors import drawing, text
from corridor.corridors.models import Agreement, CheckpointEvent, Evacuee, EvacueeState
from corridor.corridors.services import movements
from corridor.corridors.services.registration import state_for


def dashboard_context(user, agreement: Agreement, current, language: str) -> dict:
    evacuees = list(Evacuee.objects.visible_to(user).filter(agreement=agreement))
    counts = Counter(state_for(user, e) for e in evacuees)
    labels: dict[str, str] = {k: str(v) for k, v in EvacueeState.choices}
    labels["withdrawn"] = _("withdrawn")
    states = [
        (state, labels.get(state, state), counts[state])
        for state in [*EvacueeState.values, "withdrawn"]
        if counts.get(state)
    ]
    route, legend = "", []
    roles = {
        "origin": _("origin"),
        "waypoint": _("waypoint"),
        "crossing": _("crossing point"),
        "destination": _("destination"),
    }
    if current is not None:
        legend = [
            (n, roles[role], name)
            for n, role, name in drawing.legend(text.route_points(current.content), language)
        ]
        route = drawing.route_svg(
            text.route_points(current.content),
            language,
            _("Route of %(title)s") % {"title": agreement.title},
        )
    series: dict[str, dict] = defaultdict(dict)
    for e in evacuees:
        day = timezone.localtime(e.created_at).date()
        series["registered"][day] = series["registered"].get(day, 0) + 1
    for ev in CheckpointEvent.objects.visible_to(user).filter(convoy__agreement=agreement):
        day = timezone.localtime(ev.at).date()
        series[ev.kind][day] = series[ev.kind].get(day, 0) + 1
    timeline = drawing.timeline_svg(
        dict(series),
        {"registered": _("registered"), "check_out": _("checked out"), "check_in": _("checked in")},
        _("Registrations and hand-overs per day"),
    )
    return {
        "state_counts": states,
        "route_svg": mark_safe(route),  # noqa: S308  (built by drawing.py, every text escaped)
        "route_legend": legend,
        "timeline_svg": mark_safe(timeline),  # noqa: S308
        "alerts": movements.alerts(user, agreement),
    }
