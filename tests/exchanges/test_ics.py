from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from exchanges.meetings import services
from exchanges.meetings.forms import initial_from
from exchanges.models import CalendarFeedToken
from tests import factories

pytestmark = pytest.mark.django_db


def _event(client, meeting):
    response = client.get(f"/en/meetings/{meeting.pk}/meeting.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


@pytest.mark.today("2026-11-16T09:00:00Z")  # a meeting on a fixed day in 2030
def test_the_ics_carries_the_meetings_zone_uid_and_times(client):
    meeting = factories.meeting(starts_at=datetime(2030, 1, 15, 8, 0, tzinfo=UTC))
    calendar, event = _event(client, meeting)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART") == datetime(2030, 1, 15, 8, 0, tzinfo=UTC)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=1)
    assert str(event["UID"]) == f"{meeting.uid}@cooperation-portal"
    assert str(event["URL"]).endswith(f"/en/meetings/{meeting.pk}/")
    assert str(event["STATUS"]) == "CONFIRMED"


def _data(meeting, **changes):
    data = services.MeetingData(
        title_en=meeting.title_en,
        title_ja=meeting.title_ja,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        time_zone=meeting.time_zone,
        host_city=meeting.host_city,
        cities=list(meeting.cities.all()),
        online_link=meeting.online_link,
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


@pytest.mark.today("2026-11-16T09:00:00Z")  # a meeting on a fixed day in 2030
def test_uid_stays_and_sequence_grows_with_each_change_then_cancel(client):
    coordinator = factories.coordinator()
    meeting = factories.meeting(by=coordinator, starts_at=datetime(2030, 1, 15, 8, 0, tzinfo=UTC))
    _calendar, first = _event(client, meeting)
    assert int(first["SEQUENCE"]) == 0

    later = meeting.starts_at + timedelta(hours=1)
    services.meeting_update(
        meeting=meeting,
        by=coordinator,
        data=_data(meeting, starts_at=later, ends_at=later + timedelta(hours=1)),
    )
    _calendar, second = _event(client, meeting)
    assert str(second["UID"]) == str(first["UID"])
    assert int(second["SEQUENCE"]) == 1
    assert second.decoded("DTSTART") == later

    services.meeting_update(
        meeting=meeting,
        by=coordinator,
        data=_data(
            meeting, starts_at=later, ends_at=later + timedelta(hours=1), title_en="Renamed"
        ),
    )
    _calendar, renamed = _event(client, meeting)
    assert int(renamed["SEQUENCE"]) == 1  # a new title is not a change of time or place

    services.meeting_cancel(meeting=meeting, by=coordinator)
    _calendar, cancelled = _event(client, meeting)
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == 2
    assert list(meeting.changes.values_list("field", flat=True)) == [
        "starts_at",
        "ends_at",
        "status",
    ]


def test_the_online_link_is_only_in_participants_files(client):
    meeting = factories.meeting(online_link="https://meet.example.org/secret-room")
    _calendar, public = _event(client, meeting)
    assert "secret-room" not in public.to_ical().decode()
    client.force_login(factories.officer("kamakura"))
    _calendar, mine = _event(client, meeting)
    assert "secret-room" in mine.to_ical().decode()


def test_personal_feed_is_secret_and_revocable(client):
    officer = factories.officer("kamakura")
    mine = factories.meeting(title_en="Mine", visibility="internal")
    factories.meeting(title_en="Not mine", cities=("rotterdam", "umea"), host="rotterdam")
    client.force_login(officer)
    page = client.get("/en/meetings/calendar/")
    assert page.context["feed_url"] == ""  # reading the page makes no secret address…
    assert not CalendarFeedToken.objects.filter(user=officer).exists()
    client.post("/en/meetings/calendar/")  # …asking for one does
    url = client.get("/en/meetings/calendar/").context["feed_url"]
    client.logout()
    feed = Calendar.from_ical(client.get(url).content)
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == [str(mine.title)]

    client.force_login(officer)
    client.post("/en/meetings/calendar/")
    client.logout()
    assert client.get(url).status_code == 404


def test_public_feed_lists_public_meetings_only(client):
    factories.meeting(title_en="Open meeting")
    factories.meeting(title_en="Closed meeting", visibility="internal")
    feed = Calendar.from_ical(client.get("/en/meetings/public.ics").content)
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == ["Open meeting"]


@pytest.mark.today("2026-11-16T09:00:00Z")  # a meeting on a fixed day in 2030
def test_editing_in_another_zone_keeps_the_moment():
    meeting = factories.meeting(starts_at=datetime(2030, 3, 25, 8, 0, tzinfo=UTC))
    initial = initial_from(meeting, "Asia/Tokyo")
    assert (initial["date"].isoformat(), f"{initial['start_time']:%H:%M}") == (
        "2030-03-25",
        "17:00",
    )
