"""Who may see which rows and fields: the one rule every page, API endpoint, export and task uses.

A party sees what it owns and what the intermediary transmitted to it, and of a transmitted
row only the transmitted fields. The intermediary sees everything of its mandate. Sealed
fields are never part of a row's visible fields; they open only through keys.services.reveal.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from corridor.errors import NotVisible


def _active_org(user):
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return getattr(user, "organisation", None)


class VisibilityQuerySet(models.QuerySet):
    """A queryset whose model declares one `visible_to(user)` rule."""

    def visible_to(self, user) -> VisibilityQuerySet:
        raise NotImplementedError

    def get_visible(self, user, pk) -> Any:
        """One visible row, or NotVisible (404) for rows that are missing or not the user's."""
        try:
            return self.visible_to(user).get(pk=pk)
        except (self.model.DoesNotExist, ValueError, TypeError) as exc:
            raise NotVisible() from exc


class PartyOwnedQuerySet(VisibilityQuerySet):
    """Rows owned by one organisation (field `organisation`)."""

    def visible_to(self, user) -> PartyOwnedQuerySet:
        """The rows this user may know exist."""
        from corridor.transmissions.models import TransmissionItem

        org = _active_org(user)
        if org is None:
            return self.none()
        if org.is_intermediary:
            return self.all()
        received = TransmissionItem.objects.filter(
            transmission__recipient=org, object_type=self.model._meta.label_lower
        ).values("object_id")
        return self.filter(Q(organisation=org) | Q(pk__in=received))


def plain_field_names(model: type[models.Model]) -> list[str]:
    """Concrete fields that are not sealed, in declaration order."""
    from corridor.keys.fields import SealedField

    return [f.name for f in model._meta.concrete_fields if not isinstance(f, SealedField)]


def visible_fields(user, obj: models.Model) -> frozenset[str]:
    """The plain fields of this row that this user may see."""
    from corridor.transmissions.models import TransmissionItem

    org = _active_org(user)
    if org is None:
        return frozenset()
    owner_id = getattr(obj, "organisation_id", None)
    if org.is_intermediary or owner_id == org.pk:
        return frozenset(plain_field_names(type(obj)))
    names: set[str] = {"id"}
    for fields in TransmissionItem.objects.filter(
        transmission__recipient=org,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
    ).values_list("fields", flat=True):
        names.update(fields)
    return frozenset(names)
