"""Corridor pages: agreements (desk), registration (phone), convoys and hand-over (phone)."""

from __future__ import annotations

from django.http import Http404

from corridor.errors import NotVisible


def visible_or_404(manager, user, pk):
    try:
        return manager.get_visible(user, pk)
    except NotVisible as exc:
        raise Http404 from exc
