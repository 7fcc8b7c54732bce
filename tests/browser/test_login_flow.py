"""Two-factor sign-in and the language switcher, driven through Debian's chromium on a phone-sized screen."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib
import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, expect, sync_playwright

from tests.factories import PASSWORD, World, build_world, current_code

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
UK_PO = REPO_ROOT / "corridor" / "locale" / "uk" / "LC_MESSAGES" / "django.po"
CHROMIUM = os.environ.get("CORRIDOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
CSP = "Content Security Policy"
ASSET_TYPES = {"stylesheet", "script", "image", "font"}


@dataclass
class Phone:
    page: Page
    console: list[ConsoleMessage] = field(default_factory=list)
    broken_assets: list[str] = field(default_factory=list)  # "<status> <url>" of CSS/JS/images

    def on_response(self, response: Response) -> None:
        if response.request.resource_type in ASSET_TYPES and response.status >= 400:
            self.broken_assets.append(f"{response.status} {response.url}")

    def assert_clean(self) -> None:
        violations = [f"{m.type}: {m.text}" for m in self.console if CSP in m.text]
        assert not violations, "Content Security Policy violations:\n" + "\n".join(violations)
        assert not self.broken_assets, "assets failed to load:\n" + "\n".join(self.broken_assets)

    def assert_fits_width(self) -> None:
        scroll_width = self.page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= PHONE["width"], (
            f"page is {scroll_width}px wide on a {PHONE['width']}px phone"
        )


@pytest.fixture(scope="module", autouse=True)
def _allow_orm_beside_playwright() -> Iterator[None]:
    # The sync Playwright API keeps an asyncio loop in this thread; Django would otherwise
    # refuse ORM calls (factories, TOTP codes, the test database flush) made while it runs.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser(_allow_orm_beside_playwright) -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser: Browser, live_server) -> Iterator[Phone]:
    """A fresh phone-sized page asking for English, watching the console and asset loads."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
    )
    phone = Phone(context.new_page())
    # Playwright wants plain functions or bound Python methods as handlers, not list.append.
    phone.page.on("console", lambda message: phone.console.append(message))
    phone.page.on("response", phone.on_response)
    yield phone
    context.close()


@pytest.fixture
def browser_world(live_server) -> World:
    # live_server brings transactional_db, so the live server's thread sees these rows.
    return build_world()


def _screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _sign_in_with_password(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/code/$"))


def sign_in(page: Page, user) -> Page:
    """Both factors, ending on the dashboard."""
    _sign_in_with_password(page, user.username)
    page.locator("input[name=code]").fill(current_code(user))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/$"))
    return page


def _uk_dashboard() -> str | None:
    """The Ukrainian for "Dashboard" in the catalogue, or None while it is not translated yet."""
    if not UK_PO.is_file():
        return None
    entry = polib.pofile(str(UK_PO)).find("Dashboard")
    if entry is None or not entry.translated():  # untranslated or fuzzy
        return None
    return entry.msgstr


def _wrong_code(user) -> str:
    """Six digits that no step within the device's tolerance accepts right now."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    valid = {
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + d):06d}"
        for d in range(-device.tolerance - 1, device.tolerance + 2)
    }
    return next(
        c for c in (f"{n:06d}" for n in (0, 111111, 222222, 333333, 424242)) if c not in valid
    )


def test_phone_sign_in_with_code_then_switch_to_ukrainian(
    phone: Phone, browser_world: World
) -> None:
    page = phone.page
    user = browser_world.users["a:liaison_officer"]

    _sign_in_with_password(page, user.username)
    page.locator("input[name=code]").fill(current_code(user))
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.locator("header.top")).to_contain_text(user.username)
    phone.assert_fits_width()
    _screenshot(page, "login-dashboard-en")

    page.get_by_role("button", name="Українська").click()

    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.get_by_role("button", name="Українська")).to_have_attribute("aria-current", "true")
    expected = _uk_dashboard()
    if expected is not None:
        # The catalogue translates it; the page must show it (else the .mo is stale: `make messages`).
        expect(page.get_by_role("heading", level=1)).to_have_text(expected)
    expect(page.locator("header.top")).to_contain_text(user.username)
    phone.assert_fits_width()
    _screenshot(page, "login-dashboard-uk")

    phone.assert_clean()


def test_wrong_code_is_refused_next_to_the_field(phone: Phone, browser_world: World) -> None:
    page = phone.page
    user = browser_world.users["a:liaison_officer"]

    _sign_in_with_password(page, user.username)
    page.locator("input[name=code]").fill(_wrong_code(user))
    page.get_by_role("button", name="Sign in").click()

    field = page.locator(".field", has=page.locator("input[name=code]"))
    expect(field).to_have_class(re.compile(r"\binvalid\b"))
    error = field.locator(".error[role=alert]")
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    phone.assert_fits_width()
    _screenshot(page, "login-wrong-code")

    # Still on the code step, nobody in the header, and the dashboard sends us back to sign in.
    expect(page).to_have_url(re.compile(r"/accounts/login/code/$"))
    expect(page.locator("header.top .who")).to_have_count(0)
    expect(page.locator("header.top")).not_to_contain_text(user.username)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/(\?next=/)?$"))

    phone.assert_clean()
