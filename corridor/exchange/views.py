"""Pages of exchange lists: the overview, uploads, a list and its entries, one entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from corridor.errors import DomainError, NotVisible
from corridor.exchange import protection, reports, retention, services, uploads
from corridor.exchange.columns import ENTRY_FIELDS
from corridor.exchange.forms import (
    CaptureForm,
    EntryForm,
    RoundForm,
    UploadForm,
    entry_field_label,
)
from corridor.exchange.models import (
    ExchangeEntry,
    ExchangeList,
    ExchangeRound,
    ListUpload,
    Protection,
    Reconciliation,
)
from corridor.exchange.presenters import is_desk, present_entry, state_label

SHOWN_FIELDS = (
    "reference", "rank", "serial_number", "unit", "date_of_birth", "sex", "place_of_birth",
    "father_name", "mother_maiden_name", "medical_category", "date_of_capture",
    "place_of_capture", "removal_reason", "death_date", "death_place",
)  # fmt: skip


def visible_or_404(model, user, object_id):
    try:
        return model.objects.get_visible(user, object_id)
    except NotVisible as exc:
        raise Http404 from exc


def act(request: HttpRequest, action: Callable[[], Any], success: Callable[[Any], HttpResponse], failure: Callable[[str, int], HttpResponse]) -> HttpResponse:  # fmt: skip
    """Run one service; a refusal re-renders the page with its message and status."""
    try:
        result = action()
    except NotVisible as exc:
        raise Http404 from exc
    except DomainError as exc:
        return failure(exc.message, exc.http_status)
    return success(result)


def home_page(request: HttpRequest, error: str = "", status: int = 200, form=None) -> HttpResponse:
    user: Any = request.user
    lists = ExchangeList.objects.visible_to(user).select_related("organisation")[:200]
    context = {
        "lists": lists,
        "rounds": ExchangeRound.objects.visible_to(user)[:50],
        "runs": Reconciliation.objects.visible_to(user)[:10],
        "desk": is_desk(user),
        "lead": is_desk(user) and user.role == "operations_lead",
        "party": bool(user.organisation and user.organisation.is_party),
        "round_form": form or RoundForm(initial={"formula": "n_for_n", "size": 5}),
        "error": error,
    }
    return render(request, "exchange/home.html", context, status=status)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Lists, reconciliation runs and rounds this user may see."""
    return home_page(request)


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """Counts by list, category and state of every entry this user may see."""
    return render(request, "exchange/report.html", {"counts": reports.party_counts(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            item = uploads.upload(
                request.user,
                f.name or "upload",
                f.read(),
                kind=form.cleaned_data["kind"],
                population=form.cleaned_data["population"],
                list_name=form.cleaned_data["name"],
            )
        except DomainError as exc:
            error = exc.message
        else:
            return redirect("exchange:upload", list_upload_id=item.pk)
    status = 422 if error or form.errors else 200
    return render(request, "exchange/upload.html", {"form": form, "error": error}, status=status)


def _upload_page(request, item: ListUpload, error: str = "", status: int = 200) -> HttpResponse:
    context = {
        "item": item,
        "columns": [(h, item.mapping.get(h) or "") for h in item.headers],
        "fields": [(f, entry_field_label(f)) for f in ENTRY_FIELDS],
        "problems": uploads.problem_lines(item),
        "error": error,
    }
    return render(request, "exchange/upload_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def upload_detail(request: HttpRequest, list_upload_id: UUID) -> HttpResponse:
    item = visible_or_404(ListUpload, request.user, list_upload_id)
    if request.method == "GET":
        return _upload_page(request, item)
    if request.POST.get("step") == "import":
        return act(
            request,
            lambda: uploads.import_list(request.user, item.pk),
            lambda x: redirect("exchange:list", exchange_list_id=x.pk),
            lambda msg, st: _upload_page(request, _fresh(item), msg, st),
        )
    mapping = {h: request.POST.get(f"map-{i}") or None for i, h in enumerate(item.headers)}
    return act(
        request,
        lambda: uploads.configure(request.user, item.pk, mapping),
        lambda x: _upload_page(request, x),
        lambda msg, st: _upload_page(request, _fresh(item), msg, st),
    )


def _fresh(obj):
    obj.refresh_from_db()
    return obj


def _list_page(request, x: ExchangeList, form=None, error="", status=200) -> HttpResponse:
    user = request.user
    entries = ExchangeEntry.objects.visible_to(user).filter(exchange_list=x)
    rows = [(e, state_label(user, e.state)) for e in entries]
    own = user.organisation_id == x.organisation_id
    context = {
        "list": x,
        "rows": rows,
        "own": own,
        "proposed": sum(1 for e, _ in rows if e.state == "proposed"),
        "form": form or EntryForm(),
        "error": error,
    }
    return render(request, "exchange/list.html", context, status=status)


@login_required
def list_detail(request: HttpRequest, exchange_list_id: UUID) -> HttpResponse:
    return _list_page(request, visible_or_404(ExchangeList, request.user, exchange_list_id))


@login_required
@require_POST
def list_submit(request: HttpRequest, exchange_list_id: UUID) -> HttpResponse:
    x = visible_or_404(ExchangeList, request.user, exchange_list_id)
    return act(
        request,
        lambda: services.submit_list(request.user, x.pk),
        lambda _n: redirect("exchange:list", exchange_list_id=x.pk),
        lambda msg, st: _list_page(request, x, error=msg, status=st),
    )


@login_required
@require_POST
def list_add(request: HttpRequest, exchange_list_id: UUID) -> HttpResponse:
    x = visible_or_404(ExchangeList, request.user, exchange_list_id)
    form = EntryForm(request.POST)
    if not form.is_valid():
        return _list_page(request, x, form=form, status=422)
    details = services.EntryDetails(**form.cleaned_data)
    return act(
        request,
        lambda: services.add_entry(request.user, x.pk, details),
        lambda _e: redirect("exchange:list", exchange_list_id=x.pk),
        lambda msg, st: _list_page(request, x, form=form, error=msg, status=st),
    )


def _entry_page(request, entry: ExchangeEntry, error="", status=200, revealed=None):
    user = request.user
    data = present_entry(user, entry)
    fields = [
        (entry_field_label(name), data[name])
        for name in SHOWN_FIELDS
        if name in data and data[name] not in ("", None)
    ]
    own = user.organisation_id == entry.organisation_id
    desk = is_desk(user)
    record = Protection.objects.visible_to(user).filter(entry=entry).first() if desk else None
    context = {
        "entry": entry,
        "data": data,
        "fields": fields,
        "state_label": state_label(user, entry.state),
        "own": own,
        "desk": desk,
        "role": user.role,
        "record": record,
        "revealed": revealed,
        "error": error,
    }
    return render(request, "exchange/entry.html", context, status=status)


@login_required
def entry_detail(request: HttpRequest, exchange_entry_id: UUID) -> HttpResponse:
    return _entry_page(request, visible_or_404(ExchangeEntry, request.user, exchange_entry_id))


ENTRY_ACTIONS: dict[str, Callable[[Any, UUID, Any], Any]] = {
    "remove": lambda user, pk, post: services.remove_entry(user, pk, post.get("reason", "")),
    "death": lambda user, pk, post: services.notify_death(
        user,
        pk,
        date=post.get("date", ""),
        place=post.get("place", ""),
        circumstances=post.get("circumstances", ""),
    ),
    "verify": lambda user, pk, post: protection.verify_custody(user, pk, post.get("place", "")),
    "interview": lambda user, pk, post: protection.interview(
        user, pk, post.get("outcome", ""), post.get("notes", "")
    ),
    "withdraw": lambda user, pk, post: protection.withdraw(user, pk, post.get("reason", "")),
    "postpone": lambda user, pk, post: protection.postpone(user, pk),
    "resume": lambda user, pk, post: protection.resume(user, pk),
    "erase": lambda user, pk, post: retention.erase(user, pk, post.get("reason", "request")),
}


@login_required
@require_POST
def entry_action(request: HttpRequest, exchange_entry_id: UUID, action: str) -> HttpResponse:
    entry = visible_or_404(ExchangeEntry, request.user, exchange_entry_id)
    run = ENTRY_ACTIONS.get(action)
    if run is None:
        raise Http404
    return act(
        request,
        lambda: run(request.user, entry.pk, request.POST),
        lambda _e: redirect("exchange:entry", exchange_entry_id=entry.pk),
        lambda msg, st: _entry_page(request, _fresh(entry), msg, st),
    )


@login_required
@require_POST
def entry_interview(request: HttpRequest, exchange_entry_id: UUID) -> HttpResponse:
    """Open the sealed interview (protection delegate only; the read is audited)."""
    entry = visible_or_404(ExchangeEntry, request.user, exchange_entry_id)
    return act(
        request,
        lambda: protection.reveal_interview(request.user, entry.pk),
        lambda opened: _entry_page(request, entry, revealed=opened),
        lambda msg, st: _entry_page(request, entry, msg, st),
    )


@login_required
@require_http_methods(["GET", "POST"])
def capture(request: HttpRequest) -> HttpResponse:
    """A capture notification by the detaining party's bureau: a new person held."""
    form = CaptureForm(request.POST or None)
    error, status = "", 422 if request.method == "POST" and not form.is_valid() else 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        population = data.pop("population")
        try:
            entry = services.notify_capture(request.user, population, services.EntryDetails(**data))
        except DomainError as exc:
            error, status = exc.message, exc.http_status
        else:
            return redirect("exchange:entry", exchange_entry_id=entry.pk)
    return render(request, "exchange/capture.html", {"form": form, "error": error}, status=status)
