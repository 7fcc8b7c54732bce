"""Pages of the intermediary's reconciliation report, and of rounds for all three sides."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corridor.exchange import lifecycle, reconcile, reconciliation, reports, rounds
from corridor.exchange.forms import RoundForm, entry_field_label
from corridor.exchange.models import (
    ExchangeRound,
    Finding,
    FindingKind,
    FindingStatus,
    Reconciliation,
    RoundMember,
    RunState,
)
from corridor.exchange.presenters import is_desk, present_entry, state_label
from corridor.exchange.views import act, home_page, visible_or_404

PENDING = (RunState.QUEUED, RunState.RUNNING)
SECTIONS = (
    FindingKind.DISPUTED,
    FindingKind.SOUGHT_ONLY,
    FindingKind.HELD_ONLY,
    FindingKind.MATCHED,
    FindingKind.TRACING,
    FindingKind.REGISTRY,
)


def dispute_reason(finding: Finding) -> str:
    """Why a pair was put to a person, in words."""
    if any(e.get("comparison") == "identifier" and e.get("level") == "different" for e in finding.evidence):  # fmt: skip
        return str(_("the serial numbers disagree with the names"))
    if (finding.probability or 0.0) >= reconcile.MATCH_FROM:
        return str(_("more than one candidate for one of these entries"))
    return str(_("the evidence is not strong enough to be sure"))


def _report_page(request, run: Reconciliation, error="", status=200) -> HttpResponse:
    findings = (
        Finding.objects.visible_to(request.user)
        .filter(reconciliation=run)
        .select_related("held", "sought", "tracing_case", "person", "held__organisation")
    )
    for f in findings:
        f.reason = dispute_reason(f) if f.kind == FindingKind.DISPUTED else ""
    sections = [
        (kind, FindingKind(kind).label, [f for f in findings if f.kind == kind])
        for kind in SECTIONS
    ]
    still_open = (
        Finding.objects.visible_to(request.user)
        .filter(
            status=FindingStatus.OPEN,
            kind__in=(FindingKind.DISPUTED, FindingKind.HELD_ONLY, FindingKind.SOUGHT_ONLY),
        )
        .count()
    )
    context = {"run": run, "sections": sections, "open": still_open, "error": error}
    return render(request, "exchange/reconciliation.html", context, status=status)


@login_required
@require_POST
def run_reconciliation(request: HttpRequest) -> HttpResponse:
    """Queue a run for the worker and open its page, which shows the report when done."""
    return act(
        request,
        lambda: reconciliation.request_run(request.user),
        lambda run: redirect("exchange:reconciliation", reconciliation_id=run.pk),
        lambda msg, st: HttpResponse(msg, status=st, content_type="text/plain; charset=utf-8"),
    )


def _pending_page(request, run: Reconciliation, polled: bool = False) -> HttpResponse:
    template = (
        "exchange/_reconciliation_pending.html"
        if polled
        else "exchange/reconciliation_pending.html"
    )
    response = render(request, template, {"run": run})
    if polled and run.state not in PENDING:
        response["HX-Refresh"] = "true"  # the run is over: show its report
    return response


@login_required
def reconciliation_report(request: HttpRequest, reconciliation_id: UUID) -> HttpResponse:
    run = visible_or_404(Reconciliation, request.user, reconciliation_id)
    if run.state != RunState.DONE:
        return _pending_page(request, run)
    return _report_page(request, run)


@login_required
def reconciliation_state(request: HttpRequest, reconciliation_id: UUID) -> HttpResponse:
    """A run's state alone, polled by htmx while it waits or runs."""
    run = visible_or_404(Reconciliation, request.user, reconciliation_id)
    return _pending_page(request, run, polled=True)


@login_required
@require_POST
def resolve(request: HttpRequest, finding_id: UUID) -> HttpResponse:
    finding = visible_or_404(Finding, request.user, finding_id)
    return act(
        request,
        lambda: reconciliation.resolve(
            request.user,
            finding.pk,
            request.POST.get("resolution", ""),
            request.POST.get("note", ""),
        ),
        lambda f: redirect("exchange:reconciliation", reconciliation_id=f.reconciliation_id),
        lambda msg, st: _report_page(request, finding.reconciliation, msg, st),
    )


# --- rounds ---


