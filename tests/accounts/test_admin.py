"""The admin: reachable only after two factors, audited, and deactivation there ends sessions."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from corridor.audit.models import AuditEvent
from tests.factories import current_code, signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(world):
    dpo = world.users["int:dpo"]
    dpo.is_staff = True
    dpo.is_superuser = True
    dpo.save()
    return dpo


def test_admin_has_no_password_only_door(admin_user):
    client = Client()
    client.post(
        "/accounts/login/",
        {"username": admin_user.username, "password": "correct horse battery staple"},
    )
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert b"Site administration" not in response.content
    client.post("/accounts/login/code/", {"code": current_code(admin_user)})
    assert client.get("/admin/").status_code == 200


def test_deactivating_in_the_admin_ends_sessions_and_is_audited(admin_user, world):
    victim = world.users["a:liaison_officer"]
    victim_client = signed_in_client(victim)
    key = victim_client.session.session_key
    admin = signed_in_client(admin_user)
    response = admin.post(
        "/admin/accounts/user/",
        {"action": "deactivate", "_selected_action": [victim.pk]},
    )
    assert response.status_code == 302
    victim.refresh_from_db()
    assert not victim.is_active
    assert not Session.objects.filter(session_key=key).exists()
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.object_id, event.actor_id_text) == (
        "user.deactivated",
        str(victim.pk),
        str(admin_user.pk),
    )


def test_the_admin_issues_an_enrolment_code_shown_once(admin_user, world):
    newcomer = world.users["a:liaison_officer"]
    admin = signed_in_client(admin_user)
    response = admin.post(
        "/admin/accounts/user/",
        {"action": "issue_enrolment_code", "_selected_action": [newcomer.pk]},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    code = re.search(rb"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", response.content).group().decode()
    from corridor.accounts.services import check_enrolment_code

    assert check_enrolment_code(newcomer, code, "10.0.0.1").user == newcomer
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.actor_id_text) == ("user.enrolment_code_issued", str(admin_user.pk))
