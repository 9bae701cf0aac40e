"""Browser journeys: Playwright's Python API driving Debian's Chromium against pytest-django's live server.

No browser is downloaded: Chromium comes from apt (`make test` installs it when root).
"""

import os

import pytest

from tests.conftest import CHROMIUM

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(15_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def login(live_server):
    """login(page, username, password) signs a user in through the real login form."""

    def do_login(pg, username: str, password: str = "correct-horse-battery") -> None:
        pg.goto("/accounts/login/")
        pg.get_by_label("Username").fill(username)
        pg.get_by_label("Password").fill(password)
        pg.get_by_role("button", name="Sign in").click()
        pg.wait_for_load_state()

    return do_login
