"""Tamana's officer takes up Rotterdam's practice: marks it of interest, asks for a meeting,
moves it stage by stage to adopted; the public then sees it taken up in Tamana."""

import zoneinfo
from datetime import datetime

import pytest
from playwright.sync_api import expect

from practices.models import Transfer
from tests import factories
from tests.browser.session import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _move(page, stage, **dates):
    page.get_by_label(stage, exact=True).check()
    for label, value in dates.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Move the transfer").click()
    expect(page.get_by_text(f"The transfer is now at the stage “{stage}”.")).to_be_visible()


def test_tamana_takes_up_rotterdams_practice_and_the_public_sees_it(live_server, new_page):
    base = live_server.url
    factories.officer("rotterdam", email="daan@example.org", full_name="Daan de Vries")
    factories.officer("tamana", email="ken@example.org", full_name="Tanaka Ken")
    practice = factories.practice(
        city="rotterdam",
        title_en="A smart thermal grid that shares heat between buildings",
        title_ja="建物間で熱を融通するスマート熱グリッド",
    )
    today = datetime.now(zoneinfo.ZoneInfo("Asia/Tokyo")).date().isoformat()

    officer = new_page(locale="en-GB", timezone_id="Asia/Tokyo")
    log_in(officer, base, "ken@example.org")
    officer.goto(base + practice.get_absolute_url())
    officer.get_by_role("link", name="Mark of interest for my city").click()
    officer.get_by_label("Why is the city interested?").fill(
        "Hot spring waste heat could warm the gym next door."
    )
    officer.get_by_role("button", name="Mark of interest").click()
    expect(officer.get_by_text("Tamana is now interested in this practice.")).to_be_visible()
    transfer = Transfer.objects.get()
    assert (transfer.city.slug, transfer.stage) == ("tamana", "interested")

    # "Ask for a meeting" opens the slot finder with both cities chosen.
    officer.get_by_role("link", name="Ask for a meeting").click()
    expect(officer.get_by_role("heading", name="Find a time", level=1)).to_be_visible()
    expect(officer.get_by_label("Tamana", exact=True)).to_be_checked()
    expect(officer.get_by_label("Rotterdam", exact=True)).to_be_checked()
    expect(officer.locator("#results-title")).to_be_visible()
    officer.go_back()

    # Stage by stage to adopted.
    _move(officer, "Studying")
    _move(officer, "Adapting")
    _move(officer, "Piloting", **{"Pilot starts on": today})
    _move(officer, "Adopted")
    transfer.refresh_from_db()
    assert transfer.stage == "adopted"
    assert list(transfer.steps.values_list("to_stage", flat=True)) == [
        "interested",
        "studying",
        "adapting",
        "piloting",
        "adopted",
    ]
    expect(officer.locator(".stage-path [aria-current=step]")).to_have_text("Adopted")

    # The public sees it taken up in Tamana, in English and in Japanese.
    visitor = new_page(locale="ja-JP", timezone_id="Asia/Tokyo")
    visitor.goto(base + practice.get_absolute_url())
    taken_up = visitor.get_by_role("region", name="Taken up in")
    expect(taken_up).to_contain_text("Tamana")
    expect(taken_up).to_contain_text("Adopted")
    visitor.goto(base + "/ja" + practice.get_absolute_url()[3:])
    taken_up = visitor.get_by_role("region", name="導入先")
    expect(taken_up).to_contain_text("玉名市")
    expect(taken_up).to_contain_text("本格導入")
