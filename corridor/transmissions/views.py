"""Pages: transmissions made (intermediary) or received (parties)."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from corridor.errors import NotVisible
from corridor.transmissions.models import Transmission


@login_required
def transmission_list(request: HttpRequest) -> HttpResponse:
    rows = Transmission.objects.visible_to(request.user).select_related("recipient")[:200]
    return render(request, "transmissions/list.html", {"rows": rows})


@login_required
def transmission_detail(request: HttpRequest, transmission_id: UUID) -> HttpResponse:
    try:
        t = Transmission.objects.get_visible(request.user, transmission_id)
    except NotVisible as exc:
        raise Http404 from exc
    return render(request, "transmissions/detail.html", {"t": t, "items": t.items.all()})
