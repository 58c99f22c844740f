"""Headless Chromium (Debian's) driven by Playwright against pytest-django's live server.

Playwright's sync API runs an event loop in the test's thread, and Django refuses
database access from a thread with a running loop. So the browser lives for one
test module at a time, and Django's guard is lifted only while it does.
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="module")
def browser(django_db_setup):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


class Tab:
    """A page plus what it saw go wrong: console errors (CSP violations among them)."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.console_errors: list[str] = []
        page.on(
            "console",
            lambda message: (
                self.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on(
            "response",
            lambda response: (
                self.console_errors.append(f"{response.status} {response.url}")
                if response.status >= 400
                else None
            ),
        )
        page.on("dialog", lambda dialog: dialog.accept())

    def goto(self, path):
        return self.page.goto(self.base_url + path)

    def assert_accessible(self):
        """No serious or critical axe-core violation on the page as it is now."""
        results = Axe().run(self.page)
        blocking = [
            f"{violation['id']} ({violation['impact']}): {violation['help']} — "
            + "; ".join(node["target"][0] for node in violation["nodes"][:3])
            for violation in results.response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
        assert blocking == [], f"{self.page.url}: " + "\n".join(blocking)

    def assert_no_console_errors(self):
        assert self.console_errors == []

    def sign_in(self, email, password):
        self.goto("/accounts/login/")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state()


@pytest.fixture
def tab(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield Tab(page, live_server.url)
    context.close()


@pytest.fixture
def phone_tab(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield Tab(page, live_server.url)
    context.close()


@pytest.fixture
def uvicorn_server(transactional_db):
    """Debrief under uvicorn in a subprocess on the test database, for the pages that
    stream (the live debrief): pytest-django's live server is WSGI and cannot."""
    from tests.asgi_server import asgi_server

    with asgi_server() as server:
        yield server
