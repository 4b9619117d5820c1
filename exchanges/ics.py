"""iCalendar files for meetings (RFC 5545, with the icalendar package).

Each event has a UID that never changes, a SEQUENCE that grows with every change of time,
place, link or status, STATUS:CANCELLED once cancelled, a URL back to the meeting and a
VTIMEZONE for the meeting's own zone, so calendars show it right across daylight saving.
The online link is written only into files made for participants.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from accounts import permissions

from .models import Meeting, MeetingStatus
from .timefmt import meeting_time_text

PRODID = "-//Japan-EU Smart City Cooperation//Portal//EN"


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def event_for(meeting: Meeting, *, with_link: bool) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@cooperation-portal")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(meeting.zone))
    event.add("dtend", meeting.ends_at.astimezone(meeting.zone))
    event.add("summary", meeting.title)
    url = _absolute(meeting.get_absolute_url())
    event.add("url", url)
    times = meeting_time_text(
        meeting.starts_at,
        meeting.ends_at,
        host_zone=meeting.time_zone,
        host_label=meeting.host_label,
        viewer_zone=None,
    )
    lines = [times]
    if meeting.description:
        lines += ["", meeting.description]
    if with_link and meeting.online_link:
        lines += ["", meeting.online_link]
    lines += ["", url]
    event.add("description", "\n".join(lines))
    location = meeting.place
    if with_link and meeting.online_link:
        location = f"{location} · {meeting.online_link}" if location else meeting.online_link
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    return event


def calendar_for(meetings: Iterable[Meeting], *, user: Any, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(
            event_for(meeting, with_link=permissions.can_see_meeting_link(user, meeting))
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()
