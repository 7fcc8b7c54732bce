"""The admin: reachable only after two factors, audited, and deactivation there ends sessions."""

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
