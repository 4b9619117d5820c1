"""Signing in through the real login page, as a person does: e-mail, password, and for
coordinators and the admin the authenticator code. One helper for every browser test, so a
change to the door (a second factor, a new label) is made once."""

from playwright.sync_api import expect

from tests import factories
from tests.security.totp import pass_second_factor


def log_in(page, base: str, email: str, password: str = factories.PASSWORD) -> None:
    """Sign in on ``page`` and wait until the portal shows the signed-in header (in the
    person's own language: an officer who prefers Japanese lands on /ja/)."""
    page.goto(base + "/en/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    pass_second_factor(page)
    # Attached, not visible: on a phone the header's menu may be folded away.
    expect(page.locator("header form[action$='/accounts/logout/'] button")).to_be_attached()


def open_menu(page) -> None:
    """On a phone, open the header's menu (as a person taps "Menu") so that its links show;
    on a wider screen the links are always there and this does nothing."""
    button = page.locator("header .menu-button")
    if button.is_visible() and button.get_attribute("aria-expanded") != "true":
        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")
