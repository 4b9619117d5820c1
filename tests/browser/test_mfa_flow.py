"""A coordinator's first log-in: sent to enrol an authenticator app, enrols it by typing the
code an app would show (computed here from the secret on the page), then logs in with a code."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.session import open_menu
from tests.security.totp import totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, base: str, email: str) -> None:
    page.goto(base + "/en/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.locator("main form button[type=submit]").first.click()


def test_a_coordinator_enrols_an_authenticator_app_and_logs_in_with_it(
    live_server, new_page, settings
):
    # One step of tolerance, so the second log-in can use the next step's code instead of
    # waiting up to 30 seconds for a code the first one has not used.
    settings.MFA_TOTP_TOLERANCE = 1
    factories.coordinator("isinnova", mfa=False, email="giulia@example.org")
    page = new_page(viewport={"width": 390, "height": 844})

    _log_in(page, live_server.url, "giulia@example.org")
    expect(page).to_have_url(live_server.url + "/en/accounts/2fa/")
    expect(page.get_by_role("alert")).to_contain_text("Set one up to continue")
    # Any other page sends them back here.
    page.goto(live_server.url + "/en/accounts/invitations/")
    expect(page).to_have_url(live_server.url + "/en/accounts/2fa/")

    page.get_by_role("link", name="Activate").first.click()
    # Adding a factor asks for the password again (allauth's re-authentication).
    expect(page).to_have_url(re.compile(r"/en/accounts/reauthenticate/"))
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(live_server.url + "/en/accounts/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    assert len(secret) >= 16
    page.locator("input[name=code]").fill(totp(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("alert")).to_have_count(0)

    page.goto(live_server.url + "/en/accounts/invitations/")
    expect(page).to_have_url(live_server.url + "/en/accounts/invitations/")
    open_menu(page)
    page.get_by_role("button", name="Log out").click()

    _log_in(page, live_server.url, "giulia@example.org")
    expect(page).to_have_url(live_server.url + "/en/accounts/2fa/authenticate/")
    page.locator("input[name=code]").fill("000000")
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_text("Incorrect code")).to_be_visible()
    page.locator("input[name=code]").fill(totp(secret, time.time() + 30))
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(live_server.url + "/en/accounts/")
    open_menu(page)
    expect(page.get_by_role("link", name="Invitations")).to_be_visible()
