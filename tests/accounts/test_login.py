"""Sign-in through the pages: two factors, throttling, sessions that end on the server."""

import time
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from corridor.accounts.models import EnrolmentCode, Organisation
from corridor.accounts.roles import OrganisationKind, Role
from corridor.accounts.services import deactivate_user, issue_enrolment_code
from corridor.audit.models import AuditEvent
from tests.factories import PASSWORD, current_code, make_org, make_user, signed_in_client, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Organisation:
    return make_org("a", OrganisationKind.PARTY_A)


@pytest.fixture
def officer(org):
    return make_user(org, Role.LIAISON_OFFICER, "liaison")


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def test_password_alone_does_not_sign_in(officer):
    client = Client()
    response = sign_in(client, "liaison")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/"
    dashboard = client.get("/")
    assert dashboard.status_code == 302
    assert dashboard["Location"].startswith("/accounts/login/")
    assert client.get("/api/v1/me").status_code == 401


def test_password_then_code_reaches_the_dashboard(officer):
    client = Client()
    sign_in(client, "liaison")
    response = client.post("/accounts/login/code/", {"code": current_code(officer)}, follow=True)
    assert response.status_code == 200
    assert b"Dashboard" in response.content
    assert b"liaison" in response.content
    assert client.get("/api/v1/me").json()["role"] == "liaison_officer"


def test_wrong_code_is_refused_next_to_the_field(officer):
    client = Client()
    sign_in(client, "liaison")
    good = current_code(officer)
    bad = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/login/code/", {"code": bad})
    assert response.status_code == 400
    assert b"The code is not correct" in response.content
    assert client.get("/").status_code == 302


def test_a_code_is_accepted_only_once(officer):
    first, second = Client(), Client()
    sign_in(first, "liaison")
    sign_in(second, "liaison")
    code = current_code(officer)
    assert first.post("/accounts/login/code/", {"code": code}).status_code == 302
    assert second.post("/accounts/login/code/", {"code": code}).status_code == 400


def _enrolment_totp(username: str) -> str:
    from django_otp.oath import totp

    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    return f"{totp(device.bin_key):06d}"


def test_user_without_authenticator_must_enrol_before_anything(org):
    newcomer = make_user(org, Role.BUREAU_OFFICER, "newcomer", device=False)
    code = issue_enrolment_code(None, newcomer)
    client = Client()
    response = sign_in(client, "newcomer")
    assert response["Location"] == "/accounts/login/enrol/"
    page = client.get("/accounts/login/enrol/")
    assert b"Enrolment code from your administrator" in page.content
    assert b"<svg" not in page.content  # no authenticator key before the code
    assert (
        client.post("/accounts/login/enrol/", {"enrolment_code": code.lower()}).status_code == 302
    )
    page = client.get("/accounts/login/enrol/")
    assert b"<svg" in page.content
    totp_code = _enrolment_totp("newcomer")
    assert client.post("/accounts/login/enrol/", {"code": totp_code}).status_code == 302
    assert TOTPDevice.objects.get(user__username="newcomer").confirmed
    assert client.get("/").status_code == 200
    assert EnrolmentCode.objects.get(user=newcomer).used_at is not None


def test_a_stolen_password_alone_cannot_enrol_an_authenticator(org):
    make_user(org, Role.BUREAU_OFFICER, "newcomer", device=False)  # no code issued yet
    client = Client()
    sign_in(client, "newcomer")
    response = client.post("/accounts/login/enrol/", {"enrolment_code": "ABCD-EFGH-JKLM"})
    assert response.status_code == 400
    assert b"enrolment code is not correct" in response.content
    assert b"<svg" not in response.content
    # Posting an authenticator code straight away gets the code step again, nothing enrolled.
    again = client.post("/accounts/login/enrol/", {"code": "123456"})
    assert b"Enrolment code from your administrator" in again.content
    assert not TOTPDevice.objects.filter(user__username="newcomer").exists()
    assert client.get("/").status_code == 302


def test_enrolment_codes_work_once_expire_and_are_replaced(org):
    newcomer = make_user(org, Role.BUREAU_OFFICER, "newcomer", device=False)
    old = issue_enrolment_code(None, newcomer)
    new = issue_enrolment_code(None, newcomer)
    client = Client()
    sign_in(client, "newcomer")
    assert client.post("/accounts/login/enrol/", {"enrolment_code": old}).status_code == 400
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        late = Client()
        sign_in(late, "newcomer")
        assert late.post("/accounts/login/enrol/", {"enrolment_code": new}).status_code == 400
    assert client.post("/accounts/login/enrol/", {"enrolment_code": new}).status_code == 302
    client.get("/accounts/login/enrol/")
    client.post("/accounts/login/enrol/", {"code": _enrolment_totp("newcomer")})
    # The account is enrolled; the code cannot enrol a second authenticator.
    TOTPDevice.objects.filter(user=newcomer).delete()
    other = Client()
    sign_in(other, "newcomer")
    assert other.post("/accounts/login/enrol/", {"enrolment_code": new}).status_code == 400


