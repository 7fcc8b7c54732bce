"""The audit log page (data protection officer) with the chain head and verification."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from corridor.audit.models import AuditEvent, may_read_log
from corridor.audit.services import chain_head, verify_chain


@login_required
def log(request: HttpRequest) -> HttpResponse:
    if not may_read_log(request.user):
        raise Http404
    events = AuditEvent.objects.visible_to(request.user)
    context = {
        "events": events.order_by("-seq")[:200],
        "head": chain_head(),
        "broken": verify_chain() if request.GET.get("verify") == "1" else None,
        "verified": request.GET.get("verify") == "1",
    }
    return render(request, "audit/log.html", context)
