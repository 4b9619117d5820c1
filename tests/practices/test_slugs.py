"""A practice's address follows its English title, and every former address redirects (301)
to the current one, in both languages, without loops and without ever naming another practice."""

import pytest
from django.urls import reverse

from practices import services
from practices.models import BestPractice, PracticeOldSlug
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(db):
    return factories.officer("kamakura", full_name="Misaki")


def _japanese_only(author, status="draft"):
    return factories.practice(
        status=status,
        city="kamakura",
        author=author,
        original_language="ja",
        title_ja="避難所マップ",
        summary_ja="避難所の混雑状況を地図で公開。",
    )


def _retitle(practice, by, title_en, **texts):
    data = factories.practice_content(
        city="kamakura",
        original_language="ja",
        title_ja="避難所マップ",
        title_en=title_en,
        **texts,
    )
    return services.practice_update(practice=practice, by=by, data=data)


def _fresh(practice):
    return BestPractice.objects.get(pk=practice.pk)


def test_a_japanese_only_practice_gets_the_fallback_slug(author):
    first = _japanese_only(author)
    second = _japanese_only(author)
    assert first.slug == "practice"
    assert second.slug == "practice-2"


def test_the_slug_follows_the_english_title_and_the_old_address_redirects(client, author):
    draft = _japanese_only(author)
    old = draft.slug
    _retitle(draft, author, "Evacuation shelter map")
    draft = _fresh(draft)
    assert draft.slug == "evacuation-shelter-map"
    assert PracticeOldSlug.objects.get(slug=old).practice == draft

    client.force_login(author)
    for language in ("en", "ja"):
        response = client.get(f"/{language}/practices/{old}/")
        assert response.status_code == 301
        assert response["Location"] == f"/{language}/practices/evacuation-shelter-map/"
        assert client.get(response["Location"]).status_code == 200
    # The other pages of the practice follow too, with their query.
    response = client.get(f"/en/practices/{old}/edit/?from=mail")
    assert response.status_code == 301
    assert response["Location"] == "/en/practices/evacuation-shelter-map/edit/?from=mail"


def test_a_published_practice_moves_when_the_english_title_is_published(client, author):
    published = _japanese_only(author, status="published")
    old = published.slug
    revision = _retitle(published, author, "Evacuation shelter map")
    # While the change waits, the public address stays.
    assert _fresh(published).slug == old
    assert client.get(f"/en/practices/{old}/").status_code == 200

    services.practice_submit(practice=revision, by=author)
    services.practice_publish(practice=revision, by=factories.coordinator())
    assert _fresh(published).slug == "evacuation-shelter-map"

    client.logout()
    for language in ("en", "ja"):
        response = client.get(f"/{language}/practices/{old}/")
        assert response.status_code == 301
        assert response["Location"] == f"/{language}/practices/evacuation-shelter-map/"
        page = client.get(response["Location"])
        assert page.status_code == 200 and "避難所マップ" in page.content.decode()
    pdf = client.get(f"/en/practices/{old}/pdf/")
    assert pdf.status_code == 301
    assert pdf["Location"] == "/en/practices/evacuation-shelter-map/pdf/"


def test_only_a_change_of_the_english_title_moves_the_slug(author):
    draft = factories.practice(status="draft", city="kamakura", author=author, title_en="Bus app")
    assert draft.slug == "bus-app"
    data = factories.practice_content(
        city="kamakura", title_en="Bus app", summary_en="A new summary."
    )
    services.practice_update(practice=draft, by=author, data=data)
    assert _fresh(draft).slug == "bus-app"
    assert not PracticeOldSlug.objects.exists()
    # An English title removed (Japanese only again) keeps the address.
    data = factories.practice_content(
        city="kamakura", original_language="ja", title_en="", title_ja="バスアプリ"
    )
    services.practice_update(practice=draft, by=author, data=data)
    assert _fresh(draft).slug == "bus-app"


def test_a_former_slug_is_never_given_to_another_practice(client, author):
    draft = _japanese_only(author)
    _retitle(draft, author, "Evacuation shelter map")
    # "practice" is now a former slug of the first practice: a new Japanese-only practice does
    # not take it, nor does one whose English title would give it.
    other = _japanese_only(author)
    assert other.slug == "practice-2"
    third = factories.practice(status="draft", city="kamakura", author=author, title_en="Practice")
    assert third.slug == "practice-3"
    slugs = list(BestPractice.objects.originals().values_list("slug", flat=True))
    former = list(PracticeOldSlug.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == len(slugs) and not set(slugs) & set(former)

    client.force_login(author)
    response = client.get("/en/practices/practice/")
    assert response["Location"] == f"/en/practices/{_fresh(draft).slug}/"
    # A title that another practice already has gets its own slug.
    second_map = _japanese_only(author)
    _retitle(second_map, author, "Evacuation shelter map")
    assert _fresh(second_map).slug == "evacuation-shelter-map-2"


def test_a_slug_that_comes_back_is_live_again_without_a_loop(client, author):
    draft = factories.practice(status="draft", city="kamakura", author=author, title_en="Bus app")
    _retitle(draft, author, "Bus timetable app")
    assert _fresh(draft).slug == "bus-timetable-app"
    _retitle(draft, author, "Bus app")
    draft = _fresh(draft)
    assert draft.slug == "bus-app"
    assert list(draft.old_slugs.values_list("slug", flat=True)) == ["bus-timetable-app"]

    client.force_login(author)
    assert client.get("/en/practices/bus-app/").status_code == 200
    response = client.get("/en/practices/bus-timetable-app/", follow=True)
    assert response.redirect_chain == [("/en/practices/bus-app/", 301)]
    assert response.status_code == 200


def test_a_former_slug_of_a_draft_tells_nothing_to_those_who_may_not_see_it(client, author):
    draft = _japanese_only(author)
    _retitle(draft, author, "Evacuation shelter map")
    assert client.get("/en/practices/practice/").status_code == 404
    client.force_login(factories.officer("umea"))
    assert client.get("/en/practices/practice/").status_code == 404
    assert client.get(reverse("practices:detail", args=["no-such-slug"])).status_code == 404
