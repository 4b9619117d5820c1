import zoneinfo
from collections.abc import Callable

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
    cookie = request.COOKIES.get(TIME_ZONE_COOKIE, "")
    if cookie in available_time_zones():
        return cookie
    return None


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
