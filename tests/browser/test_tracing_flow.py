"""A relative asks on a phone; a caseworker confirms the candidate and records consent
"news only"; the relative's status page shows the news and nothing more."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from corridor.tracing.models import TracingCase
from tests.browser.test_login_flow import (
    Phone,
    _screenshot,
    _sign_in_with_password,
)
from tests.factories import World, current_code
from tests.tracing.helpers import register_oksana

pytestmark = pytest.mark.browser


def test_request_candidate_consent_and_news(
    browser: Browser, live_server, browser_world: World, phone: Phone
) -> None:
    register_oksana(browser_world)
    page = phone.page

    # The relative, not signed in, on a phone.
    page.goto("/trace/")
    expect(page.locator("#privacy-notice")).to_be_visible()
    page.locator("input[name=sought_name]").fill("Oksana Shcherbakova")
    page.locator("input[name=sought_birth]").fill("about 65")
    page.locator("select[name=sought_sex]").select_option("F")
    page.locator("input[name=sought_place]").fill("Sudzha")
    page.locator("input[name=enquirer_name]").fill("Iryna")
    page.locator("input[name=relationship]").fill("daughter")
    page.locator("input[name=email]").fill("iryna@example.org")
    page.locator("input[name=agree]").check()
    send = page.get_by_role("button", name="Send the request")
    expect(send).to_be_enabled(timeout=30_000)  # the browser solved the proof of work
    phone.assert_fits_width()
    _screenshot(page, "tracing-request-form")
    send.click()
    reference = page.locator("#reference").inner_text()
    secret = page.locator("#secret").inner_text()
    assert reference.startswith("TR-")
    _screenshot(page, "tracing-request-done")

    # The caseworker, in another browser context.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1200, "height": 900}, locale="en-GB"
    )
    desk = context.new_page()
    worker = browser_world.users["int:caseworker"]
    _sign_in_with_password(desk, worker.username)
    desk.locator("input[name=code]").fill(current_code(worker))
    desk.get_by_role("button", name="Sign in").click()
    expect(desk).to_have_url(re.compile(r"/$"))
    desk.goto("/cases/")
    desk.get_by_role("link", name="Oksana Shcherbakova").click()
    candidate = desk.locator("#candidate-1")
    expect(candidate).to_contain_text("Щербакова Оксана Владимировна")
    expect(candidate).to_contain_text("same family name")
    _screenshot(desk, "tracing-case-candidate")
    candidate.get_by_role("button", name="This is the person sought").click()
    expect(desk.locator("#case-state")).to_have_text("located")
    desk.locator("select[name=scope]").select_option("news")
    desk.locator("textarea[name=news]").fill("Мама жива і здорова, живе у сестри.")
    desk.locator("input[name=contact]").fill("+380 50 111 2233")
    desk.get_by_role("button", name="Record consent").click()
    expect(desk.locator("#case-state")).to_have_text("news only")
    _screenshot(desk, "tracing-case-news-only")
    context.close()

    # The relative checks: the news, and nothing more.
    page.goto("/trace/status/")
    page.locator("input[name=reference]").fill(reference)
    page.locator("input[name=secret]").fill(secret)
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#news")).to_contain_text("Мама жива і здорова")
    body = page.locator("main").inner_text()
    for hidden in ("+380", "Sudzha", "Суджа", "Щербакова Оксана Владимировна", "located"):
        assert hidden not in body
    phone.assert_fits_width()
    _screenshot(page, "tracing-status-news")
    phone.assert_clean()
    assert TracingCase.objects.get().state == "news_only"
