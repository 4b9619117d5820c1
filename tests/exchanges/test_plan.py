"""The action plan: permissions for every write, dependency and progress rules, history,
query counts, and what the public sees."""

import csv
import io
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperation_portal.templatetags.portal import fiscal_year
from exchanges.models import Milestone
from exchanges.plan import services as plan
from exchanges.plan.demo import seed_plan
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    return factories.coordinator("isinnova", full_name="Giulia Rossi")


@pytest.fixture
def demo_plan(coordinator):
    seed_plan(coordinator=coordinator)
    return Milestone.objects.get(code="AP-5.2").plan


def _ms(code):
    return Milestone.objects.get(code=code)


def _form(milestone, **overrides):
    data = {
        "code": milestone.code,
        "title_en": milestone.title_en,
        "title_ja": milestone.title_ja,
        "description_en": "",
        "description_ja": "",
        "workstream": milestone.workstream_id,
        "owner_cities": [c.pk for c in milestone.owner_cities.all()],
        "owner_bodies": [b.pk for b in milestone.owner_bodies.all()],
        "start_date": milestone.start_date.isoformat(),
        "due_date": milestone.due_date.isoformat(),
        "due_time_zone": milestone.due_time_zone,
        "status": milestone.status,
        "progress": milestone.progress,
        "completed_on": milestone.completed_on.isoformat() if milestone.completed_on else "",
        "dependencies": [d.pk for d in milestone.dependencies.all()],
        "meeting": "",
        "responsible": "",
    }
    data.update(overrides)
    return data


def _progress(status="in_progress", progress=50, completed_on="", note="Going well", **extra):
    return {
        "status": status,
        "progress": progress,
        "completed_on": completed_on,
        "progress_note": note,
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        **extra,
    }


ROLES = {
    "coordinator": lambda: factories.coordinator("cabinet-office-japan"),
    "owner_officer": lambda: factories.officer("kamakura"),  # AP-5.2 is Kamakura's and Gdańsk's
    "other_officer": lambda: factories.officer("brno"),
}


@pytest.mark.parametrize(
    ("who", "edit", "progress"),
    [("coordinator", 302, 302), ("owner_officer", 403, 302), ("other_officer", 403, 403)],
)
def test_each_write_by_role(client, demo_plan, who, edit, progress):
    milestone = _ms("AP-5.2")
    client.force_login(ROLES[who]())
    url = f"/en/action-plan/milestones/{milestone.pk}"
    assert client.post(f"{url}/edit/", _form(milestone, title_en="Renamed")).status_code == edit
    assert client.post(f"{url}/progress/", _progress(progress=60)).status_code == progress
    new = client.post("/en/action-plan/milestones/new/", _form(milestone, code="AP-9.9"))
    assert new.status_code == (302 if who == "coordinator" else 403)
    moved = client.post(f"{url}/move/up/")
    assert moved.status_code == (302 if who == "coordinator" else 403)
    cancelled = client.post(f"{url}/cancel/")
    assert cancelled.status_code == (302 if who == "coordinator" else 403)
    milestone.refresh_from_db()
    assert (milestone.title_en == "Renamed") == (edit == 302)
    assert (milestone.status == "cancelled") == (who == "coordinator")
    assert Milestone.objects.filter(code="AP-9.9").exists() == (who == "coordinator")
    if progress == 302 and who != "coordinator":
        assert milestone.progress == 60 and milestone.progress_note == "Going well"


def test_the_public_must_log_in_to_write(client, demo_plan):
    milestone = _ms("AP-5.2")
    for url in (
        f"/en/action-plan/milestones/{milestone.pk}/edit/",
        f"/en/action-plan/milestones/{milestone.pk}/progress/",
        "/en/action-plan/milestones/new/",
    ):
        response = client.post(url, {})
        assert response.status_code == 302 and "/accounts/login/" in response.url
    assert _ms("AP-5.2").progress == 20


def test_an_officer_cannot_change_title_owners_or_due_date_through_progress(client, demo_plan):
    milestone = _ms("AP-5.2")
    client.force_login(ROLES["owner_officer"]())
    client.post(
        f"/en/action-plan/milestones/{milestone.pk}/progress/",
        _progress(title_en="Hijacked", due_date="2030-01-01", owner_cities=[1]),
    )
    milestone.refresh_from_db()
    assert milestone.title_en != "Hijacked" and milestone.due_date == date(2027, 2, 26)
    assert sorted(c.slug for c in milestone.owner_cities.all()) == ["gdansk", "kamakura"]


