"""The action plan stays one screenful whatever its size: each workstream shows at most
``FOLD`` bars (the most urgent first) with its counts and a link to its whole timeline, which is
paginated like the milestone list; counts come from SQL and agree with the milestones."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache

from exchanges.models import Milestone, Workstream
from exchanges.plan import selectors
from exchanges.plan import services as plan_services
from exchanges.plan.demo import seed_plan
from tests import factories
from tests.queries import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-11-16T09:00:00Z")]

TODAY = date(2026, 11, 16)
ROW = re.compile(r'<li class="timeline-row" id="milestone-(\d+)">')
MOVE_FORM = 'action="/en/action-plan/milestones/'


@pytest.fixture
def coordinator(db):
    return factories.coordinator("isinnova", full_name="Giulia Rossi")


@pytest.fixture
def plan(coordinator):
    seed_plan(coordinator=coordinator)
    return Milestone.objects.get(code="AP-5.2").plan


def _energy(plan) -> Workstream:
    return plan.workstreams.get(name_en="Energy")


def _add(plan, workstream, n, *, status="planned", due=None, zone="Asia/Tokyo", prefix="X"):
    """``n`` milestones in ``workstream``, each due a day later than the one before."""
    first = Milestone.objects.filter(workstream=workstream).count()
    made = []
    for k in range(n):
        made.append(
            Milestone.objects.create(
                plan=plan,
                code=f"{prefix}-{first + k}",
                title_en=f"{prefix} milestone {first + k}",
                workstream=workstream,
                start_date=date(2024, 1, 1),
                due_date=(due or date(2027, 1, 4)) + timedelta(days=k),
                due_time_zone=zone,
                status=status,
                completed_on=date(2026, 6, 1) + timedelta(days=k) if status == "done" else None,
                progress=100 if status == "done" else 10,
                position=100 + first + k,
            )
        )
    owners = Milestone.owner_cities.through
    owners.objects.bulk_create(
        owners(milestone_id=m.pk, city_id=factories.city("hamamatsu").pk) for m in made
    )
    return made


def _rows(page: str) -> list[str]:
    codes = dict(Milestone.objects.values_list("pk", "code"))
    return [codes[int(pk)] for pk in ROW.findall(page)]


def _section(page: str, heading: str) -> str:
    """The part of the page under the workstream's heading, up to the next one."""
    start = page.index(f">{heading}</h3>")
    end = page.find("<h3", start)
    return page[start : end if end != -1 else None]


# --- A short plan looks as it always did --------------------------------------------------


def test_a_short_plan_shows_every_bar_in_the_plans_order_and_no_fold(client, coordinator, plan):
    cache.clear()
    page = client.get("/en/action-plan/").content.decode()
    assert len(_rows(page)) == 12
    assert _rows(_section(page, "Knowledge exchange")) == ["AP-1.1", "AP-1.2", "AP-1.3"]
    assert "milestones of" not in page and "matter most now" not in page
    client.force_login(coordinator)
    signed_in = client.get("/en/action-plan/").content.decode()
    assert signed_in.count(MOVE_FORM) == 24  # ↑ and ↓ for each of the 12


# --- A long workstream folds --------------------------------------------------------------


@pytest.fixture
def long_energy(plan):
    """Energy: AP-4.1 (done) and AP-4.2 (in progress, due Mar 2027) of the demo, and 30 more."""
    energy = _energy(plan)
    overdue = _add(plan, energy, 4, due=date(2026, 9, 1), status="in_progress", prefix="LATE")
    at_risk = _add(plan, energy, 3, due=date(2027, 2, 1), status="at_risk", prefix="RISK")
    planned = _add(plan, energy, 15, due=date(2026, 12, 1), prefix="NEXT")
    done = _add(plan, energy, 8, status="done", due=date(2026, 7, 1), prefix="DONE")
    return energy, overdue, at_risk, planned, done


def test_a_long_workstream_shows_what_matters_now_with_its_counts_and_a_link(
    client, coordinator, plan, long_energy
):
    energy, overdue, at_risk, planned, _done = long_energy
    cache.clear()
    page = client.get("/en/action-plan/").content.decode()
    section = _section(page, "Energy")
    # Overdue first (longest overdue first), then at risk or in progress (soonest due first:
    # the three at risk, due Feb 2027, before AP-4.2, due Mar 2027), then the next due.
    expected = [m.code for m in overdue] + [m.code for m in at_risk] + ["AP-4.2"]
    expected += [m.code for m in planned][: selectors.FOLD - len(expected)]
    assert _rows(section) == expected
    assert len(expected) == selectors.FOLD
    assert "32 milestones: 9 done, 5 in progress, 15 planned, 3 at risk; 4 overdue." in section
    assert "The 12 that matter most now" in section
    link = f'<a href="/en/action-plan/workstreams/{energy.pk}/">All 32 milestones of Energy</a>'
    assert link in section
    # The other workstreams are short: whole, in order, with no link.
    assert _rows(_section(page, "Knowledge exchange")) == ["AP-1.1", "AP-1.2", "AP-1.3"]
    assert page.count("milestones of") == 1
    # The whole plan's counts still count every milestone.
    assert '<span class="stat">42</span> milestones' in page
    assert '<span class="stat">5</span> overdue' in page  # 4 late ones and AP-2.2


