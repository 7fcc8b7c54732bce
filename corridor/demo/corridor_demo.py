"""The demo's corridor: one agreed Sudzha–Kursk corridor with a convoy that arrived and one
under way at the crossing, plus a request still waiting for the intermediary's relay.

Written through the corridor services, like everything else in the demo.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from corridor.accounts.models import User
from corridor.corridors.models import Evacuee, Place
from corridor.corridors.services import agreements, convoys, handover, movements, registration
from corridor.registry.models import Household, PersonStatus, Settlement

ORIGIN = ("Sudzha", "Goncharovka", "Zamostye", "Kurilovka", "Zaoleshenka")
WITNESS = "Village head and the intermediary's protection delegate"


def _settlement(latin: str) -> Settlement:
    return Settlement.objects.get(name_latin=latin)


def _terms(title: str, start: datetime.datetime, days: int, **changes) -> agreements.Terms:
    kursk, _ = Settlement.objects.get_or_create(
        name_latin="Kursk",
        defaults={
            "name_ru": "Курск",
            "name_uk": "Курськ",
            "kind": "город",
            "district": "Курск / Курськ",
            "latitude": 51.7304,
            "longitude": 36.1926,
        },
    )
    values: dict[str, Any] = {
        "title": title,
        "from_party": "party_a",
        "origin": [_settlement(name).pk for name in ORIGIN],
        "waypoints": [_settlement("Plyokhovo").pk],
        "crossing": _settlement("Guyevo").pk,
        "destination": kursk.pk,
        "windows": [
            {
                "start": start.isoformat(),
                "end": (start + datetime.timedelta(hours=10)).isoformat(),
                "recurrence": "daily",
                "until": (start + datetime.timedelta(days=days - 1)).date().isoformat(),
            }
        ],
        "who_may_pass": "Civilians on a manifest sent by the intermediary, with their hand luggage",
        "vehicles": "White buses and ambulances with the intermediary's emblem on roof and sides",
        "escort": "Intermediary staff in the first and last vehicle; no armed escort",
        "incident_procedure": "Stop, stay in the vehicles, call both hotlines, wait for the intermediary",
        "hotlines": "Party A +000 100 200; Party B +000 300 400; intermediary +000 500 600",
        "manifest_fields": ["family_name", "given_name", "birth_year", "sex"],
    }
    values.update(changes)
    return agreements.Terms(**values)


def _needs(rng: random.Random, person) -> registration.Member:
    vulnerable = set(person.vulnerabilities or [])
    medical = "medical" in vulnerable
    return registration.Member(
        family_name=person.family_name,
        given_name=person.given_name,
        wheelchair=medical and rng.random() < 0.5,
        stretcher=medical and rng.random() < 0.2,
        priority=1 if medical else 2 if vulnerable & {"child", "elderly"} else 3,
    )


def _enrol(rng, registrar, agreement, destination, households) -> None:
    for household in households:
        for person in household.members.all():
            decision = "stay" if person.status == PersonStatus.STAYING else "leave"
            needs = _needs(rng, person)
            if needs.stretcher:
                needs.wheelchair = False
            registration.enrol(
                registrar,
                person.pk,
                decision=decision,
                witness=WITNESS,
                destination_id=destination.pk,
                agreement_id=agreement.pk,
                needs=needs,
            )


def _run_convoy(lead, liaison_a, liaison_b, agreement, departs, vehicles, *, finish: bool):
    convoy = convoys.create_convoy(lead, agreement.pk, departs, vehicles)
    convoys.plan(lead, convoy.pk, time_limit=2.0)
    convoys.send_manifest(lead, convoy.pk)
    convoys.depart(lead, convoy.pk)
    codes = list(Evacuee.objects.filter(place__convoy=convoy).values_list("code", flat=True))
    for code in codes:
        handover.scan(liaison_a, convoy.pk, code)
    for code in codes if finish else codes[: len(codes) // 2]:
        handover.scan(liaison_b, convoy.pk, code)
    if finish:
        handover.confirm_arrival(lead, convoy.pk)
    return convoy


def load(rng: random.Random) -> None:
    """One agreed corridor, a convoy that arrived, one under way; a request awaiting relay."""
    lead = User.objects.get(username="opslead")
    liaison_a = User.objects.get(username="liaison-a")
    liaison_b = User.objects.get(username="liaison-b")
    registrar_a = User.objects.get(username="registrar-a")
    today = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    start = today - datetime.timedelta(days=1)

    # Party B asks; party A counters on the escort; both accept the same hash.
    agreement = agreements.request_corridor(
        liaison_b, _terms("Sudzha – Kursk: civilians who wish to leave", start, days=4)
    )
    agreements.submit(liaison_b, agreement.pk)
    agreements.relay(lead, agreement.pk)
    counter = agreements.propose_version(
        liaison_a,
        agreement.pk,
        _terms(
            "Sudzha – Kursk: civilians who wish to leave",
            start,
            days=4,
            escort="Intermediary staff in every vehicle; no armed escort; no drones over the route",
        ),
    )
    agreements.relay(lead, agreement.pk)
    agreements.accept(liaison_b, agreement.pk, counter.content_hash)
    agreements.accept(liaison_a, agreement.pk, counter.content_hash)
    notifications = movements.notify_movements(lead, agreement.pk)
    now = timezone.now()
    for n in notifications:
        if n.expires_at > now and n.starts_at < now + datetime.timedelta(hours=20):
            movements.acknowledge(liaison_a, n.pk)
            movements.acknowledge(liaison_b, n.pk)
        elif n.expires_at > now:
            movements.acknowledge(liaison_b, n.pk)  # party A's receipt still missing: an alert

    destination = Settlement.objects.get(name_latin="Kursk")
    leaving = (
        Household.objects.filter(
            organisation=registrar_a.organisation,
            members__status=PersonStatus.WISHES_TO_LEAVE,
            settlement__name_latin__in=ORIGIN,
        )
        .distinct()
        .order_by("reference")[:90]
    )
    _enrol(rng, registrar_a, agreement, destination, leaving)
    fleet = [
        convoys.VehicleSpec("Bus 1", 45, 2, 0, "white, emblem on roof"),
        convoys.VehicleSpec("Bus 2", 45, 2, 0, "white, emblem on roof"),
        convoys.VehicleSpec("Ambulance 1", 3, 1, 2, "white, red cross"),
    ]
    _run_convoy(lead, liaison_a, liaison_b, agreement, start, fleet, finish=True)
    second = [
        convoys.VehicleSpec("Bus 3", 45, 2, 0, "white, emblem on roof"),
        convoys.VehicleSpec("Bus 4", 30, 1, 0, "white, emblem on roof"),
        convoys.VehicleSpec("Ambulance 2", 3, 1, 2, "white, red cross"),
    ]
    _run_convoy(lead, liaison_a, liaison_b, agreement, today, second, finish=False)
    assert Place.objects.filter(convoy__agreement=agreement).exists()

    # A second request, for the medical evacuation, waits for the intermediary's relay.
    medical = agreements.request_corridor(
        liaison_b,
        _terms(
            "Makhnovka – Kursk: medical evacuation",
            today + datetime.timedelta(days=5),
            days=1,
            origin=[_settlement("Makhnovka").pk],
        ),
    )
    agreements.submit(liaison_b, medical.pk)
