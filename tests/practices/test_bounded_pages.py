"""Pages that list practices read a bounded number of rows whatever the catalogue's size:
related practices, a city's and a body's practices, the figures and the home page's count."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities import selectors as city_selectors
from practices import selectors
from practices.models import BestPractice
from tests import factories

pytestmark = pytest.mark.django_db


_reviewer: list = []


def _publish(**kwargs):
    return factories.practice(reviewer=_reviewer[0], **kwargs)


@pytest.fixture(autouse=True)
def coordinator(db):
    _reviewer[:] = [factories.coordinator()]
    return _reviewer[0]


def test_related_practices_are_the_newest_sharing_a_theme_among_the_other_regions_newest(
    monkeypatch,
):
    practice = _publish(city="rotterdam", themes=("energy", "governance"), title_en="Here")
    old_match = _publish(city="kamakura", themes=("energy",), title_en="Old match")
    _publish(city="tamana", themes=("e-mobility",), title_en="Other theme")
    new_match = _publish(city="hamamatsu", themes=("governance",), title_en="New match")
    _publish(city="glasgow", themes=("energy",), title_en="Same region")
    assert selectors.related_from_other_region(practice) == [new_match, old_match]
    # Only the other region's newest are looked at: the old match is the third newest.
    monkeypatch.setattr(selectors, "RELATED_CANDIDATES", 2)
    assert selectors.related_from_other_region(practice) == [new_match]


def test_a_city_page_lists_its_newest_practices_and_links_to_the_rest(client, monkeypatch):
    monkeypatch.setattr(city_selectors, "PRACTICES_SHOWN", 3)
    led = [_publish(city="kamakura", title_en=f"Kamakura practice {n}") for n in range(4)]
    partner = [
        _publish(city="glasgow", partners=("kamakura",), title_en=f"With Glasgow {n}")
        for n in range(2)
    ]
    for language, link in (("en", "All its practices in the catalogue"), ("ja", None)):
        response = client.get(f"/{language}/cities/kamakura/")
        html = response.content.decode()
        overview = response.context["overview"]
        assert [p.pk for p in overview.led] == [p.pk for p in reversed(led[1:])]
        assert [p.pk for p in overview.partner_in] == [p.pk for p in reversed(partner)]
        assert "Kamakura practice 3" in html and "Kamakura practice 0" not in html
        assert html.count(f'href="/{language}/practices/?city=kamakura"') == 1
        if link:
            assert link in html
    # The catalogue it links to lists them all.
    response = client.get("/en/practices/", {"city": "kamakura"})
    assert {p.pk for p in response.context["practices"]} == {p.pk for p in led + partner}


def test_a_city_page_with_few_practices_has_no_link_to_more(client):
    _publish(city="tamana", title_en="Only one")
    html = client.get("/en/cities/tamana/").content.decode()
    assert "Only one" in html
    assert "All its practices in the catalogue" not in html


def test_a_body_page_links_to_a_search_for_its_name(client, monkeypatch):
    monkeypatch.setattr(city_selectors, "PRACTICES_SHOWN", 1)
    for n in range(2):
        _publish(city=None, body="isinnova", title_en=f"Method {n}")
    html = client.get("/en/bodies/isinnova/").content.decode()
    href = re.search(r'href="([^"]*)">All its practices in the catalogue', html).group(1)
    assert href == "/en/practices/?q=ISINNOVA"
    found = client.get(href.replace("&amp;", "&")).context["practices"]
    assert {p.title for p in found} == {"Method 0", "Method 1"}


def test_the_figures_and_the_home_page_count_from_a_cache_the_catalogue_refreshes(
    client, django_capture_on_commit_callbacks
):
    _publish(city="parma", themes=("energy",))
    assert client.get("/en/").context["numbers"]["practices"] == 1
    _themes, _cities, counts = selectors.by_theme_and_city()
    assert sum(counts.values()) == 1
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/figures/")
    assert not any("practices_bestpractice_themes" in q["sql"] for q in queries), "cached"
    with django_capture_on_commit_callbacks(execute=True):
        _publish(city="brno", themes=("energy", "governance"))
    assert client.get("/en/").context["numbers"]["practices"] == 2
    _themes, _cities, counts = selectors.by_theme_and_city()
    brno = next(c for c in _cities if c.slug == "brno")
    assert {
        (t.slug, n)
        for (t_id, c_id), n in counts.items()
        for t in _themes
        if t.pk == t_id and c_id == brno.pk
    } == {("energy", 1), ("governance", 1)}


def test_the_stage_filter_adds_no_distinct(client):
    _publish(city="parma", stage="pilot", title_en="A pilot")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/practices/", {"stage": "pilot", "city": "parma"})
    assert [p.title for p in response.context["practices"]] == ["A pilot"]
    assert not any("SELECT DISTINCT" in q["sql"] for q in queries)


@pytest.fixture
def thousands(db):
    """Enough published rows, with fresh statistics, for the planner to choose indexes."""
    from cities.models import City

    cities = {c.slug: c for c in City.objects.all()}
    rows = [
        BestPractice(
            slug=f"bulk-{n}",
            title_en=f"Bulk {n}",
            title=f"Bulk {n}",
            region=cities["glasgow" if n % 50 else "kamakura"].region,
            lead_city=cities["glasgow" if n % 50 else "kamakura"],
            status="published",
            start_year=2020,
            published_at="2026-01-01T00:00:00Z",
        )
        for n in range(3000)
    ]
    made = BestPractice.objects.bulk_create(rows, batch_size=1000)
    through = BestPractice.cities.through
    through.objects.bulk_create(
        [through(bestpractice_id=p.pk, city_id=p.lead_city_id) for p in made], batch_size=1000
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE practices_bestpractice")
        cursor.execute("ANALYZE practices_bestpractice_cities")
    return made


def _plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_citys_newest_practices_are_read_from_its_index(thousands):
    from cities.models import City

    kamakura = City.objects.get(slug="kamakura")
    led = selectors.published_practices().filter(lead_city=kamakura)
    plan = _plan(led.order_by("-published_at", "-pk")[:11])
    assert "practice_lead_city_newest" in plan, plan
    # A city with many practices: its newest 500 links are read in an index's order, without
    # sorting all of them.
    newest = (
        BestPractice.cities.through.objects.filter(city=City.objects.get(slug="glasgow"))
        .order_by("-bestpractice_id")
        .values("bestpractice_id")[:500]
    )
    plan = _plan(newest)
    assert "Sort" not in plan and "Seq Scan" not in plan, plan
