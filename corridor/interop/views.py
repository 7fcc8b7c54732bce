"""Pages of PFIF export requests: ask for an export and download it; the officer's queue."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corridor.accounts.roles import PFIF_EXPORTING_ROLES, Role
from corridor.errors import DomainError, NotVisible
from corridor.interop import export_requests
from corridor.interop.forms import ExportRequestForm
from corridor.interop.models import ExportRequest

RECENT = 50


def _exports_page(
    request: HttpRequest, form: ExportRequestForm, error: str = "", status: int = 200
):
    user: Any = request.user
    mine = (
        ExportRequest.objects.visible_to(user)
        .filter(requested_by=user)
        .select_related("source_list", "decided_by")[:RECENT]
    )
    context = {
        "form": form,
        "mine": mine,
        "error": error,
        "dpo": user.role == Role.DATA_PROTECTION_OFFICER,
        "validity_hours": int(export_requests.approval_validity().total_seconds() // 3600),
    }
    return render(request, "interop/exports.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def exports(request: HttpRequest) -> HttpResponse:
    """Ask for a PFIF export and say what it is for; your requests, downloadable once approved."""
    user: Any = request.user
    if user.role not in PFIF_EXPORTING_ROLES:
        raise PermissionDenied
    initial = {"source_list": request.GET.get("list", "")}
    form = ExportRequestForm(user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            export_requests.request_export(
                user,
                form.cleaned_data["purpose"],
                form.cleaned_data["source_list"] or None,
                via="web",
            )
        except NotVisible:
            form.add_error("source_list", _("This list is not available to you."))
        except DomainError as exc:
            form.add_error("purpose", exc.message)
        else:
            messages.success(
                request, _("Export requested. A data protection officer will decide on it.")
            )
            return redirect("interop:exports")
    status = 422 if form.errors else 200
    return _exports_page(request, form, status=status)


def _queue_page(request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
    user: Any = request.user
    visible = ExportRequest.objects.visible_to(user).select_related(
        "requested_by", "decided_by", "source_list"
    )
    context = {
        "pending": visible.pending().order_by("requested_at"),
        "decided": visible.exclude(state="requested")[:RECENT],
        "error": error,
    }
    return render(request, "interop/queue.html", context, status=status)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The data protection officer's queue: requests awaiting a decision, oldest first."""
    user: Any = request.user
    if user.role != Role.DATA_PROTECTION_OFFICER:
        raise PermissionDenied
    return _queue_page(request)


@login_required
@require_POST
def decision(request: HttpRequest, export_request_id: UUID) -> HttpResponse:
    """Approve or refuse one request, with a note."""
    approve = {"approve": True, "refuse": False}.get(request.POST.get("decision", ""))
    try:
        export_requests.decide(
            request.user, export_request_id, approve, request.POST.get("note", "")
        )
    except NotVisible as exc:
        raise Http404 from exc
    except DomainError as exc:
        return _queue_page(request, exc.message, exc.http_status)
    messages.success(request, _("Export approved.") if approve else _("Export refused."))
    return redirect("interop:queue")


@login_required
@require_POST
def document(request: HttpRequest, export_request_id: UUID) -> HttpResponse:
    """The approved export's PFIF file, handed out once to its requester."""
    try:
        written = export_requests.download(request.user, export_request_id)
    except NotVisible as exc:
        raise Http404 from exc
    except DomainError as exc:
        form = ExportRequestForm(request.user)
        return _exports_page(request, form, exc.message, exc.http_status)
    response = HttpResponse(written.data, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="corridor.pfif.xml"'
    response["Cache-Control"] = "no-store"
    return response
