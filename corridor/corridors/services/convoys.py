"""Convoys: vehicles for a window, the plan (CP-SAT, or greedy), manual moves, the manifest
sent to the parties (only the fields the agreement lists), departure.

Places are rows with a unique (vehicle, kind, number): two concurrent edits can never book
the same place; planning and moves lock the convoy row, so they run one at a time.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from corridor.audit import services as audit
from corridor.corridors import lifecycle as lc
from corridor.corridors import planner, text
from corridor.corridors.errors import (
    InvalidAgreement,
    NotManifestable,
    PlaceTaken,
    StepNotAllowed,
)
from corridor.corridors.models import (
    Agreement,
    Convoy,
    ConvoyState,
    Evacuee,
    Place,
    PlaceKind,
    Vehicle,
)
from corridor.corridors.roles import OPERATIONS_ROLES
from corridor.corridors.services import agreements
from corridor.corridors.services.common import (
    ensure_role,
    move_evacuee,
    new_reference,
    other_kind,
    party,
)
from corridor.transmissions.models import Basis
from corridor.transmissions.services import transmit

CONVOY_FIELDS = ["id", "agreement", "reference", "departs_at", "state", "version_hash"]
VEHICLE_FIELDS = [
    "id",
    "convoy",
    "label",
    "markings",
    "seats",
    "wheelchair_places",
    "stretcher_places",
]
PLACE_FIELDS = ["id", "convoy", "vehicle", "evacuee", "kind", "number"]
# Of the evacuee row the parties get the hand-over code and the state, nothing else.
EVACUEE_FIELDS = ["id", "code", "state", "person"]


@dataclass
class VehicleSpec:
    label: str
    seats: int
    wheelchair_places: int = 0
    stretcher_places: int = 0
    markings: str = ""


@transaction.atomic
def create_convoy(lead, agreement_id, departs_at: datetime, vehicles: list[VehicleSpec]) -> Convoy:
    """A convoy for one window of an agreed corridor."""
    agreement = Agreement.objects.get_visible(lead, agreement_id)
    ensure_role(lead, OPERATIONS_ROLES, intermediary=True)
    content = agreements.agreed_content(agreement)
    if not vehicles:
        raise InvalidAgreement(_("vehicles: at least one vehicle"))
    if not any(start <= departs_at <= end for start, end in text.movements(content)):
        raise InvalidAgreement(_("departs_at: outside every window of the agreed text"))
    departing = party(content["from_party"])
    convoy = Convoy.objects.create(
        organisation=lead.organisation,
        agreement=agreement,
        version_hash=agreement.agreed_hash,
        reference=new_reference(Convoy, "CV-"),
        departs_at=departs_at,
        departing=departing,
        receiving=party(other_kind(content["from_party"])),
        created_by=lead,
    )
    for spec in vehicles:
        if spec.seats < 0 or spec.wheelchair_places < 0 or spec.stretcher_places < 0:
            raise InvalidAgreement(_("vehicles: places cannot be negative"))
        Vehicle.objects.create(
            organisation=lead.organisation,
            convoy=convoy,
            label=spec.label[:60],
            markings=spec.markings[:200],
            seats=spec.seats,
            wheelchair_places=spec.wheelchair_places,
            stretcher_places=spec.stretcher_places,
        )
    audit.record(lead, "corridor.convoy_created", convoy, {"agreement": str(agreement.pk)})
    return convoy


def _locked_convoy(lead, convoy_id) -> Convoy:
    convoy = Convoy.objects.get_visible(lead, convoy_id)
    ensure_role(lead, OPERATIONS_ROLES, intermediary=True)
    return Convoy.objects.select_for_update().get(pk=convoy.pk)


def _kind(e: Evacuee) -> str:
    return (
        PlaceKind.STRETCHER
        if e.stretcher
        else PlaceKind.WHEELCHAIR
        if e.wheelchair
        else PlaceKind.SEAT
    )


def _capacity(v: Vehicle, kind: str) -> int:
    if kind == PlaceKind.SEAT:
        return v.seats
    return v.wheelchair_places if kind == PlaceKind.WHEELCHAIR else v.stretcher_places


def new_code() -> str:
    """Ten digits, the last a Luhn check digit: typed by a thumb, scanned from a QR."""
    while True:
        body = f"{secrets.randbelow(10**9):09d}"
        code = body + luhn_digit(body)
        if not Evacuee.objects.filter(code=code).exists():
            return code


def luhn_digit(body: str) -> str:
    total = 0
    for n, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if n % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def candidates(convoy: Convoy):
    """Evacuees who may be planned onto this convoy: ready, for this corridor or none yet."""
    return Evacuee.objects.filter(state=lc.READY, erased_at__isnull=True).filter(
        Q(agreement=convoy.agreement) | Q(agreement__isnull=True)
    )


def _book(convoy: Convoy, vehicle: Vehicle, evacuee: Evacuee, pinned: bool) -> Place:
    if not lc.may_be_manifested(
        evacuee.decision, evacuee.decision_witness, evacuee.destination_id is not None
    ):
        raise NotManifestable()
    kind = _kind(evacuee)
    taken = set(Place.objects.filter(vehicle=vehicle, kind=kind).values_list("number", flat=True))
    free = [n for n in range(1, _capacity(vehicle, kind) + 1) if n not in taken]
    if not free:
        raise PlaceTaken()
    try:
        with transaction.atomic():
            place = Place.objects.create(
                organisation=convoy.organisation,
                convoy=convoy,
                vehicle=vehicle,
                evacuee=evacuee,
                kind=kind,
                number=free[0],
                pinned=pinned,
            )
    except IntegrityError as exc:
        raise PlaceTaken() from exc
    if evacuee.state == lc.READY:
        move_evacuee(evacuee, lc.MANIFESTED)
    evacuee.agreement = convoy.agreement
    evacuee.code = evacuee.code or new_code()
    evacuee.save()
    return place


def _unbook(place: Place) -> None:
    evacuee = place.evacuee
    place.delete()
    if evacuee.state == lc.MANIFESTED:
        move_evacuee(evacuee, lc.READY)
    evacuee.code = None
    evacuee.save()


def _traveller(e: Evacuee) -> planner.Traveller:
    return planner.Traveller(
        id=str(e.pk),
        household=str(e.household_id or e.pk),
        priority=e.priority,
        wheelchair=e.wheelchair,
        stretcher=e.stretcher,
        escort_of=str(e.escort_for_id) if e.escort_for_id else None,
        separate=e.travels_separately,
    )


@transaction.atomic
def plan(lead, convoy_id, method: str = "cp-sat", time_limit: float = 4.0) -> planner.Plan:
    """Re-plan the convoy: pinned places stay, everyone ready is considered, priorities first."""
    convoy = _locked_convoy(lead, convoy_id)
    if convoy.state != ConvoyState.PLANNING:
        raise StepNotAllowed()
    vehicles = list(convoy.vehicles.all())
    for place in Place.objects.filter(convoy=convoy, pinned=False).select_related("evacuee"):
        _unbook(place)
    pinned_places = list(Place.objects.filter(convoy=convoy).select_related("evacuee"))
    pool = {str(p.evacuee_id): p.evacuee for p in pinned_places}
    for e in candidates(convoy).select_for_update(of=("self",)):
        pool[str(e.pk)] = e
    specs = [
        planner.Vehicle(str(v.pk), v.seats, v.wheelchair_places, v.stretcher_places)
        for v in vehicles
    ]
    travellers = [_traveller(e) for e in pool.values()]
    pinned = {str(p.evacuee_id): str(p.vehicle_id) for p in pinned_places}
    if method == "greedy":
        result = planner.plan_greedy(travellers, specs, pinned, by_priority=True)
    else:
        result = planner.plan_cp_sat(travellers, specs, pinned, time_limit=time_limit)
    by_id = {str(v.pk): v for v in vehicles}
    for tid, vid in sorted(result.assignments.items(), key=lambda kv: (kv[1], kv[0])):
        if tid in pinned:
            continue
        _book(convoy, by_id[vid], pool[tid], pinned=False)
    convoy.plan_note = (
        f"{result.method}: {len(result.assignments)} placed, {len(result.left_behind)} waiting, "
        f"{result.vehicles_used} vehicles, {result.seconds:.1f}s"
    )[:300]
    convoy.save(update_fields=["plan_note"])
    audit.record(
        lead,
        "corridor.planned",
        convoy,
        {
            "method": result.method,
            "placed": len(result.assignments),
            "left": len(result.left_behind),
        },
    )
    return result


def _unit_of(evacuee: Evacuee, pool) -> list[Evacuee]:
    """The evacuee and everyone who must ride with them (household unless apart, escorts)."""
    travellers = [_traveller(e) for e in pool]
    by_id = {str(e.pk): e for e in pool}
    for unit in planner.units(travellers):
        if str(evacuee.pk) in unit.members:
            return [by_id[m] for m in unit.members]
    return [evacuee]


@transaction.atomic
def assign(lead, convoy_id, evacuee_id, vehicle_id) -> list[Place]:
    """A manual move: the evacuee and whoever rides with them go to this vehicle, pinned."""
    convoy = _locked_convoy(lead, convoy_id)
    if convoy.state != ConvoyState.PLANNING:
        raise StepNotAllowed()
    evacuee = Evacuee.objects.get_visible(lead, evacuee_id)
    vehicle = Vehicle.objects.visible_to(lead).filter(pk=vehicle_id, convoy=convoy).first()
    if vehicle is None:
        raise PlaceTaken()
    Vehicle.objects.select_for_update().filter(pk=vehicle.pk).first()
    pool = list(
        Evacuee.objects.filter(
            Q(pk__in=candidates(convoy).values("pk")) | Q(place__convoy=convoy)
        ).select_for_update(of=("self",))
    )
    if evacuee.pk not in {e.pk for e in pool}:
        raise NotManifestable()
    places = []
    for member in _unit_of(evacuee, pool):
        existing = Place.objects.filter(evacuee=member).first()
        if existing is not None:
            _unbook(existing)
            member.refresh_from_db()
        places.append(_book(convoy, vehicle, member, pinned=True))
    audit.record(
        lead,
        "corridor.assigned",
        convoy,
        {"evacuees": [str(p.evacuee_id) for p in places], "vehicle": str(vehicle.pk)},
    )
    return places


@transaction.atomic
def unassign(lead, convoy_id, evacuee_id) -> int:
    """Take the evacuee, and whoever rides with them, off the convoy: ready again."""
    convoy = _locked_convoy(lead, convoy_id)
    if convoy.state != ConvoyState.PLANNING:
        raise StepNotAllowed()
    evacuee = Evacuee.objects.get_visible(lead, evacuee_id)
    pool = list(Evacuee.objects.filter(place__convoy=convoy))
    if evacuee not in pool:
        raise StepNotAllowed()  # not on this convoy
    removed = 0
    for member in _unit_of(evacuee, pool):
        place = Place.objects.filter(evacuee=member, convoy=convoy).first()
        if place is not None:
            _unbook(place)
            removed += 1
    audit.record(
        lead, "corridor.unassigned", convoy, {"evacuee": str(evacuee.pk), "removed": removed}
    )
    return removed


def manifest_fields(convoy: Convoy) -> list[str]:
    content = convoy.agreement.versions.get(content_hash=convoy.version_hash).content
    return list(content.get("manifest_fields", []))


@transaction.atomic
def send_manifest(lead, convoy_id) -> Convoy:
    """The manifest goes to both parties: of each person only the fields the agreement lists."""
    convoy = _locked_convoy(lead, convoy_id)
    if convoy.state != ConvoyState.PLANNING:
        raise StepNotAllowed()
    places = list(Place.objects.filter(convoy=convoy).select_related("evacuee__person"))
    if not places:
        raise StepNotAllowed()
    fields = manifest_fields(convoy)
    for recipient in (convoy.departing, convoy.receiving):
        items: list = [(convoy, CONVOY_FIELDS)]
        items += [(v, VEHICLE_FIELDS) for v in convoy.vehicles.all()]
        items += [(p, PLACE_FIELDS) for p in places]
        for p in places:
            if p.evacuee.organisation_id != recipient.pk:
                items.append((p.evacuee, EVACUEE_FIELDS))
                items.append((p.evacuee.person, fields))
        transmit(lead, recipient, Basis.CORRIDOR, f"Manifest of convoy {convoy.reference}", items)
    convoy.state = ConvoyState.MANIFESTED
    convoy.save(update_fields=["state"])
    audit.record(lead, "corridor.manifest_sent", convoy, {"places": len(places), "fields": fields})
    return convoy


@transaction.atomic
def depart(lead, convoy_id) -> Convoy:
    """The convoy leaves: everyone on the manifest has boarded and is in transit."""
    convoy = _locked_convoy(lead, convoy_id)
    agreement = Agreement.objects.select_for_update().get(pk=convoy.agreement_id)
    # Nobody moves unless both parties were notified of the movement, nor while suspended.
    if convoy.state != ConvoyState.MANIFESTED or agreement.state not in (lc.NOTIFIED, lc.ACTIVE):
        raise StepNotAllowed()
    if convoy.version_hash != agreement.agreed_hash:
        raise StepNotAllowed()  # re-agreed on another text: plan again under it
    for place in Place.objects.filter(convoy=convoy).select_related("evacuee"):
        evacuee = Evacuee.objects.select_for_update().get(pk=place.evacuee_id)
        if evacuee.state == lc.MANIFESTED:
            move_evacuee(evacuee, lc.BOARDED)
            move_evacuee(evacuee, lc.IN_TRANSIT)
            evacuee.save()
    convoy.state = ConvoyState.UNDER_WAY
    convoy.save(update_fields=["state"])
    agreements.activate(lead, agreement)
    audit.record(lead, "corridor.departed", convoy)
    return convoy
