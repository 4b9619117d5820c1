"""iCalendar files (RFC 5545, with the icalendar package): meetings, and milestones' due dates.

Each event has a UID that never changes, a SEQUENCE that grows with every change of time,
place, link or status, STATUS:CANCELLED once cancelled, a URL back to the meeting and a
VTIMEZONE for the meeting's own zone, so calendars show it right across daylight saving.
The online link is written only into files made for participants.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from accounts import permissions
from accounts.permissions import Viewer
from cooperation_portal.links import absolute_url

from ..models import Meeting, MeetingStatus, Milestone, MilestoneStatus
from .timefmt import meeting_time_text

PRODID = "-//Japan-EU Smart City Cooperation//Portal//EN"


def event_for(meeting: Meeting, *, with_link: bool) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@cooperation-portal")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(meeting.zone))
    event.add("dtend", meeting.ends_at.astimezone(meeting.zone))
    event.add("summary", meeting.title)
    url = absolute_url(meeting.get_absolute_url())
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


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def calendar_for(meetings: Iterable[Meeting], *, user: Viewer, name: str) -> bytes:
    calendar = _calendar(name)
    for meeting in meetings:
        calendar.add_component(
            event_for(meeting, with_link=permissions.can_see_meeting_link(user, meeting))
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_of_due_dates(milestones: Iterable[Milestone], *, name: str) -> bytes:
    """Each milestone's due date as an all-day event."""
    calendar = _calendar(name)
    for m in milestones:
        event = Event()
        event.add("uid", f"milestone-{m.pk}@cooperation-portal")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", m.due_date)
        event.add("summary", f"{m.code} {m.title} ({m.get_status_display()})")
        event.add("url", absolute_url(m.get_absolute_url()))
        event.add("status", "CANCELLED" if m.status == MilestoneStatus.CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


def response(body: bytes, filename: str) -> HttpResponse:
    """A calendar file as a download."""
    answer = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    answer["Content-Disposition"] = f'attachment; filename="{filename}"'
    return answer
