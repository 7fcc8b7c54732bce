"""The registrar's phone form: one household, each member's own decision, its witness.

The form carries a submission key made when it was first shown: sent again (a lost
connection, a double tap, the offline queue), it registers nothing twice.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from corridor.corridors.forms import HouseholdForm, MemberFormSet
from corridor.corridors.models import Agreement, Evacuee
from corridor.corridors.presenters import evacuee_row
from corridor.corridors.services import registration
from corridor.errors import DomainError


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = HouseholdForm(data, initial={"key": f"web-{uuid.uuid4()}"})
    members = MemberFormSet(data, prefix="m")
    agreements = Agreement.objects.visible_to(request.user).filter(
        state__in=[
            "submitted",
            "negotiating",
            "accepted_a",
            "accepted_b",
            "agreed",
            "notified",
            "active",
        ]
    )
    error, status = "", 200
    if request.method == "POST":
        agreement_id = request.POST.get("agreement", "")
        if form.is_valid() and members.is_valid():
            d = form.cleaned_data
            people = [
                registration.Member(
                    **{k: v for k, v in m.cleaned_data.items() if k != "sex"},
                    sex=m.cleaned_data.get("sex") or "U",
                )
                for m in members
                if m.has_changed() and not m.is_blank()
            ]
            reg = registration.HouseholdRegistration(
                key=d["key"],
                settlement=str(d["settlement"].pk),
                witness=d["witness"],
                destination=str(d["destination"].pk) if d["destination"] else "",
                reference=d["reference"],
                agreement=agreement_id
                if agreements.filter(
                    pk__in=[agreement_id] if _is_uuid(agreement_id) else []
                ).exists()
                else "",
                members=people,
            )
            try:
                submission, created = registration.register_household(request.user, reg)
            except DomainError as exc:
                error, status = exc.message, exc.http_status
            else:
                evacuees = Evacuee.objects.filter(submission=submission).select_related("person")
                return render(
                    request,
                    "corridors/registered.html",
                    {
                        "submission": submission,
                        "created": created,
                        "rows": [evacuee_row(request.user, e) for e in evacuees],
                    },
                )
        else:
            status = 422
    mine = (
        Evacuee.objects.visible_to(request.user)
        .filter(created_by=request.user)
        .select_related("person")
        .order_by("-created_at")[:50]
    )
    return render(
        request,
        "corridors/register.html",
        {
            "form": form,
            "members": members,
            "agreements": agreements,
            "error": error,
            "mine": [evacuee_row(request.user, e) for e in mine],
        },
        status=status,
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
