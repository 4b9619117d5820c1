"""Former addresses of practices: a practice's slug follows its English title, and the pages
asked for by a former slug redirect to the current one (see ``services``)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponseBase, HttpResponsePermanentRedirect
from django.urls import reverse

from accounts import permissions

from . import selectors


def follows_old_slugs(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A page of a practice asked for by one of its former slugs answers with a permanent
    redirect to the same page under its current slug (in the same language, with the same
    query), for those who may see the practice; everyone else gets the view's 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, slug, *args, **kwargs)
        except Http404:
            if request.method not in ("GET", "HEAD"):
                raise
            moved = selectors.practice_by_old_slug(slug)
            if moved is None or not permissions.can_view_practice(request.user, moved):
                raise
            match = request.resolver_match
            assert match is not None
            url = reverse(match.view_name, kwargs={**match.kwargs, "slug": moved.slug})
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

    return wrapper
