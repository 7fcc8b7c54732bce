"""DOMAIN.md rule 3: a refusal to be repatriated is seen by the protection delegate alone.

Every page, API answer, export and notification either party can reach is searched for the
sealed interview notes and for any word of refusal; the state the parties see is "withdrawn".
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.core import mail
from django.test import Client
from django.urls import URLResolver, get_resolver

from corridor.exchange import protection, rounds
from corridor.exchange.models import ExchangeEntry, Finding, Reconciliation, RoundMember
from tests.exchange.helpers import ready_entries
from tests.factories import signed_in_client, token_for

pytestmark = pytest.mark.django_db

NOTES = "CANARYREFUSALNOTES he is afraid of what awaits him"
REFUSAL_WORDS = re.compile(r"refus|CANARYREFUSAL|wants_repatriation|not wish to go", re.I)
PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def _exchange_routes() -> list[str]:
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    return sorted(
        {
            r
            for r in walk(get_resolver().url_patterns)
            if r.startswith(("exchange/", "api/v1/exchange/"))
        }
    )


@pytest.fixture
def refused(world, django_capture_on_commit_callbacks):
    """A 5-for-5 round proposed; then one person from each side refuses in private."""
    from corridor.tracing import services as tracing
    from corridor.tracing.captcha import challenge, solve

    ready_entries(world, "a", 5)
    ready_entries(world, "b", 5)
    lead = world.users["int:operations_lead"]
    delegate = world.users["int:protection_delegate"]
    round_ = rounds.create_round(lead, "Round of five", "n_for_n", "any", 5)
    rounds.propose(lead, round_.pk)
    rounds.accept(world.users["a:liaison_officer"], round_.pk, round_.version_hash)
    members = {
        code: RoundMember.objects.filter(round=round_, released_by=world.orgs[code]).first()
        for code in ("a", "b")
    }
    # A family looks for B's man and will be told news (consent recorded): still no e-mail.
    enquirer, _ = tracing.file_request(
        tracing.Request(sought_name="X", enquirer_name="M", relationship="mother", email="m@example.org"),
        captcha=solve(challenge()),
        address="192.0.2.7",
    )  # fmt: skip
    case = enquirer.case
    case.consent_scope = "news"
    case.save()
    run = Reconciliation.objects.create(organisation=world.orgs["int"], run_by=lead)
    Finding.objects.create(
        organisation=world.orgs["int"], reconciliation=run, kind="tracing",
        held=members["b"].entry, tracing_case=case, status="resolved", resolution="same",
    )  # fmt: skip
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for m in members.values():
            protection.interview(delegate, m.entry_id, "refuses_repatriation", NOTES)
    round_.refresh_from_db()
    return round_, {code: m.entry for code, m in members.items()}


def _ids(world, round_, entries) -> dict[str, str]:
    other_member = RoundMember.objects.filter(round=round_).first()
    return {
        "exchange_entry_id": str(entries["b"].pk),
        "exchange_list_id": str(entries["a"].exchange_list_id),
        "round_id": str(round_.pk),
        "round_member_id": str(other_member.pk),
    }


def test_no_party_page_api_export_or_email_shows_a_refusal(world, refused):
    round_, entries = refused
    for entry in entries.values():
        entry.refresh_from_db()
        assert entry.state == "withdrawn"
    routes = _exchange_routes()
    checked = 0
    for key, user in world.users.items():
        org = key.split(":")[0]
        if org not in ("a", "b"):
            continue
        page = signed_in_client(user)
        api = Client()
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"}
        ids = _ids(world, round_, entries)
        for route in routes:
            for entry_key in ("a", "b"):
                values = {**ids, "exchange_entry_id": str(entries[entry_key].pk)}
                url = "/" + PARAM.sub(
                    lambda m, values=values: values.get(m.group(1), str(uuid.uuid4())), route
                )
                client, extra = (api, headers) if route.startswith("api/") else (page, {})
                response = client.get(url, **extra)
                body = response.content.decode()
                assert not REFUSAL_WORDS.search(body), (key, url, REFUSAL_WORDS.search(body))
                checked += 1
        # Both refused persons are visible to both parties (own, or transmitted): "withdrawn".
        for entry in entries.values():
            shown = api.get(f"/api/v1/exchange/entries/{entry.pk}", **headers).json()
            assert shown["state"] == "withdrawn", (key, shown)
            html = page.get(f"/exchange/entries/{entry.pk}/").content.decode()
            assert 'id="entry-state">withdrawn<' in html
        exported = api.post(
            f"/api/v1/exchange/rounds/{round_.pk}/export",
            data='{"purpose": "check"}',
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
            **headers,
        )
        if user.role in ("liaison_officer", "bureau_officer"):
            assert exported.status_code == 200, exported.content
        assert not REFUSAL_WORDS.search(exported.content.decode())
    assert checked > 50
    for message in mail.outbox:
        assert not REFUSAL_WORDS.search(message.subject + message.body)
    assert mail.outbox == []  # nobody was received: nothing to tell a family


def test_the_round_changed_and_both_parties_see_withdrawn_in_it(world, refused):
    round_, _entries = refused
    assert round_.state == "draft"  # a person left: a new version to accept
    assert round_.members.count() == 8
    for code in ("a", "b"):
        html = (
            signed_in_client(world.users[f"{code}:liaison_officer"])
            .get(f"/exchange/rounds/{round_.pk}/")
            .content.decode()
        )
        assert "accepted an earlier version only" in html or code == "b"
        assert not REFUSAL_WORDS.search(html)


def test_inside_the_intermediary_only_the_delegate_opens_the_interview(world, refused):
    _, entries = refused
    entry = entries["a"]
    for key in ("int:caseworker", "int:operations_lead", "int:dpo"):
        client = signed_in_client(world.users[key])
        page = client.get(f"/exchange/entries/{entry.pk}/").content.decode()
        assert "CANARYREFUSAL" not in page
        opened = client.post(f"/exchange/entries/{entry.pk}/interview/open/")
        assert "CANARYREFUSAL" not in opened.content.decode()
        api = Client().get(
            f"/api/v1/exchange/entries/{entry.pk}/interview",
            HTTP_AUTHORIZATION=f"Bearer {token_for(world.users[key])}",
        )
        assert api.status_code in (403, 404)
    delegate = signed_in_client(world.users["int:protection_delegate"])
    opened = delegate.post(f"/exchange/entries/{entry.pk}/interview/open/").content.decode()
    assert "CANARYREFUSALNOTES" in opened
    from corridor.audit.models import AuditEvent

    assert AuditEvent.objects.filter(
        action="sealed.read", object_type="exchange.protection"
    ).exists()


def test_parties_cannot_interview_or_override_a_withdrawal(world, refused):
    _, entries = refused
    for code in ("a", "b"):
        user = world.users[f"{code}:liaison_officer"]
        token = token_for(user)
        for entry in entries.values():
            response = Client().post(
                f"/api/v1/exchange/entries/{entry.pk}/interview",
                data='{"outcome": "wants_repatriation"}',
                content_type="application/json",
                HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
            assert response.status_code in (403, 404)
    assert set(
        ExchangeEntry.objects.filter(pk__in=[e.pk for e in entries.values()]).values_list(
            "state", flat=True
        )
    ) == {"withdrawn"}
