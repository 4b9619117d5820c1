"""The pair matrix, a pair's page, a city's and a body's page: counts that match the data, for
the public and for members (an internal meeting counts only for members who may see it)."""

import csv
import io
from datetime import UTC, date, datetime

import pytest

from cities import selectors
from cities.models import City
from exchanges.models import Meeting
from exchanges.plan.demo import seed_plan
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-11-16T09:00:00Z")]


def _held(title: str, *, host: str, cities: tuple[str, ...], when: datetime, **fields) -> Meeting:
    return factories.meeting(
        host=host, cities=cities, starts_at=when, status="held", title_en=title, **fields
    )


@pytest.fixture
def programme(coordinator):
    """Seeded: three meetings held (one internal), one upcoming, one cancelled, one draft, and
    the demo plan's milestones (Rotterdam and Hamamatsu share AP-1.2 and AP-4.1)."""
    seed_plan(coordinator=coordinator)
    made = {
        "public": _held(
            "Thermal grids", host="rotterdam", cities=("rotterdam", "hamamatsu"),
            when=datetime(2025, 5, 12, 7, tzinfo=UTC), by=coordinator,
        ),
        "several": _held(
            "Three cities", host="glasgow",
            cities=("glasgow", "rotterdam", "hamamatsu", "kamakura"),
            when=datetime(2026, 2, 3, 8, tzinfo=UTC), by=coordinator,
        ),
        "internal": _held(
            "Internal review", host="rotterdam", cities=("rotterdam", "hamamatsu"),
            when=datetime(2026, 6, 1, 7, tzinfo=UTC), visibility="internal", by=coordinator,
        ),
        "upcoming": factories.meeting(
            host="rotterdam", cities=("rotterdam", "hamamatsu"), title_en="Next one",
            starts_at=datetime(2026, 12, 1, 8, tzinfo=UTC), by=coordinator,
        ),
        "cancelled": _held(
            "Called off", host="rotterdam", cities=("rotterdam", "hamamatsu"),
            when=datetime(2026, 3, 1, 8, tzinfo=UTC), by=coordinator,
        ),
        "draft": factories.meeting(
            host="rotterdam", cities=("rotterdam", "hamamatsu"), status="draft",
            title_en="Draft", starts_at=datetime(2026, 4, 1, 8, tzinfo=UTC), by=coordinator,
        ),
    }  # fmt: skip
    Meeting.objects.filter(pk=made["cancelled"].pk).update(status="cancelled")
    return made


def _cell(matrix, eu: str, jp: str):
    return next(c for c in matrix.cells() if c.eu.slug == eu and c.jp.slug == jp)


