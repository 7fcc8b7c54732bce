"""Registry pages: the persons and households this user may see."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from corridor.errors import DomainError, NotVisible
from corridor.keys.fields import sealed_fields
from corridor.keys.services import may_reveal, reveal
from corridor.registry.models import Household, Person, Settlement
from corridor.registry.presenters import present


def _visible_or_404(manager, user, pk):
    try:
        return manager.get_visible(user, pk)
    except NotVisible as exc:
        raise Http404 from exc


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    qs = (
        Person.objects.visible_to(request.user)
        .select_related("settlement")
        .order_by("family_name", "given_name", "id")
    )
    settlement_id = request.GET.get("settlement", "")
    try:
        if settlement_id:
            qs = qs.filter(settlement_id=UUID(settlement_id))
    except ValueError:
        settlement_id = ""
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [(p, present(request.user, p)) for p in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "settlements": Settlement.objects.all(),
        "settlement_id": settlement_id,
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
    context = {
        "person": person,
        "data": present(request.user, person),
        "sealed": _sealed_rows(request.user, person),
    }
    return render(request, "registry/person_detail.html", context)


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
