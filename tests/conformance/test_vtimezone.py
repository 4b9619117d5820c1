"""The VTIMEZONE writer on zones beyond the programme's own, read back by ical.js and vobject.

Each zone is written for events on both sides of its changes: a southern-hemisphere rule
(Sydney), a zone without daylight saving (Tokyo), a zone that gave it up (Mexico City, 2022),
a zone whose rule no RRULE can say (Jerusalem: the Friday before the last Sunday, at 02:00),
a time before the EU's current rule (Amsterdam, 1995) and a negative daylight-saving zone
(Casablanca, whose clocks go back for Ramadan). Every reader must convert each event's local
time to the UTC moment the tz database gives.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar, Event

from exchanges.meetings.vtimezone import vtimezone
from tests.conformance.checkers import icaljs, libical, vobject_read

MOMENTS = {
    "Australia/Sydney": [
        "2030-01-15T09:00", "2030-04-06T23:30", "2030-04-07T09:00", "2030-07-15T09:00",
        "2030-10-06T09:00",
    ],
    "Asia/Tokyo": ["2026-01-15T09:00", "2026-07-15T18:30"],
    "America/Mexico_City": [
        "2021-01-15T09:00", "2021-07-15T09:00", "2022-07-15T09:00", "2023-07-15T09:00",
        "2030-07-15T09:00",
    ],
    "Asia/Jerusalem": [
        "2030-01-15T09:00", "2030-03-29T09:00", "2030-07-15T09:00", "2030-10-27T09:00",
    ],
    "Europe/Amsterdam": [
        "1995-09-23T09:00", "1995-09-25T09:00", "2030-03-30T09:00", "2030-04-01T09:00",
    ],
    "Africa/Casablanca": ["2030-01-07T09:00", "2030-01-15T09:00", "2030-03-01T09:00"],
    "Europe/London": [
        "2029-12-10T08:00", "2030-07-16T09:00", "2030-10-27T00:30", "2030-10-27T03:00",
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def calendar() -> tuple[bytes, dict[str, datetime]]:
    """One file with every zone and an hour-long event at each local moment; and the UTC
    moment of each event as the tz database says."""
    cal = Calendar()
    cal.add("prodid", "-//test//vtimezone//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    expected = {}
    events = []
    for key, moments in MOMENTS.items():
        zone = zoneinfo.ZoneInfo(key)
        starts = [datetime.fromisoformat(m).replace(tzinfo=zone) for m in moments]
        cal.add_component(vtimezone(key, starts + [s + timedelta(hours=1) for s in starts]))
        for number, start in enumerate(starts):
            event = Event()
            uid = f"{key}-{number}@test"
            event.add("uid", uid)
            event.add("dtstamp", datetime(2026, 1, 1, tzinfo=UTC))
            event.add("summary", uid)
            event.add("organizer", "mailto:test@example.org")
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(hours=1))
            events.append(event)
            expected[uid] = start.astimezone(UTC)
    for event in events:
        cal.add_component(event)
    return cal.to_ical(), expected


def test_no_rdate_lists_and_libical_accepts_every_zone(calendar):
    ics, _expected = calendar
    assert "RDATE" not in ics.decode()
    assert libical(ics) == []


def test_icaljs_reads_every_moment_right(calendar):
    ics, expected = calendar
    read = {e["uid"]: datetime.fromisoformat(e["start"]["utc"]) for e in icaljs(ics)["events"]}
    wrong = {uid: (read.get(uid), m) for uid, m in expected.items() if read.get(uid) != m}
    assert not wrong, wrong


def test_vobject_reads_every_moment_right(calendar):
    ics, expected = calendar
    read = {
        str(e.uid.value): e.dtstart.value.astimezone(UTC) for e in vobject_read(ics).vevent_list
    }
    wrong = {uid: (read.get(uid), m) for uid, m in expected.items() if read.get(uid) != m}
    assert not wrong, wrong


def test_the_current_rule_is_one_rrule_per_observance():
    london = vtimezone("Europe/London", [datetime(2030, 7, 16, 8, tzinfo=UTC)]).to_ical().decode()
    assert london.count("BEGIN:DAYLIGHT") == london.count("BEGIN:STANDARD") == 1
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in london
    sydney = vtimezone("Australia/Sydney", [datetime(2030, 7, 1, tzinfo=UTC)]).to_ical().decode()
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=10" in sydney
    tokyo = vtimezone("Asia/Tokyo", [datetime(2026, 7, 1, tzinfo=UTC)]).to_ical().decode()
    assert "RRULE" not in tokyo and tokyo.count("BEGIN:STANDARD") == 1
    # The same zone is written the same way whatever the events' years, so a program that
    # keeps the first VTIMEZONE it saw for a TZID is not misled by it.
    assert vtimezone("Europe/London", [datetime(2021, 1, 1, tzinfo=UTC)]).to_ical().decode() == (
        london
    )
