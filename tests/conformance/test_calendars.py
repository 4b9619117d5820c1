"""Every calendar file the portal produces, read by programs that did not write it.

ical.js (Thunderbird), vobject and icalendar convert each event's DTSTART and DTEND to UTC with
the file's own VTIMEZONE; all three must give the moment that was entered, for a Glasgow
meeting in January (GMT) and July (BST) and a Rotterdam meeting on each side of the change to
summer time. libical's RFC 5546 restriction check must find nothing in the PUBLISH files
(downloads and feeds), the REQUEST files (invitations and changes) and the CANCEL files.
"""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from icalendar import Calendar

from exchanges.meetings import services
from exchanges.models import Meeting, Milestone
from exchanges.notifications.services import scan_due
from exchanges.plan import services as plan_services
from exchanges.plan.demo import seed_plan
from tests import factories
from tests.conformance.checkers import icaljs, libical, vobject_read

pytestmark = [pytest.mark.django_db, pytest.mark.today("2029-11-16T09:00:00Z")]

# (host city, start in UTC as entered): the moments every reader must agree on.
MEETINGS = {
    "glasgow-january": ("glasgow", datetime(2030, 1, 15, 8, 0, tzinfo=UTC)),  # 08:00 GMT
    "glasgow-july": ("glasgow", datetime(2030, 7, 16, 8, 0, tzinfo=UTC)),  # 09:00 BST
    "rotterdam-before-dst": ("rotterdam", datetime(2030, 3, 29, 8, 0, tzinfo=UTC)),  # 09:00 CET
    "rotterdam-after-dst": ("rotterdam", datetime(2030, 4, 1, 7, 0, tzinfo=UTC)),  # 09:00 CEST
    "glasgow-december": ("glasgow", datetime(2029, 12, 10, 8, 0, tzinfo=UTC)),  # 08:00 GMT
}


@pytest.fixture
def meetings(db) -> dict[str, Meeting]:
    coordinator = factories.coordinator("isinnova", full_name="Giulia Rossi")
    return {
        name: factories.meeting(
            by=coordinator,
            host=host,
            cities=(host, "kamakura"),
            starts_at=start,
            minutes=90,
            title_en=f"Exchange {name}",
        )
        for name, (host, start) in MEETINGS.items()
    }


def _utc(value: datetime | date) -> datetime:
    assert isinstance(value, datetime), value
    assert value.tzinfo is not None, f"a floating time: {value}"
    return value.astimezone(UTC)


def _readings(ics: bytes) -> dict[str, dict[str, tuple[datetime, datetime]]]:
    """``{reader: {uid: (start UTC, end UTC)}}`` for the three independent readers."""
    by_icaljs = {
        e["uid"]: (
            datetime.fromisoformat(e["start"]["utc"]),
            datetime.fromisoformat(e["end"]["utc"]),
        )
        for e in icaljs(ics)["events"]
    }
    by_vobject = {
        str(e.uid.value): (_utc(e.dtstart.value), _utc(e.dtend.value))
        for e in vobject_read(ics).vevent_list
    }
    by_icalendar = {
        str(e["UID"]): (_utc(e.decoded("DTSTART")), _utc(e.decoded("DTEND")))
        for e in Calendar.from_ical(ics).walk("VEVENT")
    }
    return {"ical.js": by_icaljs, "vobject": by_vobject, "icalendar": by_icalendar}


def _assert_times(ics: bytes, meetings: list[Meeting]) -> None:
    expected = {
        f"{m.uid}@cooperation-portal": (m.starts_at.astimezone(UTC), m.ends_at.astimezone(UTC))
        for m in meetings
    }
    for reader, found in _readings(ics).items():
        wrong = {
            uid: {"read": found.get(uid), "entered": times}
            for uid, times in expected.items()
            if found.get(uid) != times
        }
        assert not wrong, f"{reader} reads other times than were entered: {wrong}"


def _assert_libical_accepts(ics: bytes, method: str) -> None:
    assert f"METHOD:{method}" in ics.decode()
    errors = libical(ics)
    assert errors == [], f"libical ({method}): {errors}\n{ics.decode()}"


