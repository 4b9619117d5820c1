import pytest
from playwright.sync_api import expect

from practices.models import BestPractice
from tests import factories
from tests.browser.session import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_officer_writes_coordinator_publishes_visitor_finds_it_in_japanese(live_server, new_page):
    base = live_server.url
    factories.officer("kamakura", email="misaki@example.org", full_name="Takahashi Misaki")
    factories.coordinator("isinnova", email="giulia@example.org", full_name="Giulia Rossi")

    # The Kamakura officer writes the practice in both languages and submits it.
    officer = new_page(locale="en-GB", timezone_id="Asia/Tokyo")
    log_in(officer, base, "misaki@example.org")
    officer.get_by_role("link", name="My practices").click()
    officer.get_by_role("link", name="Write a new practice").click()
    officer.get_by_label("Title (English)").fill("Evacuation shelter map")
    officer.get_by_label("Title (Japanese)").fill("避難所マップ")
    officer.get_by_label("Summary (English)").fill("Live occupancy of shelters on a map.")
    officer.get_by_label("Summary (Japanese)").fill("防災のため避難所の混雑状況を地図で公開。")
    officer.get_by_label("The solution (Japanese)").fill("津波に備えた**防災**アプリ。")
    officer.get_by_label("Resilience and climate adaptation").check()
    officer.get_by_label("Implementation stage").select_option("implemented")
    officer.get_by_label("Start year").fill("2021")
    officer.get_by_role("button", name="Save draft").click()
    expect(officer.get_by_text("The practice has been saved as a draft.")).to_be_visible()
    officer.get_by_role("button", name="Submit for review").click()
    expect(officer.get_by_text("The practice has been submitted for review.")).to_be_visible()
    practice = BestPractice.objects.get(title_en="Evacuation shelter map")
    assert practice.status == "submitted" and practice.lead_city.slug == "kamakura"

    # Nobody outside sees it yet.
    visitor = new_page(locale="ja-JP", timezone_id="Asia/Tokyo")
    visitor.goto(base + "/ja/practices/?q=防災")
    expect(visitor.get_by_text("避難所マップ")).to_have_count(0)

    # A coordinator publishes it from the review queue.
    coordinator = new_page(locale="en-GB", timezone_id="Europe/Rome")
    log_in(coordinator, base, "giulia@example.org")
    coordinator.get_by_role("link", name="My practices").click()
    queue = coordinator.get_by_role("region", name="Waiting for review")
    queue.get_by_role("link", name="Evacuation shelter map").click()
    coordinator.get_by_role("button", name="Publish").click()
    expect(coordinator.get_by_text("The practice has been published.")).to_be_visible()

    # An anonymous visitor on /ja/practices/ finds it by a Japanese word ...
    visitor.goto(base + "/ja/practices/")
    visitor.get_by_label("英語または日本語で検索").fill("防災")
    visitor.get_by_role("button", name="検索").click()
    expect(visitor.get_by_role("link", name="避難所マップ")).to_be_visible()

    # ... and by a theme facet.
    visitor.goto(base + "/ja/practices/")
    visitor.get_by_role("link", name="レジリエンスと気候変動適応").click()
    expect(visitor.get_by_role("link", name="避難所マップ")).to_be_visible()
    expect(visitor).to_have_url(base + "/ja/practices/?theme=resilience-climate-adaptation")
    visitor.get_by_role("link", name="避難所マップ").click()
    expect(visitor.get_by_role("heading", name="避難所マップ", level=1)).to_be_visible()
