"""“My portal” per role: each dashboard shows exactly the right rows; progress in one step;
the answer to a meeting from the dashboard; the public home's numbers."""

from datetime import UTC, date, datetime

import pytest

from exchanges.meetings import services as meeting_services
from exchanges.models import Attendance, Milestone
from exchanges.notifications import services as notification_services
from exchanges.plan import services as plan_services
from exchanges.plan.demo import seed_plan
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-11-16T09:00:00Z")]


@pytest.fixture
def plan(coordinator):
    seed_plan(coordinator=coordinator)
    current = Milestone.objects.get(code="AP-1.1").plan
    workstream = current.workstreams.order_by("position")[0]

    def milestone(code: str, owners: tuple[str, ...], due: date, status: str = "in_progress"):
        return plan_services.milestone_create(
            plan=current,
            by=coordinator,
            accept_warnings=True,
            data=plan_services.MilestoneData(
                code=code, title_en=f"Milestone {code}", title_ja="", workstream=workstream,
                start_date=date(2026, 1, 5), due_date=due,
                owner_cities=[factories.city(slug) for slug in owners], status=status,
            ),
        )  # fmt: skip

    # Rotterdam's: one due in 10 days, one in 40 (too far), one done, Glasgow's due in 5.
    milestone("R-SOON", ("rotterdam",), date(2026, 11, 26))
    milestone("R-LATER", ("rotterdam",), date(2026, 12, 26))
    milestone("G-SOON", ("glasgow",), date(2026, 11, 21))
    return current


def _rows(items):
    return [m.code for m, _can in items]


def test_the_officer_sees_their_citys_milestones_due_in_30_days_and_overdue_only(
    client, plan, officer
):
    client.force_login(officer)  # Rotterdam's officer
    response = client.get("/en/accounts/")
    mine = response.context["officer"]
    # AP-2.2 (Rotterdam and Kamakura) was due on 30 October 2026: overdue.
    assert _rows(mine["overdue"]) == ["AP-2.2"]
    assert _rows(mine["due_soon"]) == ["R-SOON"]
    assert all(can for _m, can in mine["overdue"] + mine["due_soon"])
    html = response.content.decode()
    assert "G-SOON" not in html and "R-LATER" not in html and "AP-4.2" not in html
    assert response.context["coordinator"] is None


def test_the_officer_answers_a_meeting_from_the_dashboard(client, plan, officer, coordinator):
    meeting = factories.meeting(
        host="rotterdam", cities=("rotterdam", "hamamatsu"), by=coordinator,
        starts_at=datetime(2026, 11, 20, 8, tzinfo=UTC), title_en="Soon",
    )  # fmt: skip
    factories.meeting(
        host="glasgow", cities=("glasgow", "kamakura"), by=coordinator, title_en="Not ours",
        starts_at=datetime(2026, 11, 21, 8, tzinfo=UTC),
    )  # fmt: skip
    factories.meeting(
        host="rotterdam", cities=("rotterdam",), by=coordinator, title_en="Too far",
        starts_at=datetime(2027, 1, 20, 8, tzinfo=UTC),
    )  # fmt: skip
    client.force_login(officer)
    rows = client.get("/en/accounts/").context["officer"]["next_meetings"]
    assert [(m.title, answer, can) for m, answer, can in rows] == [("Soon", "", True)]
    response = client.post(
        f"/en/meetings/{meeting.pk}/attendance/",
        {"response": "maybe", "next": "/en/accounts/"},
    )
    assert response.status_code == 302 and response["Location"] == "/en/accounts/"
    assert Attendance.objects.get(meeting=meeting, user=officer).response == "maybe"
    rows = client.get("/en/accounts/").context["officer"]["next_meetings"]
    assert rows[0][1] == "maybe"
    html = client.get("/en/accounts/").content.decode()
    assert 'value="maybe" class="button button-small button-secondary" aria-pressed="true"' in html


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_the_answer_never_sends_anyone_off_the_portal(client, officer, coordinator, target):
    meeting = factories.meeting(host="rotterdam", cities=("rotterdam",), by=coordinator)
    client.force_login(officer)
    response = client.post(
        f"/en/meetings/{meeting.pk}/attendance/", {"response": "attending", "next": target}
    )
    assert response["Location"] == meeting.get_absolute_url()


