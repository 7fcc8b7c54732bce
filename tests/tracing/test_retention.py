"""Expired and erased cases are unreachable everywhere; erasure leaves only a tombstone."""

from __future__ import annotations

import datetime
import io
import json
import uuid

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from corridor.audit.models import AuditEvent
from corridor.tracing.models import Enquirer, TracingCandidate, TracingCase
from tests.factories import signed_in_client, token_for
from tests.tracing.helpers import codes, file_request, register_oksana, status

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(world, django_capture_on_commit_callbacks):
    register_oksana(world)
    with django_capture_on_commit_callbacks(execute=True):
        reference, secret = codes(file_request(marks="CANARYMARK"))
    case = TracingCase.objects.get()
    assert case.candidates.exists()
    return case, reference, secret


def reachable(world, case, reference, secret) -> dict[str, bool]:
    """Every door to a case: status page, caseworker pages, API, search of cases."""
    worker = world.users["int:caseworker"]
    token = {"HTTP_AUTHORIZATION": f"Bearer {token_for(worker)}"}
    pages = signed_in_client(worker)
    candidate = TracingCandidate.objects.filter(case_id=case.pk).first()
    return {
        "status page": "being handled" in status(Client(), reference, secret),
        "case page": pages.get(f"/cases/{case.pk}/").status_code == 200,
        "case list": "Shcherbakova" in pages.get("/cases/").content.decode(),
        "api case": Client().get(f"/api/v1/cases/{case.pk}", **token).status_code == 200,
        "api list": bool(Client().get("/api/v1/cases", **token).json()),
        "api candidate": candidate is not None
        and Client()
        .post(
            f"/api/v1/tracing-candidates/{candidate.pk}/reject",
            content_type="application/json",
            data="{}",
            HTTP_IDEMPOTENCY_KEY=f"r-{uuid.uuid4()}",
            **token,
        )
        .status_code
        != 404,
    }


def test_everything_is_reachable_before_expiry(world, filed):
    case, reference, secret = filed
    assert all(reachable(world, case, reference, secret).values())


def test_an_expired_case_is_unreachable_even_before_retention_runs(world, filed):
    case, reference, secret = filed
    with time_machine.travel(case.expires_at + datetime.timedelta(minutes=1), tick=False):
        doors = reachable(world, case, reference, secret)
    assert not any(doors.values()), doors


def test_retention_run_erases_expired_cases_and_keeps_a_tombstone(world, filed):
    case, reference, secret = filed
    with time_machine.travel(case.expires_at + datetime.timedelta(days=1), tick=False):
        out = io.StringIO()
        call_command("retention", "run", stdout=out)
    assert "1 case(s) erased" in out.getvalue()
    case.refresh_from_db()
    assert case.erased_at is not None
    assert case.sought_name == "—"
    assert case.sought_birth == ""
    assert case.marks is None
    assert not TracingCandidate.objects.filter(case=case).exists()
    enquirer = Enquirer.objects.get(case=case)
    assert enquirer.email is None
    assert enquirer.secret_digest == ""
    assert enquirer.name == "—"
    tomb = AuditEvent.objects.get(action="tracing.erased", object_id=str(case.pk))
    assert "Shcherbakova" not in json.dumps(tomb.__dict__, default=str)
    assert not any(reachable(world, case, reference, secret).values())


def test_erasure_on_request_through_the_api(world, filed):
    case, reference, secret = filed
    dpo = world.users["int:dpo"]
    response = Client().post(
        f"/api/v1/cases/{case.pk}/erase",
        data=json.dumps({"reason": "enquirer asked"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(dpo)}",
        HTTP_IDEMPOTENCY_KEY=f"e-{uuid.uuid4()}",
    )
    assert response.status_code == 204
    assert not any(reachable(world, case, reference, secret).values())
    # The sealed marks are gone from the database, not only from the pages.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT marks FROM tracing_tracingcase")
        assert cursor.fetchone()[0] is None


def test_retention_periods_follow_the_category(world, settings):
    settings.CORRIDOR_RETENTION_DAYS = {
        "civilian": 10,
        "child": 100,
        "detainee": 100,
        "military": 100,
    }
    codes(file_request(category="child"))
    case = TracingCase.objects.get()
    days = (case.expires_at - timezone.now()).days
    assert 98 <= days <= 100
