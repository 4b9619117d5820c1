"""Hostile input: script in every text field, and files that are not what they claim."""

from html.parser import HTMLParser

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practices.models import PracticeAttachment
from tests import factories

pytestmark = pytest.mark.django_db

ATTACKS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">link</a>',
    "<svg onload=alert(1)>",
    '"><iframe src="https://evil.example"></iframe>',
]


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the markup."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def _assert_harmless(html: str) -> None:
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag not in ("iframe", "object", "embed"), tag
        # The home page draws the partner map as SVG; any other svg element is injected.
        if tag == "svg":
            assert (dict(attrs).get("class") or "").startswith("partner-map-svg "), attrs
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name)
        if tag == "script":
            assert dict(attrs).get("src", "").startswith("/static/"), attrs


def _feed_texts(xml: bytes) -> list[str]:
    """What a feed reader renders as HTML: every title and description, XML-decoded once."""
    parsed = feedparser.parse(xml, sanitize_html=False)  # what a careless reader would render
    return [
        value
        for entry in parsed.entries
        for value in (entry.get("title_detail", {}).get("value", ""), entry.get("summary", ""))
    ]


@pytest.mark.parametrize("attack", ATTACKS)
def test_every_text_field_is_rendered_harmless(client, attack):
    practice = factories.practice(
        city="parma",
        title_en=f"Title {attack}",
        title_ja=f"題名 {attack}",
        summary_en=attack,
        summary_ja=attack,
        solution_en=f"# Heading\n\n{attack}\n\n**bold** {attack}",
        solution_ja=attack,
        lessons_learned_en=attack,
        lessons_learned_ja=attack,
        contact_name=attack,
        results=[{"label_en": attack, "label_ja": attack, "label": attack, "value": 1}],
        links=[{"title": attack, "url": "https://example.org/"}],
    )
    client.force_login(factories.UserFactory.create())  # also render the contact person
    for url in (
        practice.get_absolute_url(),
        practice.get_absolute_url().replace("/en/", "/ja/"),
        "/en/practices/",
        "/ja/practices/",
        "/en/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_harmless(response.content.decode())
    for text in _feed_texts(client.get("/en/practices/feed/").content):
        _assert_harmless(text)


def test_markdown_keeps_formatting_but_not_html(client):
    practice = factories.practice(
        solution_en=(
            "## Results\n\n- **less** heat\n- [report](https://example.org/r.pdf)\n\n"
            "<b onclick=x>hi</b>"
        )
    )
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "<strong>less</strong>" in html
    assert (
        '<a href="https://example.org/r.pdf" rel="noopener noreferrer nofollow">report</a>' in html
    )
    assert "onclick" not in html


def test_javascript_links_are_refused_in_the_links_form(client):
    user = factories.officer("parma")
    practice = factories.practice(status="draft", city="parma", author=user)
    client.force_login(user)
    form = client.get(reverse("practices:edit", args=[practice.slug])).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, [])}
    data.update(
        lead="city:parma",
        themes=[t.pk for t in practice.themes.all()],
        **{
            "results-TOTAL_FORMS": "0",
            "results-INITIAL_FORMS": "0",
            "links-TOTAL_FORMS": "1",
            "links-INITIAL_FORMS": "0",
            "links-0-title": "Bad",
            "links-0-url": "javascript:alert(1)",
        },
    )
    response = client.post(reverse("practices:edit", args=[practice.slug]), data)
    assert response.status_code == 400
    assert "Enter a valid URL" in response.content.decode()
    assert not practice.links.exists()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


@pytest.fixture
def draft_and_author(db):
    author = factories.officer("brno")
    return factories.practice(status="draft", city="brno", author=author), author


def _upload(client, practice, name, content, title="File"):
    return client.post(
        reverse("practices:attach", args=[practice.slug]),
        {"title": title, "file": SimpleUploadedFile(name, content)},
    )


def test_a_pdf_and_an_image_are_accepted_by_their_content(client, draft_and_author):
    practice, author = draft_and_author
    client.force_login(author)
    assert _upload(client, practice, "report.pdf", PDF).status_code == 302
    assert _upload(client, practice, "photo.jpg", PNG).status_code == 302  # wrong name, real PNG
    types = sorted(practice.attachments.values_list("content_type", flat=True))
    assert types == ["application/pdf", "image/png"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.pdf", b"<html><script>alert(1)</script></html>"),
        ("script.png", b"#!/bin/sh\nrm -rf /\n"),
        ("page.html", b"<!DOCTYPE html><html></html>"),
    ],
)
def test_files_that_are_not_pdf_or_images_are_refused(client, draft_and_author, name, content):
    practice, author = draft_and_author
    client.force_login(author)
    response = _upload(client, practice, name, content)
    assert response.status_code == 400
    assert "Only PDF files and images" in response.content.decode()
    assert not PracticeAttachment.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, draft_and_author):
    practice, author = draft_and_author
    client.force_login(author)
    response = _upload(client, practice, "big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    assert response.status_code == 400
    assert "larger than 10 MB" in response.content.decode()
    assert not PracticeAttachment.objects.exists()


def test_a_drafts_files_are_private_and_published_files_public(client, draft_and_author):
    practice, author = draft_and_author
    client.force_login(author)
    _upload(client, practice, "report.pdf", PDF)
    attachment = practice.attachments.get()
    client.logout()
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(factories.officer("parma"))
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(author)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Security-Policy"] == "sandbox"


def test_others_cannot_attach_files(client, draft_and_author):
    practice, _author = draft_and_author
    client.force_login(factories.officer("parma"))
    assert _upload(client, practice, "report.pdf", PDF).status_code == 403
    assert not PracticeAttachment.objects.exists()
