"""Absolute links to the portal, for everything read outside a browser tab: e-mails, calendar
files, feeds and exports. They all start with ``PORTAL_BASE_URL`` (which ``make run`` sets from
``HOST`` and ``PORT``), never with the host a request happened to arrive on."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` (as ``reverse()`` or ``get_absolute_url()`` give it) on the portal's address."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path
