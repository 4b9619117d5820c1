"""The review workflow, per role: who may move a practice where, and what the public sees."""

import pytest
from django.urls import reverse

from practices.models import BestPractice, Transition
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return {
        "author": factories.officer("umea", full_name="Elin"),
        "colleague": factories.officer("umea", full_name="Sven"),  # same city
        "other_officer": factories.officer("kamakura", full_name="Misaki"),
        "coordinator": factories.coordinator("cabinet-office-japan", full_name="Haruka"),
        "admin": factories.site_admin(),
    }


#: The answer each signed-in role gets for a refused step on a submitted practice of Umeå.
REFUSED = {"author": 403, "colleague": 403, "other_officer": 404}


def _post(client, user, practice, action, data=None):
    if user is not None:
        client.force_login(user)
    slug = (practice.revision_of or practice).slug
    return client.post(reverse(f"practices:{action}", args=[slug]), data or {})


def _status(practice):
    return BestPractice.objects.get(pk=practice.pk).status


def _assert_refused(response, who):
    """The public is sent to log in; officers of other cities get a 404 for a practice they may
    not see (they do not even learn it exists) and a 403 for one they may see."""
    if who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith("/en/accounts/login/")
    else:
        assert response.status_code == REFUSED[who], (who, response.status_code)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("author", True),
        ("colleague", True),
        ("coordinator", True),
        ("admin", True),
        ("other_officer", False),
        ("anonymous", False),
    ],
)
def test_submit_by_role(client, people, who, allowed):
    draft = factories.practice(status="draft", city="umea", author=people["author"])
    response = _post(client, people.get(who), draft, "submit")
    if allowed:
        assert response.status_code == 302
        assert _status(draft) == "submitted"
        transition = Transition.objects.filter(practice=draft).last()
        assert (transition.from_status, transition.to_status) == ("draft", "submitted")
        assert transition.by == people[who]
    else:
        _assert_refused(response, who)
        assert _status(draft) == "draft"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("coordinator", True),
        ("admin", True),
        ("author", False),
        ("colleague", False),
        ("other_officer", False),
        ("anonymous", False),
    ],
)
def test_publish_by_role(client, people, who, allowed):
    submitted = factories.practice(status="submitted", city="umea", author=people["author"])
    response = _post(client, people.get(who), submitted, "publish")
    practice = BestPractice.objects.get(pk=submitted.pk)
    if allowed:
        assert response.status_code == 302
        assert practice.status == "published" and practice.published_at is not None
        assert (
            Transition.objects.filter(practice=practice, to_status="published").get().by
            == (people[who])
        )
    else:
        _assert_refused(response, who)
        assert practice.status == "submitted" and practice.published_at is None


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("coordinator", True), ("author", False), ("other_officer", False), ("anonymous", False)],
)
def test_send_back_by_role(client, people, who, allowed):
    submitted = factories.practice(status="submitted", city="umea", author=people["author"])
    response = _post(
        client, people.get(who), submitted, "send_back", {"comment": "Add the 2023 figures."}
    )
    practice = BestPractice.objects.get(pk=submitted.pk)
    if allowed:
        assert response.status_code == 302
        assert practice.status == "draft"
        assert practice.review_comment == "Add the 2023 figures."
    else:
        _assert_refused(response, who)
        assert practice.status == "submitted" and practice.review_comment == ""


def test_the_author_sees_the_coordinators_comment(client, people):
    submitted = factories.practice(status="submitted", city="umea", author=people["author"])
    _post(client, people["coordinator"], submitted, "send_back", {"comment": "Add the figures."})
    client.force_login(people["author"])
    page = client.get(reverse("practices:edit", args=[submitted.slug]))
    assert "Add the figures." in page.content.decode()


def test_send_back_needs_a_comment(client, people):
    submitted = factories.practice(status="submitted", city="umea", author=people["author"])
    response = _post(client, people["coordinator"], submitted, "send_back", {"comment": "  "})
    assert response.status_code == 400
    assert _status(submitted) == "submitted"


@pytest.mark.parametrize(("who", "allowed"), [("coordinator", True), ("author", False)])
def test_archive_by_role(client, people, who, allowed):
    published = factories.practice(status="published", city="umea", author=people["author"])
    response = _post(client, people[who], published, "archive")
    assert _status(published) == ("archived" if allowed else "published")
    assert response.status_code == (302 if allowed else 403)