def test_wrong_enrolment_codes_count_as_failed_sign_ins(org):
    make_user(org, Role.BUREAU_OFFICER, "newcomer", device=False)
    client = Client()
    sign_in(client, "newcomer")
    for _ in range(5):
        assert client.post("/accounts/login/enrol/", {"enrolment_code": "WRONG"}).status_code == 400
    assert client.post("/accounts/login/enrol/", {"enrolment_code": "WRONG"}).status_code == 429


def test_issuing_a_code_is_audited_without_the_code(org):
    newcomer = make_user(org, Role.BUREAU_OFFICER, "newcomer", device=False)
    code = issue_enrolment_code(None, newcomer)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "user.enrolment_code_issued"
    assert code not in str(event.__dict__)
    assert code.replace("-", "") not in EnrolmentCode.objects.get(user=newcomer).digest


def test_the_enrolment_command_prints_a_working_code(org):
    make_user(org, Role.BUREAU_OFFICER, "newcomer", device=False)
    out = StringIO()
    call_command("enrolment", "issue", "--user", "newcomer", stdout=out)
    code = out.getvalue().strip()
    client = Client()
    sign_in(client, "newcomer")
    assert client.post("/accounts/login/enrol/", {"enrolment_code": code}).status_code == 302
    with pytest.raises(CommandError, match="no user 'nobody'"):
        call_command("enrolment", "issue", "--user", "nobody")


def test_sixth_failed_password_for_a_user_gets_429_and_locks(officer):
    client = Client()
    for attempt in range(5):
        response = sign_in(client, "liaison", "wrong password", REMOTE_ADDR=f"10.0.0.{attempt}")
        assert response.status_code == 400, attempt
        assert b"username or password is not correct" in response.content
    sixth = sign_in(client, "liaison", "wrong password", REMOTE_ADDR="10.0.0.9")
    assert sixth.status_code == 429
    # Locked: even the right password is refused until the lockout ends.
    assert sign_in(Client(), "liaison", REMOTE_ADDR="10.0.0.10").status_code == 429


def test_sixth_failure_from_one_address_gets_429(officer):
    client = Client()
    for n in range(5):
        assert sign_in(client, f"nobody{n}", "x", REMOTE_ADDR="192.0.2.7").status_code == 400
    assert sign_in(client, "liaison", REMOTE_ADDR="192.0.2.7").status_code == 429
    # Another address is not affected.
    assert sign_in(Client(), "liaison", REMOTE_ADDR="192.0.2.8").status_code == 302


def test_failures_older_than_a_minute_do_not_count(officer, settings):
    settings.CORRIDOR_LOGIN_WINDOW_SECONDS = 1
    client = Client()
    for _ in range(5):
        sign_in(client, "liaison", "wrong password")
    time.sleep(1.1)
    assert sign_in(client, "liaison").status_code == 302


def test_wrong_codes_are_throttled_too(officer):
    client = Client()
    sign_in(client, "liaison")
    statuses = [
        client.post("/accounts/login/code/", {"code": "000000"}).status_code for _ in range(6)
    ]
    assert statuses[:5] == [400] * 5
    assert statuses[5] == 429


def test_logout_ends_the_session_on_the_server(officer):
    client = signed_in_client(officer)
    key = client.session.session_key
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    replay = Client()
    replay.cookies["sessionid"] = key
    assert replay.get("/").status_code == 302


def test_logout_needs_post(officer):
    client = signed_in_client(officer)
    assert client.get("/accounts/logout/").status_code == 405


def test_deactivation_ends_every_session_and_token(officer):
    client = Client()
    sign_in(client, "liaison")
    client.post("/accounts/login/code/", {"code": current_code(officer)})
    key = client.session.session_key
    token = token_for(officer)
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    deactivate_user(None, officer)
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/").status_code == 302
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_idle_session_expires(officer, settings):
    client = signed_in_client(officer)
    session = Session.objects.get(session_key=client.session.session_key)
    from datetime import timedelta

    from django.utils import timezone

    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/").status_code == 302


def test_absolute_session_limit(officer, settings):
    client = signed_in_client(officer)
    session = client.session
    session["corridor_started"] = int(time.time()) - settings.CORRIDOR_SESSION_ABSOLUTE_SECONDS - 5
    session.save()
    assert client.get("/").status_code == 302


def test_session_cookie_is_http_only_and_passwords_use_argon2(officer):
    assert officer.password.startswith("argon2")
    client = Client()
    sign_in(client, "liaison")
    response = client.post("/accounts/login/code/", {"code": current_code(officer)})
    assert response.cookies["sessionid"]["httponly"]


def test_unknown_role_for_organisation_is_rejected(org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_user(org, Role.CASEWORKER, "wrongrole")
