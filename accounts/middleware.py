import zoneinfo
from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from cities.validators import available_time_zones

from .permissions import memberships

#: Set by ``static/js/portal.js`` from the browser, for visitors who are not signed in.
TIME_ZONE_COOKIE = "portal_tz"


def time_zone_for(request: HttpRequest) -> str | None:
    """The zone to show times in: the user's own, else their city's or body's, else the
    browser's (a cookie set by a few lines of JavaScript), else None (the site default, UTC)."""
    user = request.user
    if user.is_authenticated:
        if user.time_zone:
            return user.time_zone
        for membership in memberships(user):
            return membership.organisation.time_zone
    return zone_from_cookie(request.COOKIES.get(TIME_ZONE_COOKIE, ""))


def zone_from_cookie(value: str) -> str | None:
    """The IANA zone a ``portal_tz`` cookie names, or None. The browser stores it URL-encoded
    (``Asia%2FTokyo``: ``encodeURIComponent``, as cookie values may not hold every character);
    anything that is not a known zone once decoded is ignored."""
    zone = unquote(value[:200])
    return zone if zone in available_time_zones() else None


class UserTimeZoneMiddleware:
    """Activates the viewer's time zone for the request, so every time renders in it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = time_zone_for(request)
        if zone:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
