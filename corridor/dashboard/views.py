"""The signed-in home page: what this user's organisation holds and what reached it."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from corridor.accounts.roles import Role
from corridor.audit.services import chain_head
from corridor.registry.models import Household, Person, Settlement
from corridor.transmissions.models import Transmission


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    persons = Person.objects.visible_to(user)
    by_settlement = dict(
        persons.values_list("settlement_id")
        .annotate(n=Count("id"))
        .values_list("settlement_id", "n")
    )
    language = get_language() or "en"
    settlements = [
        {"name": s.local_name(language), "count": by_settlement.get(s.pk, 0)}
        for s in Settlement.objects.all()
        if by_settlement.get(s.pk)
    ]
    settlements.sort(key=lambda row: (-row["count"], row["name"]))
    from corridor.interop.models import ExportRequest
    from corridor.matching.models import MatchCandidate
    from corridor.tracing import lifecycle
    from corridor.tracing.models import TracingCase

    cases = TracingCase.objects.visible_to(user).filter(state__in=lifecycle.OPEN)
    exports_to_decide = 0
    if getattr(user, "role", "") == Role.DATA_PROTECTION_OFFICER:
        exports_to_decide = (
            ExportRequest.objects.visible_to(user).pending().exclude(requested_by=user).count()
        )
    context = {
        "duplicate_count": MatchCandidate.objects.visible_to(user).filter(status="pending").count(),
        "open_case_count": cases.count(),
        "new_request_count": cases.filter(state=lifecycle.OPENED).count(),
        "person_count": persons.count(),
        "household_count": Household.objects.visible_to(user).count(),
        "transmission_count": Transmission.objects.visible_to(user).count(),
        "settlements": settlements,
        "max_count": max((row["count"] for row in settlements), default=0),
        "head": chain_head(),
        "exports_to_decide": exports_to_decide,
    }
    return render(request, "dashboard/home.html", context)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "csrf_failure.html", status=403)
