"""Suggestions as a person types in the catalogue's search box (issue 12): titles of published
practices in the request's language whose words start with what is typed, and theme and city
names, found through the search indexes."""

import pytest
from django.db import connection

from practices import search
from practices.models import BestPractice
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(db):
    coordinator = factories.coordinator()
    make = lambda **kw: factories.practice(reviewer=coordinator, **kw)  # noqa: E731
    return {
        "shelter": make(
            city="kamakura",
            title_en="Shelter map for evacuation",
            title_ja="避難所マップ",
            summary_en="Live occupancy of shelters.",
            summary_ja="避難所の混雑状況を地図で公開。",
        ),
        "bosai": make(
            city="kamakura",
            original_language="ja",
            title_en="",
            title_ja="防災情報のデジタル配信",
            summary_ja="避難所の混雑状況。",
        ),
        "bus": make(city="glasgow", title_en="Electric bus depot", summary_en="Shelters at stops."),
        "draft": make(status="draft", title_en="Shelving draft plan", title_ja="防災計画の下書き"),
        "archived": make(
            status="archived", title_en="Shelter signs archived", title_ja="防災無線の旧事例"
        ),
    }


def _labels(client, url, q):
    response = client.get(url, {"q": q})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return [s["label"] for s in response.json()["suggestions"]]


def test_an_english_prefix_suggests_published_titles(client, corpus):
    labels = _labels(client, "/en/practices/suggest/", "shel")
    assert labels == ["Shelter map for evacuation"]
    # A word begun after a whole one; a summary's word is not a title's.
    assert _labels(client, "/en/practices/suggest/", "shelter ma") == ["Shelter map for evacuation"]
    assert "Electric bus depot" not in _labels(client, "/en/practices/suggest/", "shelters")
    # A word typed past its stem ("evacuation" is indexed as ``evacu``) is still suggested at
    # every letter, and a shorter stem does not suggest what the typed word does not begin.
    for typed in ("evac", "evacua", "evacuati", "evacuation"):
        assert _labels(client, "/en/practices/suggest/", typed) == ["Shelter map for evacuation"]
    assert _labels(client, "/en/practices/suggest/", "electrif") == []


def test_a_japanese_prefix_is_cut_as_the_search_cuts_it(client, corpus):
    assert _labels(client, "/ja/practices/suggest/", "防災") == ["防災情報のデジタル配信"]
    assert _labels(client, "/ja/practices/suggest/", "避難") == ["避難所マップ"]
    # The title in the request's language: the Japanese one on /ja/, the English one on /en/.
    assert _labels(client, "/ja/practices/suggest/", "マップ") == ["避難所マップ"]


def test_drafts_and_archived_practices_are_never_suggested(client, corpus):
    english = _labels(client, "/en/practices/suggest/", "shel")
    japanese = _labels(client, "/ja/practices/suggest/", "防災")
    assert "Shelving draft plan" not in english and "Shelter signs archived" not in english
    assert "防災計画の下書き" not in japanese and "防災無線の旧事例" not in japanese


def test_theme_and_city_names_are_suggested(client, corpus):
    assert "Kamakura" in _labels(client, "/en/practices/suggest/", "kama")
    assert "E-mobility" in _labels(client, "/en/practices/suggest/", "mob")
    assert "鎌倉市" in _labels(client, "/ja/practices/suggest/", "鎌倉")


def test_too_short_is_an_empty_list_and_junk_a_message_in_the_users_language(client, corpus):
    assert _labels(client, "/en/practices/suggest/", "s") == []
    assert _labels(client, "/en/practices/suggest/", "") == []
    # tsquery's syntax is inert.
    assert _labels(client, "/en/practices/suggest/", "'\"&|!():*<->") == []
    response = client.get("/en/practices/suggest/", {"q": "x" * 101})
    assert response.status_code == 400
    assert response.json()["error"] == "Type at most 100 characters to get suggestions."
    response = client.get("/ja/practices/suggest/", {"q": "shel\x1b"})
    assert response.status_code == 400
    assert response.json()["error"] == "検索語に入力できない文字が含まれています。"


def test_only_get_and_kept_like_the_catalogue(client, corpus):
    assert client.post("/en/practices/suggest/", {"q": "shel"}).status_code == 405
    response = client.get("/en/practices/suggest/", {"q": "shel"})
    assert response.has_header("ETag") and "Set-Cookie" not in response.headers
    again = client.get(
        "/en/practices/suggest/", {"q": "shel"}, headers={"If-None-Match": response["ETag"]}
    )
    assert again.status_code == 304
    # Archived: no longer offered from the next keystroke on (the kept answer is dropped).
    from practices import services

    services.practice_archive(practice=corpus["shelter"], by=factories.coordinator())
    assert _labels(client, "/en/practices/suggest/", "shel") == []


def test_the_same_three_queries_whatever_is_found(client, corpus, django_assert_num_queries):
    for q in ("shel", "zzzz"):
        with django_assert_num_queries(3):
            client.get("/en/practices/suggest/", {"q": q})


@pytest.fixture
def thousands(corpus):
    """Enough rows for the planner to prefer an index, with fresh statistics."""
    template = corpus["bus"]
    rows = [
        BestPractice(
            slug=f"filler-{n}",
            title_en=f"Filler practice {n}",
            title=f"Filler practice {n}",
            summary_en="District energy and parking.",
            region="europe",
            status="published",
            start_year=2020,
            lead_city_id=template.lead_city_id,
            published_at=template.published_at,
        )
        for n in range(3000)
    ]
    BestPractice.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE practices_bestpractice SET search_en = setweight(to_tsvector('english', "
            "title_en), 'A') || setweight(to_tsvector('english', summary_en), 'B'), "
            "search_ja = to_tsvector('simple', '地区 エネルギー') WHERE slug LIKE 'filler-%%'"
        )
        cursor.execute("SELECT gin_clean_pending_list('practice_search_en_gin')")
        cursor.execute("SELECT gin_clean_pending_list('practice_search_ja_gin')")
        cursor.execute("ANALYZE practices_bestpractice")


@pytest.mark.parametrize(
    ("q", "language", "index", "title"),
    [
        ("shel", "en", "practice_search_en_gin", "Shelter map for evacuation"),
        # Two prefixes OR-ed (evacua:* | evac:*): still the index, not the table.
        ("evacua", "en", "practice_search_en_gin", "Shelter map for evacuation"),
        ("防災", "ja", "practice_search_ja_gin", "防災情報のデジタル配信"),
    ],
)
def test_explain_shows_the_gin_index(thousands, q, language, index, title):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        labels = [s["label"] for s in search.suggest(q, language)]
    assert labels[0] == title
    practices_sql = next(c["sql"] for c in captured if "practices_bestpractice" in c["sql"])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + practices_sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Bitmap Index Scan on {index}" in plan, plan
    assert "Seq Scan on practices_bestpractice" not in plan, plan
