"""A visitor who is not signed in sees times in their browser's zone from the first page the
browser sends the zone cookie with (portal.js sets it on the page before)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("zone", "locale"),
    [("America/Argentina/Ushuaia", "en-GB"), ("Europe/Warsaw", "pl-PL"), ("Asia/Tokyo", "ja-JP")],
)
def test_the_second_page_is_in_the_browsers_zone(live_server, new_page, zone, locale):
    page = new_page(locale=locale, timezone_id=zone)
    page.goto(live_server.url + "/en/")
    assert "Times are shown in UTC" in page.locator("footer").inner_text()
    # The name the browser itself gives the zone (Chromium may use an older alias).
    shown = page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
    cookie = next(c for c in page.context.cookies() if c["name"] == "portal_tz")
    assert cookie["value"] == shown.replace("/", "%2F")
    page.goto(live_server.url + "/en/cities/")
    assert f"Times are shown in {shown}" in " ".join(page.locator("footer").inner_text().split())
    # The script does not rewrite the cookie on every page once it holds the zone.
    page.goto(live_server.url + "/en/")
    assert [c["value"] for c in page.context.cookies() if c["name"] == "portal_tz"] == [
        cookie["value"]
    ]
