import csv
import io
import json
import re

import feedparser
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(db):
    """Enough practices, each with several themes, cities and SDGs, for an N+1 to show."""
    coordinator = factories.coordinator()
    cities = ["rotterdam", "umea", "glasgow", "gdansk", "hamamatsu", "kamakura", "tamana"]
    made = []
    for n in range(30):
        made.append(
            factories.practice(
                reviewer=coordinator,
                city=cities[n % len(cities)],
                partners=tuple(cities[(n + 1) % 7 : (n + 1) % 7 + 2]),
                themes=("energy", "e-mobility", "governance") if n % 2 else ("energy",),
                sdgs=(7, 11, 13),
                start_year=2015 + n % 8,
                title_en=f"Practice number {n}",
                title_ja=f"事例 {n}" if n % 3 else "",
                summary_en="Electric buses and heat." if n % 5 == 0 else "Smart lighting.",
            )
        )
    return made


def _count_queries(client, url, params=None):
    cache.clear()  # measure the uncached path, the one that could grow with the rows
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize(
    "params", [{}, {"theme": "energy", "sdg": "7", "q": "buses", "sort": "title"}]
)
def test_the_catalogue_runs_a_constant_number_of_queries(client, many, params):
    full_count, response = _count_queries(client, "/en/practices/", params)
    shown = len(response.context["practices"])
    for practice in many[3:]:
        practice.delete()
    few_count, response = _count_queries(client, "/en/practices/", params)
    assert len(response.context["practices"]) < shown
    # Fewer rows on the page, the same queries: nothing is loaded per practice.
    assert full_count == few_count, (full_count, few_count)
    assert full_count <= 20


def test_query_count_does_not_grow_with_rows(client, many):
    before, _ = _count_queries(client, "/ja/practices/", {"city": "umea"})
    factories.practice(city="umea", title_en="One more", partners=("parma", "brno"), sdgs=(3, 4))
    after, _ = _count_queries(client, "/ja/practices/", {"city": "umea"})
    assert before == after


def test_facet_counts_are_cached_until_the_catalogue_changes(
    client, many, django_capture_on_commit_callbacks, settings
):
    # The counts' own cache, under the page cache (which would answer the second visit whole).
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    cold, _ = _count_queries(client, "/en/practices/", {"theme": "energy"})
    with CaptureQueriesContext(connection) as warm:
        client.get("/en/practices/", {"theme": "energy"})
    # Cached: the six facet queries, the count and the three lists of facet labels.
    assert len(warm) == cold - 10
    with django_capture_on_commit_callbacks(execute=True):
        factories.practice(city="brno", themes=("energy",), title_en="Newly published")
    response = client.get("/en/practices/", {"theme": "energy"})
    regions = next(f for f in response.context["facets"] if f["key"] == "region")
    assert sum(o["count"] for o in regions["options"]) == 31


def test_pages_hold_twenty_and_facets_show_counts(client, many):
    page = client.get("/en/practices/").context
    assert page["page"].paginator.count == 30 and len(page["practices"]) == 20
    facets = {f["key"]: f for f in page["facets"]}
    energy = next(o for o in facets["theme"]["options"] if o["value"] == "energy")
    governance = next(o for o in facets["theme"]["options"] if o["value"] == "governance")
    assert (energy["count"], governance["count"]) == (30, 15)
    regions = {o["value"]: o["count"] for o in facets["region"]["options"]}
    assert regions == {"europe": 18, "japan": 12}


def test_filters_combine_and_live_in_the_url(client, many):
    response = client.get("/en/practices/?theme=governance&region=japan&year=2016")
    titles = {p.title for p in response.context["practices"]}
    assert titles and all(
        p.region == "japan" and p.start_year == 2016 for p in response.context["practices"]
    )
    html = response.content.decode()
    # A facet link keeps the other filters (shareable) and removes its own value.
    assert re.search(r'href="\?[^"]*theme=governance[^"]*region=japan', html.replace("&amp;", "&"))


def test_sort_by_title_uses_the_readers_language(client, many):
    english = [p.title for p in client.get("/en/practices/?sort=title").context["practices"]]
    assert english == sorted(english, key=str.lower)


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"theme": "no-such-theme"}, 400, "This filter was ignored"),
        ({"q": "x" * 201}, 400, "at most 200 characters"),
        ({"year": "next year"}, 400, "Enter a number"),
        ({"page": "999"}, 404, "There is no page 999"),
        ({"page": "abc"}, 400, "is not a page number"),
        ({"region": "mars"}, 400, "Select a valid choice"),
    ],
)
def test_bad_input_renders_the_page_with_a_message(client, many, params, status, message):
    response = client.get("/en/practices/", params)
    assert response.status_code == status
    html = response.content.decode()
    assert message in html
    assert "practice-card" in html  # the list is still there


