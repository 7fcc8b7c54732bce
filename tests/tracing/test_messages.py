"""Family messages both ways, with delivery status, a length limit and a printable form."""

from __future__ import annotations

import pytest
from django.test import Client

from corridor.audit.models import AuditEvent
from corridor.tracing import services
from corridor.tracing.models import FamilyMessage, TracingCase
from tests.factories import signed_in_client
from tests.tracing.helpers import codes, file_request

pytestmark = pytest.mark.django_db


def test_the_enquirer_writes_a_message_and_the_caseworker_prints_and_delivers_it(world):
    reference, secret = codes(file_request())
    page = (
        Client()
        .post(
            "/trace/message/",
            {"reference": reference, "secret": secret, "text": "Мамо, ми в Києві, всі живі."},
        )
        .content.decode()
    )
    assert "Your message was received" in page
    message = FamilyMessage.objects.get()
    assert message.direction == "to_sought"
    assert message.status == "waiting"
    case = TracingCase.objects.get()
    desk = signed_in_client(world.users["int:caseworker"])
    printed = desk.get(f"/cases/{case.pk}/messages/{message.pk}/print/").content.decode()
    assert "Мамо, ми в Києві" in printed
    assert "authorities may read it" in printed
    assert AuditEvent.objects.filter(action="sealed.read", object_id=str(message.pk)).exists()
    desk.post(f"/cases/{case.pk}/messages/{message.pk}/status/", {"status": "delivered"})
    message.refresh_from_db()
    assert message.status == "delivered"
    assert message.delivered_at is not None
    # The reply comes back and answers it.
    reply = services.send_message(
        world.users["int:caseworker"], case.pk, "from_sought", "Синку, я жива.", reply_to=message
    )
    message.refresh_from_db()
    assert message.status == "replied"
    assert reply.reply_to == message


def test_wrong_secret_sends_nothing_and_long_messages_are_refused(world):
    reference, secret = codes(file_request())
    page = (
        Client()
        .post("/trace/message/", {"reference": reference, "secret": "wrong", "text": "hello"})
        .content.decode()
    )
    assert "We found no request" in page
    long = (
        Client()
        .post("/trace/message/", {"reference": reference, "secret": secret, "text": "я" * 601})
        .content.decode()
    )
    assert "at most 600" in long
    assert FamilyMessage.objects.count() == 0


def test_the_enquirer_sees_replies_only_once_consent_allows_news(world):
    from tests.tracing.helpers import register_oksana, status

    register_oksana(world)
    reference, secret = codes(file_request())
    case = TracingCase.objects.get()
    worker = world.users["int:caseworker"]
    from corridor.tracing.matching import match_case

    match_case(case.pk)
    services.send_message(worker, case.pk, "from_sought", "REPLYCANARY")
    assert "REPLYCANARY" not in status(Client(), reference, secret)
    services.confirm_candidate(worker, case.candidates.get().pk)
    assert "REPLYCANARY" not in status(Client(), reference, secret)
    services.record_consent(worker, case.pk, "news", news="Жива")
    assert "REPLYCANARY" in status(Client(), reference, secret)
