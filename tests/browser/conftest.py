"""Playwright driving Debian's Chromium (headless) against pytest-django's live server.

Every page a test opens comes from ``new_page`` (or the ``page`` fixture, one such page), so
each browser context is closed after the test, and a failed test leaves a full-page screenshot
of every page it had open in ``test-artifacts/``.
"""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around
# it (setting up rows, checking them) are ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
INSTALL_HINT = (
    "The browser tests drive Debian's Chromium. Install it with "
    "`apt-get install chromium fonts-noto-cjk` (.ci/run does), point CHROMIUM_PATH at another "
    "Chromium, or leave these tests out with PYTEST_ARGS=\"-m 'not browser'\"."
)


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    from tests.reference_data import ensure_reference_data

    ensure_reference_data()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}. {INSTALL_HINT}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, request) -> Iterator[Callable[..., Any]]:
    """``new_page(locale="ja-JP", timezone_id="Asia/Tokyo")``: a page in a browser context of
    its own (its own cookies: another person). Closed after the test, photographed on failure."""
    contexts = []

    def make(*, locale: str = "en-GB", timezone_id: str = "Asia/Tokyo", **options: Any) -> Any:
        context = browser.new_context(locale=locale, timezone_id=timezone_id, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for number, context in enumerate(contexts, start=1):
            for index, page in enumerate(context.pages, start=1):
                path = ARTIFACTS / f"{name}-{number}-{index}.png"
                page.screenshot(path=str(path), full_page=True)
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report
