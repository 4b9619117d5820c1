"""iCalendar files (RFC 5545) and invitations (RFC 5546, iTIP): meetings, and milestones' due
dates.

Each event has a UID that never changes, a SEQUENCE that grows with every change of time,
place, link or status, STATUS:CANCELLED once cancelled, a URL back to the meeting, the portal's
sender address as ORGANIZER and a VTIMEZONE for the meeting's own zone written with yearly
RRULEs (``vtimezone.py``), so every calendar program shows it at the same moment across
daylight saving. The online link is written only into files made for participants.

Downloads and feeds are ``METHOD:PUBLISH``. The file attached to an invitation or a change is
``METHOD:REQUEST`` with the recipient as ATTENDEE, and the one attached to a cancellation is
``METHOD:CANCEL`` with the same UID and a higher SEQUENCE: mail programs then add, move or
remove the event in the calendar in place.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from email.utils import parseaddr
from enum import StrEnum

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from icalendar import Calendar, Event, vCalAddress

from accounts import permissions
from accounts.models import User
from accounts.permissions import Viewer
from cooperation_portal.links import absolute_url

from ..models import Meeting, MeetingStatus, Milestone, MilestoneStatus
from .timefmt import meeting_time_text
from .vtimezone import vtimezone

PRODID = "-//Japan-EU Smart City Cooperation//Portal//EN"
#: The right-hand side of every UID: it never changes, or calendars would see new events.
UID_DOMAIN = "cooperation-portal"


class Method(StrEnum):
    """RFC 5546, 1.4: what a calendar program is to do with the file."""

    PUBLISH = "PUBLISH"
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


def _parameter(text: str) -> str:
    """A parameter value (CN) as RFC 5545, 3.1 allows it: no control characters and no
    DQUOTE (which no quoting can carry)."""
    return re.sub(r"[\x00-\x1f\x7f\"]", "", text).strip()


def organizer() -> vCalAddress:
    """The portal itself, by the address its e-mails come from (``DEFAULT_FROM_EMAIL``)."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    found = vCalAddress(f"mailto:{address}")
    if name:
        found.params["CN"] = _parameter(name)
    return found


def attendee(user: User) -> vCalAddress:
    """The recipient of an invitation: answers are given on the portal, so no RSVP by mail."""
    found = vCalAddress(f"mailto:{user.email}")
    found.params["CN"] = _parameter(user.get_full_name())
    found.params["CUTYPE"] = "INDIVIDUAL"
    found.params["ROLE"] = "REQ-PARTICIPANT"
    found.params["PARTSTAT"] = "NEEDS-ACTION"
    found.params["RSVP"] = "FALSE"
    return found


def event_for(
    meeting: Meeting, *, with_link: bool, guest: User | None = None, attendee_slot: bool = False
) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@{UID_DOMAIN}")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(meeting.zone))
    event.add("dtend", meeting.ends_at.astimezone(meeting.zone))
    event.add("summary", str(meeting.title))
    event.add("organizer", organizer())
    if guest is not None:
        event.add("attendee", attendee(guest))
    elif attendee_slot:
        event.add("attendee", vCalAddress(_SLOT_ADDRESS))
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
        lines += ["", str(meeting.description)]
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


def _calendar(name: str, method: Method) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method.value)
    calendar.add("x-wr-calname", name)
    return calendar


def _with_timezones(calendar: Calendar, events: list[tuple[Event, Meeting]]) -> bytes:
    """The calendar with one VTIMEZONE per zone its events use, before the events."""
    moments: dict[str, list[datetime]] = defaultdict(list)
    for _event, meeting in events:
        moments[meeting.time_zone] += [meeting.starts_at, meeting.ends_at]
    for key in sorted(moments):
        calendar.add_component(vtimezone(key, moments[key]))
    for event, _meeting in events:
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_for(meetings: Iterable[Meeting], *, user: Viewer, name: str) -> bytes:
    """A download or a feed (PUBLISH): the meetings as ``user`` may see them."""
    calendar = _calendar(name, Method.PUBLISH)
    events = [
        (event_for(m, with_link=permissions.can_see_meeting_link(user, m)), m) for m in meetings
    ]
    return _with_timezones(calendar, events)


