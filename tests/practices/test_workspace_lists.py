"""An officer's "My practices" and dashboard stay small however many practices their city
leads: the newest published ones, the true total and a way to all of them."""

import pytest

from practices.selectors import PUBLISHED_SHOWN
from tests import factories

pytestmark = pytest.mark.django_db


def _published(n: int, city: str = "kamakura") -> None:
    author = factories.officer(city)
    for k in range(n):
        factories.practice(city=city, author=author, title_en=f"Kamakura practice {k:02d}")


def test_my_practices_lists_the_newest_and_links_to_the_rest(
    client, django_capture_on_commit_callbacks
):
    _published(PUBLISHED_SHOWN + 3)
    factories.practice(city="glasgow", title_en="Glasgow's own practice")
    officer = factories.officer("kamakura")
    client.force_login(officer)
    response = client.get("/en/practices/workspace/")
    assert response.status_code == 200
    page = response.content.decode()
    shown = response.context["published"]
    assert len(shown) == PUBLISHED_SHOWN
    # The newest first: the three oldest are left to the catalogue.
    assert shown[0].title_en == f"Kamakura practice {PUBLISHED_SHOWN + 2:02d}"
    assert "Kamakura practice 00" not in page and "Glasgow" not in page
    assert f"The newest {PUBLISHED_SHOWN} of {PUBLISHED_SHOWN + 3} published practices." in page
    assert 'href="/en/practices/?city=kamakura"' in page
    # The dashboard counts them all.
    dashboard = client.get("/en/accounts/")
    assert dashboard.context["officer"]["practices"]["published_total"] == PUBLISHED_SHOWN + 3
    # The total is kept with the catalogue's version: one more publication counts at once.
    with django_capture_on_commit_callbacks(execute=True):
        factories.practice(city="kamakura", title_en="Kamakura practice, the newest")
    again = client.get("/en/practices/workspace/")
    assert again.context["published_total"] == PUBLISHED_SHOWN + 4
    assert again.context["published"][0].title_en == "Kamakura practice, the newest"


def test_a_practice_the_officer_wrote_for_another_city_is_among_theirs(client):
    from cities.models import City, Membership

    officer = factories.officer("tamana")
    factories.practice(city="tamana", author=officer, title_en="Written for Tamana")
    # They have moved to Kamakura since.
    Membership.objects.filter(user=officer).update(city=City.objects.get(slug="kamakura"))
    factories.practice(city="kamakura", title_en="Ours")
    client.force_login(officer)
    response = client.get("/ja/practices/workspace/")
    titles = {p.title_en for p in response.context["published"]}
    assert titles == {"Ours", "Written for Tamana"}
    assert response.context["published_total"] == 2
    assert "件のうち" not in response.content.decode()  # nothing left out, no note
