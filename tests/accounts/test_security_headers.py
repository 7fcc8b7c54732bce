"""Every page carries a strict content security policy and anti-framing headers."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_login_page_has_strict_csp():
    response = Client().get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_login_form_is_csrf_protected():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert b"This form has expired" in response.content


def test_pages_have_no_inline_scripts_or_styles():
    html = Client().get("/accounts/login/").content.decode()
    assert "<script>" not in html
    assert " style=" not in html
    assert "<style" not in html
