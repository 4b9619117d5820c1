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
        "bus": make(city="glasgow", title_en="Electric bus depot", summary_en="One bus line."),
        "heat": make(city="rotterdam", title_en="Heat sharing", summary_en="Thermal grid."),
        "bosai": make(
            city="kamakura",
            original_language="ja",
            title_en="",
            title_ja="防災情報のデジタル配信",
            summary_ja="避難所の混雑状況を地図で公開。",
        ),
        "kotsu": make(
            city="tamana",
            original_language="ja",
            title_en="",
            title_ja="高齢者の見守りサービス",
            solution_ja="通院と地域交通の予約を一つに。",
        ),
        "both": make(
            city="hamamatsu",
            title_en="On-demand transport",
            title_ja="オンデマンド交通",
            summary_en="Shared rides for rural districts.",
            summary_ja="中山間地域の乗合交通。",
        ),
    }


def _found(q):
    queryset = search.search(BestPractice.objects.published(), q)
    return {p.slug for p in queryset}


def test_english_is_stemmed(corpus):
    assert _found("buses") == {corpus["bus"].slug}
    assert _found("sharing heats") == {corpus["heat"].slug}


@pytest.mark.parametrize(
    ("word", "keys"),
    [("防災", {"bosai"}), ("交通", {"kotsu", "both"}), ("避難所", {"bosai"}), ("地図", {"bosai"})],
)
def test_japanese_two_character_words_are_found(corpus, word, keys):
    assert _found(word) == {corpus[k].slug for k in keys}


def test_a_query_in_one_language_does_not_break_the_other(corpus):
    # An English word finds nothing Japanese-only, and a Japanese word nothing English-only.
    assert corpus["bosai"].slug not in _found("bus")
    assert corpus["bus"].slug not in _found("交通")
    # A practice in both languages is found from either side.
    assert corpus["both"].slug in _found("transport")
    assert corpus["both"].slug in _found("乗合")
    # A mixed query searches each language with its own words; tsquery syntax is inert.
    assert corpus["bus"].slug in _found("bus 防災")
    assert _found("'\"&|!():*<->") == set()


def test_the_catalogue_searches_through_the_page(client, corpus):
    html = client.get("/ja/practices/", {"q": "防災"}).content.decode()
    assert "<mark>防災</mark>情報のデジタル配信" in html
    assert "Electric bus depot" not in html


@pytest.fixture
def thousands(corpus):
    """Enough rows for the planner to prefer an index, with fresh statistics."""
    template = corpus["heat"]
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
            "UPDATE practices_bestpractice SET search_en = to_tsvector('english', title_en || "
            "' ' || summary_en || ' filler practice district park'), "
            "search_ja = to_tsvector('simple', '地区 エネルギー') WHERE slug LIKE 'filler-%%'"
        )
        # What autovacuum does in steady state: merge GIN's pending list, refresh statistics.
        cursor.execute("SELECT gin_clean_pending_list('practice_search_en_gin')")
        cursor.execute("SELECT gin_clean_pending_list('practice_search_ja_gin')")
        cursor.execute("ANALYZE practices_bestpractice")


@pytest.mark.parametrize(
    ("q", "index"), [("buses", "practice_search_en_gin"), ("防災", "practice_search_ja_gin")]
)
def test_explain_shows_the_gin_index(thousands, q, index):
    queryset = search.search(BestPractice.objects.published(), q)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Bitmap Index Scan on {index}" in plan, plan
    assert "Seq Scan" not in plan, plan
    assert len(_found(q)) == 1


def test_japanese_terms_are_cut_into_words():
    terms = search.japanese_terms("防災計画を策定した")
    assert terms[:3] == ["防災", "計画", "策定"]
    assert "を" not in terms  # particles carry nothing
    assert "交通" in search.japanese_terms("交通渋滞")


def test_english_plurals_are_made_singular():
    assert search.singular_text('"Electric buses" -cities parks bus') == (
        '"electric bus" -city park bus'
    )
    assert search.singular_text("防災 buses") == "防災 bus"
