"""The public side: request form with proof of work, rate limit, status page without enumeration."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from corridor.tracing.models import Enquirer, TracingCandidate, TracingCase
from tests.tracing.helpers import codes, file_request, register_oksana, solved_captcha, status

pytestmark = pytest.mark.django_db


def test_a_relative_files_a_request_and_gets_a_reference_and_secret(
    world, django_capture_on_commit_callbacks
):
    oksana = register_oksana(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = file_request()
    assert response.status_code == 200
    reference, secret = codes(response)
    assert reference.startswith("TR-")
    assert len(secret) >= 16
    case = TracingCase.objects.get()
    assert case.state == "opened"
    assert case.privacy_notice_version
    enquirer = Enquirer.objects.get()
    assert secret not in enquirer.secret_digest  # only a keyed digest is stored
    # Matched at once against the registry, across scripts.
    candidate = TracingCandidate.objects.get(case=case)
    assert candidate.person == oksana
    assert candidate.probability > 0.5


def test_the_form_shows_the_privacy_notice_and_needs_the_captcha(world):
    page = Client().get("/trace/").content.decode()
    assert "Privacy notice" in page
    assert "data-challenge" in page
    response = file_request(payload="")
    assert response.status_code == 400
    assert TracingCase.objects.count() == 0


def test_a_replayed_captcha_solution_is_refused(world):
    client = Client()
    payload = solved_captcha(client)
    assert file_request(client, payload=payload).status_code == 200
    again = file_request(client, payload=payload, sought_name="Другий Запит")
    assert again.status_code == 400
    assert "anti-robot" in again.content.decode()
    assert TracingCase.objects.count() == 1


def test_a_forged_captcha_is_refused(world):
    import base64
    import json

    forged = base64.b64encode(
        json.dumps(
            {"algorithm": "SHA-256", "challenge": "00", "number": 1, "salt": "x", "signature": "00"}
        ).encode()
    ).decode()
    assert file_request(payload=forged).status_code == 400


def test_too_many_requests_from_one_address_get_429(world, settings):
    settings.CORRIDOR_REQUESTS_PER_HOUR = 2
    client = Client()
    assert file_request(client, address="198.51.100.1").status_code == 200
    assert file_request(client, address="198.51.100.1").status_code == 200
    response = file_request(client, address="198.51.100.1")
    assert response.status_code == 429
    assert file_request(client, address="198.51.100.2").status_code == 200  # another address


def _body(page: str) -> str:
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return re.sub(r'value="[^"]*"', "", page)


def test_status_page_answers_alike_for_unknown_reference_and_wrong_secret(world):
    reference, secret = codes(file_request())
    client = Client()
    right = status(client, reference, secret)
    assert "being handled" in right
    unknown = status(client, "TR-AAAAAAAA", secret)
    wrong = status(client, reference, "not-the-secret")
    assert "We found no request" in unknown
    assert _body(unknown) == _body(wrong)


def test_the_status_page_never_puts_codes_in_the_url(world):
    reference, secret = codes(file_request())
    response = Client().get(f"/trace/status/?reference={reference}&secret={secret}")
    assert "being handled" not in response.content.decode()


def test_notifications_say_only_that_there_is_an_update(world, django_capture_on_commit_callbacks):
    from corridor.tracing import services

    register_oksana(world)
    with django_capture_on_commit_callbacks(execute=True):
        reference, secret = codes(file_request())
    case = TracingCase.objects.get()
    worker = world.users["int:caseworker"]
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_candidate(worker, case.candidates.get().pk)
        services.record_consent(worker, case.pk, "news", news="Жива, здорова, у сестри в Курську")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["irina@example.org"]
    text = message.subject + message.body
    assert reference in text
    assert "/trace/status/" in text
    for private in ("Жива", "Курськ", "Щербакова", "Oksana", secret, "news only", "located"):
        assert private not in text
