"""Search by the names of a practice's themes, cities and lead, in English and Japanese; the
words of a search marked in the results; the relevance order over a bounded set."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.db import connection

from cities.models import City, CoordinatingBody
from practices import search
from practices.models import BestPractice, Theme
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(db):
    """Practices whose own texts name neither their theme nor their city."""
    coordinator = factories.coordinator()
    make = lambda **kw: factories.practice(reviewer=coordinator, **kw)  # noqa: E731
    return {
        "charging": make(city="rotterdam", themes=("e-mobility",), title_en="Chargers at home"),
        "scooters": make(
            city="glasgow", themes=("e-mobility", "energy"), title_en="Shared scooters"
        ),
        "ebus": make(
            city="tamana",
            themes=("e-mobility",),
            original_language="ja",
            title_en="",
            title_ja="電気バスの運行",
        ),
        "alerts": make(
            city="kamakura",
            themes=("resilience-climate-adaptation",),
            original_language="ja",
            title_en="",
            title_ja="防災情報のデジタル配信",
        ),
        "tourism": make(city="kamakura", themes=("governance",), title_en="Visitor flows"),
        "partner": make(
            city="glasgow", partners=("kamakura",), themes=("energy",), title_en="Heat pumps"
        ),
        "umea": make(city="umea", themes=("energy",), title_en="Cold climate grid"),
        "isinnova": make(
            city=None, body="isinnova", themes=("governance",), title_en="Programme method"
        ),
        "other": make(city="parma", themes=("energy",), title_en="Solar roofs"),
    }


def _found(q):
    return {p.slug for p in search.search(BestPractice.objects.published(), q)}


def _slugs(named, *keys):
    return {named[k].slug for k in keys}


@pytest.mark.parametrize("q", ["mobility", "e-mobility", "モビリティ", "電動モビリティ"])
def test_a_theme_name_finds_every_practice_of_the_theme(named, q):
    assert _found(q) == _slugs(named, "charging", "scooters", "ebus")


@pytest.mark.parametrize("q", ["Kamakura", "kamakura", "鎌倉", "鎌倉市"])
def test_a_city_name_finds_the_practices_it_leads_and_implements(named, q):
    assert _found(q) == _slugs(named, "alerts", "tourism", "partner")


def test_local_names_and_a_lead_bodys_names_are_found(named):
    assert _found("Umeå") == _slugs(named, "umea")
    assert _found("ウメオ") == _slugs(named, "umea")
    assert _found("ISINNOVA") == _slugs(named, "isinnova")
    assert _found("システム統合研究所") == _slugs(named, "isinnova")


def test_a_practices_own_words_rank_before_a_name(named):
    """Names weigh as much as the summary: a title that says the word comes first."""
    solar = factories.practice(
        city="kamakura", themes=("energy",), title_en="Kamakura beach cleaning"
    )
    ranked = list(
        search.search(BestPractice.objects.published(), "Kamakura").order_by("-rank", "pk")
    )
    assert ranked[0] == solar


@pytest.mark.parametrize(
    ("language", "q", "title"),
    [
        ("en", "mobility", "Shared scooters"),
        ("ja", "mobility", "Shared scooters"),
        ("en", "モビリティ", "電気バスの運行"),
        ("ja", "Kamakura", "防災情報のデジタル配信"),
        ("en", "鎌倉", "Visitor flows"),
        ("ja", "鎌倉", "Heat pumps"),
    ],
)
def test_the_catalogue_finds_names_in_both_languages(client, named, language, q, title):
    response = client.get(f"/{language}/practices/", {"q": q})
    assert response.status_code == 200
    assert title in {p.title for p in response.context["practices"]}


def test_renaming_a_theme_reindexes_its_practices(named, django_capture_on_commit_callbacks):
    theme = Theme.objects.get(slug="e-mobility")
    with django_capture_on_commit_callbacks(execute=True):
        theme.name_en = "Electric vehicles"
        theme.name_ja = "電気自動車"
        theme.save()
    assert _found("vehicles") == _slugs(named, "charging", "scooters", "ebus")
    assert _found("自動車") == _slugs(named, "charging", "scooters", "ebus")
    assert _found("mobility") == set()
    assert _found("モビリティ") == set()


def test_renaming_a_city_or_a_body_reindexes_their_practices(
    named, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        city = City.objects.get(slug="kamakura")
        city.name_en, city.name_ja, city.local_name = "Kamakura-shi", "かまくら市", "かまくら市"
        city.save()
        body = CoordinatingBody.objects.get(slug="isinnova")
        body.short_name_en = "ISINNOVA Rome"
        body.save()
    assert _found("かまくら") == _slugs(named, "alerts", "tourism", "partner")
    assert _found("鎌倉") == set()
    assert _found("Rome") == _slugs(named, "isinnova")


def test_saving_without_renaming_reindexes_nothing(named, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        city = City.objects.get(slug="kamakura")
        city.population = 170_000
        city.save()
    assert callbacks == []


def test_the_migration_indexes_the_names_of_existing_practices(named):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE practices_bestpractice SET search_en = NULL, search_ja = NULL")
    assert _found("mobility") == set()
    migration = importlib.import_module("practices.migrations.0011_search_names_in_index")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection  # type: ignore[attr-defined]
    migration.reindex(django_apps, editor)
    assert _found("mobility") == _slugs(named, "charging", "scooters", "ebus")
    assert _found("鎌倉") == _slugs(named, "alerts", "tourism", "partner")
    assert _found("chargers") == _slugs(named, "charging")


# --- Marked words --------------------------------------------------------------------------


def _cards(html):
    return re.findall(r'<article class="practice-card".*?</article>', html, re.S)


def test_english_matches_are_marked_as_the_index_stems_them(client, named):
    factories.practice(
        city="glasgow", title_en="Electric buses", summary_en="Sharing a depot for every bus."
    )
    html = client.get("/en/practices/", {"q": "bus sharing"}).content.decode()
    (card,) = _cards(html)
    assert "Electric <mark>buses</mark>" in card
    assert "<mark>Sharing</mark> a depot for every <mark>bus</mark>." in card


def test_japanese_matches_are_marked_by_word(client, named):
    html = client.get("/ja/practices/", {"q": "防災"}).content.decode()
    (card,) = _cards(html)
    assert "<mark>防災</mark>情報のデジタル配信" in card
    html = client.get("/ja/practices/", {"q": "バス"}).content.decode()
    assert "電気<mark>バス</mark>の運行" in html


def test_a_hostile_title_is_escaped_around_the_marks(client, named):
    factories.practice(
        city="glasgow",
        title_en='<script>alert("bus")</script> bus <img src=x onerror=alert(1)>',
        title_ja='<script>alert("防災")</script>防災\x02<b>計画</b>\x03',
        summary_en="A \x02<i>bus</i>\x03 line & <em>more</em>.",
    )
    for language, q in (("en", "bus"), ("ja", "防災")):
        html = client.get(f"/{language}/practices/", {"q": q}).content.decode()
        cards = "".join(_cards(html))
        assert "<script>alert" not in cards
        assert "<img" not in cards and "<b>" not in cards and "<i>" not in cards
        assert "<em>" not in cards
        assert "\x02" not in cards and "\x03" not in cards
        assert "&lt;script&gt;" in cards
        assert set(re.findall(r"</?(\w+)", cards)) <= {
            "article",
            "h3",
            "a",
            "p",
            "span",
            "ul",
            "li",
            "mark",
        }
    html = client.get("/en/practices/", {"q": "bus"}).content.decode()
    assert "&lt;/script&gt; <mark>bus</mark> &lt;img" in html
    assert "A &lt;i&gt;<mark>bus</mark>&lt;/i&gt; line &amp; &lt;em&gt;more&lt;/em&gt;." in html


def test_a_long_summary_is_shortened_with_its_marks_whole(client, named):
    factories.practice(
        city="glasgow", title_en="Long", summary_en="A bus " + "word " * 70 + "bus " * 30
    )
    html = client.get("/en/practices/", {"q": "bus"}).content.decode()
    summary = re.search(r"<p>(A <mark>bus.*?)</p>", html, re.S).group(1)
    visible = re.sub(r"</?mark>", "", summary)
    assert len(visible) == search.SUMMARY_LENGTH and visible.endswith("…")
    assert summary.count("<mark>") == summary.count("</mark>") > 0


def test_pages_without_a_search_mark_nothing(client, named):
    html = client.get("/en/practices/").content.decode()
    assert "<mark>" not in html
    assert "<mark>" not in client.get("/en/").content.decode()


# --- Relevance over a bounded set ----------------------------------------------------------


@pytest.fixture
def ranked(db, monkeypatch):
    """Seven practices with "bus" (some say it more often), three candidates ranked."""
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 4)
    coordinator = factories.coordinator()
    made = []
    for n in range(7):
        made.append(
            factories.practice(
                reviewer=coordinator,
                city="glasgow" if n % 2 else "kamakura",
                title_en=f"Bus practice {n}" if n in (1, 5) else f"Practice {n}",
                title_ja=f"バスの事例{n}" if n in (1, 5) else f"事例{n}",
                summary_en="A bus.",
                summary_ja="バス。",
            )
        )
    return made


@pytest.mark.parametrize(("language", "q"), [("en", "bus"), ("ja", "バス")])
def test_the_newest_matches_are_ranked_then_the_rest_newest_first(
    client, ranked, monkeypatch, language, q
):
    from practices import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    newest_first = list(reversed(ranked))  # 6, 5, 4, …, 0
    candidates, rest = newest_first[:4], newest_first[4:]
    # Among the four newest, the one whose title says the word (5) comes first; practice 1
    # says it too but is older than the candidates, so it keeps its newest-first place.
    expected = [ranked[5], *[p for p in candidates if p != ranked[5]], *rest]
    pages = []
    for page in (1, 2, 3, 4):
        response = client.get(f"/{language}/practices/", {"q": q, "page": page})
        assert response.status_code == 200
        pages += list(response.context["practices"])
    assert [p.pk for p in pages] == [p.pk for p in expected]
    # Exports and every other reader of the filter see the same order.
    from practices.filters import PracticeFilter

    filterset = PracticeFilter({"q": q}, queryset=BestPractice.objects.published())
    assert [p.pk for p in filterset.qs] == [p.pk for p in expected]


def test_sorting_a_search_by_newest_or_title_still_marks(client, ranked):
    html = client.get("/en/practices/", {"q": "bus", "sort": "newest"}).content.decode()
    assert "<mark>Bus</mark> practice 5" in html
