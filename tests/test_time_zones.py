import re
from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from tests import factories

pytestmark = pytest.mark.django_db


def _render(value, zone=None, language="en"):
    with translation.override(language):
        if zone:
            timezone.activate(zone)
        try:
            return Template("{% load portal %}{{ value|zoned }}").render(Context({"value": value}))
        finally:
            timezone.deactivate()


def test_times_carry_the_zone_name_on_both_sides_of_daylight_saving():
    launch = datetime(2021, 10, 11, 7, 0, tzinfo=UTC)  # the launch meeting, 09:00 in Rotterdam
    winter = datetime(2021, 12, 6, 8, 0, tzinfo=UTC)
    assert _render(launch, "Europe/Amsterdam") == "Mon 11 Oct 2021, 09:00 CEST"
    assert _render(winter, "Europe/Amsterdam") == "Mon 6 Dec 2021, 09:00 CET"
    assert _render(launch, "Europe/London") == "Mon 11 Oct 2021, 08:00 BST"
    assert _render(winter, "Europe/London") == "Mon 6 Dec 2021, 08:00 GMT"
    assert _render(launch, "Asia/Tokyo") == "Mon 11 Oct 2021, 16:00 JST"
    assert _render(launch, "Asia/Tokyo", "ja") == "2021年10月11日（月） 16:00 JST"


def test_a_signed_in_officer_sees_times_in_their_citys_zone(client):
    client.force_login(factories.officer("kamakura"))
    response = client.get("/en/cities/")
    assert response.context["TIME_ZONE"] == "Asia/Tokyo"
    assert "Times are shown in Asia/Tokyo" in response.content.decode()


def test_the_users_own_zone_wins_over_their_citys(client):
    user = factories.officer("kamakura", time_zone="Europe/London")
    client.force_login(user)
    assert client.get("/en/").context["TIME_ZONE"] == "Europe/London"


def test_a_visitors_browser_zone_is_used_and_nonsense_is_ignored(client):
    client.cookies["portal_tz"] = "Europe/Warsaw"
    assert client.get("/en/").context["TIME_ZONE"] == "Europe/Warsaw"
    client.cookies["portal_tz"] = "Mars/Olympus"
    assert client.get("/en/").context["TIME_ZONE"] == "UTC"


def test_the_city_list_shows_each_citys_local_time_with_its_zone(client):
    html = client.get("/en/cities/").content.decode()
    assert html.count(" JST</time>") >= 3  # three Japanese cities and the Cabinet Office
    assert re.search(r"\d\d:\d\d (GMT|BST)</time>", html)  # Glasgow


def test_preferences_change_language_and_zone(client, officer):
    client.force_login(officer)
    response = client.post(
        "/en/accounts/preferences/",
        {"full_name": "Daan", "preferred_language": "ja", "time_zone": "Asia/Tokyo"},
    )
    assert response.status_code == 302
    assert response.url == "/ja/accounts/preferences/"
    officer.refresh_from_db()
    assert (officer.preferred_language, officer.time_zone) == ("ja", "Asia/Tokyo")


def test_a_bad_zone_in_preferences_is_a_400_and_nothing_changes(client, officer):
    client.force_login(officer)
    response = client.post(
        "/en/accounts/preferences/",
        {"full_name": "Daan", "preferred_language": "en", "time_zone": "Europe/Atlantis"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    officer.refresh_from_db()
    assert officer.time_zone == ""


def test_the_browsers_url_encoded_zone_cookie_is_decoded_and_junk_ignored(client, settings):
    # The zone each request renders in, read from the view's context: every junk cookie falls
    # back to UTC, whose kept page would be served without rendering (tests/test_public_cache.py).
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    # portal.js stores encodeURIComponent(zone): what browsers then send.
    client.cookies["portal_tz"] = "Asia%2FTokyo"
    assert client.get("/en/").context["TIME_ZONE"] == "Asia/Tokyo"
    client.cookies["portal_tz"] = "America%2FArgentina%2FBuenos_Aires"
    assert client.get("/en/").context["TIME_ZONE"] == "America/Argentina/Buenos_Aires"
    for junk in (
        "Asia%2FNowhere",
        "Europe%2FLondon%00",
        "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "%E0%A4%A",
        "Etc%2FGMT%2B5",  # a tz database entry, but not a place anybody lives in
        "Europe%2FLondon" * 400,
    ):
        client.cookies["portal_tz"] = junk
        response = client.get("/en/")
        assert (response.status_code, response.context["TIME_ZONE"]) == (200, "UTC"), junk