def test_publishing_a_draft_that_was_not_submitted_is_refused(client, people):
    draft = factories.practice(status="draft", city="umea", author=people["author"])
    assert _post(client, people["coordinator"], draft, "publish").status_code == 403
    assert _status(draft) == "draft"


def test_transitions_only_accept_post(client, people):
    draft = factories.practice(status="draft", city="umea", author=people["author"])
    client.force_login(people["author"])
    assert client.get(reverse("practices:submit", args=[draft.slug])).status_code == 405
    assert _status(draft) == "draft"


def test_an_edit_of_a_published_practice_waits_while_the_public_sees_the_published_text(
    client, people
):
    published = factories.practice(
        status="published",
        city="umea",
        author=people["author"],
        title_en="Mobility hub",
        summary_en="The published summary.",
    )
    client.force_login(people["author"])
    form = client.get(reverse("practices:edit", args=[published.slug])).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, [])}
    data.update(
        summary_en="The improved summary.",
        lead="city:umea",
        themes=[t.pk for t in published.themes.all()],
        **_empty_formsets(),
    )
    response = client.post(reverse("practices:edit", args=[published.slug]), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    revision = BestPractice.objects.get(revision_of=published)
    assert revision.summary_en == "The improved summary." and revision.status == "draft"
    client.logout()
    public = client.get(published.get_absolute_url()).content.decode()
    assert "The published summary." in public and "The improved summary." not in public
    catalogue = client.get(reverse("practices:catalogue")).content.decode()
    assert catalogue.count("Mobility hub") == 1

    _post(client, people["author"], revision, "submit")
    client.logout()
    assert "The published summary." in client.get(published.get_absolute_url()).content.decode()

    _post(client, people["coordinator"], revision, "publish")
    client.logout()
    public = client.get(published.get_absolute_url()).content.decode()
    assert "The improved summary." in public
    assert not BestPractice.objects.filter(revision_of=published).exists()
    steps = list(
        Transition.objects.filter(practice=published).values_list("to_status", "on_revision")
    )
    assert steps[-3:] == [("draft", True), ("submitted", True), ("published", True)]


def _empty_formsets():
    return {
        "results-TOTAL_FORMS": "0",
        "results-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }


@pytest.mark.parametrize("who", ["anonymous", "other_officer"])
@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_unpublished_practices_are_404_to_the_public_and_other_cities(client, people, who, status):
    practice = factories.practice(status=status, city="umea", author=people["author"])
    if who != "anonymous":
        client.force_login(people[who])
    assert client.get(practice.get_absolute_url()).status_code == 404


def test_the_team_and_coordinators_see_drafts(client, people):
    practice = factories.practice(status="draft", city="umea", author=people["author"])
    for who in ("author", "colleague", "coordinator"):
        client.force_login(people[who])
        assert client.get(practice.get_absolute_url()).status_code == 200


def test_an_officer_cannot_write_for_another_city(client, people):
    client.force_login(people["author"])
    response = client.post(
        reverse("practices:create"),
        {
            "title_en": "Mine",
            "original_language": "en",
            "lead": "city:kamakura",
            "themes": [1],
            "stage": "pilot",
            "start_year": 2024,
            **_empty_formsets(),
        },
    )
    assert response.status_code == 400
    assert not BestPractice.objects.filter(title_en="Mine").exists()


def test_the_public_cannot_open_the_editor(client, people):
    practice = factories.practice(status="published", city="umea", author=people["author"])
    response = client.get(reverse("practices:edit", args=[practice.slug]))
    assert response.status_code == 302
    client.force_login(people["other_officer"])
    assert client.get(reverse("practices:edit", args=[practice.slug])).status_code == 403


def test_coordinators_add_themes_and_others_cannot(client, people):
    client.force_login(people["author"])
    data = {"name_en": "Water", "name_ja": "水", "slug": "water"}
    assert client.post(reverse("practices:themes"), data).status_code == 403
    client.force_login(people["coordinator"])
    assert client.post(reverse("practices:themes"), data).status_code == 302
    again = client.post(reverse("practices:themes"), data)
    assert again.status_code == 400
    assert "already exists" in again.content.decode()
    from practices.models import Theme

    assert Theme.objects.get(slug="water").name_ja == "水"
    assert "水" in client.get("/ja/practices/new/").content.decode()
