"""Editing tells the truth: why a practice cannot be edited now (a 403 that explains), no edit
link where editing is refused, and what comes after the first save."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practices.models import BestPractice, PracticeAttachment
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(db):
    return {
        "author": factories.officer("umea", full_name="Elin"),
        "other_officer": factories.officer("kamakura", full_name="Misaki"),
        "coordinator": factories.coordinator("isinnova", full_name="Giulia"),
    }


def _edit_url(practice, language="en"):
    return f"/{language}/practices/{practice.slug}/edit/"


def _text(response):
    return " ".join(response.content.decode().split())


def test_the_edit_link_of_a_submitted_practice_explains_why_it_is_refused(client, people):
    practice = factories.practice(status="submitted", city="umea", author=people["author"])
    client.force_login(people["author"])
    response = client.get(_edit_url(practice))
    assert response.status_code == 403
    page = _text(response)
    assert "This practice cannot be edited now" in page
    assert "This practice was submitted for review on" in page
    assert "once it is sent back, you can edit it again" in page
    assert "ask a coordinator to send it back" in page
    assert f'href="{practice.get_absolute_url()}"' in page


def test_the_refusal_is_in_japanese_on_ja(client, people):
    practice = factories.practice(status="submitted", city="umea", author=people["author"])
    client.force_login(people["author"])
    response = client.get(_edit_url(practice, "ja"))
    assert response.status_code == 403
    page = _text(response)
    assert "この事例は現在編集できません" in page
    assert "コーディネーター" in page
    assert "This practice was submitted" not in page


def test_a_coordinator_is_told_to_publish_or_send_back(client, people):
    practice = factories.practice(status="submitted", city="umea", author=people["author"])
    client.force_login(people["coordinator"])
    response = client.get(_edit_url(practice))
    assert response.status_code == 403
    page = _text(response)
    assert "Publish it as it is, or send it back to its author" in page
    assert "Open it to review" in page


def test_a_submitted_change_to_a_published_practice_is_explained(client, people):
    from practices import services

    published = factories.practice(status="published", city="umea", author=people["author"])
    client.force_login(people["author"])
    data = factories.practice_content(city="umea", title_en="A practice, improved")
    revision = services.practice_update(practice=published, by=people["author"], data=data)
    services.practice_submit(practice=revision, by=people["author"])
    response = client.get(_edit_url(published))
    assert response.status_code == 403
    page = _text(response)
    assert "A change to this practice was submitted for review on" in page
    assert f'href="{reverse("practices:pending", args=[published.slug])}"' in page


def test_an_archived_practice_says_it_cannot_be_edited_and_what_to_do(client, people):
    practice = factories.practice(status="archived", city="umea", author=people["author"])
    client.force_login(people["author"])
    response = client.get(_edit_url(practice))
    assert response.status_code == 403
    page = _text(response)
    assert "This practice has been archived" in page
    assert f'href="{reverse("practices:create")}"' in page


def test_another_citys_officer_is_told_who_can_edit(client, people):
    practice = factories.practice(status="published", city="umea", author=people["author"])
    client.force_login(people["other_officer"])
    response = client.get(_edit_url(practice))
    assert response.status_code == 403
    assert "Only the officers of Umeå and the coordinators can edit this practice." in _text(
        response
    )


def test_an_upload_to_a_submitted_practice_is_refused_with_the_reason(client, people):
    practice = factories.practice(status="submitted", city="umea", author=people["author"])
    client.force_login(people["author"])
    response = client.post(
        reverse("practices:attach", args=[practice.slug]),
        {"title": "Figures", "file": SimpleUploadedFile("figures.pdf", PDF)},
    )
    assert response.status_code == 403
    assert "This practice was submitted for review on" in _text(response)
    assert not PracticeAttachment.objects.filter(practice=practice).exists()


@pytest.mark.parametrize(("status", "shown"), [("draft", True), ("submitted", False)])
def test_the_detail_page_shows_the_edit_link_only_when_editing_is_allowed(
    client, people, status, shown
):
    practice = factories.practice(status=status, city="umea", author=people["author"])
    client.force_login(people["author"])
    page = _text(client.get(practice.get_absolute_url()))
    assert (f'href="{_edit_url(practice)}"' in page) is shown
    assert ("Waiting for review" in page) is not shown
    if not shown:
        assert "This practice was submitted for review on" in page


def test_the_public_sees_no_review_notice(client, people):
    practice = factories.practice(status="published", city="umea", author=people["author"])
    page = _text(client.get(practice.get_absolute_url()))
    assert "Waiting for review" not in page and "/edit/" not in page


def _create_data(**overrides):
    data = {
        "title_en": "Shelter map",
        "original_language": "en",
        "lead": "city:umea",
        "themes": [1],
        "stage": "pilot",
        "start_year": 2024,
        "results-TOTAL_FORMS": "0",
        "results-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_the_create_form_says_files_and_submitting_come_after_the_first_save(client, people):
    client.force_login(people["author"])
    page = _text(client.get(reverse("practices:create")))
    assert "Save a draft first: documents, images and submitting the practice" in page
    assert 'aria-describedby="first-save-note"' in page
    assert "Attach file" not in page and "Submit for review" not in page
    ja = _text(client.get("/ja/practices/new/"))
    assert "まず下書きを保存" in ja


def test_the_first_save_lands_where_files_and_submitting_are_and_says_so(client, people):
    client.force_login(people["author"])
    response = client.post(reverse("practices:create"), _create_data(), follow=True)
    practice = BestPractice.objects.get(title_en="Shelter map")
    assert response.redirect_chain == [(_edit_url(practice), 302)]
    page = _text(response)
    assert "The practice has been saved as a draft. You can now add documents and images" in page
    assert 'id="next-steps"' in page
    assert f'action="{reverse("practices:attach", args=[practice.slug])}"' in page
    assert f'action="{reverse("practices:submit", args=[practice.slug])}"' in page
    assert 'href="#submit-title"' in page

    # A later save says only that it was saved.
    again = client.post(_edit_url(practice), _create_data(summary_en="More."), follow=True)
    assert "The practice has been saved as a draft." in _text(again)
    assert "You can now add documents" not in _text(again)