def test_progress_in_one_step_from_the_dashboard(client, plan, officer):
    milestone = Milestone.objects.get(code="R-SOON")
    client.force_login(officer)
    response = client.post(
        f"/en/action-plan/milestones/{milestone.pk}/quick-progress/",
        {"status": "in_progress", "progress": "80", "next": "/en/accounts/"},
    )
    assert response.status_code == 302 and response["Location"] == "/en/accounts/"
    milestone.refresh_from_db()
    assert (milestone.status, milestone.progress) == ("in_progress", 80)
    client.post(
        f"/en/action-plan/milestones/{milestone.pk}/quick-progress/",
        {"status": "done", "progress": "80"},
    )
    milestone.refresh_from_db()
    assert (milestone.status, milestone.progress, milestone.completed_on) == (
        "done", 100, date(2026, 11, 16),
    )  # fmt: skip


@pytest.mark.parametrize(
    "data",
    [
        {"status": "in_progress", "progress": "101"},
        {"status": "in_progress", "progress": "-1"},
        {"status": "in_progress", "progress": "ten"},
        {"status": "cancelled", "progress": "10"},
        {"status": "nonsense", "progress": "10"},
        {"status": "in_progress\x00", "progress": "10"},
        {},
    ],
)
def test_bad_progress_is_refused_with_a_message_and_nothing_written(client, plan, officer, data):
    milestone = Milestone.objects.get(code="R-SOON")
    client.force_login(officer)
    response = client.post(f"/en/action-plan/milestones/{milestone.pk}/quick-progress/", data)
    assert response.status_code == 400
    assert "The progress was not recorded" in response.content.decode()
    milestone.refresh_from_db()
    assert (milestone.status, milestone.progress) == ("in_progress", 0)


def test_progress_in_one_step_needs_an_owner_or_a_coordinator(client, plan, coordinator):
    milestone = Milestone.objects.get(code="R-SOON")
    url = f"/en/action-plan/milestones/{milestone.pk}/quick-progress/"
    data = {"status": "in_progress", "progress": "50"}
    assert client.post(url, data).status_code == 302  # to the log-in page
    client.force_login(factories.officer("glasgow"))
    assert client.post(url, data).status_code == 403
    assert client.get(url).status_code == 405  # no change on GET
    milestone.refresh_from_db()
    assert milestone.progress == 0
    client.force_login(coordinator)
    assert client.post(url, data).status_code == 302
    milestone.refresh_from_db()
    assert milestone.progress == 50


def test_the_officer_sees_their_practices_by_state_with_what_came_back(client, officer):
    from practices import services

    coordinator = factories.coordinator()
    sent_back = factories.practice(city="rotterdam", status="submitted", author=officer)
    services.practice_send_back(practice=sent_back, by=coordinator, comment="Add a summary.")
    factories.practice(city="rotterdam", status="submitted", author=officer, title_en="Waiting")
    factories.practice(city="rotterdam", status="published", author=officer, title_en="Out")
    factories.practice(city="glasgow", status="published", title_en="Not ours")
    client.force_login(officer)
    response = client.get("/en/accounts/")
    practices = response.context["officer"]["practices"]
    assert [p.pk for p in practices["sent_back"]] == [sent_back.pk]
    assert [p.title for p in practices["submitted"]] == ["Waiting"]
    assert [p.title for p in practices["published"]] == ["Out"]
    assert "Add a summary." in response.content.decode()


def test_the_officer_sees_unread_notices_and_the_calendar_addresses(client, officer):
    meeting = factories.meeting(host="rotterdam", cities=("rotterdam",))  # invites the officer
    client.force_login(officer)
    dashboard = client.get("/en/accounts/").context["officer"]
    assert [(n.kind, n.meeting_id) for n in dashboard["unread"]] == [
        ("meeting_invitation", meeting.pk)
    ]
    assert set(dashboard["calendar"]) == {"public"}  # no secret address made yet
    meeting_services.calendar_token_reset(user=officer)
    dashboard = client.get("/en/accounts/").context["officer"]
    assert set(dashboard["calendar"]) == {"public", "meetings", "due_dates"}
    assert "/action-plan/due-dates/" in dashboard["calendar"]["due_dates"]


