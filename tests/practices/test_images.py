"""A cover image and a gallery: images checked like attachments and decoded whole, text
alternatives required, thumbnails made on the server; PDF attachments previewed."""

import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from practices.models import PracticeAttachment, PracticeImage
from tests import factories

pytestmark = pytest.mark.django_db


def _image(width=1200, height=900, fmt="JPEG", exif_gps=False) -> bytes:
    image = Image.new("RGB", (width, height), (30, 120, 200))
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "N", 2: (35.0, 19.0, 0.0)}  # GPSInfo: a place
        image.save(out, format=fmt, exif=exif)
    else:
        image.save(out, format=fmt)
    return out.getvalue()


@pytest.fixture
def draft_and_author(db):
    author = factories.officer("kamakura")
    return factories.practice(status="draft", city="kamakura", author=author), author


def _add(client, practice, content, name="photo.jpg", **fields):
    data = {"alt_text_en": "Staff update the shelter map", "title": "Shelter", **fields}
    data["file"] = SimpleUploadedFile(name, content)
    return client.post(reverse("practices:add_image", args=[practice.slug]), data)


def test_an_image_gets_a_thumbnail_and_a_page_copy_without_its_metadata(client, draft_and_author):
    practice, author = draft_and_author
    client.force_login(author)
    response = _add(client, practice, _image(3000, 2000, exif_gps=True))
    assert response.status_code == 302
    image = PracticeImage.objects.get()
    assert (image.width, image.height, image.content_type) == (3000, 2000, "image/jpeg")
    assert image.is_cover  # the first image is the cover
    with image.thumbnail.open("rb") as handle, Image.open(handle) as thumb:
        assert thumb.format == "WEBP" and max(thumb.size) == 480
        assert not thumb.getexif()
    with image.display.open("rb") as handle, Image.open(handle) as display:
        assert max(display.size) == 1600 and not display.getexif()
    served = client.get(image.thumbnail_url())
    assert served.status_code == 200 and served["Content-Type"] == "image/webp"
    assert b"".join(served.streaming_content)[8:12] == b"WEBP"
    html = client.get(practice.get_absolute_url()).content.decode()
    assert 'alt="Staff update the shelter map"' in html


@pytest.mark.parametrize(
    ("content", "fields", "message"),
    [
        (None, {"alt_text_en": "", "alt_text_ja": ""}, "Describe the image in English or Japanese"),
        (b"%PDF-1.4\n%%EOF\n", {}, "Only images (PNG, JPEG, WebP, GIF) can be used here."),
        (
            b"<svg onload=alert(1)></svg>",
            {},
            "Only images (PNG, JPEG, WebP, GIF) can be used here.",
        ),
        (
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 200,
            {},
            "The image cannot be read: the file is damaged.",
        ),
        ("bomb", {}, "The image is too large: at most 40 megapixels."),
        (None, {"alt_text_en": "a\x00b"}, "Null characters are not allowed."),
    ],
)
def test_bad_images_are_refused_with_a_message_and_nothing_saved(
    client, draft_and_author, content, fields, message
):
    practice, author = draft_and_author
    if content is None:
        content = _image(200, 100)
    elif content == "bomb":
        content = _image(8000, 6000, fmt="PNG")  # 48 megapixels, a small file
    client.force_login(author)
    response = _add(client, practice, content, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PracticeImage.objects.exists()


def test_others_cannot_add_images_and_a_drafts_images_are_private(client, draft_and_author):
    practice, author = draft_and_author
    client.force_login(factories.officer("parma"))
    assert _add(client, practice, _image(200, 100)).status_code == 403
    client.force_login(author)
    _add(client, practice, _image(200, 100))
    image = PracticeImage.objects.get()
    client.logout()
    assert client.get(image.thumbnail_url()).status_code == 404
    assert client.get(reverse("practices:image", args=[image.pk, "file"])).status_code == 404


def test_the_cover_can_be_changed_and_a_published_practice_changes_through_a_revision(client):
    author = factories.officer("kamakura")
    coordinator = factories.coordinator()
    practice = factories.practice(city="kamakura", author=author, reviewer=coordinator)
    client.force_login(author)
    _add(client, practice, _image(400, 300), alt_text_ja="避難所の地図")
    _add(client, practice, _image(300, 400), alt_text_en="A drill")
    revision = practice.pending_revision
    first, second = revision.images.order_by("pk")
    assert first.is_cover and not second.is_cover
    assert client.post(reverse("practices:image_cover", args=[second.pk])).status_code == 302
    assert [i.is_cover for i in revision.images.order_by("pk")] == [False, True]
    # The public still sees the published practice, without the images, until it is published.
    assert not practice.images.exists()
    from practices import services

    services.practice_submit(practice=revision, by=author)
    services.practice_publish(practice=revision, by=coordinator)
    cover = practice.images.get(is_cover=True)
    assert cover.alt_text_en == "A drill"
    client.logout()
    html = client.get("/ja" + practice.get_absolute_url()[3:]).content.decode()
    assert cover.get_absolute_url() in html
    # A text alternative only in English is marked as English on the Japanese page.
    assert 'alt="A drill" lang="en"' in html


def test_a_pdf_attachment_gets_a_picture_of_its_first_page(
    client, draft_and_author, django_capture_on_commit_callbacks
):
    from weasyprint import HTML

    pdf = HTML(string="<h1>Evacuation drill report</h1><p>Page one.</p>").write_pdf()
    practice, author = draft_and_author
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("practices:attach", args=[practice.slug]),
            {"title": "Drill report", "file": SimpleUploadedFile("report.pdf", pdf)},
        )
    assert response.status_code == 302
    attachment = PracticeAttachment.objects.get()
    assert attachment.preview
    preview = client.get(reverse("practices:attachment_preview", args=[attachment.pk]))
    assert preview.status_code == 200 and preview["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(b"".join(preview.streaming_content))) as page:
        assert page.format == "PNG" and max(page.size) == 800
    client.logout()
    assert (
        client.get(reverse("practices:attachment_preview", args=[attachment.pk])).status_code == 404
    )


def test_a_pdf_poppler_cannot_draw_gets_no_preview_and_stays_attached(draft_and_author):
    from practices import services

    practice, author = draft_and_author
    attachment = services.attachment_add(
        practice=practice,
        by=author,
        upload=SimpleUploadedFile("broken.pdf", b"%PDF-1.4\nthis is not a pdf\n"),
        title="Broken",
    )
    assert services.attachment_preview_make(attachment_id=attachment.pk) is False
    attachment.refresh_from_db()
    assert not attachment.preview


def test_pdftoppm_is_installed_where_the_tests_run():
    """.ci/run installs poppler-utils; without it previews are silently missing."""
    assert subprocess.run(["pdftoppm", "-v"], capture_output=True, check=False).returncode == 0


def test_removing_the_cover_makes_the_next_image_the_cover(client, draft_and_author):
    practice, author = draft_and_author
    client.force_login(author)
    _add(client, practice, _image(400, 300), title="First")
    _add(client, practice, _image(400, 300), title="Second")
    first, _second = PracticeImage.objects.order_by("pk")
    client.force_login(factories.officer("parma"))  # may not even see the draft
    assert client.post(reverse("practices:image_remove", args=[first.pk])).status_code == 404
    client.force_login(author)
    assert client.post(reverse("practices:image_remove", args=[first.pk])).status_code == 302
    assert list(PracticeImage.objects.values_list("title", "is_cover")) == [("Second", True)]