def test_the_public_counts_public_meetings_held_and_shared_milestones(client, programme):
    from django.contrib.auth.models import AnonymousUser

    matrix = selectors.pair_matrix(AnonymousUser())
    assert len(matrix.rows) == 6 and [c.slug for c in matrix.japan] == [
        "hamamatsu", "kamakura", "tamana",
    ]  # fmt: skip
    pair = _cell(matrix, "rotterdam", "hamamatsu")
    # Public and held: "Thermal grids" and "Three cities"; not the internal, upcoming,
    # cancelled or draft ones. Milestones: AP-1.2 and AP-4.1.
    assert (pair.meetings, pair.milestones, pair.transfers) == (2, 2, 0)
    assert (_cell(matrix, "glasgow", "kamakura").meetings) == 1
    assert _cell(matrix, "glasgow", "tamana").milestones == 1  # AP-3.1
    assert _cell(matrix, "parma", "tamana").total == 0
    response = client.get("/en/partnerships/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-label="Rotterdam and Hamamatsu: 2 meetings held, 2 shared milestones"' in html
    assert "practices taken up" not in html  # the column appears once transfers exist


def test_members_who_may_see_it_count_the_internal_meeting(client, programme, coordinator):
    assert _cell(selectors.pair_matrix(coordinator), "rotterdam", "hamamatsu").meetings == 3
    rotterdam = factories.officer("rotterdam")
    assert _cell(selectors.pair_matrix(rotterdam), "rotterdam", "hamamatsu").meetings == 3
    client.force_login(coordinator)
    html = client.get("/en/partnerships/").content.decode()
    assert "Rotterdam and Hamamatsu: 3 meetings held, 2 shared milestones" in html


def test_the_pair_page_lists_everything_in_time_order(client, programme):
    response = client.get("/en/partnerships/rotterdam/hamamatsu/")
    assert response.status_code == 200
    entries = response.context["pair"].entries
    named = [(e.kind, e.item.code if e.kind == "milestone" else e.item.title) for e in entries]
    assert named == [
        ("milestone", "AP-1.2"),
        ("milestone", "AP-4.1"),
        ("meeting", "Thermal grids"),
        ("meeting", "Three cities"),
    ]  # fmt: skip
    assert [m.title for m in response.context["pair"].upcoming] == ["Next one"]
    html = response.content.decode()
    assert "Internal review" not in html and "Called off" not in html and "Draft" not in html


def test_the_pair_page_refuses_two_cities_of_one_region(client, programme):
    assert client.get("/en/partnerships/rotterdam/glasgow/").status_code == 404
    assert client.get("/en/partnerships/hamamatsu/rotterdam/").status_code == 404
    assert client.get("/en/partnerships/nowhere/hamamatsu/").status_code == 404


def test_the_matrix_filters_by_fiscal_year_dates_and_theme(client, programme, coordinator):
    from practices.models import Theme

    energy = Theme.objects.get(slug="energy")
    programme["public"].themes.add(energy)
    client.force_login(coordinator)
    fy2025 = client.get("/en/partnerships/?fy=2025").context["matrix"]
    # FY2025 is April 2025 to March 2026: "Thermal grids" and "Three cities".
    assert _cell(fy2025, "rotterdam", "hamamatsu").meetings == 2
    assert _cell(fy2025, "rotterdam", "hamamatsu").milestones == 0  # AP-1.2, AP-4.1 ended earlier
    dates = client.get("/en/partnerships/?start=2026-01-01&end=2026-12-31").context["matrix"]
    assert _cell(dates, "rotterdam", "hamamatsu").meetings == 2  # "Three cities", internal
    themed = client.get("/en/partnerships/?theme=energy").context["matrix"]
    assert _cell(themed, "rotterdam", "hamamatsu").meetings == 1
    pair = client.get("/en/partnerships/rotterdam/hamamatsu/?theme=energy").context["pair"]
    assert [m.title for m in pair.meetings] == ["Thermal grids"]


@pytest.mark.parametrize(
    "query",
    ["fy=1999", "fy=abc", "start=2026-13-01", "start=2026-05-01&end=2026-01-01",
     "fy=2025&start=2025-05-01", "theme=nope", "start=%00"],
)  # fmt: skip
def test_bad_filters_are_refused_with_a_message(client, programme, query):
    response = client.get(f"/en/partnerships/?{query}")
    assert response.status_code == 400
    if "%00" in query:
        # A NUL byte is refused before any view runs (cooperation_portal.middleware).
        assert response.content == b"NUL characters are not allowed."
    else:
        assert response.context["form"].errors
    assert client.get(f"/en/partnerships/matrix.csv?{query}").status_code == 400


def test_the_matrix_as_csv(client, programme):
    response = client.get("/en/partnerships/matrix.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["european_city", "japanese_city", "meetings_held", "shared_milestones"]
    assert ["Rotterdam", "Hamamatsu", "2", "2", "0"] in rows
    assert len(rows) == 1 + 18


def test_a_city_page_gathers_everything(client, programme):
    response = client.get("/en/cities/rotterdam/")
    assert response.status_code == 200
    overview = response.context["overview"]
    assert [m.title for m in overview.upcoming] == ["Next one"]
    assert [m.title for m in overview.past] == ["Three cities", "Thermal grids"]
    assert {m.code for m in overview.milestones} == {"AP-1.2", "AP-2.2", "AP-4.1"}
    partners = {other.slug: (cell.meetings, cell.milestones) for other, cell in overview.partners}
    assert partners == {"hamamatsu": (2, 2), "kamakura": (1, 1), "tamana": (0, 0)}
    html = response.content.decode()
    assert "Working hours" in html and "Contact point" in html
    # Officers' names and addresses are for members.
    assert response.context["officers"] is None


def test_a_city_page_for_a_member_counts_the_internal_meeting_and_names_officers(
    client, programme, coordinator
):
    officer = factories.officer("rotterdam", full_name="Daan de Vries")
    client.force_login(coordinator)
    response = client.get("/en/cities/rotterdam/")
    assert [m.title for m in response.context["overview"].past] == [
        "Internal review", "Three cities", "Thermal grids",
    ]  # fmt: skip
    assert officer.email in response.content.decode()


def test_a_japanese_city_page_in_japanese_has_its_holidays_in_japanese(client, programme):
    response = client.get("/ja/cities/hamamatsu/")
    html = response.content.decode()
    # 23 November 2026 is Labour Thanksgiving Day, within 60 days of 16 November.
    assert "勤労感謝の日" in html
    assert "2026年11月23日" in html


def test_a_body_page_gathers_its_meetings_and_milestones(client, programme):
    response = client.get("/en/bodies/isinnova/")
    assert response.status_code == 200
    overview = response.context["overview"]
    assert "AP-1.1" in {m.code for m in overview.milestones}


def test_city_pages_and_the_matrix_agree(client, programme, coordinator):
    for viewer in (None, coordinator):
        if viewer:
            client.force_login(viewer)
        matrix = client.get("/en/partnerships/").context["matrix"]
        for city in City.objects.all():
            page = client.get(f"/en/cities/{city.slug}/").context["overview"]
            for other, cell in page.partners:
                pair = (city, other) if city.region == "europe" else (other, city)
                assert cell.total == _cell(matrix, pair[0].slug, pair[1].slug).total


def test_transfers_count_in_the_matrix_the_pair_and_the_city_pages(client, programme):
    """Practices taken up between a European and a Japanese city count for the pair, stopped
    ones excepted (they are listed, as lessons); a transfer within Europe counts for no pair;
    the public follows links to the practice, members to the transfer."""
    from practices.models import TransferStage
    from practices.transfers import services as transfers

    def start(practice, city: str):
        receiver = factories.officer(city)
        return transfers.transfer_start(
            by=receiver,
            data=transfers.InterestData(
                practice=practice, city=factories.city(city), interest="Worth a study visit."
            ),
        )

    rotterdam_grid = factories.practice(city="rotterdam", title_en="Thermal grid")
    hamamatsu_bus = factories.practice(city="hamamatsu", title_en="On-demand buses")
    into_hamamatsu = start(rotterdam_grid, "hamamatsu")
    into_rotterdam = start(hamamatsu_bus, "rotterdam")
    start(rotterdam_grid, "brno")  # within Europe: no pair
    stopped = start(hamamatsu_bus, "umea")
    transfers.transfer_move(
        transfer=stopped,
        by=factories.coordinator(),
        data=transfers.StepData(
            to_stage=TransferStage.STOPPED, on=date(2026, 11, 16), note="No budget this year."
        ),
    )

    matrix = client.get("/en/partnerships/").context["matrix"]
    assert matrix.show_transfers
    assert _cell(matrix, "rotterdam", "hamamatsu").transfers == 2
    assert _cell(matrix, "umea", "hamamatsu").transfers == 0  # stopped
    assert sum(cell.transfers for cell in matrix.cells()) == 2

    pair = client.get("/en/partnerships/rotterdam/hamamatsu/").context["pair"]
    assert [t.transfer for t in pair.transfers] == [into_hamamatsu, into_rotterdam]
    assert pair.transfers[0].get_absolute_url() == rotterdam_grid.get_absolute_url()
    umea = client.get("/en/partnerships/umea/hamamatsu/").context["pair"]
    assert [t.transfer for t in umea.transfers] == [stopped]  # listed as a lesson

    page = client.get("/en/cities/rotterdam/")
    assert page.context["transfers_in"] == [into_rotterdam]
    assert {t.city.slug for t in page.context["transfers_out"]} == {"hamamatsu", "brno"}
    assert "On-demand buses" in page.content.decode()

    client.force_login(factories.officer("tamana"))
    pair = client.get("/en/partnerships/rotterdam/hamamatsu/").context["pair"]
    assert pair.transfers[0].get_absolute_url() == into_hamamatsu.get_absolute_url()