def test_the_zones_rule_is_written_as_yearly_rrules_not_rdate_lists(client, meetings):
    ics = client.get(f"/en/meetings/{meetings['glasgow-july'].pk}/meeting.ics").content.decode()
    vtimezone = ics[ics.index("BEGIN:VTIMEZONE") : ics.index("END:VTIMEZONE")]
    assert "RDATE" not in vtimezone
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in vtimezone
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in vtimezone


@pytest.mark.parametrize("name", list(MEETINGS))
def test_each_download_reads_the_same_in_every_reader(client, meetings, name):
    meeting = meetings[name]
    ics = client.get(f"/en/meetings/{meeting.pk}/meeting.ics").content
    _assert_times(ics, [meeting])
    _assert_libical_accepts(ics, "PUBLISH")
    assert [e["start"]["zone"] for e in icaljs(ics)["events"]] == [meeting.time_zone]


def test_the_public_and_personal_feeds_read_the_same_in_every_reader(client, meetings):
    public = client.get("/en/meetings/public.ics").content
    _assert_times(public, list(meetings.values()))
    _assert_libical_accepts(public, "PUBLISH")

    officer = factories.officer("kamakura", full_name="高橋 美咲")
    client.force_login(officer)
    client.post("/en/meetings/calendar/")
    feed_url = client.get("/en/meetings/calendar/").context["feed_url"]
    client.logout()
    personal = client.get(feed_url.split("8000", 1)[1]).content
    _assert_times(personal, list(meetings.values()))
    _assert_libical_accepts(personal, "PUBLISH")


@pytest.mark.today("2026-11-16T09:00:00Z")
def test_the_due_dates_feed_has_sequences_and_passes_every_reader(client):
    coordinator = factories.coordinator("isinnova")
    seed_plan(coordinator=coordinator)
    officer = factories.officer("tamana")
    client.force_login(officer)
    client.post("/en/meetings/calendar/")
    page = client.get("/en/meetings/calendar/")
    urls = [url for _key, _label, url, _webcal in page.context["feeds"]]
    due_dates = next(u for u in urls if "/due-dates/" in u)
    client.logout()
    path = due_dates.split("8000", 1)[1]

    ics = client.get(path).content
    _assert_libical_accepts(ics, "PUBLISH")
    read = icaljs(ics)["events"]
    milestones = {f"milestone-{m.pk}@cooperation-portal": m for m in Milestone.objects.all()}
    assert {e["uid"]: e["start"]["date"] for e in read} == {
        uid: m.due_date.isoformat() for uid, m in milestones.items()
    }
    assert {e["sequence"] for e in read} == {0}
    assert {str(e.dtstart.value) for e in vobject_read(ics).vevent_list} == {
        m.due_date.isoformat() for m in milestones.values()
    }

    # Moving a due date makes a higher SEQUENCE, so subscribed calendars replace the event.
    milestone = Milestone.objects.get(code="AP-2.2")
    new_due = milestone.due_date + timedelta(days=7)
    data = plan_services.MilestoneData(
        code=milestone.code, title_en=milestone.title_en or "", title_ja=milestone.title_ja or "",
        workstream=milestone.workstream, start_date=milestone.start_date, due_date=new_due,
        due_time_zone=milestone.due_time_zone, owner_cities=list(milestone.owner_cities.all()),
        status=milestone.status, progress=milestone.progress, completed_on=milestone.completed_on,
        dependencies=list(milestone.dependencies.all()),
    )  # fmt: skip
    plan_services.milestone_update(
        milestone=milestone, by=coordinator, data=data, accept_warnings=True
    )
    plan_services.milestone_cancel(milestone=milestone, by=coordinator)
    ics = client.get(path).content
    _assert_libical_accepts(ics, "PUBLISH")
    uid = f"milestone-{milestone.pk}@cooperation-portal"
    moved = next(e for e in icaljs(ics)["events"] if e["uid"] == uid)
    assert (moved["sequence"], moved["start"]["date"], moved["status"]) == (
        2,
        new_due.isoformat(),
        "CANCELLED",
    )


