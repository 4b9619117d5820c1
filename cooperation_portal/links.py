"""Absolute links to the portal, for everything read outside a browser tab: e-mails, calendar
files, feeds and exports. They all start with ``PORTAL_BASE_URL`` (which ``make run`` sets from
``HOST`` and ``PORT``), never with the host a request happened to arrive on."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def absolute_url(path: str) -> str:
    """``path`` (as ``reverse()`` or ``get_absolute_url()`` give it) on the portal's address."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def portal_domain() -> str:
    """The host name of ``PORTAL_BASE_URL`` (``portal.example.org``), as the right-hand side
    of a Message-ID (RFC 5322, 3.6.4): an IPv6 address in brackets, as a domain literal."""
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"
    return f"[{host}]" if ":" in host else host


def safe_next(request: HttpRequest) -> str:
    """The ``next`` address a form posted (to go back to the page it was on, such as “My
    portal”), when it is a path on this portal; otherwise an empty string."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""
