"""Flows that tell the truth (issue 12): the host takes part, a host change is a change that
is recorded and notified, the organiser gets the invitation, cancelling asks first and can be
undone, minutes wait for the meeting, agenda items are edited and reordered."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from cities.models import City, CoordinatingBody
from exchanges.meetings import services
from exchanges.models import (
    Meeting,
    MeetingChange,
    Milestone,
    Notification,
    NotificationPreference,
)
from tests import factories

pytestmark = pytest.mark.django_db


def _form(**overrides):
    when = timezone.now() + timedelta(days=20)
    data = {
        "title_en": "Charging hubs",
        "host": "city:rotterdam",
        "cities": [City.objects.get(slug="kamakura").pk, City.objects.get(slug="glasgow").pk],
        "bodies": [],
        "date": when.date().isoformat(),
        "start_time": "08:00",
        "end_time": "09:00",
        "time_zone": "Europe/London",
        "format": "virtual",
        "languages": "en+ja",
        "visibility": "public",
        "status": "scheduled",
        "reminder_hours": 24,
    }
    data.update(overrides)
    return data


def _data(meeting, **changes):
    data = services.MeetingData(
        title_en=meeting.title_en,
        title_ja=meeting.title_ja,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        time_zone=meeting.time_zone,
        host_city=meeting.host_city,
        host_body=meeting.host_body,
        cities=list(meeting.cities.all()),
        bodies=list(meeting.bodies.all()),
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


# --- The host is one of the participants ----------------------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The host must be one of the participants: tick Rotterdam"),
        ("ja", "主催者は参加者の中から選んでください"),
    ],
)
def test_the_form_refuses_a_host_who_does_not_take_part(client, language, message):
    client.force_login(factories.coordinator())
    response = client.post(f"/{language}/meetings/new/", _form(host="city:rotterdam"))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_form_accepts_a_participating_host(client):
    client.force_login(factories.coordinator())
    response = client.post("/en/meetings/new/", _form(host="city:glasgow"))
    assert response.status_code == 302
    assert Meeting.objects.get().host_city.slug == "glasgow"


def test_the_service_refuses_a_host_who_does_not_take_part():
    meeting = factories.meeting(host="glasgow", cities=("glasgow", "kamakura"))
    rotterdam = City.objects.get(slug="rotterdam")
    with pytest.raises(ValidationError) as refused:
        services.meeting_update(
            meeting=meeting,
            by=factories.coordinator(),
            data=_data(meeting, host_city=rotterdam, time_zone=rotterdam.time_zone),
        )
    assert "host" in refused.value.message_dict
    body = CoordinatingBody.objects.get(slug="isinnova")
    with pytest.raises(ValidationError) as refused:
        factories.meeting(host_body="isinnova", bodies=("cabinet-office-japan",))
    assert "host" in refused.value.message_dict
    meeting.refresh_from_db()
    assert meeting.host_city.slug == "glasgow"
    assert not Meeting.objects.filter(host_body=body).exists()


def test_a_new_meeting_chooses_no_host_silently(client):
    client.force_login(factories.coordinator())
    html = client.get("/en/meetings/new/").content.decode()
    assert '<option value="" selected>Choose the host</option>' in html


@pytest.mark.parametrize(
    ("who", "participants", "host"),
    [
        # Nobody of the viewer's own: the first participant chosen (not Rotterdam, first of all).
        ("isinnova", ["city:kamakura", "city:glasgow"], "city:kamakura"),
        # The coordinator's own body takes part: it hosts.
        ("isinnova", ["city:kamakura", "body:isinnova"], "body:isinnova"),
        # The officer's own city takes part, chosen second: it hosts.
        ("glasgow", ["city:kamakura", "city:glasgow"], "city:glasgow"),
    ],
)
def test_the_slot_finder_schedules_with_a_participating_host(client, who, participants, host):
    user = factories.coordinator(who) if who == "isinnova" else factories.officer(who)
    client.force_login(user)
    response = client.get(
        "/en/meetings/slots/",
        {
            "participants": participants,
            "first_day": "2027-01-11",
            "last_day": "2027-01-12",
            "duration": "60",
        },
    )
    assert response.status_code == 200
    links = list(response.context["create_links"].values())
    assert links
    assert all(f"host={host.replace(':', '%3A')}" in link for link in links)
    form = client.get(links[0]).content.decode()
    assert f'<option value="{host}" selected>' in form


# --- A host change is a change ---------------------------------------------------------------


def test_a_host_change_is_recorded_in_words_and_notified_like_a_time_change(
    client, django_capture_on_commit_callbacks
):
    coordinator = factories.coordinator("isinnova")
    factories.officer("glasgow", email="fiona@example.org")
    factories.officer("kamakura", email="misaki@example.org", preferred_language="ja")
    with django_capture_on_commit_callbacks(execute=True):
        meeting = factories.meeting(by=coordinator, host="glasgow", cities=("glasgow", "kamakura"))
    mail.outbox.clear()
    kamakura = City.objects.get(slug="kamakura")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            meeting=meeting,
            by=coordinator,
            data=_data(meeting, host_city=kamakura, time_zone=kamakura.time_zone),
        )
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    host_change = MeetingChange.objects.get(meeting=meeting, field="host")
    assert (host_change.old_value, host_change.new_value) == ("city:glasgow", "city:kamakura")
    assert host_change.label == "Host"

    fiona = [m for m in mail.outbox if m.to == ["fiona@example.org"]]
    assert [m.subject.split(":")[0] for m in fiona] == ["Changed"]
    text = fiona[0].body
    assert "Hosted by Kamakura." in text
    assert "What changed: Host, Time zone." in text
    calendar = next(
        part.get_content()
        for part in fiona[0].message().walk()
        if part.get_content_type() == "text/calendar"
    )
    assert "SEQUENCE:1" in calendar and "METHOD:REQUEST" in calendar
    misaki = [m for m in mail.outbox if m.to == ["misaki@example.org"]]
    assert "変更点：主催、タイムゾーン。" in misaki[0].body

    client.force_login(coordinator)
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "· Host ·" in page and "· Time zone ·" in page
    assert "time_zone" not in page.split('id="changes-title"')[1]


# --- Who is told: the organiser, and those who answer for a milestone --------------------------


def _calendar_of(message):
    return [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]


@pytest.mark.parametrize(("bodies", "invited"), [(("isinnova",), True), ((), False)])
def test_the_organiser_is_invited_when_their_body_takes_part(
    bodies, invited, django_capture_on_commit_callbacks
):
    giulia = factories.coordinator("isinnova", email="giulia@example.org")
    factories.officer("glasgow", email="fiona@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        factories.meeting(by=giulia, bodies=bodies)
    to_giulia = [m for m in mail.outbox if m.to == ["giulia@example.org"]]
    assert [m.subject.split(":")[0] for m in to_giulia] == (["Invitation"] if invited else [])
    if invited:
        assert _calendar_of(to_giulia[0])  # the .ics that puts it in her calendar
    assert len([m for m in mail.outbox if m.to == ["fiona@example.org"]]) == 1


@pytest.fixture
def shared_milestone(db):
    """A milestone of the current plan that Kamakura and Glasgow own together."""
    from exchanges.plan.demo import seed_plan

    people = {
        "giulia": factories.coordinator("isinnova", email="giulia@example.org"),
        "haruka": factories.coordinator("cabinet-office-japan", email="haruka@example.org"),
        "misaki": factories.officer(
            "kamakura", email="misaki@example.org", preferred_language="ja"
        ),
        "kenta": factories.officer("kamakura", email="kenta@example.org"),
        "fiona": factories.officer("glasgow", email="fiona@example.org"),
        "jan": factories.officer("brno", email="jan@example.org"),
    }
    seed_plan(coordinator=people["giulia"])  # its notices are never sent (no commit here)
    milestone = Milestone.objects.filter(owner_cities__slug="kamakura").order_by("code").first()
    milestone.owner_cities.set(City.objects.filter(slug__in=["kamakura", "glasgow"]))
    milestone.status, milestone.progress = "in_progress", 10
    milestone.save()  # with its history record, as any change has
    return milestone, people


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_a_progress_report_tells_the_coordinators_and_the_co_owner_city(
    shared_milestone, django_capture_on_commit_callbacks
):
    from exchanges.plan import services as plan

    milestone, people = shared_milestone
    NotificationPreference.objects.create(
        user=people["haruka"], category="milestones", enabled=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        plan.milestone_report_progress(
            milestone=milestone,
            by=people["misaki"],
            data=plan.ProgressData(
                status="in_progress", progress=40, progress_note="Pilot site chosen."
            ),
        )
    [to_fiona] = _to("fiona@example.org")  # the co-owner city's officer
    assert to_fiona.subject.endswith(f"Progress on milestone {milestone.code}: 40%")
    assert "Status: In progress, 40% done." in to_fiona.body
    assert "Pilot site chosen." in to_fiona.body
    assert len(_to("giulia@example.org")) == 1  # a coordinator
    assert _to("haruka@example.org") == []  # switched the milestones category off
    row = Notification.objects.get(recipient=people["haruka"], kind="milestone_progress")
    assert row.status == "skipped"
    # Not the reporter, not her own city's colleague (not a co-owner), not another city.
    assert _to("misaki@example.org") == _to("kenta@example.org") == _to("jan@example.org") == []


def test_a_decision_on_a_milestone_tells_coordinators_and_owner_cities_once(
    shared_milestone, django_capture_on_commit_callbacks
):
    milestone, people = shared_milestone
    meeting = factories.meeting(
        by=people["giulia"], starts_at=timezone.now() - timedelta(days=2), status="held"
    )
    mail.outbox.clear()
    minutes = services.MinutesData(
        minutes_en="Held.",
        minutes_ja="",
        decisions=[
            services.DecisionData(
                text_en="Start the pilot in April.", text_ja="", milestone=milestone
            )
        ],
    )
    for _twice in range(2):  # publishing the same minutes again tells no one twice
        with django_capture_on_commit_callbacks(execute=True):
            services.minutes_publish(meeting=meeting, by=people["giulia"], data=minutes)
    decided = [
        m for m in mail.outbox if "Decision on milestone" in m.subject or "決定" in m.subject
    ]
    assert sorted(m.to[0] for m in decided) == [
        "fiona@example.org",
        "haruka@example.org",
        "kenta@example.org",
        "misaki@example.org",
    ]  # not Giulia, who published them; not Brno
    to_fiona = next(m for m in decided if m.to == ["fiona@example.org"])
    assert "Start the pilot in April." in to_fiona.body
    assert f"/en/meetings/{meeting.pk}/" in to_fiona.body


# --- Cancelling asks once, looks dangerous and can be undone ---------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("coordinator", True), ("host_officer", True), ("guest_officer", False)],
)
def test_cancelling_a_meeting_asks_first_and_can_be_undone(
    client, who, allowed, django_capture_on_commit_callbacks
):
    users = {
        "coordinator": lambda: factories.coordinator("cabinet-office-japan"),
        "host_officer": lambda: factories.officer("glasgow"),
        "guest_officer": lambda: factories.officer("kamakura"),
    }
    factories.officer("glasgow", email="fiona@example.org")
    meeting = factories.meeting(title_en="Charging hubs")
    client.force_login(users[who]())
    url = f"/en/meetings/{meeting.pk}"

    detail = client.get(f"{url}/").content.decode()
    assert (f'class="button button-danger" href="{url}/cancel/"' in detail) == allowed
    asked = client.get(f"{url}/cancel/")
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"  # asking changes nothing
    if not allowed:
        assert asked.status_code == client.post(f"{url}/cancel/").status_code == 403
        meeting.refresh_from_db()
        assert meeting.status == "scheduled"
        return
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "Cancel “Charging hubs”?" in page
    assert "taken out of their calendars" in page
    assert '<button type="submit" class="button button-danger">Yes, cancel the meeting' in page
    assert f'href="{url}/">No, keep it</a>' in page

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{url}/cancel/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert "Restore the meeting" in client.get(f"{url}/").content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{url}/restore/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"
    assert meeting.sequence == 2  # cancelled, restored: calendars take the newer copy
    assert list(meeting.changes.values_list("field", "new_value")) == [
        ("status", "cancelled"),
        ("status", "scheduled"),
    ]
    [told] = [m for m in mail.outbox if m.to == ["fiona@example.org"]]
    assert "“Charging hubs” is no longer cancelled." in told.body
    calendar = _calendar_of(told)[0].get_content()
    assert "METHOD:REQUEST" in calendar and "SEQUENCE:2" in calendar


def test_a_past_meeting_is_not_restored(client):
    coordinator = factories.coordinator()
    meeting = factories.meeting(by=coordinator, starts_at=timezone.now() + timedelta(hours=1))
    services.meeting_cancel(meeting=meeting, by=coordinator)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=1),
    )
    client.force_login(coordinator)
    response = client.post(f"/en/meetings/{meeting.pk}/restore/")
    assert response.status_code == 400
    assert "This meeting’s time has passed" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"


@pytest.mark.parametrize("who", ["giulia", "misaki"])
def test_cancelling_a_milestone_asks_first_and_can_be_undone(
    client, shared_milestone, who, django_capture_on_commit_callbacks
):
    milestone, people = shared_milestone
    client.force_login(people[who])
    url = f"/en/action-plan/milestones/{milestone.pk}"
    asked = client.get(f"{url}/cancel/")
    if who == "misaki":  # an owner city's officer: not hers to cancel
        assert asked.status_code == client.post(f"{url}/cancel/").status_code == 403
        milestone.refresh_from_db()
        assert milestone.status == "in_progress"
        return
    assert asked.status_code == 200
    assert f"Cancel milestone {milestone.code}" in asked.content.decode()
    assert "Yes, cancel the milestone" in asked.content.decode()
    milestone.refresh_from_db()
    assert milestone.status == "in_progress"

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{url}/cancel/").status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == "cancelled"
    assert len(_to("fiona@example.org")) == 1  # an owner city is told

    # The officer cannot undo it; the coordinator can, and it is as it was.
    client.force_login(people["misaki"])
    assert client.post(f"{url}/restore/").status_code == 403
    client.force_login(people["giulia"])
    assert "Restore the milestone" in client.get(f"{url}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{url}/restore/").status_code == 302
    milestone.refresh_from_db()
    assert (milestone.status, milestone.progress, milestone.cancelled_at) == (
        "in_progress",
        10,
        None,
    )
    assert len(_to("fiona@example.org")) == 2
    assert "In progress" in _to("fiona@example.org")[-1].body


def test_danger_and_secondary_buttons_beat_the_button_rule():
    """``button.button`` (0,1,1) used to beat ``.button-danger`` (0,1,0): a cancel button
    looked like a primary one. Two classes (0,2,0) win."""
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static/css/portal.css").read_text()
    assert ".button.button-danger { background: var(--red);" in css
    assert ".button.button-secondary { background: #fff;" in css
    assert "\n.button-danger {" not in css and "\n.button-secondary {" not in css


# --- Minutes after the meeting; an agenda that can be edited and reordered ----------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The minutes can be published once the meeting has ended, not before."),
        ("ja", "議事録は会議の終了後に公開できます。"),
    ],
)
def test_minutes_wait_for_the_end_of_the_meeting(client, language, message):
    coordinator = factories.coordinator()
    meeting = factories.meeting(by=coordinator)  # in ten days
    client.force_login(coordinator)
    url = f"/{language}/meetings/{meeting.pk}/minutes/"
    assert message in client.get(url).content.decode()  # said before anyone writes
    response = client.post(
        url,
        {
            "minutes_en": "Too early.",
            "decisions-TOTAL_FORMS": "0",
            "decisions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is None and not meeting.minutes_en
    with pytest.raises(ValidationError):
        services.minutes_publish(
            meeting=meeting, by=coordinator, data=services.MinutesData("Too early.", "")
        )


def _agenda(meeting, *titles):
    return [
        services.agenda_item_add(
            meeting=meeting,
            by=factories.coordinator(),
            data=services.AgendaItemData(title_en=t, title_ja="", duration_minutes=10),
        )
        for t in titles
    ]


def _order(meeting):
    return list(meeting.agenda.order_by("position", "pk").values_list("title_en", flat=True))


def test_the_organiser_edits_and_reorders_agenda_items(client):
    meeting = factories.meeting()  # 60 minutes
    opening, pilots, _close = _agenda(meeting, "Opening", "Pilots", "Next steps")
    client.force_login(factories.officer("glasgow"))  # the host's officer
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    # Buttons (keyboard-reachable), named with the item for screen readers.
    assert (
        '<span aria-hidden="true">↓</span> Move down<span class="visually-hidden"> Opening</span>'
        in page
    )
    assert 'Move up<span class="visually-hidden"> Opening' not in page  # already first

    moved = client.post(f"/en/meetings/agenda/{pilots.pk}/move/up/")
    assert moved.status_code == 302
    assert _order(meeting) == ["Pilots", "Opening", "Next steps"]
    client.post(f"/en/meetings/agenda/{pilots.pk}/move/up/")  # already first: nothing moves
    client.post(f"/en/meetings/agenda/{opening.pk}/move/down/")
    assert _order(meeting) == ["Pilots", "Next steps", "Opening"]
    assert client.post(f"/en/meetings/agenda/{opening.pk}/move/sideways/").status_code == 404

    form = client.get(f"/en/meetings/agenda/{pilots.pk}/edit/")
    assert form.status_code == 200 and 'value="Pilots"' in form.content.decode()
    saved = client.post(
        f"/en/meetings/agenda/{pilots.pk}/edit/",
        {"title_en": "Pilots in Kamakura", "title_ja": "鎌倉の試行", "duration_minutes": 30},
    )
    assert saved.status_code == 302
    pilots.refresh_from_db()
    assert (pilots.title_en, pilots.title_ja, pilots.duration_minutes) == (
        "Pilots in Kamakura",
        "鎌倉の試行",
        30,
    )
    too_long = client.post(
        f"/en/meetings/agenda/{pilots.pk}/edit/",
        {"title_en": "Pilots", "duration_minutes": 45},  # 45 + 20 > 60
    )
    assert too_long.status_code == 400
    assert "The agenda would be longer than the meeting (60 minutes)." in too_long.content.decode()
    pilots.refresh_from_db()
    assert pilots.duration_minutes == 30


def test_a_guest_edits_only_their_own_item_and_does_not_reorder(client):
    meeting = factories.meeting()
    (opening,) = _agenda(meeting, "Opening")
    guest = factories.officer("kamakura")
    own = services.agenda_item_add(
        meeting=meeting,
        by=guest,
        data=services.AgendaItemData(title_en="Our pilot", title_ja="", duration_minutes=10),
    )
    client.force_login(guest)
    assert client.get(f"/en/meetings/agenda/{opening.pk}/edit/").status_code == 403
    refused = client.post(
        f"/en/meetings/agenda/{opening.pk}/edit/", {"title_en": "Mine", "duration_minutes": 5}
    )
    assert refused.status_code == 403
    assert client.post(f"/en/meetings/agenda/{own.pk}/move/up/").status_code == 403
    assert _order(meeting) == ["Opening", "Our pilot"]
    ok = client.post(
        f"/en/meetings/agenda/{own.pk}/edit/", {"title_en": "Our tram pilot", "duration_minutes": 5}
    )
    assert ok.status_code == 302
    opening.refresh_from_db()
    own.refresh_from_db()
    assert (opening.title_en, own.title_en) == ("Opening", "Our tram pilot")


def test_the_admin_names_changes_in_words_too(client):
    coordinator = factories.coordinator()
    meeting = factories.meeting(by=coordinator, host="glasgow", cities=("glasgow", "kamakura"))
    kamakura = City.objects.get(slug="kamakura")
    services.meeting_update(
        meeting=meeting,
        by=coordinator,
        data=_data(meeting, host_city=kamakura, time_zone=kamakura.time_zone),
    )
    client.force_login(factories.site_admin())
    page = client.get(f"/en/admin/exchanges/meeting/{meeting.pk}/change/").content.decode()
    cells = re.findall(r'<td class="field-what_changed">\s*<p>(.*?)</p>', page)
    assert cells == ["Time zone", "Host"]  # in TRACKED_FIELDS order, never "time_zone"
