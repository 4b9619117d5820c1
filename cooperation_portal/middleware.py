"""What every request goes through before a view reads it, and every signed-in answer after."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers


class RequestGuardMiddleware:
    """Refuse, before anything reads the body, what no page of the portal accepts:

    - a body larger than ``MAX_REQUEST_BYTES`` (``MAX_ANONYMOUS_REQUEST_BYTES`` for a visitor
      who is not signed in): 413, with the body never read, so nothing is written to disk;
    - a NUL character in the path or the query string: 400 (PostgreSQL cannot store or
      compare it, and no address of the portal contains one).

    Django reads a body only as far as ``Content-Length`` says, so a body without one (chunked)
    is read as empty. The proxy in front should have a limit of its own (see the README).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return HttpResponseBadRequest(
                "NUL characters are not allowed.", content_type="text/plain"
            )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest("Bad Content-Length.", content_type="text/plain")
        limit = (
            settings.MAX_REQUEST_BYTES
            if request.user.is_authenticated
            else settings.MAX_ANONYMOUS_REQUEST_BYTES
        )
        if length > limit:
            return render(request, "413.html", {"limit_mb": limit // (1024 * 1024)}, status=413)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """A page shown to a signed-in person is theirs: ``Cache-Control: private, no-store`` (no
    proxy or browser cache keeps it), and ``Vary: Cookie``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            private(response)
        return response


def private(response: HttpResponse) -> HttpResponse:
    """Mark ``response`` as for one person only (also for pages opened with a secret link)."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response
