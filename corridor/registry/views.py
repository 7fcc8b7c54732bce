"""Registry pages: the persons and households this user may see."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from corridor.accounts.roles import PFIF_EXPORTING_ROLES
from corridor.errors import DomainError, NotVisible
from corridor.keys.fields import sealed_fields
from corridor.keys.services import may_reveal, reveal
from corridor.registry import index, retention
from corridor.registry.models import Household, Person, PersonStatus, Settlement, SourceList
from corridor.registry.presenters import present
from corridor.retention import ERASED


def _visible_or_404(manager, user, pk):
    try:
        return manager.get_visible(user, pk)
    except NotVisible as exc:
        raise Http404 from exc


def _uuid_or_blank(value: str) -> str:
    try:
        return str(UUID(value)) if value else ""
    except ValueError:
        return ""


@login_required
@require_http_methods(["GET", "POST"])
def person_list(request: HttpRequest) -> HttpResponse:
    """Persons this user may see; with a query, ranked by the engine and explained.

    The query comes by POST only: names never travel in a URL (history, logs, proxies).
    """
    params = request.POST if request.method == "POST" else request.GET
    qs = (
        Person.objects.visible_to(request.user)
        .filter(merged_into__isnull=True)
        .select_related("settlement")
    )
    settlement_id = _uuid_or_blank(params.get("settlement", ""))
    list_id = _uuid_or_blank(params.get("list", ""))
    status = params.get("status", "")
    if settlement_id:
        qs = qs.filter(settlement_id=settlement_id)
    if list_id:
        qs = qs.filter(source_records__source_list_id=list_id)
    if status in PersonStatus.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    query = request.POST.get("q", "").strip()[:200] if request.method == "POST" else ""
    hits = None
    page = None
    if query:
        hits = [
            (h, present(request.user, h.person))
            for h in index.search(qs, index.split_query(query), limit=50)
        ]
    else:
        page = Paginator(qs.order_by("family_name", "given_name", "id"), 50).get_page(
            request.GET.get("page")
        )
    context = {
        "page": page,
        "rows": [(p, present(request.user, p)) for p in page.object_list] if page else [],
        "hits": hits,
        "query": query,
        "settlements": Settlement.objects.all(),
        "settlement_id": settlement_id,
        "statuses": PersonStatus.choices,
        "status": status,
        "lists": SourceList.objects.visible_to(request.user)[:200],
        "list_id": list_id,
    }
    template = (
        "registry/_person_rows.html"
        if getattr(request, "htmx", False)
        else "registry/person_list.html"
    )
    return render(request, template, context)


def _sealed_rows(user, obj):
    rows = []
    for field in sealed_fields(type(obj)):
        rows.append(
            {
                "name": field.name,
                "label": field.verbose_name,
                "may_reveal": may_reveal(user, obj, field),
            }
        )
    return rows


@login_required
def person_detail(request: HttpRequest, person_id: UUID) -> HttpResponse:
    person = _visible_or_404(Person.objects, request.user, person_id)
    from corridor.matching.models import MatchCandidate

    candidates = (
        MatchCandidate.objects.visible_to(request.user)
        .filter(Q(person=person) | Q(existing=person))
        .select_related("person", "existing", "decided_by", "source_list")
        .order_by("-created_at")
    )
    context = {
        "person": person,
        "data": present(request.user, person),
        "sealed": _sealed_rows(request.user, person),
        "records": person.source_records.select_related(
            "source_list", "source_list__submitted_by", "source_list__organisation"
        ).order_by("source_list__submitted_at", "row_number"),
        "candidates": candidates,
        "merged": Person.objects.visible_to(request.user).filter(merged_into=person),
        "may_erase": getattr(request.user, "role", None) in retention.ERASING_ROLES
        and person.organisation_id == getattr(request.user, "organisation_id", None),
        "erased": person.family_name == ERASED,
    }
    return render(request, "registry/person_detail.html", context)


@login_required
@require_POST
def person_erase(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Erasure on request by the data protection officer; back to the (erased) person."""
    person = _visible_or_404(Person.objects, request.user, person_id)
    try:
        retention.erase(request.user, person.pk, request.POST.get("reason", "request"))
    except DomainError as exc:
        return HttpResponse(exc.message, status=exc.http_status, content_type="text/plain")
    return redirect("registry:person", person_id=person.pk)


@login_required
def list_detail(request: HttpRequest, list_id: UUID) -> HttpResponse:
    """A source list as submitted, row by row, with the person each row belongs to."""
    source_list = _visible_or_404(SourceList.objects, request.user, list_id)
    records = source_list.records.select_related("person").order_by("row_number")
    page = Paginator(records, 100).get_page(request.GET.get("page"))
    fields = list(dict.fromkeys(f for f in source_list.mapping.values() if f))
    return render(
        request,
        "registry/list_detail.html",
        {
            "source_list": source_list,
            "page": page,
            "fields": fields,
            "may_export": getattr(request.user, "role", "") in PFIF_EXPORTING_ROLES,
        },
    )


@login_required
@require_POST
def person_reveal(request: HttpRequest, person_id: UUID, field: str) -> HttpResponse:
    person = _visible_or_404(Person.objects, request.user, person_id)
    try:
        value = reveal(request.user, person, field)
    except NotVisible as exc:
        raise Http404 from exc
    except DomainError as exc:
        return render(
            request, "registry/_revealed.html", {"error": exc.message}, status=exc.http_status
        )
    return render(request, "registry/_revealed.html", {"value": value})


@login_required
def household_detail(request: HttpRequest, household_id: UUID) -> HttpResponse:
    household = _visible_or_404(Household.objects, request.user, household_id)
    members = Person.objects.visible_to(request.user).filter(household=household)
    context = {
        "household": household,
        "data": present(request.user, household),
        "members": [(p, present(request.user, p)) for p in members],
    }
    return render(request, "registry/household_detail.html", context)
