"""Concurrent scans and edits (PostgreSQL in CI; SQLite serialises writers): nothing is lost,
nothing is counted twice, no place is booked twice."""

from __future__ import annotations

import json
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client

from corridor.audit.services import verify_chain
from corridor.corridors.errors import PlaceTaken
from corridor.corridors.models import CheckpointEvent, Evacuee, Place
from corridor.corridors.services import convoys
from tests.corridors.helpers import agreed_corridor, convoy_for, member, register
from tests.factories import token_for


def _run_all(jobs) -> list:
    results: list = []
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait()
            results.append(job())
        except Exception as exc:  # noqa: BLE001  (collected and asserted on below)
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_sixteen_concurrent_check_ins_lose_and_duplicate_nothing(world):
    agreement = agreed_corridor(world)
    lead = world.users["int:operations_lead"]
    for n in range(8):
        register(
            world, [member(f"Family{n}"), member(f"Family{n}", given="Ivan")], agreement=agreement
        )
    convoy = convoy_for(world, agreement, [convoys.VehicleSpec("Coach", seats=20)])
    convoys.plan(lead, convoy.pk)
    convoys.send_manifest(lead, convoy.pk)
    convoys.depart(lead, convoy.pk)
    codes = list(Evacuee.objects.filter(place__convoy=convoy).values_list("code", flat=True))
    assert len(codes) == 16
    token = token_for(world.users["b:liaison_officer"])

    def check_in(code):
        return (
            Client()
            .post(
                f"/api/v1/convoys/{convoy.pk}/scan",
                data=json.dumps({"code": code}),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
                HTTP_IDEMPOTENCY_KEY=f"scan-{uuid.uuid4()}",
            )
            .status_code
        )

    # Sixteen at once, then sixteen again at once (a second phone scanning the same people).
    for _ in range(2):
        results = _run_all([lambda code=code: check_in(code) for code in codes])
        assert results == [200] * 16, results
    assert CheckpointEvent.objects.filter(convoy=convoy, kind="check_in").count() == 16
    assert set(Evacuee.objects.filter(place__convoy=convoy).values_list("state", flat=True)) == {
        "handed_over"
    }
    assert verify_chain() is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_never_double_book_a_place(world):
    agreement = agreed_corridor(world)
    lead = world.users["int:operations_lead"]
    for n in range(6):
        register(world, [member(f"Single{n}")], agreement=agreement)
    convoy = convoy_for(world, agreement, [convoys.VehicleSpec("Car", seats=2)])
    vehicle = convoy.vehicles.get()
    ids = list(Evacuee.objects.values_list("pk", flat=True))
    results = _run_all([lambda e=e: convoys.assign(lead, convoy.pk, e, vehicle.pk) for e in ids])
    booked = [r for r in results if isinstance(r, list)]
    refused = [r for r in results if isinstance(r, PlaceTaken)]
    assert len(booked) == 2, results
    assert len(refused) == 4, results
    assert Place.objects.filter(vehicle=vehicle).count() == 2
    assert Evacuee.objects.filter(state="manifested").count() == 2