def invitation_method(meeting: Meeting) -> Method:
    """REQUEST for an invitation or a change, CANCEL once the meeting is cancelled (also for an
    invitation still in the outbox when it was)."""
    return Method.CANCEL if meeting.status == MeetingStatus.CANCELLED else Method.REQUEST


#: Where a file shared by many recipients gets each one's ATTENDEE line: an ATTENDEE itself,
#: so that icalendar writes it where the recipient's goes (it orders properties by name).
_SLOT_ADDRESS = "mailto:attendee@slot.invalid"
_ATTENDEE_SLOT = f"ATTENDEE:{_SLOT_ADDRESS}\r\n".encode()


def invitation_for(
    meeting: Meeting, *, recipient: User, shared: dict[tuple, bytes] | None = None
) -> tuple[bytes, Method]:
    """The iTIP file mailed to one participant, and its method: ORGANIZER the portal, ATTENDEE
    the recipient (RFC 5546, 3.2.2 and 3.2.5).

    ``shared`` keeps, for the e-mails of one batch, the file without its ATTENDEE (the same
    for everyone who reads it in the same language and may or may not see the link): each
    recipient's own line is put in its place, where ``event_for`` would have written it."""
    method = invitation_method(meeting)
    with_link = permissions.can_see_meeting_link(recipient, meeting)
    if shared is None:
        calendar = _calendar(str(meeting.title), method)
        event = event_for(meeting, with_link=with_link, guest=recipient)
        return _with_timezones(calendar, [(event, meeting)]), method
    key = (
        "invitation",
        meeting.pk,
        method,
        with_link,
        get_language(),
        timezone.get_current_timezone_name(),
    )
    if key not in shared:
        calendar = _calendar(str(meeting.title), method)
        event = event_for(meeting, with_link=with_link, guest=None, attendee_slot=True)
        shared[key] = _with_timezones(calendar, [(event, meeting)])
    if _ATTENDEE_SLOT not in shared[key]:  # written otherwise than expected: made alone
        return invitation_for(meeting, recipient=recipient)
    return shared[key].replace(_ATTENDEE_SLOT, _attendee_line(recipient), 1), method


def _attendee_line(user: User) -> bytes:
    """The recipient's ATTENDEE content line, folded and escaped as icalendar writes it."""
    event = Event()
    event.add("attendee", attendee(user))
    written = event.to_ical()
    begin, end = b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n"
    assert written.startswith(begin) and written.endswith(end)
    return written[len(begin) : -len(end)]


def calendar_of_due_dates(milestones: Iterable[Milestone], *, name: str) -> bytes:
    """Each milestone's due date as an all-day event (PUBLISH), its SEQUENCE growing whenever
    its code, title, due date or status changes."""
    calendar = _calendar(name, Method.PUBLISH)
    for m in milestones:
        event = Event()
        event.add("uid", f"milestone-{m.pk}@{UID_DOMAIN}")
        event.add("sequence", m.sequence)
        event.add("dtstamp", timezone.now())
        event.add("dtstart", m.due_date)
        event.add("summary", f"{m.code} {m.title} ({m.get_status_display()})")
        event.add("organizer", organizer())
        event.add("url", absolute_url(m.get_absolute_url()))
        # A due date is a deadline, not a busy day.
        event.add("transp", "TRANSPARENT")
        event.add("status", "CANCELLED" if m.status == MilestoneStatus.CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


def response(body: bytes, filename: str) -> HttpResponse:
    """A calendar file as a download."""
    answer = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    answer["Content-Disposition"] = f'attachment; filename="{filename}"'
    return answer
