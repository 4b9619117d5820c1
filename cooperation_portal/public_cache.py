"""Pages served from the cache: public pages for visitors, and each signed-in person's own.

``@public_page`` keeps the answer of a page as a visitor without an account gets it, and gives
it to the next such visitor without running the view. It also keeps each signed-in person's
own copy of the page, for that person only (``@signed_in_page`` does that alone, for pages only
members see: the dashboard, "My practices", the notifications). It is correct rather than
merely fast:

- **Who.** Only GET and HEAD with no message waiting (a message belongs to one visitor). Only
  a 200 that sets no cookie, changes no session and is not marked private is kept. A visitor
  gets the copy kept for visitors; a signed-in person gets only a copy rendered for them (the
  key holds their id), never another person's or a visitor's.
- **What varies.** The key is the scheme, the host, the language, the viewer's time zone (the
  ``portal_tz`` cookie of ``accounts.middleware``: times are shown in it), the full path with
  its query string and, for a page that shows the clock (the local time now, what is upcoming),
  the current minute (``clock="day"``: the viewer's date, for pages of dates such as the plan).
  While one process renders a page of the clock for a new minute, other visitors get the copy
  of one of the last few minutes (``LAST_MINUTES``), if nothing it shows has changed since.
- **Until when.** Every entry is tagged with a *generation*, a counter in the cache that goes
  up whenever a row of the models the pages show (cities, practices, exchanges) is saved or
  deleted, or a many-to-many relation of one changes: at once and again after the commit (a
  page read between the write and the commit is stale under the new number). An entry of an
  older generation is never served. ``PUBLIC_PAGE_CACHE_SECONDS`` bounds how long one is kept
  (0 turns the cache off; it is off without ``REDIS_URL``, as each process would keep its own).
  A signed-in person's copy carries a second generation too, which goes up with every change
  to what only members see: the people themselves (``accounts``), their e-mail addresses and
  second factors (allauth), their notices, notification settings and calendar addresses (the
  models of ``SIGNED_IN_ONLY``; a write to them that sends no signal calls
  ``signed_in_rows_changed``). ``SIGNED_IN_PAGE_CACHE_SECONDS`` bounds how long (0: off).
- **CSRF.** Every page has the language switcher, a POST form with a CSRF token. The token is
  cut out of the kept page and each visitor gets their own in its place, with the cookie that
  goes with it, as if the page had been rendered for them. A kept page never carries another
  visitor's token.
- **HTTP.** A weak ``ETag`` (a hash of the page) and ``Last-Modified``, with ``304 Not
  Modified`` for ``If-None-Match`` and ``If-Modified-Since``, and ``Cache-Control: no-cache``
  (with ``private`` when the page holds a token) so that browsers ask again each time and no
  shared cache keeps a visitor's token. A page rendered within the second of a change has no
  ``Last-Modified`` (dates have whole seconds: an earlier page of that second would look as new).
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

log = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
CHANGED_KEY = "public-pages:changed"
SIGNED_IN_GENERATION_KEY = "signed-in-pages:generation"
#: The apps whose rows the public pages show; and, among their models, those they never show
#: (a change to these must not empty the cache: the outbox changes with every e-mail sent).
APPS = ("cities", "practices", "exchanges")
NOT_SHOWN = frozenset(
    {"Notification", "MailLinkKey", "NotificationPreference", "CalendarFeedToken"}
)
#: What only signed-in people's pages show (see the module): every model of these apps, and
#: the models of ``APPS`` in ``NOT_SHOWN``. The sessions are not among them: a page shows
#: nothing of its session (messages excepted, and a page with one is never kept).
SIGNED_IN_APPS = ("accounts", "account", "mfa")
#: How long a visitor waits for another process to render the page they asked for before
#: rendering it too (a page takes far less; this is for one that never comes).
RENDER_WAIT_SECONDS = 10
RENDERING_SECONDS = 30
#: How many minutes back a page of the clock may come from while its new minute is rendered.
LAST_MINUTES = 5
#: A query string this long is someone's experiment, not a page worth keeping.
LONGEST_PATH = 1024

#: What ``{% csrf_token %}`` writes (django.template.defaulttags.CsrfTokenNode), and the mark
#: left in its place in the kept page: a NUL, which no page's text can hold (PostgreSQL stores
#: none, and the request guard refuses them in URLs).
_CSRF_INPUT = re.compile(
    rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{64})(">)'
)
_CSRF_HOLE = b"\x00csrf\x00"
_ANY_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
#: Headers the view sets that are kept; the middleware adds the rest on every answer.
_KEPT_HEADERS = frozenset({"content-type", "content-disposition", "content-language"})

View = Callable[..., Any]


def public_page(view: View | None = None, *, clock: bool | str = True) -> Any:
    """Serve ``view`` from the cache to visitors who are not signed in, and to each signed-in
    person from their own copy (see the module).

    ``clock=False`` for pages that show nothing that changes with the time of day (the
    catalogue, a practice, the feeds): they are kept for the whole ``PUBLIC_PAGE_CACHE_SECONDS``
    rather than for the current minute; ``clock="day"`` for pages that change with the date
    only (in the viewer's zone)."""
    return _cached(view, clock=clock, visitors=True)


def signed_in_page(view: View | None = None, *, clock: bool | str = True) -> Any:
    """Serve ``view`` to each signed-in person from their own copy (see the module), for a page
    only members see (put ``login_required`` outside it). ``clock`` as for ``public_page``."""
    return _cached(view, clock=clock, visitors=False)


def _cached(view: View | None, *, clock: bool | str, visitors: bool) -> Any:
    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            signed_in = request.user.is_authenticated
            seconds = (
                settings.SIGNED_IN_PAGE_CACHE_SECONDS
                if signed_in
                else settings.PUBLIC_PAGE_CACHE_SECONDS * visitors
            )
            if not seconds or not _cacheable_request(request):
                return view(request, *args, **kwargs)
            key = _key(request, clock=clock)
            try:
                found = cache.get_many([GENERATION_KEY, SIGNED_IN_GENERATION_KEY, CHANGED_KEY, key])
                generation = _generation(found, signed_in)
            except Exception:  # the cache is down: the page is still there
                log.warning("The page cache cannot be read", exc_info=True)
                return view(request, *args, **kwargs)
            entry = found.get(key)
            if entry is not None and entry["generation"] == generation:
                return _answer(request, entry)
            # One process renders a missing page; the others wait for it rather than all
            # rendering it at once (each would then take as long as all of them together).
            rendering = cache.add(f"{key}:rendering", 1, RENDERING_SECONDS)
            if not rendering:
                # A page of the clock whose minute just ended: the copy of one of the last
                # minutes, of the same generation (nothing it shows has changed), while its
                # next one is made.
                if (last := _last_minutes(request, clock, generation)) is not None:
                    return _answer(request, last)
                if (entry := _wait_for(key, signed_in)) is not None:
                    return _answer(request, entry)
            try:
                response = view(request, *args, **kwargs)
                entry = _entry(request, response, generation, changed=found.get(CHANGED_KEY))
                if entry is None:
                    return response
                # A page of the minute is kept a few minutes more, for the case above.
                minutes = 60 * (LAST_MINUTES + 1)
                cache.set(key, entry, min(seconds, minutes) if clock is True else seconds)
            finally:
                if rendering:
                    cache.delete(f"{key}:rendering")
            return _answer(request, entry)

        wrapped.public_page = visitors  # type: ignore[attr-defined]
        return wrapped

    return decorate(view) if view is not None else decorate


def _generation(found: dict[str, Any], signed_in: bool) -> Any:
    """The generation a page must carry to be served: the public pages' number, and for a
    signed-in person's copy the number of what only members see as well."""
    public = found.get(GENERATION_KEY) or _first_generation()
    if not signed_in:
        return public
    members = found.get(SIGNED_IN_GENERATION_KEY) or _first_generation(SIGNED_IN_GENERATION_KEY)
    return (public, members)


def _wait_for(key: str, signed_in: bool) -> dict[str, Any] | None:
    """The page another process is rendering, once it is kept under the current generation;
    None when it does not come in time (or is not kept: not a page for everyone)."""
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.02)
        found = cache.get_many([GENERATION_KEY, SIGNED_IN_GENERATION_KEY, key, f"{key}:rendering"])
        entry = found.get(key)
        if entry is not None and entry["generation"] == _generation(found, signed_in):
            return entry
        if f"{key}:rendering" not in found:
            return None
    return None


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if len(request.get_full_path()) > LONGEST_PATH:
        return False
    # Reading the messages does not mark them shown: a page with one is rendered for its visitor.
    return not len(get_messages(request))


