"""The map in a real browser: no request leaves the portal, its city links work with a mouse
and a keyboard, it fits a phone; the new pages pass axe-core; an officer answers a meeting
and reports progress from the dashboard."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from cooperation_portal.management.commands.seed_demo import DEMO_PASSWORD
from exchanges.models import Attendance, Milestone
from tests.browser.session import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_22_AA = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    }
}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _violations(page) -> list[str]:
    result = Axe().run(page, options=WCAG_22_AA)
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result.response["violations"]
    ]


def _record_requests(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def test_the_map_loads_nothing_from_outside_and_its_links_work(live_server, new_page, settings):
    call_command("seed_demo", force=True, verbosity=0)
    page = new_page(viewport={"width": 1280, "height": 900})
    requests = _record_requests(page)
    page.goto(live_server.url + "/en/")
    page.wait_for_load_state("networkidle")
    portal = urlsplit(live_server.url).netloc
    outside = [url for url in requests if urlsplit(url).netloc not in (portal, "")]
    assert outside == []
    assert any(url.endswith("/static/map/europe.svg") for url in requests)
    images = page.locator(".map-wide image")
    assert images.count() == 2
    # Both base maps were drawn (an image that failed to load has no size).
    for index in range(2):
        box = images.nth(index).bounding_box()
        assert box is not None and box["width"] > 100
    # A mouse: click Tamana on the map.
    page.locator(".map-wide a.map-place", has_text="Tamana").click()
    page.wait_for_url("**/en/cities/tamana/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Tamana")
    # A keyboard: tab to Kamakura on the map and press Enter.
    page.goto(live_server.url + "/en/cities/")
    kamakura = page.locator(".map-wide a.map-place", has_text="Kamakura")
    for _ in range(80):
        page.keyboard.press("Tab")
        if kamakura.evaluate("node => node === document.activeElement"):
            break
    else:
        pytest.fail("Kamakura on the map cannot be reached with the Tab key")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/cities/kamakura/")


def test_the_map_on_a_phone(live_server, new_page):
    call_command("seed_demo", force=True, verbosity=0)
    page = new_page(locale="ja-JP", viewport={"width": 390, "height": 844}, is_mobile=True,
                    has_touch=True)  # fmt: skip
    requests = _record_requests(page)
    page.goto(live_server.url + "/ja/cities/")
    page.wait_for_load_state("networkidle")
    portal = urlsplit(live_server.url).netloc
    assert [url for url in requests if urlsplit(url).netloc not in (portal, "")] == []
    assert page.locator(".map-wide").is_hidden() and page.locator(".map-tall").is_visible()
    box = page.locator(".map-tall").bounding_box()
    assert box is not None and box["width"] <= 390 and box["height"] > box["width"]
    # No part of the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".partner-map").screenshot(path=str(ARTIFACTS / "map-phone-ja.png"))
    page.locator(".map-tall a.map-place", has_text="玉名市").tap()
    page.wait_for_url("**/ja/cities/tamana/")
    # The text list, the map's alternative, names who met whom.
    page.goto(live_server.url + "/ja/cities/")
    page.get_by_text("地図の内容を一覧で表示").click()
    assert page.locator(".map-list li").count() == 11


def test_the_new_pages_have_no_wcag_violations(live_server, new_page):
    call_command("seed_demo", force=True, verbosity=0)
    page = new_page(viewport={"width": 1280, "height": 900})
    public = [
        "/en/",
        "/ja/cities/",
        "/en/partnerships/",
        "/ja/partnerships/?fy=2025",
        "/en/partnerships/rotterdam/hamamatsu/",
        "/ja/partnerships/glasgow/tamana/",
        "/en/cities/rotterdam/",
        "/ja/bodies/cabinet-office-japan/",
        "/en/figures/",
        "/ja/figures/",
    ]
    found = {}
    for url in public:
        page.goto(live_server.url + url)
        found[url] = _violations(page)
    log_in(page, live_server.url, "officer.kamakura@example.org", DEMO_PASSWORD)
    for url in ("/en/accounts/", "/ja/accounts/", "/en/cities/kamakura/"):
        page.goto(live_server.url + url)
        found[url] = _violations(page)
    page.context.clear_cookies()
    log_in(page, live_server.url, "coordinator.isinnova@example.org", DEMO_PASSWORD)
    for url in ("/en/accounts/", "/ja/accounts/"):
        page.goto(live_server.url + url)
        found[url] = _violations(page)
    phone = new_page(viewport={"width": 390, "height": 844})
    for url in ("/en/", "/ja/partnerships/"):
        phone.goto(live_server.url + url)
        found[f"{url} (390 px)"] = _violations(phone)
    assert {url: v for url, v in found.items() if v} == {}


def test_an_officer_answers_and_reports_progress_from_the_dashboard(live_server, new_page):
    call_command("seed_demo", force=True, verbosity=0)
    page = new_page(viewport={"width": 390, "height": 844})
    log_in(page, live_server.url, "officer.rotterdam@example.org", DEMO_PASSWORD)
    answer = page.get_by_role(
        "form", name="Your answer for Programme review: the pairs' next steps"
    )
    answer.get_by_role("button", name="Maybe").click()
    page.wait_for_url("**/en/accounts/")
    assert page.get_by_text("Your answer has been saved.").is_visible()
    assert Attendance.objects.get(user__email="officer.rotterdam@example.org").response == "maybe"
    assert answer.get_by_role("button", name="Maybe").get_attribute("aria-pressed") == "true"
    milestone = Milestone.objects.get(code="AP-1.4")
    page.locator(f"#qp-progress-{milestone.pk}").fill("75")
    page.locator(f"#qp-progress-{milestone.pk}").press("Enter")
    page.wait_for_url("**/en/accounts/")
    assert page.get_by_text("The progress of AP-1.4 has been recorded.").is_visible()
    milestone.refresh_from_db()
    assert milestone.progress == 75
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-officer-phone.png"), full_page=True)
