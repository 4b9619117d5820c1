import pytest
from playwright.sync_api import expect

from accounts.models import User
from accounts.services import invitation_create
from cities.models import City
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_an_invited_officer_sets_a_password_lands_signed_in_and_switches_to_japanese(
    live_server, page
):
    coordinator = factories.coordinator("cabinet-office-japan")
    invitation = invitation_create(
        email="ken.tanaka@example.org",
        full_name="Ken Tanaka",
        city=City.objects.get(slug="tamana"),
        by=coordinator,
        language="en",
    )

    page.goto(live_server.url + invitation.get_accept_url())
    expect(page.get_by_role("heading", name="Accept your invitation")).to_be_visible()
    page.get_by_label("Full name").fill("Ken Tanaka")
    page.get_by_label("Password", exact=True).fill("tamana-smart-2026")
    page.get_by_label("Password (again)").fill("tamana-smart-2026")
    page.get_by_role("button", name="Create my account").click()

    expect(page).to_have_url(live_server.url + "/en/accounts/")
    expect(page.get_by_role("heading", name="Welcome, Ken Tanaka")).to_be_visible()
    organisations = page.get_by_role("region", name="Your organisations")
    expect(organisations.get_by_role("link", name="Tamana")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.get_by_role("button", name="日本語").click()

    expect(page).to_have_url(live_server.url + "/ja/accounts/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", name="ようこそ、Ken Tanaka様")).to_be_visible()
    organisations = page.get_by_role("region", name="所属")
    expect(organisations.get_by_role("link", name="玉名市")).to_be_visible()
    assert User.objects.get(email="ken.tanaka@example.org").preferred_language == "ja"


def test_the_language_switch_and_skip_link_work_from_the_keyboard(live_server, page):
    page.goto(live_server.url + "/en/cities/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/en/cities/#main")

    page.get_by_role("button", name="日本語").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/ja/cities/")
    expect(page.get_by_role("heading", name="パートナー都市", exact=True)).to_be_visible()
