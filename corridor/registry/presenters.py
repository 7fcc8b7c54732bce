"""Turning registry rows into what a given user may see: only visible fields, sealed fields as markers."""

from __future__ import annotations

from typing import Any

from corridor.access import visible_fields
from corridor.keys.fields import SealedField, sealed_fields
from corridor.keys.services import may_reveal
from corridor.registry.models import Household, Person


def _value(obj, name: str) -> Any:
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname)
    return getattr(obj, name)


def present(user, obj, fields_visible: frozenset[str] | None = None) -> dict[str, Any]:
    """A dict of the fields of obj this user may see; sealed fields say only whether they may be revealed."""
    names = fields_visible if fields_visible is not None else visible_fields(user, obj)
    data = {name: _value(obj, name) for name in names}
    sealed: list[dict[str, Any]] = []
    for field in sealed_fields(type(obj)):
        if may_reveal(user, obj, field):
            sealed.append({"field": field.name, "is_set": getattr(obj, field.attname) is not None})
    if sealed:
        data["sealed"] = sealed
    return data


def present_person(user, person: Person) -> dict[str, Any]:
    return present(user, person)


def present_household(user, household: Household) -> dict[str, Any]:
    return present(user, household)


def sealed_field_names(model) -> list[str]:
    return [f.name for f in model._meta.get_fields() if isinstance(f, SealedField)]
