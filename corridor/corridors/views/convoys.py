"""Convoy pages: the plan with manual moves (desk), manifests (PDF, CSV), the hand-over (phone)."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corridor.audit import services as audit
from corridor.corridors import documents
from corridor.corridors.forms import FIELD_LABELS
from corridor.corridors.models import Convoy, Evacuee, Place, Vehicle
from corridor.corridors.presenters import state_label
from corridor.corridors.services import convoys, handover
from corridor.corridors.services.registration import state_for
from corridor.corridors.views import visible_or_404
from corridor.errors import DomainError, NotVisible


def _places(user, convoy: Convoy, vehicle_id: str | None = None) -> list[Place]:
    qs = (
        Place.objects.visible_to(user)
        .filter(convoy=convoy)
        .select_related("vehicle", "evacuee__person__settlement")
    )
    if vehicle_id:
        qs = qs.filter(vehicle_id=vehicle_id)
    return list(qs)


def _convoy_page(request, convoy: Convoy, error: str = "", status: int = 200) -> HttpResponse:
    user = request.user
    vehicles = list(Vehicle.objects.visible_to(user).filter(convoy=convoy))
    places = _places(user, convoy)
    by_vehicle: dict = {v.pk: [] for v in vehicles}
    for p in places:
        by_vehicle.setdefault(p.vehicle_id, []).append(
            (
                p,
                handover.display_name(user, p.evacuee.person),
                state_label(state_for(user, p.evacuee)),
            )
        )
    waiting = []
    is_lead = user.organisation.is_intermediary and user.role == "operations_lead"
    if is_lead:
        waiting = list(convoys.candidates(convoy).select_related("person")[:300])
    context = {
        "convoy": convoy,
        "vehicles": [(v, by_vehicle.get(v.pk, [])) for v in vehicles],
        "waiting": waiting,
        "is_lead": is_lead,
        "error": error,
        "reconciliation": handover.reconcile(user, convoy),
    }
    return render(request, "corridors/convoy.html", context, status=status)


@login_required
def convoy_detail(request: HttpRequest, convoy_id: UUID) -> HttpResponse:
    return _convoy_page(request, visible_or_404(Convoy.objects, request.user, convoy_id))


@login_required
@require_POST
def convoy_step(request: HttpRequest, convoy_id: UUID) -> HttpResponse:
    convoy = visible_or_404(Convoy.objects, request.user, convoy_id)
    user, action = request.user, request.POST.get("action", "")
    try:
        if action == "plan":
            convoys.plan(user, convoy.pk, request.POST.get("method", "cp-sat"))
        elif action == "send":
            convoys.send_manifest(user, convoy.pk)
        elif action == "depart":
            convoys.depart(user, convoy.pk)
        elif action == "arrive":
            handover.confirm_arrival(user, convoy.pk)
        elif action in ("assign", "unassign"):
            evacuee = Evacuee.objects.get_visible(user, UUID(request.POST.get("evacuee", "")))
            if action == "assign":
                convoys.assign(user, convoy.pk, evacuee.pk, UUID(request.POST.get("vehicle", "")))
            else:
                convoys.unassign(user, convoy.pk, evacuee.pk)
        else:
            raise convoys.StepNotAllowed()
    except ValueError:
        return _convoy_page(request, convoy, str(NotVisible.default_message), 404)
    except DomainError as exc:
        convoy.refresh_from_db()
        return _convoy_page(request, convoy, exc.message, exc.http_status)
    return redirect("corridors:convoy", convoy_id=convoy.pk)


def manifest_rows(user, convoy: Convoy, vehicle_id: str | None = None):
    """Rows of the manifest: of each person only the agreement's fields the reader may see."""
    from corridor.access import visible_fields

    fields = convoys.manifest_fields(convoy)
    columns = [("vehicle", _("Vehicle")), ("place", _("Place"))]
    columns += [(f, str(FIELD_LABELS[f])) for f in fields]
    rows = []
    for p in _places(user, convoy, vehicle_id):
        person = p.evacuee.person
        shown = visible_fields(user, person)
        row = {
            "vehicle": p.vehicle.label,
            "place": f"{p.get_kind_display()} {p.number}",
            "code": p.evacuee.code or "",
        }
        for f in fields:
            if f in shown:
                value = getattr(person, f)
                row[f] = value.name_latin if f == "settlement" and value else (value or "")
        rows.append(row)
    return rows, columns


@login_required
def manifest(request: HttpRequest, convoy_id: UUID) -> HttpResponse:
    """?format=pdf|csv and optionally &vehicle=<id>: per vehicle or the whole convoy (audited)."""
    convoy = visible_or_404(Convoy.objects, request.user, convoy_id)
    vehicle_id = request.GET.get("vehicle") or None
    if vehicle_id:
        try:
            Vehicle.objects.get_visible(request.user, UUID(vehicle_id))
        except (ValueError, NotVisible):
            return _convoy_page(request, convoy, str(NotVisible.default_message), 404)
    rows, columns = manifest_rows(request.user, convoy, vehicle_id)
    kind = "csv" if request.GET.get("format") == "csv" else "pdf"
    audit.record(
        request.user,
        "corridor.manifest_downloaded",
        convoy,
        {"format": kind, "vehicle": vehicle_id or "", "rows": len(rows)},
    )
    name = f"{convoy.reference}{'-' + vehicle_id[:8] if vehicle_id else ''}"
    if kind == "csv":
        response = HttpResponse(
            documents.manifest_csv(rows, columns), content_type="text/csv; charset=utf-8"
        )
    else:
        title = f"{convoy.reference} — {len(rows)}"
        response = HttpResponse(
            documents.manifest_pdf(convoy, rows, columns, title), content_type="application/pdf"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def handover_page(request: HttpRequest, convoy_id: UUID) -> HttpResponse:
    """The phone page at the crossing: type or scan a code; counts always visible."""
    convoy = visible_or_404(Convoy.objects, request.user, convoy_id)
    result, error, status = None, "", 200
    if request.method == "POST":
        try:
            result = handover.scan(
                request.user,
                convoy.pk,
                request.POST.get("code", ""),
                request.POST.get("kind") or None,
            )
        except DomainError as exc:
            error, status = exc.message, exc.http_status
    context = {
        "convoy": convoy,
        "result": result,
        "result_name": handover.display_name(request.user, result.evacuee.person) if result else "",
        "error": error,
        "reconciliation": handover.reconcile(request.user, convoy),
        "side": _side_label(request.user, convoy),
    }
    return render(request, "corridors/handover.html", context, status=status)


def _side_label(user, convoy: Convoy) -> str:
    try:
        return handover.side_of(user, convoy)
    except DomainError:
        return ""


@login_required
def handover_counts(request: HttpRequest, convoy_id: UUID) -> HttpResponse:
    """The counts and discrepancies, refreshed every few seconds by htmx."""
    convoy = visible_or_404(Convoy.objects, request.user, convoy_id)
    return render(
        request,
        "corridors/_counts.html",
        {"convoy": convoy, "reconciliation": handover.reconcile(request.user, convoy)},
    )
