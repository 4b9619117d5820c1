"""The portal's URLs and ``/floor/``: ``HttpResponse("ok")`` through the same settings and
middleware. Loaded only by the benchmark's settings (``cooperation_portal.settings.bench``)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from cooperation_portal.urls import urlpatterns as portal_urlpatterns


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("floor/", floor), *portal_urlpatterns]
