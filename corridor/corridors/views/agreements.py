"""Agreement pages: the list, a request, counter-versions with their diff, acceptance by hash,
the intermediary's relay, notifications and acknowledgements, incidents, the PDF, the dashboard."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corridor.corridors import documents, text
from corridor.corridors import lifecycle as lc
from corridor.corridors.forms import ConvoyForm, IncidentForm, TermsForm
from corridor.corridors.models import (
    Agreement,
    AgreementVersion,
    Convoy,
    Evacuee,
    Incident,
    MovementNotification,
)
from corridor.corridors.services import agreements, convoys, handover, movements
from corridor.corridors.views import visible_or_404
from corridor.corridors.views.dashboard import dashboard_context
from corridor.errors import DomainError, NotVisible


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    rows = Agreement.objects.visible_to(request.user)
    return render(
        request,
        "corridors/list.html",
        {
            "rows": rows,
            "alerts": movements.alerts(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_new(request: HttpRequest) -> HttpResponse:
    form = TermsForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            agreement = agreements.request_corridor(request.user, form.terms())
        except DomainError as exc:
            error = exc.message
        else:
            return redirect("corridors:agreement", agreement_id=agreement.pk)
    return render(
        request, "corridors/terms.html", {"form": form, "error": error, "agreement": None}
    )


def _detail(request, agreement: Agreement, error: str = "", status: int = 200) -> HttpResponse:
    user = request.user
    language = get_language() or "en"
    versions = list(AgreementVersion.objects.visible_to(user).filter(agreement=agreement))
    diffs = []
    previous = None
    for v in versions:
        diffs.append((v, text.diff(previous.content if previous else None, v.content, language)))
        previous = v
    current = next((v for v in versions if v.content_hash == agreement.current_hash), None)
    org = user.organisation
    names = documents.labels()
    parties = {lc.PARTY_A: _("Party A"), lc.PARTY_B: _("Party B")}
    context = {
        "agreement": agreement,
        "versions": diffs,
        "current": current,
        "lines": [
            (names.get(f, f), parties.get(value, value) if f == "from_party" else value)
            for f, value in text.lines(current.content, language)
        ]
        if current
        else [],
        "error": error,
        "is_party": org.is_party,
        "is_lead": org.is_intermediary and user.role == "operations_lead",
        "my_acceptance": (
            agreement.accepted_a_hash if org.kind == lc.PARTY_A else agreement.accepted_b_hash
        )
        if org.is_party
        else "",
        "pending_relay": agreements.pending_relay(agreement) if org.is_intermediary else [],
        "notifications": MovementNotification.objects.visible_to(user)
        .filter(agreement=agreement)
        .prefetch_related("acknowledgements__organisation"),
        "convoys": Convoy.objects.visible_to(user).filter(agreement=agreement),
        "incidents": Incident.objects.visible_to(user).filter(agreement=agreement),
        "incident_form": IncidentForm(),
        "convoy_form": ConvoyForm(),
        **dashboard_context(user, agreement, current, language),
    }
    return render(request, "corridors/agreement.html", context, status=status)


@login_required
def agreement_detail(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    return _detail(request, visible_or_404(Agreement.objects, request.user, agreement_id))


@login_required
@require_POST
def agreement_step(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    agreement = visible_or_404(Agreement.objects, request.user, agreement_id)
    action, user = request.POST.get("action", ""), request.user
    steps = {
        "submit": lambda: agreements.submit(user, agreement.pk),
        "relay": lambda: agreements.relay(user, agreement.pk),
        "accept": lambda: agreements.accept(
            user, agreement.pk, request.POST.get("version_hash", "")
        ),
        "reject": lambda: agreements.reject(user, agreement.pk),
        "withdraw": lambda: agreements.withdraw(user, agreement.pk),
        "notify": lambda: movements.notify_movements(user, agreement.pk),
        "completed": lambda: agreements.close(user, agreement.pk, lc.COMPLETED),
        "aborted": lambda: agreements.close(user, agreement.pk, lc.ABORTED),
    }
    try:
        if action not in steps:
            raise agreements.StepNotAllowed()
        steps[action]()
    except DomainError as exc:
        agreement.refresh_from_db()
        return _detail(request, agreement, exc.message, exc.http_status)
    return redirect("corridors:agreement", agreement_id=agreement.pk)


@login_required
@require_http_methods(["GET", "POST"])
def version_new(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    agreement = visible_or_404(Agreement.objects, request.user, agreement_id)
    current = (
        AgreementVersion.objects.visible_to(request.user)
        .filter(agreement=agreement)
        .order_by("-number")
        .first()
    )
    initial = TermsForm.initial_from(current.content) if current else None
    form = TermsForm(request.POST or None, initial=initial)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            agreements.propose_version(request.user, agreement.pk, form.terms())
        except DomainError as exc:
            error = exc.message
        else:
            return redirect("corridors:agreement", agreement_id=agreement.pk)
    return render(
        request, "corridors/terms.html", {"form": form, "error": error, "agreement": agreement}
    )


@login_required
def agreement_pdf(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    """The current (or agreed) text in ru, uk or en: ?language=ru."""
    agreement = visible_or_404(Agreement.objects, request.user, agreement_id)
    wanted = agreement.agreed_hash or agreement.current_hash
    version = (
        AgreementVersion.objects.visible_to(request.user)
        .filter(agreement=agreement, content_hash=wanted)
        .first()
    ) or AgreementVersion.objects.visible_to(request.user).filter(agreement=agreement).last()
    if version is None:
        raise NotVisible()
    language = request.GET.get("language", get_language() or "en")
    language = language if language in ("ru", "uk", "en") else "en"
    body = documents.agreement_pdf(agreement, version, language)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{agreement.reference}-v{version.number}-{language}.pdf"'
    )
    return response


@login_required
@require_POST
def acknowledge(request: HttpRequest, notification_id: UUID) -> HttpResponse:
    notification = visible_or_404(MovementNotification.objects, request.user, notification_id)
    try:
        movements.acknowledge(request.user, notification.pk)
    except DomainError as exc:
        agreement = notification.agreement
        return _detail(request, agreement, exc.message, exc.http_status)
    return redirect("corridors:agreement", agreement_id=notification.agreement_id)


@login_required
@require_POST
def incident(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    agreement = visible_or_404(Agreement.objects, request.user, agreement_id)
    form = IncidentForm(request.POST)
    try:
        if not form.is_valid():
            raise agreements.InvalidAgreement(
                "; ".join(f"{k}: {v[0]}" for k, v in form.errors.items())
            )
        d = form.cleaned_data
        evacuee = None
        code = handover.normalise_code(d.get("evacuee_code") or "")
        if code:
            evacuee = Evacuee.objects.visible_to(request.user).filter(code=code).first()
            if evacuee is None:
                raise handover.UnknownCode()
        place = getattr(evacuee, "place", None) if evacuee else None
        handover.record_incident(
            request.user,
            agreement.pk,
            d["kind"],
            d["account"],
            convoy_id=place.convoy_id if place else None,
            evacuee_id=evacuee.pk if evacuee else None,
            by_party=d.get("by_party", ""),
            suspend=d.get("suspend", False),
        )
    except DomainError as exc:
        agreement.refresh_from_db()
        return _detail(request, agreement, exc.message, exc.http_status)
    return redirect("corridors:agreement", agreement_id=agreement.pk)


@login_required
@require_POST
def convoy_new(request: HttpRequest, agreement_id: UUID) -> HttpResponse:
    agreement = visible_or_404(Agreement.objects, request.user, agreement_id)
    form = ConvoyForm(request.POST)
    try:
        if not form.is_valid():
            raise agreements.InvalidAgreement(
                "; ".join(f"{k}: {v[0]}" for k, v in form.errors.items())
            )
        convoy = convoys.create_convoy(
            request.user, agreement.pk, form.cleaned_data["departs_at"], form.specs()
        )
    except DomainError as exc:
        return _detail(request, agreement, exc.message, exc.http_status)
    except forms.ValidationError as exc:  # a malformed vehicle line: said next to the form
        return _detail(request, agreement, " ".join(exc.messages), 422)
    return redirect("corridors:convoy", convoy_id=convoy.pk)
