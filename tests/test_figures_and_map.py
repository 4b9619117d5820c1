"""The figures (charts, their tables and CSV), fiscal quarters and months for each language,
the CSV cells a spreadsheet cannot run, the map's markers and lines, and the demo data that
makes every dashboard, city page and the matrix show something real."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from cooperation_portal import dates
from cooperation_portal.spreadsheets import safe_cell
from exchanges.plan.demo import seed_plan
from exchanges.plan.selectors import state_at
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-11-16T09:00:00Z")]


def test_fiscal_quarters_and_months_in_each_language():
    assert dates.fiscal_quarter(date(2026, 11, 16)) == (2026, 3)
    assert dates.fiscal_quarter(date(2027, 3, 31)) == (2026, 4)
    assert dates.fiscal_quarter(date(2026, 4, 1)) == (2026, 1)
    assert dates.quarter_end(2026, 4) == date(2027, 3, 31)
    assert dates.quarter_end(2026, 3) == date(2026, 12, 31)
    assert dates.quarters_between(date(2021, 10, 11), date(2022, 4, 2)) == [
        (2021, 3), (2021, 4), (2022, 1),
    ]  # fmt: skip
    assert dates.fiscal_year_bounds(2025) == (date(2025, 4, 1), date(2026, 3, 31))
    with translation.override("en"):
        assert dates.quarter_label(2026, 3) == "FY2026 Q3"
        assert dates.month_label(date(2026, 11, 1)) == "Nov 2026"
    with translation.override("ja"):
        assert dates.quarter_label(2026, 3) == "2026年度第3四半期"
        assert dates.month_label(date(2026, 11, 1)) == "2026年11月"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1", "'+1"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("Rotterdam", "Rotterdam"),
        (-3, -3), (7, 7), ("", ""),
    ],
)  # fmt: skip
def test_csv_cells_a_spreadsheet_would_run_are_neutralised(value, expected):
    assert safe_cell(value) == expected


def test_a_theme_named_like_a_formula_is_harmless_in_the_csv(client):
    from practices.models import Theme

    Theme.objects.create(slug="formula", name="=cmd|' /C calc'!A0", name_en="=cmd|' /C calc'!A0")
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/en/figures/practices-by-theme-and-city.csv").content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert [row[0] for row in rows if "calc" in row[0]] == ["'=cmd|' /C calc'!A0"]


def test_the_state_of_a_milestone_at_a_day_comes_from_its_dates(coordinator):
    seed_plan(coordinator=coordinator)
    from exchanges.models import Milestone

    done = Milestone.objects.get(code="AP-4.1")  # 2022-04-01 → due 2024-03-29, done 2024-05-17
    assert state_at(done, date(2022, 3, 31)) == "not_started"
    assert state_at(done, date(2023, 1, 1)) == "under_way"
    assert state_at(done, date(2024, 4, 30)) == "overdue"
    assert state_at(done, date(2024, 5, 17)) == "done"


def test_the_figures_page_has_each_chart_with_its_table_and_csv(client, coordinator):
    seed_plan(coordinator=coordinator)
    response = client.get("/en/figures/")
    assert response.status_code == 200
    charts = {c.slug: c for c in response.context["charts"]}
    assert set(charts) == {"milestone-status", "done-on-time", "meetings-per-month"}
    status = charts["milestone-status"]
    # FY2021 Q3 (the launch) to FY2026 Q3 (today): 21 quarters, every milestone counted each.
    assert status.categories[0] == "FY2021 Q3" and status.categories[-1] == "FY2026 Q3"
    assert len(status.categories) == 21
    assert all(sum(row) == 12 for row in status.values)
    last = dict(zip([s.key for s in status.series], status.values[-1], strict=True))
    assert last == {"not_started": 0, "under_way": 5, "overdue": 1, "done": 6, "cancelled": 0}
    on_time = charts["done-on-time"]
    # AP-2.1 was done on 20 January 2023 (due 16 December 2022): FY2022 Q4, 0 % on time.
    row = on_time.rows[on_time.categories.index("FY2022 Q4")]
    assert row[1] == [0, 1, 0]
    html = response.content.decode()
    # Two pictures: no meeting exists, so the meetings chart says so instead of drawing.
    assert html.count('role="img"') == 2 and "Nothing to show yet." in html
    assert html.count("<table") == 4  # three charts' tables and the practices' heat table
    assert 'href="/en/figures/milestone-status.csv"' in html
    rows = list(
        csv.reader(
            io.StringIO(client.get("/en/figures/done-on-time.csv").content.decode("utf-8-sig"))
        )
    )
    assert rows[0] == ["quarter", "on_time_percent", "completed", "on_time"]
    assert ["FY2022 Q4", "0", "1", "0"] in rows
    assert client.get("/en/figures/nothing.csv").status_code == 404


def test_the_figures_in_japanese(client, coordinator):
    seed_plan(coordinator=coordinator)
    html = client.get("/ja/figures/").content.decode()
    assert "2021年度第3四半期" in html and "2026年11月" in html


def test_meetings_per_month_count_internal_meetings_for_members_only(client, coordinator):
    for visibility, day in (("public", 3), ("internal", 4)):
        factories.meeting(
            host="glasgow", cities=("glasgow", "kamakura"), status="held", by=coordinator,
            starts_at=datetime(2026, 9, day, 8, tzinfo=UTC), visibility=visibility,
        )  # fmt: skip
    factories.meeting(
        host="glasgow", cities=("glasgow",), by=coordinator,
        starts_at=datetime(2026, 12, 3, 8, tzinfo=UTC),
    )  # fmt: skip

    def september(csv_bytes: bytes) -> tuple[list[str], list[str]]:
        rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))))
        return next(r for r in rows if r[0] == "Sep 2026"), next(
            r for r in rows if r[0] == "Dec 2026"
        )

    public_sep, public_dec = september(client.get("/en/figures/meetings-per-month.csv").content)
    assert public_sep == ["Sep 2026", "1", "0"] and public_dec == ["Dec 2026", "0", "1"]
    client.force_login(coordinator)
    member_sep, _dec = september(client.get("/en/figures/meetings-per-month.csv").content)
    assert member_sep == ["Sep 2026", "2", "0"]


def test_the_map_links_every_place_and_draws_the_pairs_that_met(client, coordinator):
    factories.meeting(
        host="rotterdam", cities=("rotterdam", "hamamatsu", "glasgow"), status="held",
        by=coordinator, starts_at=datetime(2026, 5, 5, 8, tzinfo=UTC),
    )  # fmt: skip
    factories.meeting(
        host="rotterdam", cities=("rotterdam", "hamamatsu"), status="held", by=coordinator,
        starts_at=datetime(2026, 6, 5, 8, tzinfo=UTC), visibility="internal",
    )  # fmt: skip
    response = client.get("/en/cities/")
    partner_map = response.context["map"]
    for view in (partner_map.wide, partner_map.tall):
        assert len(view.markers) == 11
        assert {m.url for m in view.markers} >= {"/en/cities/tamana/", "/en/bodies/isinnova/"}
        # Rotterdam–Hamamatsu and Glasgow–Hamamatsu; not Rotterdam–Glasgow (one region).
        assert sorted((line.names, line.count) for line in view.lines) == [
            (("Glasgow", "Hamamatsu"), 1), (("Rotterdam", "Hamamatsu"), 1),
        ]  # fmt: skip
        for marker in view.markers:
            assert 0 <= marker.x <= view.width and 0 <= marker.y <= view.height
    html = response.content.decode()
    assert 'href="/en/cities/rotterdam/" class="map-place map-city"' in html
    assert "https://" not in "".join(
        line for line in html.splitlines() if "<image" in line
    )  # the base maps are the portal's own files
    client.force_login(coordinator)
    lines = client.get("/en/cities/").context["map"].wide.lines
    assert {line.names: line.count for line in lines}[("Rotterdam", "Hamamatsu")] == 2


def test_the_base_maps_are_svg_files_of_the_portal_with_their_licence():
    folder = Path(settings.BASE_DIR) / "static" / "map"
    for name in ("europe.svg", "japan.svg"):
        root = ET.parse(folder / name).getroot()  # noqa: S314 - the portal's own file
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert len(root.findall("{http://www.w3.org/2000/svg}path")) >= 5  # countries
        assert "http" not in "".join(root.itertext())
    assert "Natural Earth" in (folder / "LICENSE.txt").read_text()


def test_the_topojson_decoder_of_the_map_build():
    from scripts.build_map import decode_arcs, ring, unwrap

    topology = {
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
    }
    arcs = decode_arcs(topology)
    assert arcs[0] == [(0, 0), (2, 0), (2, 2)]
    assert ring([0, 1], arcs) == [(0, 0), (2, 0), (2, 2), (0, 2), (0, 0)]
    assert ring([~1], arcs)[0] == (0, 0)
    assert unwrap([(179.0, 60.0), (-179.0, 60.0)]) == [(179.0, 60.0), (181.0, 60.0)]


def test_demo_data_makes_every_dashboard_city_page_and_the_matrix_show_something(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # idempotent
    from accounts.models import User
    from exchanges.models import Meeting, Milestone

    assert Milestone.objects.filter(code="AP-1.4").count() == 1
    assert Meeting.objects.count() == 1 + 3 + 6 + 1
    matrix = client.get("/en/partnerships/").context["matrix"]
    cells = matrix.cells()
    assert all(c.meetings >= 1 for c in cells)  # the launch, where every city met
    assert sum(c.meetings > 1 for c in cells) >= 5 and sum(c.milestones for c in cells) >= 10
    pair = client.get("/en/partnerships/rotterdam/hamamatsu/").context["pair"]
    assert pair.meetings and pair.milestones and pair.upcoming
    for slug in ("rotterdam", "umea", "glasgow", "gdansk", "parma", "brno", "hamamatsu",
                 "kamakura", "tamana"):  # fmt: skip
        overview = client.get(f"/en/cities/{slug}/").context["overview"]
        assert overview.past and overview.milestones and overview.led, slug
        assert any(cell.total for _other, cell in overview.partners), slug
        officer = User.objects.get(email=f"officer.{slug}@example.org")
        client.force_login(officer)
        board = client.get("/en/accounts/").context["officer"]
        assert board["next_meetings"], slug
        assert board["due_soon"] or board["overdue"], slug
        practices = board["practices"]
        assert practices["published"] and (
            practices["draft"] or practices["submitted"] or practices["sent_back"]
        ), slug
        client.logout()
    for slug in ("isinnova", "cabinet-office-japan"):
        overview = client.get(f"/en/bodies/{slug}/").context["overview"]
        assert overview.past and overview.milestones, slug
    client.force_login(User.objects.get(email="coordinator.isinnova@example.org"))
    board = client.get("/en/accounts/").context["coordinator"]
    assert board["health"].counts["total"] == 13
    assert board["review_queue"] and board["meetings_soon"] and board["without_minutes"]
    figures = client.get("/en/figures/").context
    assert not any(chart.is_empty for chart in figures["charts"])
    assert sum(total for _theme, _cells, total in figures["heat"].rows) >= 12
