"""Bounded input and bounded work: dates from 2015 to 2100 at every door and in the database,
pages that stay up with rows at the bounds, and a sitemap and exports that cost a cache read."""

from datetime import UTC, date, datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from exchanges.models import ActionPlan, Meeting, Milestone
from exchanges.plan.demo import seed_plan
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-11-16T09:00:00Z")]


@pytest.fixture
def coordinator(db):
    return factories.coordinator("isinnova")


@pytest.fixture
def plan(coordinator):
    seed_plan(coordinator=coordinator)
    return ActionPlan.objects.get(is_current=True)


def _meeting_form(**overrides):
    data = {
        "title_en": "Far meeting",
        "host": "city:glasgow",
        "cities": [factories.city("glasgow").pk],
        "date": "9999-12-31",
        "start_time": "10:00",
        "end_time": "11:00",
        "time_zone": "Europe/London",
        "format": "virtual",
        "languages": "en",
        "visibility": "public",
        "status": "scheduled",
        "reminder_hours": "24",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2014-12-31", "2101-01-01"])
def test_far_meeting_dates_are_refused(client, day):
    client.force_login(factories.officer("glasgow"))
    response = client.post("/en/meetings/new/", _meeting_form(date=day))
    assert response.status_code == 400
    assert "Give a date between 2015-01-01 and 2100-12-31" in response.content.decode()
    assert not Meeting.objects.exists()


def test_far_milestone_and_plan_dates_are_refused(client, plan, coordinator):
    client.force_login(coordinator)
    form = {
        "code": "X-1", "title_en": "Far", "workstream": plan.workstreams.first().pk,
        "owner_cities": [factories.city("glasgow").pk], "start_date": "2026-01-01",
        "due_date": "9999-12-31", "due_time_zone": "Asia/Tokyo", "status": "planned",
        "progress": "0",
    }  # fmt: skip
    response = client.post("/en/action-plan/milestones/new/", form)
    assert response.status_code == 400
    assert not Milestone.objects.filter(code="X-1").exists()
    edit = client.post(
        f"/en/action-plan/{plan.pk}/edit/",
        {"title_en": "Plan", "period_start": "2021-10-11", "period_end": "9999-12-31"},
    )
    assert edit.status_code == 400
    plan.refresh_from_db()
    assert plan.period_end.year < 2101


def test_the_services_refuse_far_dates_too(plan, coordinator):
    from django.core.exceptions import ValidationError

    from exchanges.plan import services

    with pytest.raises(ValidationError) as refused:
        services.plan_update(
            plan=plan,
            by=coordinator,
            data=services.PlanData(
                title_en="Plan", title_ja="", period_start=date(2021, 10, 11),
                period_end=date(9999, 12, 31),
            ),
        )  # fmt: skip
    assert "period_end" in refused.value.message_dict


@pytest.mark.parametrize(
    "url",
    [
        "/en/action-plan/milestones/?due_after=9999-12-31",
        "/en/action-plan/milestones/?due_before=0001-01-01",
        "/en/practices/?year=99999",
        "/en/practices/export.csv?year=-5",
    ],
)
def test_far_values_in_query_strings_are_a_400(client, plan, url):
    assert client.get(url).status_code == 400


def test_the_database_refuses_far_dates():
    meeting = factories.meeting()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=datetime(9999, 12, 31, 22, tzinfo=UTC),
            ends_at=datetime(9999, 12, 31, 23, tzinfo=UTC),
        )


def test_pages_stay_up_with_rows_at_the_bounds(client, plan, coordinator):
    """Rows written straight into the database (as the admin or a shell could) at the very
    ends of the range: every page that shows them answers 200, in every zone."""
    last = factories.meeting(by=coordinator, title_en="At the end of time")
    Meeting.objects.filter(pk=last.pk).update(
        starts_at=datetime(2100, 12, 31, 22, tzinfo=UTC),
        ends_at=datetime(2100, 12, 31, 23, 59, tzinfo=UTC),
        time_zone="Pacific/Kiritimati",
    )
    first = factories.meeting(by=coordinator, title_en="At the start")
    Meeting.objects.filter(pk=first.pk).update(
        starts_at=datetime(2015, 1, 1, 0, tzinfo=UTC),
        ends_at=datetime(2015, 1, 1, 1, tzinfo=UTC),
        time_zone="Pacific/Pago_Pago",
    )
    Milestone.objects.filter(code="AP-2.2").update(
        start_date=date(2015, 1, 1), due_date=date(2100, 12, 31), due_time_zone="Pacific/Kiritimati"
    )
    ActionPlan.objects.filter(pk=plan.pk).update(
        period_start=date(2015, 1, 1), period_end=date(2100, 12, 31)
    )
    milestone = Milestone.objects.get(code="AP-2.2")
    pages = [
        "/en/", "/ja/", "/en/meetings/", "/en/meetings/?when=past", "/en/meetings/public.ics",
        f"/en/meetings/{last.pk}/", f"/en/meetings/{first.pk}/",
        f"/en/meetings/{last.pk}/meeting.ics",
        "/en/action-plan/", "/en/action-plan/milestones/", milestone.get_absolute_url(),
    ]  # fmt: skip
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Tokyo"):
        client.cookies["portal_tz"] = zone
        for url in pages:
            assert client.get(url).status_code == 200, (zone, url)
    client.force_login(coordinator)
    assert client.get("/en/action-plan/export.csv").status_code == 200


# --- Bounded work --------------------------------------------------------------------------


@pytest.fixture
def catalogue(db):
    return [factories.practice(city="rotterdam", title_en=f"Practice {n}") for n in range(3)]


def test_the_sitemap_is_an_index_of_pages(client, catalogue, monkeypatch):
    from practices.sitemaps import PracticeSitemap

    monkeypatch.setattr(PracticeSitemap, "limit", 2)  # one practice (two languages) a page
    index = client.get("/sitemap.xml").content.decode()
    assert index.count("sitemap-practices.xml") == 3
    assert "sitemap-practices.xml?p=3" in index
    page = client.get("/sitemap-practices.xml?p=2").content.decode()
    assert page.count("<url>") == 2
    assert client.get("/sitemap-practices.xml?p=4").status_code == 404


def test_the_sitemap_is_cached_until_the_catalogue_changes(
    client, catalogue, django_capture_on_commit_callbacks
):
    client.get("/sitemap-practices.xml")
    with CaptureQueriesContext(connection) as queries:
        cached = client.get("/sitemap-practices.xml")
    assert cached.status_code == 200 and len(queries) == 0
    with django_capture_on_commit_callbacks(execute=True):
        new = factories.practice(city="kamakura", title_en="Brand new")
    assert new.slug in client.get("/sitemap-practices.xml").content.decode()


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_exports_are_streamed_and_cached_per_filters_and_language(
    client, catalogue, kind, django_capture_on_commit_callbacks
):
    url = f"/en/practices/export.{kind}?theme=energy"
    first = client.get(url)
    assert first.streaming
    body = b"".join(first.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        again = b"".join(client.get(url).streaming_content)
    # A cache read, after the one query that checks the theme in the filter exists.
    assert again == body and len(queries) <= 1
    japanese = b"".join(client.get(url.replace("/en/", "/ja/")).streaming_content)
    assert japanese != body or kind == "csv"
    with django_capture_on_commit_callbacks(execute=True):
        factories.practice(city="kamakura", title_en="Brand new")
    assert b"Brand new" in b"".join(client.get(url).streaming_content)
