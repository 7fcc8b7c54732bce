"""The caseworker's side: the queue of cases and one case with its candidates and steps."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from corridor.accounts.models import User
from corridor.errors import DomainError, NotVisible
from corridor.tracing import lifecycle, retention, services
from corridor.tracing.forms import ConsentForm
from corridor.tracing.models import CaseState, TracingCandidate, TracingCase

STEP_LABELS = {s.value: s.label for s in CaseState}
MANUAL_STEPS = (
    lifecycle.SEARCHING,
    lifecycle.DETAINED,
    lifecycle.DEATH_CONFIRMED,
    lifecycle.CLOSED_UNRESOLVED,
)


def _case_or_404(user, case_id: UUID) -> TracingCase:
    try:
        return TracingCase.objects.get_visible(user, case_id)
    except NotVisible as exc:
        raise Http404 from exc


@login_required
def cases(request: HttpRequest) -> HttpResponse:
    """The caseworker's queue: filters by state and by who holds the case, with counts."""
    qs = TracingCase.objects.visible_to(request.user).exclude(state=lifecycle.MERGED)
    counts = dict(qs.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    state = request.GET.get("state", "")
    if state in STEP_LABELS:
        qs = qs.filter(state=state)
    if request.GET.get("mine"):
        qs = qs.filter(assigned_to=request.user)
    qs = qs.annotate(pending=Count("candidates", distinct=True)).select_related("assigned_to")
    page = Paginator(qs.order_by("-created_at"), 50).get_page(request.GET.get("page"))
    states = [
        (value, label, counts.get(value, 0))
        for value, label in CaseState.choices
        if value != lifecycle.MERGED
    ]
    return render(request, "tracing/cases.html", {"page": page, "states": states, "state": state})


def _detail(
    request: HttpRequest, case: TracingCase, error: str = "", status: int = 200
) -> HttpResponse:
    candidates = (
        TracingCandidate.objects.visible_to(request.user)
        .filter(case=case)
        .select_related("person", "person__settlement")
    )
    context = {
        "case": case,
        "enquirers": case.enquirers.all(),
        "candidates": candidates,
        "steps": [
            (s, STEP_LABELS[s]) for s in MANUAL_STEPS if s in lifecycle.TRANSITIONS[case.state]
        ],
        "may_accept": case.state == lifecycle.OPENED,
        "may_consent": case.state in (lifecycle.LOCATED, lifecycle.CONSULTED),
        "consent_form": ConsentForm(),
        "notes": case.notes.all(),
        "messages_": case.messages.all(),
        "error": error,
        "caseworkers": User.objects.filter(
            organisation=case.organisation, role__in=services.CASE_ROLES, is_active=True
        ).order_by("username"),
    }
    return render(request, "tracing/case.html", context, status=status)


@login_required
def case_detail(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _detail(request, _case_or_404(request.user, case_id))


def _act(request: HttpRequest, case_id: UUID, action) -> HttpResponse:
    case = _case_or_404(request.user, case_id)
    try:
        action(case)
    except DomainError as exc:
        case.refresh_from_db()
        return _detail(request, case, exc.message, exc.http_status)
    return redirect("tracing:case", case_id=case.pk)


@login_required
@require_POST
def accept(request, case_id: UUID):
    return _act(request, case_id, lambda case: services.accept(request.user, case.pk))


@login_required
@require_POST
def step(request, case_id: UUID):
    return _act(
        request,
        case_id,
        lambda case: services.change_state(request.user, case.pk, request.POST.get("to", "")),
    )


@login_required
@require_POST
def decide(request, case_id: UUID, tracing_candidate_id: UUID):
    def run(case):
        if (
            not TracingCandidate.objects.visible_to(request.user)
            .filter(pk=tracing_candidate_id, case=case)
            .exists()
        ):
            raise NotVisible()
        if request.POST.get("decision") == "confirm":
            services.confirm_candidate(request.user, tracing_candidate_id)
        else:
            services.reject_candidate(request.user, tracing_candidate_id)

    return _act(request, case_id, run)


@login_required
@require_POST
def consent(request, case_id: UUID):
    form = ConsentForm(request.POST)

    def run(case):
        if not form.is_valid():
            raise services.InvalidRequest("; ".join(f"{k}: {v[0]}" for k, v in form.errors.items()))
        d = form.cleaned_data
        services.record_consent(
            request.user,
            case.pk,
            d["scope"],
            news=d["news"],
            contact=d["contact"],
            address=d["address"],
        )

    return _act(request, case_id, run)


@login_required
@require_POST
def note(request, case_id: UUID):
    return _act(
        request,
        case_id,
        lambda case: services.add_note(request.user, case.pk, request.POST.get("text", "")),
    )


@login_required
@require_POST
def message(request, case_id: UUID):
    return _act(
        request,
        case_id,
        lambda case: services.send_message(
            request.user, case.pk, request.POST.get("direction", ""), request.POST.get("text", "")
        ),
    )


@login_required
@require_POST
def merge(request, case_id: UUID):
    def run(case):
        try:
            into = UUID(request.POST.get("into", ""))
        except ValueError as exc:
            raise NotVisible() from exc
        services.merge(request.user, case.pk, into)

    return _act(request, case_id, run)


@login_required
@require_POST
def erase(request, case_id: UUID):
    case = _case_or_404(request.user, case_id)
    try:
        retention.erase(request.user, case.pk, request.POST.get("reason", "request"))
    except DomainError as exc:
        return _detail(request, case, exc.message, exc.http_status)
    return redirect("tracing:cases")


@login_required
def print_message(request: HttpRequest, case_id: UUID, message_id: UUID) -> HttpResponse:
    """A family message on paper, for delivery where there is no network (the read is audited)."""
    from corridor.keys.services import reveal
    from corridor.tracing.models import FamilyMessage

    case = _case_or_404(request.user, case_id)
    try:
        message = FamilyMessage.objects.visible_to(request.user).get(pk=message_id, case=case)
        text = reveal(request.user, message, "text") or ""
    except (FamilyMessage.DoesNotExist, NotVisible) as exc:
        raise Http404 from exc
    except DomainError as exc:
        return _detail(request, case, exc.message, exc.http_status)
    enquirers = list(case.enquirers.all())
    return render(
        request,
        "tracing/print_message.html",
        {"case": case, "message": message, "text": text, "enquirers": enquirers},
    )


@login_required
@require_POST
def message_status(request, case_id: UUID, message_id: UUID):
    return _act(
        request,
        case_id,
        lambda case: services.mark_message(
            request.user, message_id, request.POST.get("status", "")
        ),
    )


@login_required
@require_POST
def assign(request, case_id: UUID):
    def run(case):
        assignee = User.objects.filter(pk=request.POST.get("assignee") or 0).first()
        services.assign(request.user, case.pk, assignee)

    return _act(request, case_id, run)
