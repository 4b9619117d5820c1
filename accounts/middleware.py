import zoneinfo
from collections.abc import Callable
from urllib.parse import unquote

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone

from cities.validators import available_time_zones

from . import audit
from .permissions import memberships, must_enrol_mfa

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


#: Pages a person who must enrol a second factor may still open: the enrolment itself (allauth's
#: ``mfa_*`` pages and the re-authentication they ask for), logging out, the language switch,
#: the health check and the unsubscribe link of an e-mail.
MFA_EXEMPT_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_login",
        "account_reauthenticate",
        "set_language",
        "healthz",
        "unsubscribe",
    }
)


class MFARequiredMiddleware:
    """Coordinators, staff and site admins enrol a second factor before they reach any other
    page, the admin included: a page is answered with a redirect to the enrolment (a POST with
    403: nothing is done). The rule is ``permissions.must_enrol_mfa``; the services also refuse
    such a person as a coordinator (``permissions.is_coordinator``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if must_enrol_mfa(request.user) and not self._exempt(request):
            if request.method in ("GET", "HEAD"):
                return redirect("mfa_index")
            raise PermissionDenied
        return self.get_response(request)

    @staticmethod
    def _exempt(request: HttpRequest) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True  # a 404 page reveals nothing
        name = match.url_name or ""
        return name in MFA_EXEMPT_URL_NAMES or name.startswith("mfa_")


class AuditContextMiddleware:
    """Makes who acts and from where known to the security log during the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit.request_origin(request):
            return self.get_response(request)