def _calendar_parts(message: mail.EmailMessage) -> list[email.message.EmailMessage]:
    """The text/calendar parts of the message as a mail program receives it (the bytes an SMTP
    server gets, lines ending in CRLF), parsed with the strict policy. Each part's lines end in
    CRLF once decoded, as RFC 5545 (3.1) wants."""
    wire = message.message().as_bytes(policy=email.policy.SMTP)
    parsed = email.message_from_bytes(wire, policy=email.policy.strict)
    assert isinstance(parsed, email.message.EmailMessage)
    parts = [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]
    for part in parts:
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        assert payload.count(b"\n") == payload.count(b"\r\n") > 10, payload[:200]
    return parts


def test_invitations_changes_and_cancellations_are_itip_and_read_the_same_everywhere(
    meetings, django_capture_on_commit_callbacks
):
    coordinator = factories.coordinator("isinnova", full_name="Giulia Rossi")
    factories.officer("glasgow", full_name="Fiona MacLeod", email="fiona@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        meeting = factories.meeting(
            by=coordinator, host="rotterdam", cities=("rotterdam", "glasgow"),
            starts_at=MEETINGS["rotterdam-before-dst"][1], title_en="Energy & “next steps”",
        )  # fmt: skip
    later = MEETINGS["rotterdam-after-dst"][1]
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            meeting=meeting,
            by=coordinator,
            data=services.MeetingData(
                title_en=meeting.title_en, title_ja=meeting.title_ja, starts_at=later,
                ends_at=later + timedelta(hours=1), time_zone=meeting.time_zone,
                host_city=meeting.host_city, cities=list(meeting.cities.all()),
            ),
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting, by=coordinator)

    sent = [m for m in mail.outbox if m.to == ["fiona@example.org"]]
    assert [m.subject.split(":")[0] for m in sent] == ["Invitation", "Changed", "Cancelled"]
    sequences = []
    for message, method in zip(sent, ["REQUEST", "REQUEST", "CANCEL"], strict=True):
        parts = _calendar_parts(message)
        assert parts, f"no calendar in {message.subject}"
        for part in parts:
            assert part.get_param("method") == method, part["Content-Type"]
            ics = part.get_content().encode()
            _assert_libical_accepts(ics, method)
            read = icaljs(ics)
            assert read["method"] == method
            (event,) = read["events"]
            assert event["uid"] == f"{meeting.uid}@cooperation-portal"
            assert event["organizer"] == "mailto:noreply@cooperation.example.org"
            assert event["attendees"] == [
                {"address": "mailto:fiona@example.org", "cn": "Fiona MacLeod"}
            ]
            for reader, found in _readings(ics).items():
                (times,) = found.values()
                assert times[0] in (MEETINGS["rotterdam-before-dst"][1], later), reader
            sequences.append(event["sequence"])
    # The change moved it across the switch to summer time: every reader sees the new moment.
    changed = _calendar_parts(sent[1])[0].get_content().encode()
    meeting.refresh_from_db()
    _assert_times(changed, [meeting])
    cancel = icaljs(_calendar_parts(sent[2])[0].get_content().encode())["events"][0]
    assert cancel["status"] == "CANCELLED"
    assert sequences == sorted(sequences) and sequences[0] < sequences[-1]


def test_a_reminder_carries_a_plain_copy_that_passes_too(
    meetings, django_capture_on_commit_callbacks
):
    fiona = factories.officer("glasgow", email="fiona@example.org")
    meeting = meetings["glasgow-december"]
    with django_capture_on_commit_callbacks(execute=True):
        meeting.invitees.add(fiona)
        scan_due(now=meeting.starts_at - timedelta(hours=2))
    (reminder,) = [
        m for m in mail.outbox if m.to == ["fiona@example.org"] and "Reminder" in m.subject
    ]
    (part,) = _calendar_parts(reminder)
    assert part.get_param("method") == "PUBLISH"
    ics = part.get_content().encode()
    _assert_libical_accepts(ics, "PUBLISH")
    _assert_times(ics, [meeting])
