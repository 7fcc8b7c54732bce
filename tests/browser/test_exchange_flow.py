"""Two lists imported by the parties' bureaus, reconciled by the intermediary, one dispute
resolved, a 5-for-5 round composed, accepted by both parties, executed, receipts confirmed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from corridor.exchange import protection
from corridor.exchange.models import ExchangeEntry, ExchangeRound
from tests.browser.test_login_flow import _screenshot, sign_in
from tests.exchange.helpers import ready_entries
from tests.factories import World

pytestmark = pytest.mark.browser

HELD_CSV = """Прізвище;Ім'я;По батькові;Дата народження;Звання;Особистий номер;Військова частина;Категорія
Shevchenko;Oleksandr;Oleksandrovych;12.04.1998;солдат;AB-100234;в/ч 1;
Шевченко;Олександр;Миколайович;03.02.1971;старшина;AB-009981;в/ч 1;важко поранений
Коваленко;Петро;Іванович;05.05.1990;сержант;AB-555001;в/ч 1;
Коваленко;Петро;Іванович;17.09.1991;сержант;AB-555777;в/ч 1;
Bondar;Andrii;Vasylovych;01.01.2001;солдат;AB-777000;в/ч 2;
Мельник;Іван;Петрович;03.03.1985;солдат;AB-123123;в/ч 2;
Мельник;Іван;Степанович;11.11.1987;солдат;AB-321321;в/ч 2;
"""
SOUGHT_CSV = """ФИО;Дата рождения;Личный номер;Кого известить
Шевченко Александр Александрович;12.04.1998;AB-100234;мать
Шевченко Александр Николаевич;03.02.1971;AB-009981;жена
Коваленко Петр Иванович;1990;AB-555001;
Коваленко Петр Иванович;;AB-555777;
Мельник Иван;;;
Ткаченко Сергей Викторович;1979;;
"""


def _desk(browser: Browser, live_server, world: World, key: str) -> Page:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    page = context.new_page()
    return sign_in(page, world.users[key])


def _import(page: Page, name: str, csv: str, kind: str) -> None:
    page.goto("/exchange/")
    page.locator("#upload-list").click()
    page.locator("input[name=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.locator("select[name=kind]").select_option(kind)
    page.locator("select[name=population]").select_option("pow")
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("#upload-state")).to_have_text("ready to import")
    _screenshot(page, f"exchange-upload-{kind}")
    page.locator("#import").click()
    expect(page.locator("#entries tbody tr")).to_have_count(csv.count("\n") - 1)
    page.locator("#submit-list").click()
    expect(page.locator("#entries .state").first).to_have_text("submitted via the intermediary")


def test_lists_reconciled_dispute_resolved_round_of_five_exchanged(
    browser: Browser, live_server, browser_world: World
) -> None:
    world = browser_world
    ready_entries(world, "b", 5)  # B's side of the round: already verified and interviewed

    # Each party's information bureau imports its list.
    bureau_a = _desk(browser, live_server, world, "a:bureau_officer")
    _import(bureau_a, "held-by-a.csv", HELD_CSV, "held")
    bureau_a.context.close()
    bureau_b = _desk(browser, live_server, world, "b:bureau_officer")
    _import(bureau_b, "sought-by-b.csv", SOUGHT_CSV, "sought")
    bureau_b.context.close()

    # The intermediary reconciles and settles the one dispute it can.
    desk = _desk(browser, live_server, world, "int:caseworker")
    desk.goto("/exchange/")
    desk.locator("#run-reconciliation").click()
    expect(desk.locator("#section-matched article")).to_have_count(4)
    expect(desk.locator("#section-disputed article")).to_have_count(2)
    # Bondar, and B's five whom A does not seek.
    expect(desk.locator("#section-held_only article")).to_have_count(6)
    expect(desk.locator("#section-sought_only article")).to_have_count(1)
    expect(desk.locator("#section-matched")).to_contain_text("same number")
    _screenshot(desk, "exchange-reconciliation")
    dispute = desk.locator("#section-disputed article", has_text="Петрович")
    expect(dispute).to_contain_text("more than one candidate")
    dispute.get_by_role("button", name="Same person").click()
    expect(desk.locator("#open-discrepancies")).to_contain_text("8 discrepancies open")
    desk.context.close()

    # A protection delegate verifies custody and interviews one man in private (the rest
    # were visited the same way, recorded here through the services).
    delegate_user = world.users["int:protection_delegate"]
    held = ExchangeEntry.objects.filter(organisation=world.orgs["a"], kind="held")
    chosen = [e for e in held if e.state == "matched"]
    assert len(chosen) == 5
    delegate = _desk(browser, live_server, world, "int:protection_delegate")
    delegate.goto(f"/exchange/entries/{chosen[0].pk}/")
    delegate.locator("#verify").click()
    expect(delegate.locator("#entry-state")).to_have_text("custody verified")
    delegate.locator("input[value=wants_repatriation]").check()
    delegate.locator("#interview-notes").fill("Wants to go home to his mother.")
    delegate.get_by_role("button", name="Record the interview").click()
    expect(delegate.locator("#entry-state")).to_have_text("interviewed: wishes to return")
    delegate.context.close()
    for entry in chosen[1:]:
        protection.verify_custody(delegate_user, entry.pk)
        protection.interview(delegate_user, entry.pk, "wants_repatriation")

    # The operations lead composes five for five and proposes it.
    lead = _desk(browser, live_server, world, "int:operations_lead")
    lead.goto("/exchange/")
    lead.locator("input[name=name]").fill("Round 1: five for five")
    lead.locator("select[name=formula]").select_option("n_for_n")
    lead.locator("select[name=category]").select_option("any")
    lead.locator("input[name=size]").fill("5")
    lead.get_by_role("button", name="Compose the round").click()
    expect(lead.locator("#members tbody tr")).to_have_count(10)
    lead.locator("#propose").click()
    expect(lead.locator("#round-state")).to_have_text("proposed to both parties")
    round_url = lead.url
    version_hash = lead.locator("#version-hash").inner_text()

    # Both parties' liaison officers accept the same version (each signs in once: a code
    # is never accepted twice).
    liaisons = {c: _desk(browser, live_server, world, f"{c}:liaison_officer") for c in "ab"}
    for code, liaison in liaisons.items():
        liaison.goto(round_url)
        expect(liaison.locator("#version-hash")).to_have_text(version_hash)
        expect(liaison.locator("#members tbody tr")).to_have_count(10)
        liaison.locator("#accept").click()
        expect(liaison.locator("#acceptances")).to_contain_text("accepted this version")
        _screenshot(liaison, f"exchange-round-accepted-{code}")

    # Executed; every person handed over at the crossing.
    lead.reload()
    expect(lead.locator("#agreed")).to_be_visible()
    lead.locator("#execute").click()
    expect(lead.locator("#round-state")).to_have_text("being executed")
    for _ in range(10):
        lead.locator("button.handover").first.click()
    expect(lead.locator("button.handover")).to_have_count(0)
    _screenshot(lead, "exchange-round-handed-over")

    # Each receiving party confirms receipt, person by person.
    for liaison in liaisons.values():
        liaison.goto(round_url)
        for _ in range(5):
            liaison.locator("button.receipt").first.click()
        expect(liaison.locator("button.receipt")).to_have_count(0)
        liaison.context.close()
    lead.reload()
    expect(lead.locator("#round-state")).to_have_text("completed")
    expect(lead.locator("#counts")).to_contain_text("receipt confirmed")
    _screenshot(lead, "exchange-round-completed")
    lead.context.close()
    round_ = ExchangeRound.objects.get()
    assert round_.state == "completed"
    assert set(round_.members.values_list("entry__state", flat=True)) == {"received"}
