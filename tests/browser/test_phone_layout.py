"""The portal on a 390 by 844 phone: no page is wider than the screen, for the public, an officer
and a coordinator, in English and Japanese; the header folds behind a menu button that works
with a keyboard and stays open without JavaScript.

The pages are found as a person finds them: from the home page, following every link of the
portal's own (one page per kind: the first meeting reached stands for every meeting), plus the
pages only a form's answer shows (the slot finder's times, a filtered catalogue).

``SCREENSHOTS=/tmp/somewhere`` also saves the key pages at phone and desktop width, to look at.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from django.utils import translation
from playwright.sync_api import expect

from cooperation_portal.management.commands.seed_demo import DEMO_PASSWORD
from tests import factories
from tests.browser.session import log_in, open_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: Not pages: files, feeds, exports, actions, and the admin (Django's own, not ours).
NOT_PAGES = re.compile(
    r"/admin/|\.(csv|json|ics|xml)$|/feed/|/pdf/|/files/|/images/|/previews/|/u/|/logout/"
    r"|/reauthenticate/|/2fa/.+|/setlang/|/signup/"
)
#: Pages that only a form's answer shows.
ANSWERS = [
    "meetings/slots/?participants=city:kamakura&participants=city:glasgow"
    "&participants=body:isinnova&first_day=2030-01-14&last_day=2030-01-16&duration=60",
    "practices/?q=mobility",
]
#: The pages to photograph (by URL name), at phone and desktop width.
KEY_PAGES = {
    "home",
    "catalogue",
    "detail",
    "meeting_list",
    "meeting_create",
    "dashboard",
    "invitation_list",
    "slot_finder",
    "plan_current",
    "workstream",
}
WIDEST = """width => [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .slice(-3)
    .map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === "string"
        ? "." + e.className.trim().split(/\\s+/).join(".") : "")
        + " → " + Math.round(e.getBoundingClientRect().right) + "px")"""


def _crawl(page, base: str, language: str, shots: Path | None, who: str) -> tuple[list[str], int]:
    """Visit one page of every kind reachable from the home page; return the overflows and
    how many pages were measured."""
    overflows: list[str] = []
    queue = [f"/{language}/{answer}" for answer in ANSWERS] + [f"/{language}/"]
    seen_paths: set[str] = set()
    seen_kinds: set[str] = set()
    measured = 0
    with translation.override(language):
        while queue:
            url = queue.pop(0)
            path = urlsplit(url).path
            if url in seen_paths:
                continue
            seen_paths.add(url)
            try:
                kind = resolve(path).url_name or path
            except Resolver404:
                continue
            if kind in seen_kinds:
                continue
            seen_kinds.add(kind)
            response = page.goto(base + url)
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            measured += 1
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                widest = page.evaluate(WIDEST, PHONE["width"])
                overflows.append(f"{who}: {url} is {width}px wide ({', '.join(widest)})")
            if shots is not None and kind in KEY_PAGES:
                name = f"{who.split('@')[0]}-{language}-{kind}"
                page.screenshot(path=str(shots / f"{name}-390.png"), full_page=True)
                page.set_viewport_size(DESKTOP)
                page.screenshot(path=str(shots / f"{name}-1280.png"), full_page=True)
                page.set_viewport_size(PHONE)
            links = page.eval_on_selector_all(
                "a[href]", "as => as.map(a => new URL(a.getAttribute('href'), location.href).href)"
            )
            for link in links:
                parts = urlsplit(link)
                if parts.netloc != urlsplit(base).netloc:
                    continue
                if parts.path.startswith(f"/{language}/") and not NOT_PAGES.search(parts.path):
                    queue.append(parts.path)
    return overflows, measured


def test_no_page_is_wider_than_a_phone(live_server, new_page):
    call_command("seed_demo", force=True, verbosity=0)
    # One workstream folded on the plan's page: its link, its own timeline and the page links
    # of both lists are on the crawl's way.
    factories.long_workstream()
    shots = Path(os.environ["SCREENSHOTS"]) if os.environ.get("SCREENSHOTS") else None
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
    overflows: list[str] = []
    for who in (None, "officer.kamakura@example.org", "coordinator.isinnova@example.org"):
        page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
        if who:
            log_in(page, live_server.url, who, DEMO_PASSWORD)
        for language in ("en", "ja"):
            found, measured = _crawl(page, live_server.url, language, shots, who or "public")
            # Every kind of page the person can reach: a dozen for the public, more signed in.
            assert measured >= (12 if who is None else 25), (who, language, measured)
            overflows += found
    assert overflows == [], "\n".join(overflows)


def test_the_menu_button_folds_the_header_on_a_phone(live_server, new_page):
    page = new_page(locale="ja-JP", viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(live_server.url + "/ja/")
    button = page.get_by_role("button", name="メニュー")
    partnerships = page.locator("header").get_by_role("link", name="都市間連携")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "site-menu")
    expect(partnerships).to_be_hidden()
    # The header is a line, not half the screen.
    header = page.locator("header").bounding_box()
    assert header is not None and header["height"] < 100
    # The portal's name and the button do not overlap.
    name = page.locator(".brand-text").bounding_box()
    menu = button.bounding_box()
    assert name is not None and menu is not None and name["x"] + name["width"] <= menu["x"]
    assert page.locator(".brand-text").evaluate("e => e.scrollWidth <= e.clientWidth")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(partnerships).to_be_visible()
    # A label is one line: 都市間連携 (the longest label) is not broken in the middle.
    box = partnerships.bounding_box()
    assert box is not None and box["height"] < 2 * 30
    # Escape folds it away and leaves the focus on the button.
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(partnerships).to_be_hidden()
    expect(button).to_be_focused()
    # With the keyboard: Enter opens it again.
    page.keyboard.press("Enter")
    expect(partnerships).to_be_visible()
    # On a desktop the links are always there and the button is not.
    page.set_viewport_size(DESKTOP)
    expect(button).to_be_hidden()
    expect(partnerships).to_be_visible()
    # Signed in, "Log out" in the opened menu is a button one can tap.
    page.set_viewport_size(PHONE)
    factories.officer("kamakura", email="misaki@example.org", preferred_language="ja")
    log_in(page, live_server.url, "misaki@example.org")
    open_menu(page)
    page.get_by_role("button", name="ログアウト").click()
    expect(page.locator("header form[action$='/accounts/logout/']")).to_have_count(0)


def test_without_javascript_the_header_stays_open(live_server, new_page):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(live_server.url + "/en/")
    expect(page.locator("header").get_by_role("link", name="Best practices")).to_be_visible()
    expect(page.locator("header .menu-button")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_catalogue_shows_its_first_result_near_the_top(live_server, new_page):
    call_command("seed_demo", force=True, verbosity=0)
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(live_server.url + "/en/practices/")
    first = page.locator(".practice-card").first
    box = first.bounding_box()
    assert box is not None and box["y"] < PHONE["height"] * 1.5, box
    # The facets are a drawer: folded, and open on a tap.
    drawer = page.locator("details.facets-drawer")
    expect(drawer).not_to_have_attribute("open", "")
    page.get_by_text("Filter", exact=True).click()
    expect(page.locator(".facet").first).to_be_visible()
    # On a desktop they are open beside the results.
    wide = new_page(viewport=DESKTOP)
    wide.goto(live_server.url + "/en/practices/")
    expect(wide.locator(".facet").first).to_be_visible()
