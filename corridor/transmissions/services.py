"""Making a transmission: the intermediary sends chosen fields of chosen objects to one organisation."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models, transaction

from corridor.access import plain_field_names
from corridor.accounts.models import Organisation
from corridor.accounts.roles import TRANSMITTING_ROLES
from corridor.audit import services as audit
from corridor.errors import NotPermitted
from corridor.transmissions.errors import (
    EmptyTransmission,
    FieldNotTransmittable,
    RecipientNotAllowed,
)
from corridor.transmissions.models import Transmission, TransmissionItem

# Fields that never cross: identifiers of the owner and bookkeeping.
NEVER_TRANSMITTED = frozenset({"organisation", "created_by", "created_at", "updated_at"})


def transmittable_fields(model: type[models.Model]) -> list[str]:
    return [n for n in plain_field_names(model) if n not in NEVER_TRANSMITTED]


@transaction.atomic
def transmit(
    officer,
    recipient: Organisation,
    basis: str,
    purpose: str,
    items: Sequence[tuple[models.Model, Sequence[str]]],
) -> Transmission:
    """Record that these fields of these objects are now shared with the recipient."""
    org = officer.organisation
    if org is None or not org.is_intermediary or officer.role not in TRANSMITTING_ROLES:
        raise NotPermitted()
    if not items or any(not fields for _, fields in items):
        raise EmptyTransmission()
    if recipient.is_intermediary:
        raise RecipientNotAllowed()
    transmission = Transmission.objects.create(
        recipient=recipient, basis=basis, purpose=purpose.strip(), approved_by=officer
    )
    rows = []
    for obj, fields in items:
        if recipient.is_mediator:
            # Observers see logistics only: no personal records cross to them.
            raise RecipientNotAllowed()
        if getattr(obj, "organisation_id", None) == recipient.pk:
            raise RecipientNotAllowed()
        allowed = set(transmittable_fields(type(obj)))
        unknown = [f for f in fields if f not in allowed]
        if unknown:
            raise FieldNotTransmittable(
                FieldNotTransmittable.default_message + f" ({', '.join(sorted(unknown))})"
            )
        rows.append(
            TransmissionItem(
                transmission=transmission,
                object_type=obj._meta.label_lower,
                object_id=obj.pk,
                fields=sorted(set(fields)),
            )
        )
    TransmissionItem.objects.bulk_create(rows)
    audit.record(
        officer,
        "transmission.made",
        transmission,
        {
            "recipient": str(recipient.pk),
            "basis": basis,
            "items": [[r.object_type, str(r.object_id), r.fields] for r in rows],
        },
    )
    return transmission