def _round_page(request, round_: ExchangeRound, error="", status=200, form=None) -> HttpResponse:
    user = request.user
    members = (
        RoundMember.objects.visible_to(user)
        .filter(round=round_)
        .select_related("entry", "released_by", "received_by")
    )
    rows = []
    for m in members:
        data = present_entry(user, m.entry)
        name = " ".join(
            str(data.get(k) or "") for k in ("family_name", "given_names", "patronymic")
        ).strip()
        rows.append(
            {
                "member": m,
                "name": name,
                "data": data,
                "state": data.get("state", ""),
                "state_label": state_label(user, m.entry.state),
                "may_hand_over": m.entry.state == lifecycle.PAIRED
                and round_.state == lifecycle.EXECUTING
                and (
                    (is_desk(user) and user.role in rounds.ROUND_ROLES)
                    or (
                        user.organisation_id == m.released_by_id
                        and user.role in rounds.PARTY_ROUND_ROLES
                    )
                ),
                "may_receive": m.entry.state == lifecycle.HANDED_OVER
                and user.organisation_id == m.received_by_id
                and user.role in rounds.PARTY_ROUND_ROLES,
            }
        )
    accepted = rounds.accepted_hashes(round_)
    parties = [
        (p, accepted.get(p.pk), accepted.get(p.pk) == round_.version_hash)
        for p in (round_.party_a, round_.party_b)
    ]
    party_user = user.organisation_id in (round_.party_a_id, round_.party_b_id)
    context = {
        "round": round_,
        "rows": rows,
        "parties": parties,
        "counts": reports.round_counts(user, round_),
        "desk": is_desk(user),
        "lead": is_desk(user) and user.role in rounds.ROUND_ROLES,
        "may_accept": party_user
        and user.role in rounds.PARTY_ROUND_ROLES
        and round_.state == lifecycle.PROPOSED_ROUND
        and accepted.get(user.organisation_id) != round_.version_hash,
        "agreed": lifecycle.may_execute(
            round_.version_hash, accepted.get(round_.party_a_id), accepted.get(round_.party_b_id)
        ),
        "error": error,
        "form": form,
        "sends": [
            (p, sum(1 for row in rows if row["member"].received_by_id == p.pk))
            for p in (round_.party_a, round_.party_b)
        ],
        "exchanged": ", ".join(entry_field_label(f) for f in rounds.EXCHANGED_FIELDS),
    }
    return render(request, "exchange/round.html", context, status=status)


@login_required
def round_detail(request: HttpRequest, round_id: UUID) -> HttpResponse:
    return _round_page(request, visible_or_404(ExchangeRound, request.user, round_id))


@login_required
@require_POST
def round_create(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST)
    if not form.is_valid():
        return HttpResponse(
            "; ".join(f"{k}: {v[0]}" for k, v in form.errors.items()),
            status=422,
            content_type="text/plain; charset=utf-8",
        )
    d = form.cleaned_data
    return act(
        request,
        lambda: rounds.create_round(
            request.user, d["name"], d["formula"], d["category"], d["size"]
        ),
        lambda r: redirect("exchange:round", round_id=r.pk),
        lambda msg, st: home_page(request, msg, st, form),
    )


ROUND_ACTIONS = {
    "compose": lambda user, pk, post: rounds.recompose(user, pk),
    "propose": lambda user, pk, post: rounds.propose(user, pk),
    "accept": lambda user, pk, post: rounds.accept(user, pk, post.get("version_hash", "")),
    "execute": lambda user, pk, post: rounds.execute(user, pk),
    "cancel": lambda user, pk, post: rounds.cancel(user, pk),
}


@login_required
@require_POST
def round_action(request: HttpRequest, round_id: UUID, action: str) -> HttpResponse:
    round_ = visible_or_404(ExchangeRound, request.user, round_id)
    run = ROUND_ACTIONS[action]
    return act(
        request,
        lambda: run(request.user, round_.pk, request.POST),
        lambda _r: redirect("exchange:round", round_id=round_.pk),
        lambda msg, st: _round_page(request, _fresh(round_), msg, st),
    )


def _fresh(obj):
    obj.refresh_from_db()
    return obj


MEMBER_ACTIONS = {
    "handover": rounds.hand_over,
    "receipt": rounds.confirm_receipt,
    "remove": rounds.remove_member,
}


@login_required
@require_POST
def member_action(request: HttpRequest, round_member_id: UUID, action: str) -> HttpResponse:
    member = RoundMember.objects.visible_to(request.user).filter(pk=round_member_id).first()
    if member is None:
        raise Http404
    round_ = member.round
    return act(
        request,
        lambda: MEMBER_ACTIONS[action](request.user, member.pk),
        lambda _m: redirect("exchange:round", round_id=round_.pk),
        lambda msg, st: _round_page(request, _fresh(round_), msg, st),
    )


@login_required
@require_POST
def round_export(request: HttpRequest, round_id: UUID) -> HttpResponse:
    """The round as CSV with the agreed fields, for the purpose the user states (audited)."""
    round_ = visible_or_404(ExchangeRound, request.user, round_id)
    return act(
        request,
        lambda: reports.export_round(request.user, round_.pk, request.POST.get("purpose", "")),
        _csv,
        lambda msg, st: _round_page(request, round_, msg, st),
    )


def _csv(text: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="exchange-round.csv"'
    return response
