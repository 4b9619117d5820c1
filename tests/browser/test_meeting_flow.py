from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from exchanges.models import Meeting
from tests import factories
from tests.browser.session import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(new_page, base, email, zone):
    page = new_page(timezone_id=zone, accept_downloads=True)
    log_in(page, base, email)
    return page


def _download_ics(page):
    with page.expect_download() as info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    calendar = Calendar.from_ical(Path(info.value.path()).read_bytes())
    return calendar.walk("VEVENT")[0]


def test_coordinator_schedules_kamakura_glasgow_with_the_slot_finder(live_server, new_page):
    base = live_server.url
    factories.coordinator("isinnova", email="giulia@example.org")
    factories.officer("kamakura", email="misaki@example.org")
    factories.officer("glasgow", email="fiona@example.org")
    # A winter week of next year, clear of Japanese and British holidays.
    year = timezone.now().year + 1
    first, last = date(year, 1, 19), date(year, 1, 21)

    coordinator = _log_in(new_page, base, "giulia@example.org", "Europe/Rome")
    coordinator.get_by_role("link", name="Meetings", exact=True).click()
    coordinator.get_by_role("link", name="Find a time").click()
    coordinator.get_by_label("Kamakura").check()
    coordinator.get_by_label("Glasgow").check()
    coordinator.get_by_label("From").fill(first.isoformat())
    coordinator.get_by_label("To").fill(last.isoformat())
    coordinator.get_by_label("Duration in minutes").fill("60")
    coordinator.get_by_role("button", name="Find times").click()
    expect(coordinator.get_by_role("heading", name="Times that suit everyone")).to_be_visible()
    # The only hour both working days share in winter: 17:00 in Kamakura, 08:00 in Glasgow.
    expect(coordinator.get_by_text("17:00–18:00 JST").first).to_be_visible()
    coordinator.get_by_role("link", name="Schedule").first.click()

    # The form is filled in the coordinator's own zone (Rome: 09:00 CET), with a host among
    # the participants: ISINNOVA does not take part, so the first participant of the list,
    # Glasgow (never Rotterdam, the first city of all, which does not take part).
    expect(coordinator.get_by_label("Start")).to_have_value("09:00")
    expect(coordinator.get_by_label("Host")).to_have_value("city:glasgow")
    coordinator.get_by_label("Title (English)").fill("Charging hubs and rural transport")
    coordinator.get_by_label("Title (Japanese)").fill("充電ハブと地域交通")
    coordinator.get_by_label("Host").select_option("city:glasgow")
    coordinator.get_by_role("button", name="Schedule the meeting").click()
    expect(coordinator.get_by_text("The meeting has been scheduled.")).to_be_visible()
    meeting = Meeting.objects.get()
    assert meeting.time_zone == "Europe/London"
    assert meeting.starts_at.astimezone(meeting.zone).strftime("%H:%M") == "08:00"

    # The Kamakura officer sees it in JST, the Glasgow officer in GMT; both take the .ics.
    for email, zone, expected, tzid in (
        ("misaki@example.org", "Asia/Tokyo", "17:00–18:00 JST (you)", "Europe/London"),
        ("fiona@example.org", "Europe/London", "08:00–09:00 GMT (Glasgow, you)", "Europe/London"),
    ):
        page = _log_in(new_page, base, email, zone)
        page.goto(base + meeting.get_absolute_url())
        expect(page.locator(".when").first).to_contain_text(expected)
        event = _download_ics(page)
        assert str(event["UID"]) == f"{meeting.uid}@cooperation-portal"
        assert event["DTSTART"].params["TZID"] == tzid
        assert event.decoded("DTSTART") == meeting.starts_at
