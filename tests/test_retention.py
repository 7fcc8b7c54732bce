"""The daily retention run beside the worker: counts per category; a failure never stops it."""

from __future__ import annotations

import logging

import pytest

from corridor import retention

pytestmark = pytest.mark.django_db


def test_a_run_counts_every_category(world):
    assert retention.DailyRetention(3600).run_once() == {
        "case(s)": 0,
        "evacuee registration(s)": 0,
        "notification contact(s)": 0,
        "exchange entry(ies)": 0,
        "uploaded list file(s)": 0,
        "stored API answer(s)": 0,
    }


def test_stored_api_answers_are_forgotten_after_the_replay_window(world):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from corridor.idempotency.models import IdempotencyRecord

    user = world.users["a:liaison_officer"]
    old = IdempotencyRecord.objects.create(user=user, key="k1", request_digest="d", body=b"x")
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        fresh = IdempotencyRecord.objects.create(user=user, key="k2", request_digest="d")
        assert retention.run_all()["stored API answer(s)"] == 1
    assert not IdempotencyRecord.objects.filter(pk=old.pk).exists()
    assert IdempotencyRecord.objects.filter(pk=fresh.pk).exists()


def test_a_failed_run_is_logged_without_its_message_and_the_thread_goes_on(
    world, monkeypatch, caplog
):
    def failing(now=None):
        raise ValueError("Key (family_name)=(Shcherbakova) violates something")

    monkeypatch.setattr("corridor.exchange.retention.expire_due", failing)
    daily = retention.DailyRetention(3600)
    with caplog.at_level(logging.ERROR, logger="corridor.retention"):
        assert daily.run_once() == {}
    assert "retention run failed: ValueError" in caplog.text
    assert "Shcherbakova" not in caplog.text


def test_the_thread_stops_when_asked():
    daily = retention.DailyRetention(3600)
    daily.start()
    daily.stop()
    daily.join(timeout=5)
    assert not daily.is_alive()
