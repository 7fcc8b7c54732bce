"""A whole corridor through the pages: party A requests, party B counters, both accept the
same hash, notifications are acknowledged, a registrar registers households on a phone, the
intermediary plans the convoy and downloads the manifest, both sides hand over by typing
codes on phones, arrival is confirmed, and the waiting relative's status page says so."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from corridor.corridors.models import Agreement, Evacuee
from corridor.registry.models import Person
from corridor.tracing import services as tracing
from corridor.tracing.captcha import challenge, solve
from corridor.tracing.models import TracingCandidate
from tests.browser.test_login_flow import PHONE, Phone, _screenshot, _sign_in_with_password
from tests.corridors.helpers import settlements
from tests.factories import World, current_code

pytestmark = pytest.mark.browser


def _signed_in(browser: Browser, live_server, user, *, phone: bool) -> Page:
    size = PHONE if phone else {"width": 1280, "height": 900}
    context = browser.new_context(
        base_url=live_server.url, viewport=size, is_mobile=phone, has_touch=phone, locale="en-GB"
    )
    page = context.new_page()
    _sign_in_with_password(page, user.username)
    page.locator("input[name=code]").fill(current_code(user))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/$"))
    return page


def _local(dt: datetime.datetime) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{width}px wide on a phone"


def test_whole_corridor(browser: Browser, live_server, browser_world: World, phone: Phone) -> None:
    places = settlements()
    users = browser_world.users
    a = _signed_in(browser, live_server, users["a:liaison_officer"], phone=True)
    b = _signed_in(browser, live_server, users["b:liaison_officer"], phone=True)
    lead = _signed_in(browser, live_server, users["int:operations_lead"], phone=False)

    # Party A drafts the request and submits it.
    a.goto("/corridors/new/")
    a.locator("input[name=title]").fill("Sudzha to Kursk")
    a.locator("select[name=origin]").select_option(
        [str(places["Sudzha"].pk), str(places["Goncharovka"].pk)]
    )
    a.locator("select[name=crossing]").select_option(str(places["Plyokhovo"].pk))
    a.locator("select[name=destination]").select_option(str(places["Kursk"].pk))
    start = timezone.now() + datetime.timedelta(hours=3)
    a.locator("input[name=start]").fill(_local(start))
    a.locator("input[name=end]").fill(_local(start + datetime.timedelta(hours=6)))
    a.locator("textarea[name=who_may_pass]").fill("Civilians on the manifest")
    a.locator("textarea[name=vehicles]").fill("White buses with the intermediary's emblem")
    a.locator("textarea[name=incident_procedure]").fill("Stop, call the hotline, wait")
    a.locator("input[name=hotlines]").fill("+000 111 222")
    a.get_by_role("button", name="Save the draft").click()
    expect(a.locator("#agreement-state")).to_have_text("draft")
    a.get_by_role("button", name="Submit to the intermediary").click()
    expect(a.locator("#agreement-state")).to_have_text("submitted")
    agreement = Agreement.objects.get()

    # The intermediary sees exactly what it will relay, and relays it.
    lead.goto(f"/corridors/{agreement.pk}/")
    expect(lead.locator("#relay")).to_contain_text("Version 1")
    lead.locator("#relay-button").click()
    expect(lead.locator("#agreement-state")).to_have_text("negotiating")

    # Party B counters with a change of escort.
    b.goto(f"/corridors/{agreement.pk}/")
    expect(b.locator("#current-text")).to_contain_text("Plyokhovo")
    b.locator("#counter").click()
    b.locator("textarea[name=escort]").fill("Two vehicles of the intermediary, front and rear")
    b.get_by_role("button", name="Propose this version").click()
    expect(b.locator("#version-2")).to_contain_text("Two vehicles of the intermediary")
    lead.reload()
    lead.locator("#relay-button").click()

    # Both accept the same hash; the first acceptance alone is not agreement.
    b.reload()
    b.locator("#accept").click()
    expect(b.locator("#agreement-state")).to_have_text("accepted by party B")
    a.goto(f"/corridors/{agreement.pk}/")
    expect(a.locator("#version-2")).to_contain_text("front and rear")
    a.locator("#accept").click()
    expect(a.locator("#agreement-state")).to_have_text("agreed")
    agreement.refresh_from_db()
    assert agreement.accepted_a_hash == agreement.accepted_b_hash == agreement.agreed_hash
    _screenshot(a, "corridor-agreed-phone")

    # Notifications: the missing acknowledgement is an alert until each party acknowledges.
    lead.reload()
    lead.locator("#notify").click()
    expect(lead.locator("#agreement-state")).to_have_text("notified")
    expect(lead.locator("#ack-alerts")).to_contain_text("Party A")
    for page in (a, b):
        page.reload()
        page.get_by_role("button", name="Acknowledge receipt").click()
        expect(page.locator("#notifications")).to_contain_text("Org")
    lead.reload()
    expect(lead.locator("#ack-alerts")).to_have_count(0)
    expect(lead.locator("#notifications")).to_contain_text("Org a")
    expect(lead.locator("#notifications")).to_contain_text("Org b")

    # A field registrar of party A registers two households on a phone.
    registrar = phone.page
    user = users["a:field_registrar"]
    _sign_in_with_password(registrar, user.username)
    registrar.locator("input[name=code]").fill(current_code(user))
    registrar.get_by_role("button", name="Sign in").click()
    for family, people in (
        ("Щербакова", [("Оксана", "leave", True), ("Ирина", "leave", False)]),
        ("Морозов", [("Пётр", "stay", False)]),
    ):
        registrar.goto("/corridors/register/")
        registrar.locator("select[name=settlement]").select_option(str(places["Sudzha"].pk))
        registrar.locator("select[name=destination]").select_option(str(places["Kursk"].pk))
        registrar.locator("input[name=witness]").fill("Village head, A. Ivanova")
        registrar.locator("select[name=agreement]").select_option(str(agreement.pk))
        for n, (given, decision, chair) in enumerate(people):
            registrar.locator(f"input[name=m-{n}-family_name]").fill(family)
            registrar.locator(f"input[name=m-{n}-given_name]").fill(given)
            registrar.locator(f"select[name=m-{n}-decision]").select_option(decision)
            if chair:
                registrar.locator(f"input[name=m-{n}-wheelchair]").check()
                registrar.locator(f"select[name=m-{n}-priority]").select_option("1")
        _fits(registrar)
        registrar.locator("#register-submit").click()
        expect(registrar.locator("#registered")).to_contain_text("Saved.")
    expect(registrar.locator("#registered-people")).to_contain_text("withdrawn")
    expect(registrar.locator("#registered-people")).not_to_contain_text("declined")
    _screenshot(registrar, "corridor-registered-phone")
    phone.assert_clean()

    # The waiting relative: a tracing request for Oksana, consent to news recorded.
    oksana = Person.objects.get(given_name="Оксана")
    enquirer, secret = tracing.file_request(
        tracing.Request(
            sought_name="Oksana Shcherbakova",
            enquirer_name="Iryna",
            relationship="daughter",
            email="i@example.org",
            language="en",  # the relative reads English: the arrival message follows
        ),
        captcha=solve(challenge()),
        address="198.51.100.9",
    )
    worker = users["int:caseworker"]
    tracing.accept(worker, enquirer.case_id)
    # The matcher may have proposed her already; otherwise the caseworker found her by hand.
    candidate, _ = TracingCandidate.objects.get_or_create(
        case=enquirer.case,
        person=oksana,
        defaults={"organisation": enquirer.organisation, "probability": 0.95, "evidence": []},
    )
    tracing.confirm_candidate(worker, candidate.pk)
    tracing.record_consent(worker, enquirer.case_id, "news", news="Жива, ждёт эвакуации.")

    # The intermediary creates the convoy, plans it, sends and downloads the manifest.
    lead.goto(f"/corridors/{agreement.pk}/")
    lead.locator("input[name=departs_at]").fill(_local(start))
    lead.locator("textarea[name=vehicles]").fill(
        "Bus 1; 30; 1; 0; white, emblem\nAmbulance; 2; 0; 1"
    )
    lead.get_by_role("button", name="Create the convoy").click()
    lead.locator("#plan").click()
    expect(lead.locator("#plan-note")).to_contain_text("2 placed")
    bus = lead.locator("#vehicle-2")  # vehicles are listed by name: Ambulance, Bus 1
    expect(bus).to_contain_text("Щербакова Оксана")
    expect(bus).to_contain_text("Щербакова Ирина")
    lead.locator("#send-manifest").click()
    with lead.expect_download() as download:
        lead.locator("#manifest-pdf").click()
    assert Path(download.value.path()).read_bytes()[:4] == b"%PDF"
    lead.locator("#depart").click()
    expect(lead.locator("#convoy-state")).to_have_text("under way")
    convoy_url = lead.url
    codes = list(Evacuee.objects.exclude(code=None).values_list("code", flat=True))
    assert len(codes) == 2

    # At the crossing: each side types the codes on its phone; the counts reconcile live.
    for page, button in ((a, "Check out"), (b, "Check in")):
        page.goto(convoy_url + "handover/")
        for code in codes:
            page.locator("#code").fill(f"{code[:5]} {code[5:]}")
            page.get_by_role("button", name=button).click()
            expect(page.locator("#scan-result")).to_contain_text("Done:")
        _fits(page)
    expect(b.locator("#count-in")).to_have_text("2")
    expect(b.locator("#count-out")).to_have_text("2")
    expect(b.locator("#reconciled")).to_be_visible()
    expect(b.locator("#scan-result")).to_contain_text("Щербакова")
    _screenshot(b, "corridor-handover-phone")

    # Arrival closes each journey; the relative's status page says so.
    lead.goto(convoy_url)
    lead.locator("#confirm-arrival").click()
    expect(lead.locator("#convoy-state")).to_have_text("arrived")
    lead.goto(f"/corridors/{agreement.pk}/")
    expect(lead.locator("#state-counts")).to_contain_text("arrival confirmed")
    expect(lead.locator("#state-counts")).to_contain_text("declined")
    _screenshot(lead, "corridor-dashboard")
    relative = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="en-GB"
    ).new_page()
    relative.goto("/trace/status/")
    relative.locator("input[name=reference]").fill(enquirer.reference)
    relative.locator("input[name=secret]").fill(secret)
    relative.get_by_role("button", name="Check").click()
    expect(relative.locator("#status")).to_contain_text(
        "arrived safely through the humanitarian corridor"
    )
    body = relative.locator("main").inner_text()
    assert "Kursk" not in body
    assert "Курск" not in body
    _screenshot(relative, "corridor-relative-status")


def test_registration_kept_offline_is_sent_once_when_back_online(
    browser_world: World, phone: Phone
) -> None:
    places = settlements()
    page = phone.page
    user = browser_world.users["a:field_registrar"]
    _sign_in_with_password(page, user.username)
    page.locator("input[name=code]").fill(current_code(user))
    page.get_by_role("button", name="Sign in").click()
    page.goto("/corridors/register/")
    page.locator("select[name=settlement]").select_option(str(places["Sudzha"].pk))
    page.locator("select[name=destination]").select_option(str(places["Kursk"].pk))
    page.locator("input[name=witness]").fill("Neighbour")
    page.locator("input[name=m-0-family_name]").fill("Офлайн")
    page.locator("input[name=m-0-given_name]").fill("Мария")

    page.context.set_offline(True)
    page.locator("#register-submit").click()
    expect(page.locator("#offline-status")).to_contain_text("kept on this phone")
    assert not Person.objects.filter(family_name="Офлайн").exists()
    _screenshot(page, "corridor-register-offline")

    page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_contain_text("were sent", timeout=10_000)
    assert Person.objects.filter(family_name="Офлайн").count() == 1
    # The phone is reloaded and the queue flushed again: nothing is registered twice.
    page.reload()
    page.wait_for_timeout(500)
    assert Person.objects.filter(family_name="Офлайн").count() == 1
    phone.assert_clean()
