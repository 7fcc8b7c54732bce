"""Building corridors through the services, as the pages and API would."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from corridor.corridors.services import agreements, convoys, movements, registration
from corridor.registry.models import Settlement


def settlements() -> dict[str, Settlement]:
    rows = [
        ("Суджа", "Суджа", "Sudzha", 51.1917, 35.2708),
        ("Гончаровка", "Гончарівка", "Goncharovka", 51.2010, 35.2450),
        ("Плёхово", "Плехове", "Plyokhovo", 51.1550, 35.3300),
        ("Курск", "Курськ", "Kursk", 51.7304, 36.1926),
    ]
    out = {}
    for ru, uk, latin, lat, lon in rows:
        out[latin] = Settlement.objects.get_or_create(
            name_latin=latin,
            defaults={
                "name_ru": ru,
                "name_uk": uk,
                "kind": "село",
                "district": "Суджанский",
                "latitude": lat,
                "longitude": lon,
            },
        )[0]
    return out


def terms(title: str = "Sudzha evacuation", **changes) -> agreements.Terms:
    places = settlements()
    start = timezone.now() + datetime.timedelta(hours=6)
    values = {
        "title": title,
        "from_party": "party_a",
        "origin": [places["Sudzha"].pk, places["Goncharovka"].pk],
        "waypoints": [],
        "crossing": places["Plyokhovo"].pk,
        "destination": places["Kursk"].pk,
        "windows": [
            {
                "start": start.isoformat(),
                "end": (start + datetime.timedelta(hours=8)).isoformat(),
                "recurrence": "once",
            }
        ],
        "who_may_pass": "Civilians registered on the manifest",
        "vehicles": "White buses, ICRC-style emblem",
        "escort": "Intermediary staff only",
        "incident_procedure": "Stop, call the hotline, wait",
        "hotlines": "+000 111",
        "manifest_fields": ["family_name", "given_name", "birth_year"],
    }
    values.update(changes)
    return agreements.Terms(**values)


def agreed_corridor(world, *, notify: bool = True):
    a, b = world.users["a:liaison_officer"], world.users["b:liaison_officer"]
    lead = world.users["int:operations_lead"]
    agreement = agreements.request_corridor(a, terms())
    agreements.submit(a, agreement.pk)
    agreements.relay(lead, agreement.pk)
    agreement.refresh_from_db()
    agreements.accept(a, agreement.pk, agreement.current_hash)
    agreement = agreements.accept(b, agreement.pk, agreement.current_hash)
    assert agreement.state == "agreed"
    if notify:
        movements.notify_movements(lead, agreement.pk)
        agreement.refresh_from_db()
    return agreement


def member(name: str, **kw) -> registration.Member:
    return registration.Member(family_name=name, given_name=kw.pop("given", "Anna"), **kw)


def register(world, members, *, code="a", key=None, agreement=None, witness="Neighbour"):
    places = settlements()
    reg = registration.HouseholdRegistration(
        key=key or f"k-{uuid.uuid4()}",
        settlement=str(places["Sudzha"].pk),
        witness=witness,
        destination=str(places["Kursk"].pk),
        agreement=str(agreement.pk) if agreement else "",
        members=list(members),
    )
    submission, _ = registration.register_household(world.users[f"{code}:field_registrar"], reg)
    return submission


def convoy_for(world, agreement, vehicles=None):
    lead = world.users["int:operations_lead"]
    specs = vehicles or [
        convoys.VehicleSpec("Bus 1", seats=6, wheelchair_places=1),
        convoys.VehicleSpec("Ambulance", seats=2, stretcher_places=1),
    ]
    return convoys.create_convoy(
        lead, agreement.pk, timezone.now() + datetime.timedelta(hours=7), specs
    )
