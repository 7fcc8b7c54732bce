# The browser fixtures (a chromium per module, a phone-sized page, a world) for every browser test.
from tests.browser.test_login_flow import (  # noqa: F401
    _allow_orm_beside_playwright,
    browser,
    browser_world,
    phone,
)