def test_the_folded_overview_has_no_reorder_buttons_for_the_bars_out_of_order(
    client, coordinator, plan, long_energy
):
    client.force_login(coordinator)
    page = client.get("/en/action-plan/").content.decode()
    assert MOVE_FORM not in _section(page, "Energy")
    assert _section(page, "E-mobility").count(MOVE_FORM) == 6  # AP-3.1 to AP-3.3: not folded


def test_the_plan_counts_in_sql_agree_with_each_milestone_at_the_edge_of_the_day(plan):
    """At 09:00 UTC on 16 November it is 18:00 in Tokyo, 23:00 on Kiritimati (UTC+14), 04:00
    in New York and 22:00 on the 15th in Pago Pago (UTC-11): a milestone due on the 15th is
    overdue in all but Pago Pago, one due on the 16th nowhere."""
    energy = _energy(plan)
    expected = {"Asia/Tokyo": 3, "Pacific/Kiritimati": 3, "America/New_York": 3}
    expected["Pacific/Pago_Pago"] = 2
    for zone in expected:
        _add(plan, energy, 4, due=date(2026, 11, 13), zone=zone, prefix=zone[-4:])  # 13th–16th
    for zone, overdue in expected.items():
        mine = Milestone.objects.filter(workstream=energy, due_time_zone=zone)
        assert sum(m.is_overdue for m in mine) == overdue, zone
    counted = selectors.tally(plan)
    assert counted.by_workstream[energy.pk].overdue == sum(expected.values())
    health = selectors.health(plan)
    assert counted.plan.as_dict() == health.counts
    assert counted.plan.done_on_time_share == health.on_time_share
    for workstream, by_status, total in health.workstreams:
        assert counted.by_workstream[workstream.pk].total == total
        assert [n for _label, n in by_status] == [
            counted.by_workstream[workstream.pk].by_status.get(status, 0)
            for status, _label in health.statuses
        ]


# --- A workstream's own page --------------------------------------------------------------


@pytest.fixture
def huge_energy(plan):
    energy = _energy(plan)
    _add(plan, energy, 118, prefix="BIG")  # 120 with the demo's two
    return energy


def test_a_workstreams_page_has_its_whole_timeline_a_page_at_a_time(client, plan, huge_energy):
    url = f"/en/action-plan/workstreams/{huge_energy.pk}/"
    first = client.get(url).content.decode()
    in_order = list(
        huge_energy.milestones.order_by("position", "due_date", "pk").values_list("code", flat=True)
    )
    assert _rows(first) == in_order[:50]
    assert "<h1>Energy</h1>" in first
    assert '<span class="stat">120</span> milestones' in first
    assert '<a href="?page=1" aria-current="page">' in first
    assert '<a rel="next" href="?page=2">Next</a>' in first
    assert "Page 1 of 3" in first
    last = client.get(url + "?page=3").content.decode()
    assert _rows(last) == in_order[100:]
    assert '<a href="?page=3" aria-current="page">' in last
    assert client.get(url + "?page=x").status_code == 400
    assert client.get(url + "?page=9").status_code == 404
    assert client.get("/en/action-plan/workstreams/999999/").status_code == 404
    # The public sees no reorder button; the coordinator's are here.
    assert MOVE_FORM not in first


def test_a_short_workstreams_page_has_no_page_links(client, plan):
    page = client.get(f"/en/action-plan/workstreams/{_energy(plan).pk}/").content.decode()
    assert _rows(page) == ["AP-4.1", "AP-4.2"]
    assert 'class="pagination"' not in page


def test_moving_a_milestone_on_a_workstreams_page_goes_back_to_where_it_now_is(
    client, coordinator, plan, huge_energy
):
    client.force_login(coordinator)
    url = f"/en/action-plan/workstreams/{huge_energy.pk}/"
    page = client.get(url).content.decode()
    assert page.count(MOVE_FORM) == 100
    in_order = list(huge_energy.milestones.order_by("position", "due_date", "pk"))
    fiftieth = in_order[49]
    moved = client.post(f"/en/action-plan/milestones/{fiftieth.pk}/move/down/")
    assert moved.status_code == 302
    assert moved["Location"] == f"{url}?page=2#milestone-{fiftieth.pk}"
    second = client.get(url + "?page=2").content.decode()
    assert _rows(second)[:2] == [fiftieth.code, in_order[51].code]
    assert _rows(client.get(url).content.decode())[-1] == in_order[50].code
    # On a short workstream, back to the plan's page.
    short = Milestone.objects.get(code="AP-3.2")
    moved = client.post(f"/en/action-plan/milestones/{short.pk}/move/up/")
    assert moved["Location"] == f"/en/action-plan/{plan.pk}/#milestone-{short.pk}"


