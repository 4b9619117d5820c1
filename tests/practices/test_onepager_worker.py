"""The one-page PDF made by a real Celery worker: the page says "being prepared" (202) at
once, and the file is there once the worker has made it."""

import subprocess
import time

import pytest

from tests import factories
from tests.services import wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_a_worker_makes_the_pdf_the_page_asked_for(
    reference_data, broker, smtp_sink, client, tmp_path
):
    broker.start_worker(smtp_sink, concurrency=1)
    practice = factories.practice(city="kamakura", title_en="Shelter map", title_ja="避難所マップ")
    url = f"/ja/practices/{practice.slug}/pdf/"
    started = time.monotonic()
    first = client.get(url)
    answered = time.monotonic() - started
    assert first.status_code == 202, first.status_code
    assert "PDFを作成しています" in first.content.decode()
    assert answered < 2, f"the page waited {answered:.1f} s for the worker"
    found: dict[str, bytes] = {}

    def ready() -> bool:
        response = client.get(url)
        if response.status_code != 200:
            return False
        found["pdf"] = b"".join(response.streaming_content)
        return True

    wait_for(ready, timeout=60, interval=0.5, what="the worker's PDF")
    path = tmp_path / "page.pdf"
    path.write_bytes(found["pdf"])
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "避難所マップ" in text