def test_bad_input_message_in_japanese(client, many):
    response = client.get("/ja/practices/", {"page": "999"})
    assert response.status_code == 404
    assert "ページはありません" in response.content.decode()


def test_untranslated_practices_show_the_other_language_with_a_note(client):
    factories.practice(
        city="tamana",
        original_language="ja",
        title_en="",
        title_ja="農業データの共有",
        summary_ja="説明。",
    )
    html = client.get("/en/practices/").content.decode()
    assert 'lang="ja"' in html and "農業データの共有" in html
    assert "Not yet translated" in html


def test_detail_shows_both_languages_and_related_practices_from_the_other_region(client):
    europe = factories.practice(
        city="glasgow",
        themes=("e-mobility",),
        title_en="Charging hubs",
        title_ja="充電ハブ",
        summary_en="Batteries.",
        summary_ja="蓄電池。",
    )
    japan = factories.practice(city="hamamatsu", themes=("e-mobility",), title_en="Rural MaaS")
    factories.practice(city="rotterdam", themes=("e-mobility",), title_en="Same side")
    response = client.get(europe.get_absolute_url())
    html = response.content.decode()
    assert 'lang="en"' in html and 'lang="ja"' in html and "蓄電池。" in html
    assert [p.pk for p in response.context["related"]] == [japan.pk]


def test_contact_person_is_for_signed_in_users_only(client):
    practice = factories.practice(contact_name="Anna Contact", contact_email="anna@example.org")
    assert "anna@example.org" not in client.get(practice.get_absolute_url()).content.decode()
    client.force_login(factories.UserFactory.create())
    assert "anna@example.org" in client.get(practice.get_absolute_url()).content.decode()


def test_the_feed_parses_and_lists_published_practices(client, many):
    factories.practice(status="draft", title_en="Secret draft")
    for url in ("/en/practices/feed/", "/ja/practices/feed/atom/"):
        parsed = feedparser.parse(client.get(url).content)
        assert not parsed.bozo, parsed.bozo_exception
        titles = [e.title for e in parsed.entries]
        assert len(titles) == 30 and "Secret draft" not in titles
    japanese = feedparser.parse(client.get("/ja/practices/feed/").content)
    assert japanese.feed.language == "ja"
    assert "事例 1" in [e.title for e in japanese.entries]


def test_the_sitemap_has_hreflang_alternates(client, many):
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index
    assert "<loc>http://testserver/sitemap-practices.xml</loc>" in index
    xml = client.get("/sitemap-practices.xml").content.decode()
    url = many[0].get_absolute_url()
    assert f"<loc>http://testserver{url}</loc>" in xml
    assert 'hreflang="ja"' in xml and 'hreflang="x-default"' in xml
    assert f'href="http://testserver{url.replace("/en/", "/ja/")}"' in xml


def test_csv_export_with_the_same_filters_and_the_licence(client, many):
    response = client.get("/en/practices/export.csv", {"theme": "governance"})
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 15
    assert all("governance" in r["themes"].split(";") for r in rows)
    assert rows[0]["licence"].startswith("CC BY 4.0")
    assert 'rel="license"' in response["Link"]


def test_json_export(client, many):
    response = client.get("/ja/practices/export.json", {"region": "japan", "q": "buses"})
    payload = json.loads(b"".join(response.streaming_content))
    assert payload["licence"] == "CC BY 4.0"
    assert {p["region"] for p in payload["practices"]} == {"japan"}
    assert all("bus" in p["summary_en"].lower() for p in payload["practices"])


def test_changes_outside_the_services_also_refresh_the_counts(
    client, many, django_capture_on_commit_callbacks
):
    """An edit in the Django admin (here: the ORM) is seen at once, not after the cache expires."""
    from practices.models import Theme

    client.get("/en/practices/")  # fills the cache
    water = Theme.objects.create(slug="water", name="Water", name_en="Water", name_ja="水")
    with django_capture_on_commit_callbacks(execute=True):
        many[0].themes.add(water)
    facets = {f["key"]: f for f in client.get("/en/practices/").context["facets"]}
    assert {o["value"]: o["count"] for o in facets["theme"]["options"]}["water"] == 1