def test_an_officer_cannot_cancel_through_progress(client, demo_plan):
    milestone = _ms("AP-5.2")
    client.force_login(ROLES["owner_officer"]())
    response = client.post(
        f"/en/action-plan/milestones/{milestone.pk}/progress/", _progress(status="cancelled")
    )
    assert response.status_code == 400
    assert _ms("AP-5.2").status == "in_progress"


@pytest.mark.parametrize(
    ("code", "dependency_code"),
    [
        ("AP-5.1", "AP-5.2"),  # direct: AP-5.2 already depends on AP-5.1
        ("AP-2.1", "AP-1.3"),  # longer: AP-1.3 → AP-2.2 → AP-2.1 would close the loop
    ],
)
def test_cycles_are_refused(client, coordinator, demo_plan, code, dependency_code):
    client.force_login(coordinator)
    first = _ms(code)
    dependency = _ms(dependency_code)
    response = client.post(
        f"/en/action-plan/milestones/{first.pk}/edit/",
        _form(first, dependencies=[dependency.pk], accept_warnings="on"),
    )
    assert response.status_code == 400
    assert "would make a cycle" in response.content.decode()
    first.refresh_from_db()
    assert dependency not in first.dependencies.all()


def test_cycle_detection_directly():
    a = Milestone(pk=1, code="A")
    assert plan.creates_cycle(a, [a]) == [a]


@pytest.mark.parametrize(
    ("progress", "status", "completed_on", "message", "code"),
    [
        (-1, "in_progress", "", "from 0 to 100", 400),
        (101, "in_progress", "", "from 0 to 100", 400),
        (100, "done", "", "needs its completion date", 400),
        (40, "in_progress", "2026-01-05", "Only a milestone that is done", 400),
        (100, "done", "2099-01-05", "cannot be in the future", 400),
    ],
)
def test_progress_and_done_rules(client, demo_plan, progress, status, completed_on, message, code):
    milestone = _ms("AP-5.2")
    client.force_login(ROLES["owner_officer"]())
    response = client.post(
        f"/en/action-plan/milestones/{milestone.pk}/progress/",
        _progress(status=status, progress=progress, completed_on=completed_on),
    )
    assert response.status_code == code
    assert message in response.content.decode()
    milestone.refresh_from_db()
    assert (milestone.progress, milestone.status) == (20, "in_progress")


@pytest.mark.today("2026-11-16T09:00:00Z")  # the completion date must not be in the future
def test_done_with_a_completion_date_is_saved_at_100(client, demo_plan):
    milestone = _ms("AP-5.2")
    client.force_login(ROLES["owner_officer"]())
    client.post(
        f"/en/action-plan/milestones/{milestone.pk}/progress/",
        _progress(status="done", progress=90, completed_on="2026-11-02"),
    )
    milestone.refresh_from_db()
    assert (milestone.status, milestone.progress) == ("done", 100)


def test_a_due_date_before_a_dependency_is_a_warning_the_coordinator_can_accept(
    client, coordinator, demo_plan
):
    client.force_login(coordinator)
    milestone = _ms("AP-5.2")
    early = _form(milestone, due_date="2025-06-30")  # AP-5.1, its dependency, is due Dec 2025
    warned = client.post(f"/en/action-plan/milestones/{milestone.pk}/edit/", early)
    assert warned.status_code == 400
    assert "before AP-5.1 it depends on" in warned.content.decode()
    assert _ms("AP-5.2").due_date == date(2027, 2, 26)
    accepted = client.post(
        f"/en/action-plan/milestones/{milestone.pk}/edit/", {**early, "accept_warnings": "on"}
    )
    assert accepted.status_code == 302
    assert _ms("AP-5.2").due_date == date(2025, 6, 30)


def test_a_milestone_needs_an_owner(client, coordinator, demo_plan):
    client.force_login(coordinator)
    milestone = _ms("AP-5.2")
    response = client.post(
        f"/en/action-plan/milestones/{milestone.pk}/edit/",
        _form(milestone, owner_cities=[], owner_bodies=[]),
    )
    assert response.status_code == 400
    assert "at least one owner" in response.content.decode()
    assert _ms("AP-5.2").owner_cities.count() == 2