def test_the_coordinator_sees_the_programmes_health_and_what_waits(client, plan, coordinator):
    from accounts.models import Invitation
    from exchanges.models import Notification

    held = factories.meeting(
        host="glasgow", cities=("glasgow", "kamakura"), status="held", by=coordinator,
        starts_at=datetime(2026, 10, 5, 8, tzinfo=UTC), title_en="No minutes",
    )  # fmt: skip
    factories.meeting(
        host="glasgow", cities=("glasgow",), by=coordinator, title_en="In a week",
        starts_at=datetime(2026, 11, 23, 8, tzinfo=UTC),
    )  # fmt: skip
    factories.meeting(
        host="glasgow", cities=("glasgow",), by=coordinator, title_en="In two months",
        starts_at=datetime(2027, 1, 23, 8, tzinfo=UTC),
    )  # fmt: skip
    waiting = factories.practice(city="parma", status="submitted", title_en="To review")
    factories.InvitationFactory(invited_by=coordinator, email="new@example.org")
    revoked = factories.InvitationFactory.create(invited_by=coordinator, email="gone@example.org")
    Invitation.objects.filter(pk=revoked.pk).update(revoked_at=datetime(2026, 11, 1, tzinfo=UTC))
    notification_services.notify("meeting_invitation", [coordinator], key="f", meeting=held)
    Notification.objects.update(status="sent")
    one = Notification.objects.filter(recipient=coordinator).first()
    Notification.objects.filter(pk=one.pk).update(status="failed", last_error="550 no such user")
    client.force_login(coordinator)
    response = client.get("/en/accounts/")
    board = response.context["coordinator"]
    health = board["health"]
    assert health.counts["total"] == 15 and health.counts["overdue"] == 1
    assert [(str(owner), n) for owner, n in health.overdue_by_owner] == [
        ("Kamakura", 1), ("Rotterdam", 1),
    ]  # fmt: skip
    assert (health.done_on_time, health.done) == (4, 6)
    assert [p.pk for p, _days in board["review_queue"]] == [waiting.pk]
    assert [m.title for m in board["meetings_soon"]] == ["In a week"]
    assert [m.title for m in board["without_minutes"]] == ["No minutes"]
    assert board["failed_count"] == 1
    assert [i.email for i in board["invitations"]] == ["new@example.org"]
    assert len(board["charts"]) == 2
    assert response.context["officer"] is None


def test_the_public_home_counts_public_facts_only(client, coordinator):
    seed_plan(coordinator=coordinator)
    factories.meeting(
        host="glasgow", cities=("glasgow", "kamakura"), status="held", by=coordinator,
        starts_at=datetime(2026, 5, 5, 8, tzinfo=UTC), title_en="Public",
    )  # fmt: skip
    factories.meeting(
        host="glasgow", cities=("glasgow", "kamakura"), status="held", by=coordinator,
        starts_at=datetime(2026, 6, 5, 8, tzinfo=UTC), title_en="Internal",
        visibility="internal",
    )  # fmt: skip
    factories.practice(city="parma")
    numbers = client.get("/en/").context["numbers"]
    assert numbers == {"cities": 9, "practices": 1, "meetings_held": 1, "milestones_done": 6}
    client.force_login(coordinator)
    assert client.get("/en/").context["numbers"]["meetings_held"] == 2


def test_the_dashboard_in_japanese(client, plan, japanese_officer):
    client.force_login(japanese_officer)
    html = client.get("/ja/accounts/").content.decode()
    assert "市のマイルストーン" in html and "2026年10月30日" in html and "2026年度" in html


def test_the_officers_dashboard_lists_ten_milestones_of_each_kind_and_counts_them_all(
    client, coordinator
):
    """A city with many late milestones sees the ten most overdue and how many there are."""
    from datetime import timedelta

    from exchanges.plan import selectors as plan_selectors

    seed_plan(coordinator=coordinator)
    current = Milestone.objects.get(code="AP-1.1").plan
    workstream = current.workstreams.order_by("position")[0]
    parma = factories.city("parma")
    before = plan_selectors.due_soon_and_overdue(current, city_ids={parma.pk})
    for k in range(12):
        for code, due in (
            (f"LATE-{k:02d}", date(2025, 1, 10)),
            (f"SOON-{k:02d}", date(2026, 11, 16)),
        ):
            plan_services.milestone_create(
                plan=current,
                by=coordinator,
                accept_warnings=True,
                data=plan_services.MilestoneData(
                    code=code, title_en=f"Milestone {code}", title_ja="", workstream=workstream,
                    start_date=date(2024, 1, 5), due_date=due + timedelta(days=k),
                    owner_cities=[parma], status="in_progress",
                ),
            )  # fmt: skip
    client.force_login(factories.officer("parma"))
    response = client.get("/en/accounts/")
    mine = response.context["officer"]
    # The most overdue first, the soonest due first; ten of each.
    assert _rows(mine["overdue"]) == [f"LATE-{k:02d}" for k in range(10)]
    assert _rows(mine["due_soon"]) == [f"SOON-{k:02d}" for k in range(10)]
    overdue_total, soon_total = 12 + before[2], 12 + before[3]
    assert (mine["overdue_total"], mine["due_soon_total"]) == (overdue_total, soon_total)
    page = response.content.decode()
    assert f"The 10 most overdue of {overdue_total}." in page
    assert f"The 10 due soonest of {soon_total}." in page
    japanese = client.get("/ja/accounts/").content.decode()
    assert f"期限超過の{overdue_total}件のうち、期限の古い10件を表示しています。" in japanese
