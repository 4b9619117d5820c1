"""Who may do what with meetings, bad input, and the list's query count."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exchanges.models import AgendaItem, Attendance, Meeting
from tests import factories

pytestmark = pytest.mark.django_db


def _form(when=None, **overrides):
    when = when or (timezone.now() + timedelta(days=20)).astimezone(timezone.get_fixed_timezone(0))
    data = {
        "title_en": "Glasgow–Kamakura exchange",
        "title_ja": "",
        "description_en": "",
        "description_ja": "",
        "host": "city:glasgow",
        "cities": [],
        "bodies": [],
        "date": when.date().isoformat(),
        "start_time": "08:00",
        "end_time": "09:00",
        "time_zone": "Europe/London",
        "format": "virtual",
        "online_link": "",
        "place": "",
        "languages": "en+ja",
        "visibility": "public",
        "status": "scheduled",
        "reminder_hours": 24,
    }
    from cities.models import City

    data["cities"] = [City.objects.get(slug="kamakura").pk, City.objects.get(slug="glasgow").pk]
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("who", "host", "status"),
    [
        ("coordinator", "city:glasgow", 302),
        ("coordinator", "body:isinnova", 302),
        ("glasgow_officer", "city:glasgow", 302),
        ("glasgow_officer", "city:kamakura", 400),  # not a host they may choose
        ("kamakura_officer", "city:glasgow", 400),
        ("anonymous", "city:glasgow", 302),
    ],
)
def test_create_by_role(client, who, host, status):
    users = {
        "coordinator": factories.coordinator,
        "glasgow_officer": lambda: factories.officer("glasgow"),
        "kamakura_officer": lambda: factories.officer("kamakura"),
    }
    if who != "anonymous":
        client.force_login(users[who]())
    # The host takes part: a body that hosts is among the participating bodies.
    bodies = [factories.body(host.partition(":")[2]).pk] if host.startswith("body:") else []
    response = client.post("/en/meetings/new/", _form(host=host, bodies=bodies))
    assert response.status_code == status
    created = Meeting.objects.exists()
    assert created == (status == 302 and who != "anonymous")
    if who == "anonymous":
        assert "/accounts/login/" in response.url


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("coordinator", True),
        ("host_officer", True),
        ("guest_officer", False),
        ("other_officer", False),
    ],
)
def test_edit_by_role(client, who, allowed):
    meeting = factories.meeting()
    users = {
        "coordinator": factories.coordinator,
        "host_officer": lambda: factories.officer("glasgow"),
        "guest_officer": lambda: factories.officer("kamakura"),
        "other_officer": lambda: factories.officer("brno"),
    }
    client.force_login(users[who]())
    response = client.post(f"/en/meetings/{meeting.pk}/edit/", _form(title_en="Changed"))
    meeting.refresh_from_db()
    assert (meeting.title_en == "Changed") == allowed
    assert response.status_code == (302 if allowed else 403)
    cancel = client.post(f"/en/meetings/{meeting.pk}/cancel/")
    meeting.refresh_from_db()
    assert (meeting.status == "cancelled") == allowed
    assert cancel.status_code == (302 if allowed else 403)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("guest_officer", True),
        ("host_officer", True),
        ("coordinator_of_participant", True),
        ("other_officer", False),
        ("anonymous", False),
    ],
)
def test_attendance_and_agenda_by_role(client, who, allowed):
    meeting = factories.meeting(bodies=("cabinet-office-japan",))
    users = {
        "guest_officer": lambda: factories.officer("kamakura"),
        "host_officer": lambda: factories.officer("glasgow"),
        "coordinator_of_participant": lambda: factories.coordinator("cabinet-office-japan"),
        "other_officer": lambda: factories.officer("brno"),
    }
    user = users[who]() if who != "anonymous" else None
    if user:
        client.force_login(user)
    answer = client.post(f"/en/meetings/{meeting.pk}/attendance/", {"response": "attending"})
    item = client.post(
        f"/en/meetings/{meeting.pk}/agenda/",
        {"title_en": "Our pilot", "duration_minutes": 10, "presenter": "city:kamakura"},
    )
    assert Attendance.objects.filter(meeting=meeting).exists() == allowed
    assert AgendaItem.objects.filter(meeting=meeting, title_en="Our pilot").exists() == allowed
    if allowed:
        assert answer.status_code == item.status_code == 302
    elif user:
        assert answer.status_code == item.status_code == 403
    else:
        assert answer.status_code == item.status_code == 302  # to the log-in page


def test_an_answer_can_be_changed_and_the_host_sees_the_counts(client):
    meeting = factories.meeting()
    guest = factories.officer("kamakura", full_name="Misaki")
    client.force_login(guest)
    client.post(f"/en/meetings/{meeting.pk}/attendance/", {"response": "maybe"})
    client.post(f"/en/meetings/{meeting.pk}/attendance/", {"response": "attending"})
    assert Attendance.objects.get(meeting=meeting, user=guest).response == "attending"
    client.force_login(factories.officer("glasgow"))
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Attending: 1" in html and "Misaki" in html


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("anonymous", False),
        ("other_officer", False),
        ("guest_officer", True),
        ("invitee", True),
        ("coordinator", True),
        ("admin", True),
    ],
)
def test_internal_meetings_are_404_to_non_participants(client, who, visible):
    invitee = factories.UserFactory.create()
    meeting = factories.meeting(visibility="internal", title_en="Internal talk")
    meeting.invitees.add(invitee)
    users = {
        "other_officer": lambda: factories.officer("brno"),
        "guest_officer": lambda: factories.officer("kamakura"),
        "invitee": lambda: invitee,
        "coordinator": factories.coordinator,
        "admin": factories.site_admin,
    }
    if who != "anonymous":
        client.force_login(users[who]())
    assert client.get(meeting.get_absolute_url()).status_code == (200 if visible else 404)
    listed = "Internal talk" in client.get("/en/meetings/").content.decode()
    assert listed == visible
    assert client.get(f"/en/meetings/{meeting.pk}/meeting.ics").status_code == (
        200 if visible else 404
    )


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"start_time": "10:00", "end_time": "09:00"}, "The end must be after the start"),
        ({"date": "2020-01-07"}, "cannot start in the past"),
        ({"time_zone": "Europe/Atlantis"}, "Select a valid choice"),
        ({"cities": []}, "Choose at least one participating city or body"),
        ({"title_en": "", "title_ja": ""}, "Give a title"),
        ({"format": "in_person", "place": ""}, "Say where the meeting takes place"),
        # 02:30 does not exist in London on 28 March 2060, when the clocks go forward.
        ({"date": "2060-03-28", "start_time": "01:30", "end_time": "02:30"}, "does not exist"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(client, overrides, field_message):
    client.force_login(factories.coordinator())
    response = client.post("/en/meetings/new/", _form(**overrides))
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_refusal_is_in_japanese_on_ja_pages(client):
    client.force_login(factories.coordinator())
    response = client.post("/ja/meetings/new/", _form(start_time="10:00", end_time="09:00"))
    assert response.status_code == 400
    assert "終了" in response.content.decode()


def test_an_agenda_longer_than_the_meeting_is_refused(client):
    meeting = factories.meeting(minutes=30)
    client.force_login(factories.officer("kamakura"))
    ok = client.post(
        f"/en/meetings/{meeting.pk}/agenda/", {"title_en": "A", "duration_minutes": 20}
    )
    too_long = client.post(
        f"/en/meetings/{meeting.pk}/agenda/", {"title_en": "B", "duration_minutes": 20}
    )
    assert ok.status_code == 302
    assert too_long.status_code == 400
    assert "longer than the meeting" in too_long.content.decode()
    assert list(meeting.agenda.values_list("title_en", flat=True)) == ["A"]


def test_shortening_a_meeting_below_its_agenda_is_refused(client):
    coordinator = factories.coordinator()
    meeting = factories.meeting(by=coordinator, minutes=60)
    client.force_login(coordinator)
    client.post(f"/en/meetings/{meeting.pk}/agenda/", {"title_en": "Long", "duration_minutes": 50})
    local = meeting.starts_at.astimezone(meeting.zone)
    response = client.post(
        f"/en/meetings/{meeting.pk}/edit/",
        _form(
            when=local,
            start_time=f"{local:%H:%M}",
            end_time=f"{local + timedelta(minutes=30):%H:%M}",
        ),
    )
    assert response.status_code == 400
    assert "The agenda takes 50 minutes" in response.content.decode()


def test_minutes_and_decisions_are_published_and_sanitised(client):
    coordinator = factories.coordinator()
    # Minutes come after the meeting (issue 12): one held two days ago.
    meeting = factories.meeting(
        by=coordinator, starts_at=timezone.now() - timedelta(days=2), status="held"
    )
    client.force_login(coordinator)
    response = client.post(
        f"/en/meetings/{meeting.pk}/minutes/",
        {
            "minutes_en": "We agreed.<script>alert(1)</script>",
            "minutes_ja": "合意した。",
            "decisions-TOTAL_FORMS": "1",
            "decisions-INITIAL_FORMS": "0",
            "decisions-0-text_en": "Share the data",
            "decisions-0-text_ja": "データを共有する",
        },
    )
    assert response.status_code == 302
    client.logout()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "We agreed." in html and "<script>alert" not in html
    assert "Share the data" in html


def test_the_meeting_list_runs_a_constant_number_of_queries(client):
    kamakura = factories.officer("kamakura")
    coordinator = factories.coordinator()

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/meetings/")
        assert response.status_code == 200
        return len(queries), len(response.context["meetings"])

    client.force_login(kamakura)
    factories.meeting(by=coordinator, bodies=("isinnova",))
    few_queries, few = count()
    for n in range(15):
        m = factories.meeting(
            by=coordinator,
            host="rotterdam",
            cities=("rotterdam", "kamakura", "tamana", "umea"),
            bodies=("isinnova", "cabinet-office-japan"),
            visibility="internal" if n % 2 else "public",
        )
        m.invitees.add(factories.UserFactory.create())
    many_queries, many = count()
    assert (few, many) == (1, 16)
    assert many_queries == few_queries


def test_the_meeting_list_pages_by_twenty(client):
    coordinator = factories.coordinator()
    for n in range(23):
        factories.meeting(
            by=coordinator,
            title_en=f"Meeting {n:02d}",
            starts_at=timezone.now() + timedelta(days=5 + n),
        )
    first = client.get("/en/meetings/")
    assert len(first.context["meetings"]) == 20
    second = client.get("/en/meetings/", {"page": 2})
    assert [m.title_en for m in second.context["meetings"]] == [
        "Meeting 20",
        "Meeting 21",
        "Meeting 22",
    ]
    assert client.get("/en/meetings/", {"page": 9}).status_code == 404
