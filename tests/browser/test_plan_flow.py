import pytest
from playwright.sync_api import expect

from exchanges.models import Milestone
from exchanges.plan.demo import seed_plan
from tests import factories
from tests.browser.session import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(new_page, base, email, zone, locale="en-GB"):
    page = new_page(locale=locale, timezone_id=zone)
    log_in(page, base, email)
    return page


def test_coordinator_adds_a_milestone_tamana_reports_progress_history_in_japanese(
    live_server, new_page
):
    base = live_server.url
    coordinator = factories.coordinator(
        "isinnova", email="giulia@example.org", full_name="Giulia Rossi"
    )
    factories.officer(
        "tamana", email="ken@example.org", full_name="田中 健", preferred_language="ja"
    )
    seed_plan(coordinator=coordinator)

    page = _log_in(new_page, base, "giulia@example.org", "Europe/Rome")
    page.goto(base + "/en/action-plan/")
    page.get_by_role("link", name="Add a milestone").click()
    page.get_by_label("Code").fill("AP-6.1")
    page.get_by_label("Title (English)").fill("Shared e-bike data between Brno and Tamana")
    page.get_by_label("Title (Japanese)").fill("ブルノと玉名市の電動自転車データ共有")
    page.get_by_label("Workstream").select_option(label="E-mobility")
    page.get_by_label("Brno").check()
    page.get_by_label("Tamana").check()
    page.get_by_label("Start date").fill("2026-12-01")
    page.get_by_label("Due date").fill("2027-06-30")
    page.get_by_label("AP-3.1", exact=False).check()
    page.get_by_role("button", name="Save the milestone").click()
    expect(page.get_by_text("The milestone has been saved.")).to_be_visible()
    milestone = Milestone.objects.get(code="AP-6.1")
    assert sorted(c.slug for c in milestone.owner_cities.all()) == ["brno", "tamana"]
    assert [d.code for d in milestone.dependencies.all()] == ["AP-3.1"]

    # The Tamana officer reports progress, in Japanese (their language after logging in).
    officer = _log_in(new_page, base, "ken@example.org", "Asia/Tokyo", locale="ja-JP")
    expect(officer).to_have_url(base + "/ja/accounts/")
    officer.goto(base + "/ja/action-plan/ours/")
    officer.get_by_role("link", name="ブルノと玉名市の電動自転車データ共有").click()
    officer.get_by_role("link", name="進捗を報告").click()
    officer.get_by_label("状態").select_option("in_progress")
    officer.get_by_label("進捗率").fill("30")
    officer.get_by_role("button", name="進捗を保存").click()
    milestone.refresh_from_db()
    assert (milestone.status, milestone.progress) == ("in_progress", 30)

    # The history shows both changes, in Japanese, with who made them.
    history = officer.get_by_role("region", name="履歴")
    expect(history).to_contain_text("田中 健")
    expect(history).to_contain_text("Giulia Rossi")
    expect(history).to_contain_text("マイルストーンを作成")
    expect(history).to_contain_text("進捗率（%）：0 → 30")
    expect(history).to_contain_text("予定 → 進行中")


def test_coordinator_reorders_a_long_workstream_from_its_own_page(live_server, new_page):
    base = live_server.url
    coordinator = factories.coordinator(
        "isinnova", email="giulia@example.org", full_name="Giulia Rossi"
    )
    seed_plan(coordinator=coordinator)
    workstream = factories.long_workstream()  # 3 + 60 milestones: folded, two pages

    page = _log_in(new_page, base, "giulia@example.org", "Europe/Rome")
    page.goto(base + "/en/action-plan/")
    page.get_by_role("link", name="All 63 milestones of Knowledge exchange").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Knowledge exchange")
    pages = page.get_by_role("navigation", name="Pages")
    expect(pages.locator("[aria-current=page]")).to_have_text("Page 1")
    # The last bar of the first page goes down: back on the second page, where it now is.
    in_order = list(workstream.milestones.order_by("position", "due_date", "pk"))
    last = in_order[49]
    page.get_by_role("button", name=f"Move {last.code} down").click()
    url = f"{base}/en/action-plan/workstreams/{workstream.pk}/?page=2#milestone-{last.pk}"
    expect(page).to_have_url(url)
    expect(pages.locator("[aria-current=page]")).to_have_text("Page 2")
    expect(page.locator(f"#milestone-{last.pk}")).to_be_in_viewport()
    rows = page.locator(".timeline-row strong")
    expect(rows.nth(0)).to_have_text(last.code)
    expect(rows.nth(1)).to_have_text(in_order[51].code)
