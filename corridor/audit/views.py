"""The audit log page (data protection officer) with the chain head and verification."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from corridor.audit.models import AuditEvent
from corridor.audit.services import chain_head, verify_chain


@login_required
def log(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.visible_to(request.user)
    if not events.exists() and request.user.role != "dpo":
        raise Http404
    context = {
        "events": events.order_by("-seq")[:200],
        "head": chain_head(),
        "broken": verify_chain() if request.GET.get("verify") == "1" else None,
        "verified": request.GET.get("verify") == "1",
    }
    return render(request, "audit/log.html", context)
