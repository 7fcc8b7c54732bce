"""The import wizard on a phone: upload a mixed-script workbook, read the report, fix the mapping,
commit, and watch the progress bar fill while `corridor worker` imports the list."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from corridor.registry.models import SourceList, SourceRecord
from tests.browser.test_login_flow import Phone, _screenshot, _sign_in_with_password
from tests.factories import World, current_code
from tests.imports.test_worker import start_worker, stop
from tests.imports.workbooks import Sheet, xlsx

pytestmark = pytest.mark.browser

ROWS = [
    ["Список жителей, с. Гончаровка", None, None, None, None],  # a title line above the header
    ["Код", "ПІБ", "Дата нар.", "Стать", "Населений пункт"],
    ["HH-1", "Коваленко Олександр Петрович", date(1958, 4, 12), "чол.", "Суджа"],
    ["HH-1", "Коваленко Марія Іванівна", "1961", "жін.", "Суджа"],
    ["HH-2", "Shcherbakova Oksana", "~1950", "F", "Sudzha"],
    ["HH-3", "Іваненко Петро", "03.07.1961", "м", "с. Гончарівка"],
]


def test_import_wizard_from_upload_to_finished_progress_bar(
    phone: Phone, browser_world: World, settings, tmp_path
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page = phone.page
    user = browser_world.users["a:field_registrar"]
    _sign_in_with_password(page, user.username)
    page.locator("input[name=code]").fill(current_code(user))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/$"))

    workbook = tmp_path / "жители.xlsx"
    workbook.write_bytes(xlsx(Sheet("Гончаровка", ROWS)))
    page.goto("/imports/")
    page.locator("input[type=file]").set_input_files(str(workbook))
    page.get_by_role("button", name="Upload and check").click()

    # The household code was taken for the row id: the report names each repeated id's row.
    expect(page).to_have_url(re.compile(r"/imports/[0-9a-f-]{36}/$"))
    expect(page.locator("#report-summary")).to_contain_text("problem")
    problems = page.locator("#problems tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("4")  # the spreadsheet's own row number
    expect(problems.first).to_contain_text("Код")
    expect(page.get_by_role("button", name="Import")).to_have_count(0)
    phone.assert_fits_width()
    _screenshot(page, "import-report-problems")

    # Fix the mapping: the code is kept as an extra column, not used as the id.
    page.locator("select[data-header='Код']").select_option("")
    page.get_by_role("button", name="Check the list").click()
    expect(page.locator("#report-summary")).to_contain_text("All 4 rows are valid")
    expect(page.locator("#preview")).to_contain_text("Shcherbakova Oksana")
    expect(page.locator("#preview")).to_contain_text("Коваленко Олександр Петрович")
    _screenshot(page, "import-report-valid")

    worker = start_worker(pause=3)  # the writing step lingers, so the bar is seen moving
    try:
        page.get_by_role("button", name="Import").click()
        bar = page.locator("#import-bar")
        expect(bar).to_be_visible()
        seen = set()
        for _ in range(200):
            seen.add(int(bar.get_attribute("value") or 0))
            if page.locator("#import-done").count():
                break
            page.wait_for_timeout(100)
        expect(page.locator("#import-done")).to_contain_text("4 rows imported", timeout=60_000)
    finally:
        stop(worker)
    expect(page.locator("#import-bar")).to_have_attribute("value", "100")
    assert len(seen) >= 2, seen  # it moved while we watched
    phone.assert_fits_width()
    _screenshot(page, "import-done")

    source_list = SourceList.objects.get(organisation=user.organisation, name="жители")
    assert source_list.row_count == 4
    extra = SourceRecord.objects.filter(source_list=source_list).order_by("row_number")[0].extra
    assert extra == {"Код": "HH-1"}
    phone.assert_clean()
