"""The calendar page offers both secret feeds as subscribe links and copies their addresses,
at phone width too; the addresses are the feeds themselves."""

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from exchanges.plan.demo import seed_plan
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_an_officer_subscribes_to_both_feeds(live_server, new_page, settings, width):
    settings.PORTAL_BASE_URL = live_server.url
    seed_plan(coordinator=factories.coordinator("isinnova"))
    factories.officer("tamana", email="kenji@example.org")
    page = new_page(viewport={"width": width, "height": 900}, locale="en-GB")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(live_server.url + "/en/accounts/login/")
    page.get_by_label("Email").fill("kenji@example.org")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/en/meetings/calendar/")
    page.get_by_role("button", name="Create my calendar address").click()

    for heading, field in (
        ("My meetings", "#feed-url"),
        ("Due dates of the action plan", "#due-dates-url"),
    ):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        address = page.locator(field).input_value()
        subscribe = page.get_by_role("region", name=heading, exact=True).get_by_role(
            "link", name="Subscribe in my calendar program"
        )
        assert subscribe.get_attribute("href") == "webcal://" + address.split("://", 1)[1]
        page.get_by_role("region", name=heading, exact=True).get_by_role(
            "button", name="Copy the address"
        ).click()
        expect(
            page.get_by_role("region", name=heading, exact=True).get_by_role("status")
        ).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == address
        feed = page.request.get(address)
        assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
        assert Calendar.from_ical(feed.body()).get("METHOD") == "PUBLISH"
    # Nothing sticks out of a phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
