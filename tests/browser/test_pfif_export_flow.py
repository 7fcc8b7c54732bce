"""A caseworker asks for a PFIF export on a phone, the data protection officer approves it in
the queue, the caseworker downloads it once: driven through Debian's chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from corridor.registry import services as registry
from tests.browser.test_login_flow import Phone, _screenshot, sign_in
from tests.factories import World

pytestmark = pytest.mark.browser


def test_an_export_is_asked_for_approved_and_downloaded_once(
    phone: Phone, browser: Browser, live_server, browser_world: World
) -> None:
    registry.register_person(
        browser_world.users["int:field_registrar"],
        registry.PersonDetails(family_name="Щербакова", given_name="Оксана", birth_year=1961),
    )
    worker = sign_in(phone.page, browser_world.users["int:caseworker"])
    worker.goto("/pfif/exports/")
    worker.locator("textarea[name=purpose]").fill("Transfer to the tracing agency, case batch 12")
    worker.get_by_role("button", name="Ask for approval").click()
    row = worker.locator("#my-exports tbody tr").first
    expect(row).to_contain_text("Transfer to the tracing agency")
    expect(row.get_by_role("button", name="Download once")).to_have_count(0)
    phone.assert_fits_width()
    _screenshot(worker, "pfif-export-asked")

    desk = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    ).new_page()
    dpo = sign_in(desk, browser_world.users["int:dpo"])
    dpo.goto("/pfif/exports/queue/")
    pending = dpo.locator("#pending tbody tr").first
    expect(pending).to_contain_text("Transfer to the tracing agency")
    pending.get_by_role("button", name="Approve").click()
    expect(dpo.locator("#decided")).to_contain_text("Transfer to the tracing agency")
    _screenshot(dpo, "pfif-export-queue")

    worker.reload()
    row = worker.locator("#my-exports tbody tr").first
    with worker.expect_download() as download:
        row.get_by_role("button", name="Download once").click()
    document = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Щербакова" in document
    assert "pfif" in document
    worker.goto("/pfif/exports/")
    row = worker.locator("#my-exports tbody tr").first
    expect(row.get_by_role("button", name="Download once")).to_have_count(0)
    expect(row.locator(".state")).to_contain_text(re.compile("downloaded", re.I))
    phone.assert_clean()
