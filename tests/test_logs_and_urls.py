"""No personal data in URLs or logs, whatever the request does."""

import json
import logging

import pytest
from django.test import Client
from django.urls import get_resolver

from corridor.logfilters import StripQueryStrings
from tests.factories import token_for

pytestmark = pytest.mark.django_db


def test_requests_log_no_personal_data(world, caplog):
    caplog.set_level(logging.DEBUG)
    token = token_for(world.users["a:field_registrar"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client = Client()
    client.post(
        "/api/v1/persons",
        data=json.dumps(
            {
                "family_name": "LOGCANARYFAM",
                "given_name": "LOGCANARYGIV",
                "whereabouts": "LOGCANARYWHERE",
            }
        ),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="log-test-0001",
        **auth,
    )
    client.post(  # a validation error echoes nothing personal into the log
        "/api/v1/persons",
        data=json.dumps(
            {
                "family_name": "LOGCANARYFAM2",
                "given_name": "x",
                "birth_month": 13,
                "birth_year": 1990,
            }
        ),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="log-test-0002",
        **auth,
    )
    client.get(f"/api/v1/persons/{world.persons['b'].pk}", **auth)  # 404
    client.post("/accounts/login/", {"username": "LOGCANARYUSER", "password": "LOGCANARYPASS"})
    assert "Not Found" in caplog.text or "Unprocessable" in caplog.text  # the log is being captured
    for canary in ("LOGCANARY", "CANARYFAM", "CANARYWHERE"):
        assert canary not in caplog.text


def test_url_parameters_are_opaque_ids_only():
    """Routes take UUIDs and field names, never a name, a date of birth or a search term."""

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    import re

    for route in walk(get_resolver().url_patterns):
        if route.startswith("admin/"):
            continue  # the admin is for intermediary system administrators only
        for name in re.findall(r"<(?:\w+:)?(\w+)>", route):
            assert name.endswith("_id") or name == "field", route


def test_query_strings_are_stripped_from_log_lines():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        "",
        0,
        '"%s" %s %s',
        ("GET /registry/persons/?q=Щербакова HTTP/1.1", "200", "512"),
        None,
    )
    StripQueryStrings().filter(record)
    assert "Щербакова" not in record.getMessage()
