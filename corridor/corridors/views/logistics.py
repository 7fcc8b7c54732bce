"""Logistics for a transit or mediator state: crossing points, windows, convoys and counts.

Never a name, a code or a party's internal data: counts and times only.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from corridor.corridors import text
from corridor.corridors.models import Agreement, Convoy


@login_required
def logistics(request: HttpRequest) -> HttpResponse:
    language = get_language() or "en"
    rows = []
    for agreement in Agreement.objects.logistics_visible_to(request.user).filter(
        agreed_hash__gt=""
    ):
        version = agreement.versions.filter(content_hash=agreement.agreed_hash).first()
        if version is None:
            continue
        convoys = (
            Convoy.objects.filter(agreement=agreement)
            .annotate(
                expected=Count("places", distinct=True),
                checked_out=Count(
                    "checkpoints", filter=Q(checkpoints__kind="check_out"), distinct=True
                ),
                checked_in=Count(
                    "checkpoints", filter=Q(checkpoints__kind="check_in"), distinct=True
                ),
            )
            .order_by("departs_at")
        )
        rows.append(
            {
                "agreement": agreement,
                "crossing": text.place_label(version.content["route"]["crossing"], language),
                "windows": [text.window_label(w) for w in version.content.get("windows", [])],
                "convoys": convoys,
            }
        )
    return render(request, "corridors/logistics.html", {"rows": rows})
