"""A headless Chromium through Playwright, whose pages are checked with axe-core and at 375 px."""

import os
from pathlib import Path

import pytest

from intro_program.tests.plugins.services import _missing_service

BASE_DIR = Path(__file__).resolve().parents[3]

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium driven by Playwright."""
    if not Path(CHROMIUM).exists():
        _missing_service(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser page; `page.base_url` is the live server's address.

    Every page the journey loads is checked with axe-core (WCAG 2.1 AA: no serious or critical violation)
    and at 375 px wide (no sideways scrolling); the test fails at its end naming each page and problem.
    Mark a test `no_page_check` only where it visits pages on purpose broken (none does today).
    """
    from intro_program.tests.pagecheck import PageChecker

    context = browser.new_context(base_url=live_server.url, locale="sv-SE", viewport={"width": 1366, "height": 900})
    new_page = context.new_page()
    new_page.set_default_timeout(15_000)
    checker = PageChecker(context)
    if not request.node.get_closest_marker("no_page_check"):
        new_page.on("load", lambda loaded: checker.record(loaded.url))
    new_page.page_checker = checker
    yield new_page
    if not new_page.is_closed():
        new_page.evaluate("1")  # a round trip, so the last page's load event is handled before the check
    checker.check_all()
    problems = checker.report()
    context.close()
    if problems:
        pytest.fail(f"pages the journey visited fail the accessibility or phone check:\n{problems}", pytrace=False)


@pytest.fixture
def screenshot_dir():
    folder = BASE_DIR / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def browser_login(page, username: str, password: str):
    """Log in through the real login form."""
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    if hasattr(page, "page_checker"):
        page.page_checker.login = (username, password)
