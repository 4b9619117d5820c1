"""Suggestions as a person types in the catalogue's search box (issue 12), chosen with the
keyboard on a 390 by 844 phone: an ARIA combobox whose count a screen reader hears."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_visitor_chooses_a_suggestion_with_the_keyboard(live_server, new_page):
    coordinator = factories.coordinator()
    factories.practice(
        city="kamakura", reviewer=coordinator, title_en="Shelter map for evacuation",
        title_ja="避難所マップ", summary_en="Live occupancy of shelters.",
    )  # fmt: skip
    factories.practice(city="glasgow", reviewer=coordinator, title_en="Electric bus depot")
    factories.practice(
        city="rotterdam", reviewer=coordinator, status="draft", title_en="Shelving draft plan"
    )

    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(live_server.url + "/en/practices/")
    box = page.get_by_role("combobox", name="Search in English or Japanese")
    box.press_sequentially("shel", delay=60)
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox.get_by_role("option")).to_have_text(["Shelter map for evacuation"])
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("status")).to_have_text(
        "1 suggestion. Use the up and down arrow keys to choose."
    )
    # Nothing wider than the phone's screen with the list open.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The combobox and its open list pass axe's WCAG 2.1 AA checks.
    assert _violations(page) == []

    box.press("ArrowDown")
    option = listbox.get_by_role("option", name="Shelter map for evacuation")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"q=Shelter\+map\+for\+evacuation"))
    expect(page.get_by_role("link", name="Shelter map for evacuation")).to_be_visible()
    expect(page.get_by_role("link", name="Electric bus depot")).to_have_count(0)

    # Escape closes the list and keeps what was typed.
    box = page.get_by_role("combobox", name="Search in English or Japanese")
    box.fill("")
    box.press_sequentially("elec", delay=60)
    expect(listbox.get_by_role("option")).to_have_text(["Electric bus depot"])
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_value("elec")
    expect(box).to_have_attribute("aria-expanded", "false")
