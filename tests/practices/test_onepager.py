"""The one-page PDF of a practice and of a transfer: made by a task, read back with poppler's
pdftotext in English and Japanese, one page, Noto CJK embedded, cached until a change."""

import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from practices import onepager
from practices.models import BestPractice
from practices.transfers import services as transfer_services
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-11-16T09:00:00Z")]


def _pdf(response) -> bytes:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def _poppler(tool: str, pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tool, str(path)], capture_output=True, check=True, text=True).stdout


def _pages(pdf: bytes, tmp_path: Path) -> int:
    info = dict(
        line.split(":", 1)
        for line in _poppler("pdfinfo", pdf, tmp_path).splitlines()
        if ":" in line
    )
    return int(info["Pages"])


@pytest.fixture
def practice(db):
    return factories.practice(
        city="kamakura",
        original_language="ja",
        title_en="Digital disaster alerts and live shelter occupancy",
        title_ja="防災情報のデジタル配信と避難所の混雑状況の見える化",
        summary_en="Alerts in several languages and a live map of shelters.",
        summary_ja="防災情報を多言語で配信し、避難所の混雑状況を地図で公開している。",
        problem_en="Visitors did not understand tsunami alerts in Japanese.",
        problem_ja="観光客には日本語の津波警報が伝わらなかった。",
        solution_en="An app and social media in four languages. " * 40,
        solution_ja="アプリとSNSで四つの言語により配信する。" * 60,
        results=[{"label_en": "Shelters on the map", "label_ja": "地図上の避難所", "value": 84}],
    )


def test_the_practice_pdf_in_english(client, practice, tmp_path):
    response = client.get(f"/en/practices/{practice.slug}/pdf/")
    pdf = _pdf(response)
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"{practice.slug}-en.pdf" in response["Content-Disposition"]
    text = _text(pdf, tmp_path)
    assert "Digital disaster alerts and live shelter occupancy" in " ".join(text.split())
    for heading in ("The problem", "The solution", "Key facts", "Results", "Kamakura"):
        assert heading in text
    assert f"/en/practices/{practice.slug}/" in text  # the link back
    assert _pages(pdf, tmp_path) == 1


def test_the_practice_pdf_in_japanese_embeds_noto_cjk(client, practice, tmp_path):
    pdf = _pdf(client.get(f"/ja/practices/{practice.slug}/pdf/"))
    text = "".join(_text(pdf, tmp_path).split())
    assert "防災情報のデジタル配信と避難所の混雑状況の見える化" in text
    for heading in ("課題", "解決策", "基本情報", "成果", "鎌倉市"):
        assert heading in text
    fonts = _poppler("pdffonts", pdf, tmp_path)
    noto = [line for line in fonts.splitlines() if "Noto-Sans-CJK-JP" in line]
    assert noto and all(" yes " in line for line in noto)  # embedded (a subset)
    assert _pages(pdf, tmp_path) == 1


def test_the_file_is_made_once_and_again_after_a_change(client, practice, monkeypatch):
    made = []
    real = onepager.render_pdf

    def counting(*args, **kwargs):
        made.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(onepager, "render_pdf", counting)
    url = f"/en/practices/{practice.slug}/pdf/"
    first = _pdf(client.get(url))
    assert _pdf(client.get(url)) == first
    assert made == ["en"]
    # A published change to the practice gives a new file, and the old one goes.
    from practices import services

    old_name = onepager.storage_name("practice", practice, "en")
    author = factories.officer("kamakura")
    data = factories.practice_content(city="kamakura", title_en="Shelter map, second edition")
    revision = services.practice_update(practice=practice, by=author, data=data)
    services.practice_submit(practice=revision, by=author)
    services.practice_publish(practice=revision, by=factories.coordinator())
    practice.refresh_from_db()
    # The new English title moved the slug; the old address sends readers to the new one.
    new_url = f"/en/practices/{practice.slug}/pdf/"
    assert new_url != url
    moved = client.get(url)
    assert (moved.status_code, moved["Location"]) == (301, new_url)
    assert b"".join(client.get(new_url).streaming_content) != first
    assert made == ["en", "en"]
    assert not default_storage.exists(old_name)


def test_the_page_says_being_prepared_while_no_worker_has_made_it(client, practice, monkeypatch):
    asked = []
    monkeypatch.setattr(onepager, "_ask_for", lambda *args: asked.append(args))
    url = f"/en/practices/{practice.slug}/pdf/"
    response = client.get(url)
    assert response.status_code == 202
    assert response["Retry-After"] == "2"
    assert "The PDF is being prepared" in response.content.decode()
    assert "/static/js/onepager.js" in response.content.decode()
    client.get(url)
    assert len(asked) == 1  # asked once, not on every poll
    # The worker's task makes it; the next poll gets the file.
    onepager.onepager_render(kind="practice", pk=practice.pk, language="en")
    ready = client.head(url)
    assert ready.status_code == 200
    b"".join(ready.streaming_content)  # closes the file, as a server does
    assert client.get("/ja" + url[3:]).status_code == 202  # each language is its own file


def test_a_drafts_pdf_is_private_and_a_transfers_pdf_is_for_members(client, practice, tmp_path):
    draft = factories.practice(status="draft", city="parma")
    assert client.get(f"/en/practices/{draft.slug}/pdf/").status_code == 404
    officer = factories.officer("gdansk", full_name="Katarzyna")
    transfer = transfer_services.transfer_start(
        by=officer,
        data=transfer_services.InterestData(
            practice=practice,
            city=factories.city("gdansk"),
            interest="Flood shelters need the same live map.",
            on=date(2026, 10, 1),
        ),
    )
    transfer_services.transfer_move(
        transfer=transfer,
        by=officer,
        data=transfer_services.StepData(
            to_stage="stopped",
            on=date(2026, 11, 2),
            note="Our shelters have no staff to update it.",
        ),
    )
    url = f"/ja/transfers/{transfer.pk}/pdf/"
    assert client.get(url).status_code == 302
    client.force_login(officer)
    text = "".join(_text(_pdf(client.get(url)), tmp_path).split())
    assert "グダニスク" in text and "中止：他都市への教訓" in text
    assert "Oursheltershavenostafftoupdateit." in text
    english = _text(_pdf(client.get(url.replace("/ja/", "/en/"))), tmp_path)
    assert "Stopped: a lesson for other cities" in english
    assert "Why the city is interested" in english


def test_the_cover_is_on_the_page_and_nothing_is_fetched_from_outside(practice, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from practices import services

    picture = io.BytesIO()
    Image.new("RGB", (800, 450), (20, 90, 160)).save(picture, format="PNG")
    author = factories.officer("kamakura")
    revision = services.working_copy(practice)
    services.image_add(
        practice=revision,
        by=author,
        data=services.ImageData(
            upload=SimpleUploadedFile("cover.png", picture.getvalue()), alt_text_en="A map"
        ),
    )
    revision = services.working_copy(BestPractice.objects.get(pk=practice.pk))
    services.practice_submit(practice=revision, by=author)
    services.practice_publish(practice=revision, by=factories.coordinator())
    practice.refresh_from_db()
    pdf = onepager.render_pdf("practice", practice, "en")
    path = tmp_path / "cover.pdf"
    path.write_bytes(pdf)
    images = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True
    ).stdout
    assert len(images.strip().splitlines()) == 3  # two header lines and the cover
    with pytest.raises(ValueError, match="disallowed protocol"):
        onepager._only_data_urls().fetch("https://tracker.example.org/pixel.png")