def _last_minutes(
    request: HttpRequest, clock: bool | str, generation: int
) -> dict[str, Any] | None:
    if clock is not True:
        return None
    keys = [_key(request, clock=True, ago=60 * n) for n in range(1, LAST_MINUTES + 1)]
    found = cache.get_many(keys)
    for key in keys:  # the newest first
        if (entry := found.get(key)) is not None and entry["generation"] == generation:
            return entry
    return None


def _key(request: HttpRequest, *, clock: bool | str, ago: int = 0) -> str:
    if clock == "day":
        minute: int | str = timezone.localdate().isoformat()
    else:
        minute = int((timezone.now().timestamp() - ago) // 60) if clock else ""
    parts = (
        request.scheme,
        request.get_host(),
        translation.get_language(),
        timezone.get_current_timezone_name(),
        minute,
        request.get_full_path(),
        # Whose copy: a signed-in person's own (their id), or the visitors' (None).
        user.pk if (user := getattr(request, "user", None)) and user.is_authenticated else None,
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"public-page:{digest}"


def _first_generation(key: str = GENERATION_KEY) -> int:
    """The generation when the cache has none (new, flushed or evicted): a number from the
    clock, so that it never goes back to one that older entries carry."""
    cache.add(key, time.time_ns() // 1000, None)
    return int(cache.get(key) or 0)


def _entry(
    request: HttpRequest, response: Any, generation: int, *, changed: float | None
) -> dict[str, Any] | None:
    """What to keep of ``response``, or None when it is not the same for every visitor."""
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or response.has_header("Vary")
        or response.has_header("Cache-Control")
        or getattr(getattr(request, "session", None), "modified", False)
    ):
        return None
    body = _CSRF_INPUT.sub(rb"\1" + _CSRF_HOLE + rb"\3", response.content)
    secret = request.META.get("CSRF_COOKIE")
    matches = csrf._does_token_match  # type: ignore[attr-defined]
    if secret and any(matches(t.decode(), secret) for t in _ANY_TOKEN.findall(body)):
        return None  # the visitor's token somewhere else than a form's field: not for others
    now = time.time()
    return {
        "generation": generation,
        # The page cut where the tokens go: joined with each visitor's, nothing to search.
        "parts": body.split(_CSRF_HOLE),
        "headers": [(k, v) for k, v in response.items() if k.lower() in _KEPT_HEADERS],
        "etag": f'W/"{hashlib.sha256(body).hexdigest()[:32]}"',
        # Within the second of the last change, an earlier page of the same second would have
        # the same date: no Last-Modified then (the ETag still tells them apart).
        "last_modified": None if changed is not None and int(changed) >= int(now) else int(now),
        "csrf": _CSRF_HOLE in body,  # then "private": no shared cache keeps a token
    }


def _answer(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(status=200)
    for header, value in entry["headers"]:
        response[header] = value
    response["ETag"] = entry["etag"]
    if entry["last_modified"] is not None:
        response["Last-Modified"] = http_date(entry["last_modified"])
    patch_cache_control(response, no_cache=True)
    if entry["csrf"]:
        patch_cache_control(response, private=True)
    conditional = get_conditional_response(
        request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
    )
    if conditional is not None and conditional is not response:
        return conditional
    parts: list[bytes] = entry["parts"]
    response.content = csrf.get_token(request).encode().join(parts) if len(parts) > 1 else parts[0]
    return response


# --- Invalidation --------------------------------------------------------------------------


def pages_changed() -> None:
    """Every kept page is stale from now on, signed-in people's copies included. Called for
    every change of a shown row (see ``connect``); call it after a write that sends no signal
    (``update()``, ``bulk_create()``)."""
    _bump(GENERATION_KEY)
    cache.set(CHANGED_KEY, time.time(), None)


def signed_in_pages_changed() -> None:
    """Every signed-in person's kept page is stale from now on (the visitors' pages stay)."""
    _bump(SIGNED_IN_GENERATION_KEY)


def _bump(key: str) -> None:
    for _attempt in range(3):
        try:
            cache.incr(key)
            return
        except ValueError:  # no number yet (or the cache was flushed in between): start one
            _first_generation(key)
    cache.incr(key)


def _after_commit() -> None:
    try:
        pages_changed()
    except Exception:  # after the commit: the change is made, say so but do not fail it
        log.exception("The page cache could not be told of a change")


def _after_commit_signed_in() -> None:
    try:
        signed_in_pages_changed()
    except Exception:  # as above
        log.exception("The page cache could not be told of a change")


def rows_changed(using: str = "default") -> None:
    """A write the pages may show: stale at once, and again after the commit (a page read
    between the write and the commit shows the old rows). ``update()`` and ``bulk_create()``
    send no signal: a service that changes shown rows with them calls this."""
    pages_changed()
    _again_after_commit(_after_commit, using)


def signed_in_rows_changed(using: str = "default") -> None:
    """``rows_changed`` for a write only signed-in people's pages show (``SIGNED_IN_APPS`` and
    the notices, notification settings and calendar addresses).

    Unlike ``rows_changed``, a cache that cannot be reached does not fail the write: the
    worker marks each e-mail sent right after it is accepted, and a failed mark would send it
    again. A person's copy could then outlive the change (``SIGNED_IN_PAGE_CACHE_SECONDS`` at
    most), only if Redis kept its data through a failure to reach it."""
    try:
        signed_in_pages_changed()
    except Exception:
        log.warning("Signed-in pages could not be told of a change", exc_info=True)
    _again_after_commit(_after_commit_signed_in, using)


def _again_after_commit(callback: Callable[[], None], using: str) -> None:
    connection = connections[using]
    if connection.in_atomic_block:
        # Once per transaction: a callback registered where a rollback would undo this write
        # too (the same or an outer savepoint) is enough.
        current = set(connection.savepoint_ids)
        if any(
            entry[1] is callback and set(entry[0]) <= current for entry in connection.run_on_commit
        ):
            return
        transaction.on_commit(callback, using=using)


def _changed(sender: type[Model], using: str = "default", **kwargs: Any) -> None:
    action = kwargs.get("action")
    if action is None or action.startswith("post_"):
        rows_changed(using)


def _signed_in_changed(sender: type[Model], using: str = "default", **kwargs: Any) -> None:
    action = kwargs.get("action")
    if action is None or action.startswith("post_"):
        signed_in_rows_changed(using)


def connect() -> None:
    """Listen to every model of ``APPS`` the pages show, and of ``SIGNED_IN_APPS`` and
    ``NOT_SHOWN`` for signed-in people's pages (from ``AppConfig.ready``)."""
    for label in (*APPS, *SIGNED_IN_APPS):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            name = model.__name__
            if name.startswith("Historical"):
                continue
            receiver = _changed if label in APPS and name not in NOT_SHOWN else _signed_in_changed
            uid = f"public_cache:{model._meta.label}"
            post_save.connect(receiver, sender=model, dispatch_uid=uid)
            post_delete.connect(receiver, sender=model, dispatch_uid=uid)
            if model._meta.auto_created:
                m2m_changed.connect(receiver, sender=model, dispatch_uid=uid)
