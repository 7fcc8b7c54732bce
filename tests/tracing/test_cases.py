"""A case from request to answer, through the API: candidates, consent, merge, rejection."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client

from corridor.tracing.models import TracingCandidate, TracingCase
from tests.factories import token_for
from tests.tracing.helpers import codes, file_request, register_oksana, status

pytestmark = pytest.mark.django_db


def api(user, method: str, path: str, body: dict | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"}
    if method == "GET":
        return Client().get(path, **headers)
    return Client().post(
        path,
        data=json.dumps(body or {}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=f"t-{uuid.uuid4()}",
        **headers,
    )


@pytest.fixture
def filed(world, django_capture_on_commit_callbacks):
    oksana = register_oksana(world)
    with django_capture_on_commit_callbacks(execute=True):
        reference, secret = codes(file_request())
    return oksana, TracingCase.objects.get(), reference, secret


def section(page: str) -> str:
    """The status part of the page (without the form and its per-request token)."""
    return page.split('<section id="status"')[1].split("</section>")[0]


def located(world, case):
    worker = world.users["int:caseworker"]
    assert api(worker, "POST", f"/api/v1/cases/{case.pk}/accept").json()["state"] == "searching"
    candidate = api(worker, "GET", f"/api/v1/cases/{case.pk}").json()["candidates"][0]
    assert {e["field"] for e in candidate["evidence"]} >= {"family name", "given name"}
    body = api(worker, "POST", f"/api/v1/tracing-candidates/{candidate['id']}/confirm").json()
    assert body["state"] == "located"
    return worker


@pytest.mark.parametrize(
    ("scope", "shown", "hidden"),
    [
        ("news", ["Жива, здорова"], ["+380", "вул. Садова"]),
        ("contact", ["Жива, здорова", "+380"], ["вул. Садова"]),
        ("address", ["Жива, здорова", "+380", "вул. Садова"], []),
        ("declined", ["has been closed"], ["Жива", "+380", "вул. Садова", "declined"]),
    ],
)
def test_the_status_page_shows_exactly_what_consent_allows(world, filed, scope, shown, hidden):
    _, case, reference, secret = filed
    client = Client()
    before = status(client, reference, secret)
    worker = located(world, case)
    # Located but not yet consulted: the enquirer learns nothing new.
    assert section(status(client, reference, secret)) == section(before)
    assert "being handled" in status(client, reference, secret)
    response = api(
        worker,
        "POST",
        f"/api/v1/cases/{case.pk}/consent",
        {
            "scope": scope,
            "news": "Жива, здорова",
            "contact": "+380 50 000 0000",
            "address": "вул. Садова 1",
        },
    )
    assert response.status_code == 200, response.content
    page = status(client, reference, secret)
    for text in shown:
        assert text in page
    for text in hidden:
        assert text not in page


def test_declined_reads_exactly_like_closed_unresolved(
    world, filed, django_capture_on_commit_callbacks
):
    _, case, reference, secret = filed
    worker = located(world, case)
    api(worker, "POST", f"/api/v1/cases/{case.pk}/consent", {"scope": "declined"})
    declined = status(Client(), reference, secret)
    with django_capture_on_commit_callbacks(execute=True):
        ref2, secret2 = codes(file_request(sought_name="Хтось Інший", address="192.0.2.9"))
    other = TracingCase.objects.exclude(pk=case.pk).get()
    api(worker, "POST", f"/api/v1/cases/{other.pk}/accept")
    api(worker, "POST", f"/api/v1/cases/{other.pk}/step", {"to": "closed_unresolved"})
    unresolved = status(Client(), ref2, secret2)
    strip = lambda page: page.replace(reference, "").replace(ref2, "")  # noqa: E731
    assert "has been closed" in declined
    assert (
        strip(declined).split("<section")[1].split("</section>")[0]
        == strip(unresolved).split("<section")[1].split("</section>")[0]
    )


def test_steps_outside_the_lifecycle_are_refused(world, filed):
    _, case, _, _ = filed
    worker = world.users["int:caseworker"]
    assert (
        api(worker, "POST", f"/api/v1/cases/{case.pk}/consent", {"scope": "news"}).status_code
        == 409
    )
    assert (
        api(worker, "POST", f"/api/v1/cases/{case.pk}/step", {"to": "news_only"}).status_code == 409
    )
    assert (
        api(worker, "POST", f"/api/v1/cases/{case.pk}/step", {"to": "located"}).status_code == 409
    )
    case.refresh_from_db()
    assert case.state == "opened"


def test_duplicate_requests_merge_and_both_enquirers_follow_the_case(
    world, filed, django_capture_on_commit_callbacks
):
    _, case, reference, secret = filed
    with django_capture_on_commit_callbacks(execute=True):
        ref2, secret2 = codes(
            file_request(enquirer_name="Петро", relationship="brother", address="192.0.2.5")
        )
    duplicate = TracingCase.objects.exclude(pk=case.pk).get()
    worker = located(world, case)
    from corridor.tracing import services

    services.merge(worker, duplicate.pk, case.pk)
    assert case.enquirers.count() == 2
    api(worker, "POST", f"/api/v1/cases/{case.pk}/consent", {"scope": "news", "news": "Все добре"})
    assert "Все добре" in status(Client(), reference, secret)
    assert "Все добре" in status(Client(), ref2, secret2)


def test_rejected_candidates_are_not_proposed_again(world, filed):
    from corridor.tracing.matching import match_case

    _oksana, case, _, _ = filed
    worker = world.users["int:caseworker"]
    candidate = TracingCandidate.objects.get(case=case)
    assert (
        api(worker, "POST", f"/api/v1/tracing-candidates/{candidate.pk}/reject").json()["status"]
        == "rejected"
    )
    assert match_case(case.pk) == []
    assert TracingCandidate.objects.get(case=case).status == "rejected"


def test_a_new_list_is_matched_against_open_cases(
    world, commit_import, django_capture_on_commit_callbacks
):
    from corridor.imports import services as imports

    with django_capture_on_commit_callbacks(execute=True):
        codes(file_request(sought_name="Kovalenko Oleksandr", sought_birth="1958", sought_sex="M"))
    case = TracingCase.objects.get()
    assert not case.candidates.exists()
    user = world.users["b:field_registrar"]
    job = imports.upload(
        user, "b.csv", "Фамилия;Имя;Год рождения\nКоваленко;Александр;1958\n".encode()
    )
    job = imports.configure(user, job.pk, list_name="b")
    commit_import(user, job.pk)
    candidate = case.candidates.get()
    assert candidate.person.family_name == "Коваленко"


def test_parties_cannot_reach_cases(world, filed):
    _, case, _, _ = filed
    for key in ("a:liaison_officer", "b:bureau_officer", "med:observer"):
        assert api(world.users[key], "GET", f"/api/v1/cases/{case.pk}").status_code == 404
        assert api(world.users[key], "GET", "/api/v1/cases").json() == []
    assert (
        api(
            world.users["int:operations_lead"], "POST", f"/api/v1/cases/{case.pk}/accept"
        ).status_code
        == 403
    )


def test_a_case_is_assigned_to_another_caseworker_and_the_queue_filters(world, filed):
    from corridor.tracing import services
    from tests.factories import make_user, signed_in_client

    _, case, _, _ = filed
    worker = world.users["int:caseworker"]
    colleague = make_user(world.orgs["int"], "caseworker", username="colleague")
    services.assign(worker, case.pk, colleague)
    case.refresh_from_db()
    assert case.assigned_to == colleague
    with pytest.raises(services.InvalidRequest):
        services.assign(worker, case.pk, world.users["a:liaison_officer"])
    page = signed_in_client(colleague).get("/cases/?mine=1").content.decode()
    assert "Shcherbakova Oksana" in page
    assert (
        "Shcherbakova Oksana" not in signed_in_client(worker).get("/cases/?mine=1").content.decode()
    )
    opened = signed_in_client(worker).get("/cases/?state=opened").content.decode()
    assert "Shcherbakova Oksana" in opened
