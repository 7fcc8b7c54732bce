"""Reviewing possible duplicates: the queue, one pair side by side with the evidence, the decision."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from corridor.errors import DomainError, NotVisible
from corridor.matching import services
from corridor.matching.models import CandidateStatus, MatchCandidate
from corridor.registry.presenters import present


def _candidate_or_404(user, candidate_id: UUID) -> MatchCandidate:
    try:
        return MatchCandidate.objects.get_visible(user, candidate_id)
    except NotVisible as exc:
        raise Http404 from exc


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    qs = (
        MatchCandidate.objects.visible_to(request.user)
        .filter(status=CandidateStatus.PENDING)
        .select_related("person", "existing", "source_list")
        .order_by("-probability", "id")
    )
    list_id = request.GET.get("list", "")
    try:
        if list_id:
            qs = qs.filter(source_list_id=UUID(list_id))
    except ValueError:
        list_id = ""
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "matching/queue.html", {"page": page, "list_id": list_id})


def _pair_context(user, candidate: MatchCandidate, error: str = "") -> dict:
    return {
        "candidate": candidate,
        "new": present(user, candidate.person),
        "existing": present(user, candidate.existing),
        "error": error,
    }


@login_required
def candidate(request: HttpRequest, candidate_id: UUID) -> HttpResponse:
    c = _candidate_or_404(request.user, candidate_id)
    return render(request, "matching/candidate.html", _pair_context(request.user, c))


def _decide(request: HttpRequest, candidate_id: UUID, action) -> HttpResponse:
    c = _candidate_or_404(request.user, candidate_id)
    try:
        action(request.user, c.pk)
    except DomainError as exc:
        return render(
            request,
            "matching/candidate.html",
            _pair_context(request.user, c, exc.message),
            status=exc.http_status,
        )
    return redirect("matching:candidate", candidate_id=c.pk)


@login_required
@require_POST
def confirm(request: HttpRequest, candidate_id: UUID) -> HttpResponse:
    return _decide(request, candidate_id, services.confirm)


@login_required
@require_POST
def reject(request: HttpRequest, candidate_id: UUID) -> HttpResponse:
    return _decide(request, candidate_id, services.reject)
