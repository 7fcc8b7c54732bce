"""Reviewing candidates: confirm folds the new record into the existing person, reject is final."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client

from corridor.audit.models import AuditEvent
from corridor.imports import services as imports
from corridor.matching.models import CandidateStatus, MatchCandidate
from corridor.registry.models import Person
from tests.factories import signed_in_client, token_for

pytestmark = pytest.mark.django_db

REGISTRY = "Фамилия;Имя;Отчество;Дата рождения\nЩербакова;Оксана;Владимировна;03.07.1961\n"
ARRIVING = "Surname,First name,Patronymic,DOB\nShcherbakova,Oksana,Volodymyrivna,03/07/1961\n"


def _import(user, text: str, name: str, commit_import):
    job = imports.upload(user, name, text.encode())
    job = imports.configure(user, job.pk, list_name=name)
    commit_import(user, job.pk)
    job.refresh_from_db()
    return job


@pytest.fixture
def candidate(world, commit_import) -> MatchCandidate:
    user = world.users["a:field_registrar"]
    _import(user, REGISTRY, "registry.csv", commit_import)
    job = _import(user, ARRIVING, "arriving.csv", commit_import)
    return MatchCandidate.objects.get(source_list_id=job.source_list_id)


def post(user, path: str):
    return Client().post(
        path,
        content_type="application/json",
        data=json.dumps({}),
        HTTP_AUTHORIZATION=f"Bearer {token_for(user)}",
        HTTP_IDEMPOTENCY_KEY=f"review-{uuid.uuid4()}",
    )


def test_confirming_folds_the_new_record_into_the_existing_person(world, candidate):
    user = world.users["a:bureau_officer"]
    response = post(user, f"/api/v1/matches/{candidate.pk}/confirm")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed"
    new, existing = Person.objects.get(pk=candidate.person_id), candidate.existing
    assert new.merged_into_id == existing.pk
    assert existing.source_records.count() == 2  # both lists' rows, side by side
    existing.refresh_from_db()
    assert "Shcherbakova Oksana Volodymyrivna" in existing.alternate_names
    assert AuditEvent.objects.filter(action="match.confirmed", object_id=str(candidate.pk)).exists()
    # The person page shows both source records and the decision.
    html = signed_in_client(user).get(f"/registry/persons/{existing.pk}/").content.decode()
    assert "registry.csv" in html
    assert "arriving.csv" in html
    assert "same person" in html
    # Merged records leave search results; the one person is found by either spelling.
    hits = (
        Client()
        .post(
            "/api/v1/search",
            data={"q": "Shcherbakova Oksana"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token_for(user)}",
        )
        .json()
    )
    assert [h["person"] for h in hits] == [str(existing.pk)]


def test_rejecting_is_final_and_recorded(world, candidate):
    user = world.users["a:bureau_officer"]
    assert post(user, f"/api/v1/matches/{candidate.pk}/reject").json()["status"] == "rejected"
    again = post(user, f"/api/v1/matches/{candidate.pk}/confirm")
    assert again.status_code == 409
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REJECTED
    assert Person.objects.get(pk=candidate.person_id).merged_into_id is None


def test_the_other_party_cannot_see_or_decide(world, candidate):
    other = world.users["b:bureau_officer"]
    assert post(other, f"/api/v1/matches/{candidate.pk}/confirm").status_code == 404
    assert (
        Client().get("/api/v1/matches", HTTP_AUTHORIZATION=f"Bearer {token_for(other)}").json()
        == []
    )


def test_review_page_shows_both_records_and_the_evidence(world, candidate):
    client = signed_in_client(world.users["a:bureau_officer"])
    html = client.get(f"/matches/{candidate.pk}/").content.decode()
    assert "Щербакова" in html
    assert "Shcherbakova" in html
    assert "same given name" in html
    assert "day and month swapped" in html
    response = client.post(f"/matches/{candidate.pk}/confirm/")
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.CONFIRMED
