"""API: transmissions the caller made (intermediary) or received (a party)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.apps import apps
from ninja import Field, Router, Schema, Status

from corridor.accounts.models import Organisation
from corridor.errors import NotVisible
from corridor.transmissions.errors import FieldNotTransmittable
from corridor.transmissions.models import Basis, Transmission
from corridor.transmissions.services import transmit

router = Router(tags=["transmissions"])

# Object types that may be named in a transmission.
TRANSMITTABLE_TYPES = ("registry.person", "registry.household")


class ItemOut(Schema):
    object_type: str
    object_id: UUID
    fields: list[str]


class TransmissionOut(Schema):
    id: UUID
    recipient: UUID
    basis: str
    purpose: str
    created_at: datetime
    items: list[ItemOut]


class ItemIn(Schema):
    object_type: str
    object_id: UUID
    fields: list[str] = Field(min_length=1)


class TransmissionIn(Schema):
    recipient: UUID
    basis: Basis
    purpose: str = Field(min_length=3, max_length=500)
    items: list[ItemIn] = Field(min_length=1, max_length=5000)


def _out(t: Transmission) -> dict:
    return {
        "id": t.id,
        "recipient": t.recipient_id,
        "basis": t.basis,
        "purpose": t.purpose,
        "created_at": t.created_at,
        "items": [
            {"object_type": i.object_type, "object_id": i.object_id, "fields": i.fields}
            for i in t.items.all()
        ],
    }


@router.get("/transmissions", response=list[TransmissionOut])
def transmissions(request):
    qs = Transmission.objects.visible_to(request.auth).prefetch_related("items")[:500]
    return [_out(t) for t in qs]


@router.get("/transmissions/{transmission_id}", response=TransmissionOut)
def transmission(request, transmission_id: UUID):
    return _out(Transmission.objects.get_visible(request.auth, transmission_id))


@router.post("/transmissions", response={201: TransmissionOut})
def create_transmission(request, payload: TransmissionIn):
    """Send the named fields of the named objects to one organisation (intermediary only)."""
    user = request.auth
    recipient = Organisation.objects.filter(pk=payload.recipient).first()
    if recipient is None:
        raise NotVisible()
    items = []
    for item in payload.items:
        if item.object_type not in TRANSMITTABLE_TYPES:
            raise FieldNotTransmittable(f"object_type {item.object_type!r} cannot be transmitted")
        model = apps.get_model(item.object_type)
        items.append((model.objects.get_visible(user, item.object_id), item.fields))
    t = transmit(user, recipient, payload.basis, payload.purpose, items)
    return Status(201, _out(t))