def test_history_records_the_coordinators_edit_and_the_officers_progress(
    client, coordinator, demo_plan
):
    milestone = _ms("AP-5.2")
    client.force_login(coordinator)
    client.post(
        f"/en/action-plan/milestones/{milestone.pk}/edit/", _form(milestone, due_date="2027-03-12")
    )
    officer = factories.officer("kamakura", full_name="Takahashi Misaki")
    client.force_login(officer)
    client.post(f"/en/action-plan/milestones/{milestone.pk}/progress/", _progress(progress=45))

    records = list(milestone.history.order_by("-history_date", "-history_id"))
    progress_record, edit_record = records[0], records[1]
    assert progress_record.history_user == officer
    delta = progress_record.diff_against(edit_record)
    assert {(c.field, c.old, c.new) for c in delta.changes} >= {("progress", 20, 45)}
    assert edit_record.history_user == coordinator
    due = {c.field: (c.old, c.new) for c in edit_record.diff_against(records[2]).changes}
    assert due["due_date"] == (date(2027, 2, 26), date(2027, 3, 12))

    page = client.get(milestone.get_absolute_url()).content.decode()
    assert "Takahashi Misaki" in page and "Giulia Rossi" in page
    assert "20" in page and "45" in page


def test_the_public_sees_a_summary_without_notes(client, demo_plan):
    milestone = _ms("AP-5.2")
    milestone.progress_note = "Internal remark about funding"
    milestone.save()
    page = client.get("/en/action-plan/").content.decode()
    assert "AP-5.2" in page and "Feb 2027" in page
    assert "Internal remark" not in page and "Objectives" not in page
    detail = client.get(milestone.get_absolute_url()).content.decode()
    assert "Internal remark" not in detail and "History" not in detail
    client.force_login(factories.officer("brno"))
    assert "Internal remark" in client.get(milestone.get_absolute_url()).content.decode()


@pytest.mark.today("2026-11-16T09:00:00Z")
def test_overdue_is_shown_in_words_not_only_colour(client, demo_plan):
    page = client.get("/en/action-plan/").content.decode()
    assert page.count('class="status status-overdue"') == 1  # AP-2.2, due 30 Oct 2026


def _count(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/en/action-plan/", "/en/action-plan/milestones/", "/en/action-plan/ours/"]
)
def test_timeline_and_lists_run_a_constant_number_of_queries(client, coordinator, demo_plan, url):
    client.force_login(factories.officer("hamamatsu"))
    before = _count(client, url)
    workstream = demo_plan.workstreams.first()
    cities = list(factories.City.objects.all())
    for n in range(25):
        created = Milestone.objects.create(
            plan=demo_plan,
            code=f"X-{n}",
            title=f"Extra {n}",
            title_en=f"Extra {n}",
            workstream=workstream,
            start_date=date(2024, 1, 1),
            due_date=date(2026, 1, 1),
        )
        created.owner_cities.set([*cities[n % 9 :], factories.city("hamamatsu")])
        created.dependencies.set([_ms("AP-1.1"), _ms("AP-1.2")])
    assert _count(client, url) == before


def test_csv_export_and_fiscal_years(client, demo_plan):
    client.force_login(factories.officer("tamana"))
    response = client.get("/en/action-plan/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 12
    row = next(r for r in rows if r["code"] == "AP-1.2")
    assert row["fiscal_year_due"] == "FY2021" and row["depends_on"] == "AP-1.1"
    assert fiscal_year(date(2022, 3, 31)) == "FY2021"
    assert fiscal_year(date(2022, 4, 1)) == "FY2022"
    assert client.logout() is None
    assert client.get("/en/action-plan/export.csv").status_code == 302


def test_due_dates_feed(client, demo_plan):
    from icalendar import Calendar

    officer = factories.officer("tamana")
    client.force_login(officer)
    client.post("/en/meetings/calendar/")
    url = client.get("/en/meetings/calendar/").context["feed_url"]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    client.logout()
    feed = Calendar.from_ical(client.get(f"/en/action-plan/due-dates/{token}.ics").content)
    assert len(feed.walk("VEVENT")) == 12
    assert client.get("/en/action-plan/due-dates/not-a-token.ics").status_code == 404