def test_a_change_shows_at_once_on_a_workstreams_kept_page(
    client, coordinator, plan, django_assert_num_queries
):
    cache.clear()
    url = f"/en/action-plan/workstreams/{_energy(plan).pk}/"
    first = client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url)["ETag"] == first["ETag"]
    assert "73 % done" not in first.content.decode()
    plan_services.milestone_report_progress(
        milestone=Milestone.objects.get(code="AP-4.2"),
        by=coordinator,
        data=plan_services.ProgressData(status="in_progress", progress=73),
    )
    assert "73 % done" in client.get(url).content.decode()


# --- The milestone list -------------------------------------------------------------------


def test_the_milestone_list_is_paginated_and_its_page_links_keep_the_filters(
    client, plan, huge_energy
):
    first = client.get("/en/action-plan/milestones/").content.decode()
    assert first.count("<tr>") - 1 == 50  # the header row and 50 milestones
    assert "130 milestones" in first and "1–50 shown" in first
    filtered = client.get(
        f"/en/action-plan/milestones/?workstream={huge_energy.pk}&status=planned&page=2"
    ).content.decode()
    assert f"workstream={huge_energy.pk}&amp;status=planned&amp;page=3" in filtered
    assert "118 milestones" in filtered  # the demo's two in Energy are not planned
    assert filtered.count("BIG-") == 50
    assert client.get("/en/action-plan/milestones/?page=0").status_code == 404
    assert client.get("/en/action-plan/milestones/?page=two").status_code == 400


# --- Bounded whatever the size ------------------------------------------------------------


def _grow(plan, n):
    workstreams = list(plan.workstreams.all())
    for k, workstream in enumerate(workstreams):
        status = ("planned", "in_progress", "at_risk", "done")[k % 4]
        due = date(2026, 1, 1) + timedelta(k)
        _add(plan, workstream, n // len(workstreams), due=due, status=status, prefix=f"G{k}")
    dependency = Milestone.objects.get(code="AP-1.1")
    for milestone in Milestone.objects.filter(code__startswith="G"):
        milestone.dependencies.add(dependency)
        milestone.owner_bodies.add(factories.body("isinnova"))


@pytest.mark.parametrize("who", ["public", "coordinator"])
def test_the_plan_and_a_workstream_run_the_same_queries_with_10_and_300_milestones(
    client, coordinator, plan, who
):
    Milestone.objects.exclude(code__in=["AP-1.1", "AP-1.2", "AP-2.1", "AP-3.1"]).exclude(
        code__startswith="AP-4"
    ).delete()
    energy = _energy(plan)
    pages = [
        "/en/action-plan/",
        f"/en/action-plan/workstreams/{energy.pk}/",
        "/en/action-plan/milestones/",
        "/en/action-plan/milestones/?status=planned&status=done",
    ]
    if who != "public":
        client.force_login(coordinator)
    _grow(plan, 5)  # 11 milestones: one page of each list, no workstream folded…
    assert Milestone.objects.count() == 11
    few = [count_queries(client, url) for url in pages]
    _grow(plan, 295)  # …and 306: many pages, every workstream folded
    assert [count_queries(client, url) for url in pages] == few
    # Later pages cost the same as the first.
    assert count_queries(client, pages[1] + "?page=2") == few[1]
    assert count_queries(client, pages[2] + "?page=5") == few[2]
    cache.clear()
    page = client.get("/en/action-plan/").content.decode()
    assert len(ROW.findall(page)) == selectors.FOLD * plan.workstreams.count()
    assert len(ROW.findall(client.get(pages[1]).content.decode())) == selectors.PAGE_SIZE


def test_a_milestone_written_without_history_has_its_page(client, plan):
    """bulk_create (an import, the load benchmark) writes no history record: the page of such
    a milestone shows it, with an empty history, instead of failing."""
    (milestone,) = Milestone.objects.bulk_create(
        [
            Milestone(
                plan=plan, code="BULK-1", title_en="Imported", workstream=_energy(plan),
                start_date=date(2025, 1, 1), due_date=date(2027, 1, 1),
            )
        ]
    )  # fmt: skip
    client.force_login(factories.officer("brno"))
    response = client.get(milestone.get_absolute_url())
    assert response.status_code == 200
    assert "Imported" in response.content.decode()
