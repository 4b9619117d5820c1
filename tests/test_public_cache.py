"""The anonymous page cache (cooperation_portal/public_cache.py), on the real Redis.

A kept page is a bug the moment it differs from what the view would render: each kind of change
is made through the portal's own code, and the next anonymous visit must show it.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils.http import http_date

from cooperation_portal import public_cache
from exchanges.meetings import services as meeting_services
from exchanges.models import Milestone
from exchanges.plan import services as plan_services
from exchanges.plan.demo import seed_plan
from practices import services as practice_services
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-11-16T09:00:00Z")]

LOG_OUT = 'action="/en/accounts/logout/"'
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def kept(client, url: str, django_assert_num_queries, **extra) -> str:
    """GET ``url`` twice: the second answer comes from the cache (no query) and is the same."""
    first = client.get(url, **extra)
    assert first.status_code == 200, url
    with django_assert_num_queries(0):
        second = client.get(url, **extra)
    assert second.status_code == 200
    assert second["ETag"] == first["ETag"]
    return second.content.decode()


# --- No stale page after a change ----------------------------------------------------------


def test_a_published_practice_is_on_the_catalogue_home_and_feed_at_once(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    author = factories.officer("kamakura")
    practice = factories.practice(
        status="submitted", city="kamakura", author=author, title_en="Tsunami sirens"
    )
    for url in ("/en/practices/", "/en/", "/en/practices/feed/", "/en/practices/?theme=energy"):
        assert "Tsunami sirens" not in kept(client, url, django_assert_num_queries)
    with django_capture_on_commit_callbacks(execute=True):
        practice_services.practice_publish(practice=practice, by=factories.coordinator())
    for url in ("/en/practices/", "/en/", "/en/practices/feed/", "/en/practices/?theme=energy"):
        assert "Tsunami sirens" in client.get(url).content.decode(), url
    assert "Tsunami sirens" in client.get(f"/en/practices/{practice.slug}/").content.decode()


def test_an_archived_practice_leaves_the_catalogue(client, django_assert_num_queries):
    practice = factories.practice(city="glasgow", title_en="Smart bins")
    assert "Smart bins" in kept(client, "/en/practices/", django_assert_num_queries)
    kept(client, f"/en/practices/{practice.slug}/", django_assert_num_queries)
    practice_services.practice_archive(practice=practice, by=factories.coordinator())
    assert "Smart bins" not in client.get("/en/practices/").content.decode()


def test_an_edited_meeting_shows_its_new_title_and_time(client, django_assert_num_queries):
    coordinator = factories.coordinator()
    meeting = factories.meeting(
        by=coordinator, starts_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC), title_en="Old title"
    )
    detail = f"/en/meetings/{meeting.pk}/"
    for url in ("/en/meetings/", detail, "/en/", "/en/cities/glasgow/"):
        assert "Old title" in kept(client, url, django_assert_num_queries), url
    later = meeting.starts_at + timedelta(hours=2)
    meeting_services.meeting_update(
        meeting=meeting,
        by=coordinator,
        data=meeting_services.MeetingData(
            title_en="New title",
            title_ja=meeting.title_ja,
            starts_at=later,
            ends_at=later + timedelta(hours=1),
            time_zone=meeting.time_zone,
            host_city=meeting.host_city,
            cities=list(meeting.cities.all()),
            online_link=meeting.online_link,
        ),
    )
    for url in ("/en/meetings/", detail, "/en/", "/en/cities/glasgow/"):
        page = client.get(url).content.decode()
        assert "New title" in page and "Old title" not in page, url
    assert "11:00" in client.get(detail).content.decode()  # 11:00 UTC, the visitor's zone


def test_a_milestone_change_shows_on_the_public_plan(client, django_assert_num_queries):
    coordinator = factories.coordinator()
    seed_plan(coordinator=coordinator)
    milestone = Milestone.objects.get(code="AP-2.2")
    before = kept(client, "/en/action-plan/", django_assert_num_queries)
    assert "73 % done" not in before
    plan_services.milestone_report_progress(
        milestone=milestone,
        by=coordinator,
        data=plan_services.ProgressData(status="in_progress", progress=73),
    )
    assert "73 % done" in client.get("/en/action-plan/").content.decode()


def test_a_renamed_city_is_renamed_everywhere(client, django_assert_num_queries):
    urls = ("/en/cities/", "/en/cities/tamana/", "/en/", "/en/partnerships/")
    for url in urls:
        kept(client, url, django_assert_num_queries)
    city = factories.city("tamana")
    city.name_en = "Tamana City"  # as the admin's change form saves it
    city.save()
    for url in urls:
        assert "Tamana City" in client.get(url).content.decode(), url


def test_a_relation_change_alone_drops_the_pages(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    practice = factories.practice(city="rotterdam", title_en="Heat grid")
    assert "Heat grid" not in kept(client, "/en/practices/?city=tamana", django_assert_num_queries)
    with django_capture_on_commit_callbacks(execute=True):  # the facet counts' own cache too
        practice.cities.add(factories.city("tamana"))
    assert "Heat grid" in client.get("/en/practices/?city=tamana").content.decode()


def test_a_write_that_sends_no_signal_is_announced():
    before = cache.get(public_cache.GENERATION_KEY)
    public_cache.pages_changed()
    assert cache.get(public_cache.GENERATION_KEY) != before


# --- What each visitor gets ----------------------------------------------------------------


def test_each_language_has_its_own_page(client, django_assert_num_queries):
    english = kept(client, "/en/practices/", django_assert_num_queries)
    japanese = kept(client, "/ja/practices/", django_assert_num_queries)
    assert 'lang="en"' in english and 'lang="ja"' in japanese


def test_each_time_zone_has_its_own_page(client, django_assert_num_queries):
    meeting = factories.meeting(
        starts_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC), title_en="Zoned meeting"
    )
    url = f"/en/meetings/{meeting.pk}/"
    client.cookies["portal_tz"] = "Asia%2FTokyo"
    tokyo = kept(client, url, django_assert_num_queries)
    client.cookies["portal_tz"] = "America%2FNew_York"
    new_york = kept(client, url, django_assert_num_queries)
    assert "18:00" in tokyo  # 09:00 UTC
    assert "04:00" in new_york
    client.cookies["portal_tz"] = "Asia%2FTokyo"
    with django_assert_num_queries(0):
        again = client.get(url).content.decode()
    assert TOKEN.sub("", again) == TOKEN.sub("", tokyo)


def test_signed_in_people_get_their_own_copy_never_the_visitors_nor_anothers(
    client, django_assert_num_queries
):
    takahashi = factories.officer("kamakura", full_name="Misaki Takahashi")
    jansen = factories.officer("rotterdam", full_name="Pieter Jansen")
    kept(client, "/en/", django_assert_num_queries)  # the public's page is kept
    member = Client()
    member.force_login(takahashi)
    page = member.get("/en/")
    assert LOG_OUT in page.content.decode()
    assert "no-store" in page["Cache-Control"]  # a browser keeps none of it
    # The second visit is the member's own copy: the session, the person and their memberships
    # (for their time zone) are read, the page is not rendered again.
    with django_assert_num_queries(3):
        again = member.get("/en/")
    assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", page.content.decode())
    # The visitors' copy is still the visitors': no log-out form.
    assert LOG_OUT not in Client().get("/en/").content.decode()
    # Two people, the same address: each their own page.
    assert "Misaki Takahashi" in member.get("/en/accounts/").content.decode()
    other = Client()
    other.force_login(jansen)
    theirs = other.get("/en/accounts/").content.decode()
    assert "Pieter Jansen" in theirs and "Takahashi" not in theirs
    assert "Misaki Takahashi" in member.get("/en/accounts/").content.decode()


def test_a_signed_in_persons_pages_show_their_own_changes_at_once(
    django_capture_on_commit_callbacks,
):
    from exchanges.notifications import services as notifications

    officer = factories.officer("kamakura", full_name="Misaki Takahashi")
    meeting = factories.meeting(title_en="Harbour walk", cities=("glasgow", "kamakura"))
    notifications.notifications_mark_read(user=officer)  # the invitation
    member = Client()
    member.force_login(officer)
    for url in ("/en/accounts/", "/en/notifications/"):
        assert "Meeting cancelled" not in member.get(url).content.decode()
        assert "Meeting cancelled" not in member.get(url).content.decode()  # kept
    # A notice is written with bulk_create(), which sends no signal.
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify("meeting_cancelled", [officer], key="cancel", meeting=meeting)
    for url in ("/en/accounts/", "/en/notifications/"):
        assert "Meeting cancelled" in member.get(url).content.decode(), url
    # Marked read with update(), which sends no signal either: the "New" mark goes at once.
    assert 'class="unread"' in member.get("/en/notifications/").content.decode()
    notifications.notifications_mark_read(user=officer)
    assert 'class="unread"' not in member.get("/en/notifications/").content.decode()
    # A message waiting for the person is shown on the next page, once (never kept).
    member.post("/en/notifications/read/")
    assert (
        "All notifications are marked as read." in member.get("/en/notifications/").content.decode()
    )
    assert "All notifications are marked" not in member.get("/en/notifications/").content.decode()
    # The person's own name, saved in the accounts app.
    officer.full_name = "Misaki Sato"
    officer.save()
    assert "Misaki Sato" in member.get("/en/accounts/").content.decode()


def test_a_visitor_with_a_message_waiting_gets_it(client, django_assert_num_queries):
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    kept(client, "/en/", django_assert_num_queries)
    request = HttpRequest()
    response = HttpResponse()
    storage = CookieStorage(request)
    storage.add(20, "Welcome back, dear visitor")
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    assert "Welcome back, dear visitor" in client.get("/en/").content.decode()
    del client.cookies["messages"]
    assert "Welcome back" not in Client().get("/en/").content.decode()


def test_pages_answer_304_to_their_etag_and_date_until_they_change(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    kept(client, "/en/practices/", django_assert_num_queries)
    page = client.get("/en/practices/")
    etag, modified = page["ETag"], page["Last-Modified"]
    assert etag.startswith('W/"') and "no-cache" in page["Cache-Control"]
    with django_assert_num_queries(0):
        again = client.get("/en/practices/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/en/practices/", headers={"If-Modified-Since": modified}).status_code == 304
    earlier = http_date(datetime(2026, 1, 1, tzinfo=UTC).timestamp())
    assert client.get("/en/practices/", headers={"If-Modified-Since": earlier}).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        factories.practice(city="brno", title_en="Brno trams")
    changed = client.get("/en/practices/", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "Brno trams" in changed.content.decode()
    assert changed["ETag"] != etag


def test_a_kept_page_gives_each_visitor_their_own_working_csrf_token(django_assert_num_queries):
    first = Client(enforce_csrf_checks=True)
    kept(first, "/en/cities/", django_assert_num_queries)
    first_token = first.cookies["csrftoken"].value

    second = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        page = second.get("/en/cities/")
    tokens = set(TOKEN.findall(page.content.decode()))
    assert len(tokens) == 1
    assert second.cookies["csrftoken"].value != first_token
    assert "private" in page["Cache-Control"]  # no shared cache keeps a visitor's token
    switched = second.post(
        "/i18n/setlang/",
        {"language": "ja", "next": "/en/cities/", "csrfmiddlewaretoken": tokens.pop()},
    )
    assert switched.status_code == 302 and switched["Location"] == "/ja/cities/"
    # The kept copy holds no visitor's token at all.
    entries = list(_entries().values())
    assert entries and all(
        b"".join(e["parts"]).count(b'csrfmiddlewaretoken" value="">') == len(e["parts"]) - 1 > 0
        for e in entries
    )


def _entries() -> dict:
    """Every kept page, read from Redis itself."""
    client = cache._cache.get_client()  # type: ignore[attr-defined]
    names = [k.decode().partition("public-page:")[2] for k in client.keys("*public-page:*")]
    return {name: cache.get(f"public-page:{name}") for name in names}


def test_answers_that_are_not_for_everyone_are_not_kept(client):
    assert client.get("/en/practices/?page=99").status_code == 404
    assert client.get("/en/practices/?page=x").status_code == 400
    assert client.post("/en/practices/").status_code in (200, 405)
    assert not _entries()


def test_a_visitor_waits_for_the_page_another_process_is_rendering(
    client, django_assert_num_queries
):
    import threading

    client.get("/en/practices/")
    [(name, entry)] = _entries().items()
    public_cache.pages_changed()  # the kept page is stale: the next visitor must not get it
    key = f"public-page:{name}"
    cache.set(f"{key}:rendering", 1, 5)  # another process is rendering it

    def other_process_done() -> None:
        generation = cache.get(public_cache.GENERATION_KEY)
        parts = [p.replace(b"</main>", b"Rendered next door</main>") for p in entry["parts"]]
        cache.set(key, {**entry, "generation": generation, "parts": parts}, 60)
        cache.delete(f"{key}:rendering")

    threading.Timer(0.3, other_process_done).start()
    with django_assert_num_queries(0):
        page = client.get("/en/practices/").content.decode()
    assert "Rendered next door" in page


def test_while_a_clock_page_is_rendered_for_the_new_minute_the_last_one_is_served(
    client, django_assert_num_queries
):
    import time_machine
    from django.test import RequestFactory

    with time_machine.travel(datetime(2026, 11, 16, 9, 0, 30, tzinfo=UTC), tick=False):
        last = client.get("/en/cities/").content.decode()
    with time_machine.travel(datetime(2026, 11, 16, 9, 1, 5, tzinfo=UTC), tick=False):
        key = public_cache._key(RequestFactory().get("/en/cities/"), clock=True)
        cache.set(f"{key}:rendering", 1, 5)  # another process is rendering 09:01's page
        with django_assert_num_queries(0):
            page = client.get("/en/cities/").content.decode()
        assert TOKEN.sub("", page) == TOKEN.sub("", last)
        cache.delete(f"{key}:rendering")
        public_cache.pages_changed()  # once something shown changes, the old minute is not used
        fresh = client.get("/en/cities/").content.decode()
        assert TOKEN.sub("", fresh) != TOKEN.sub("", page)  # rendered anew: the new minute


def test_a_new_deployment_drops_the_kept_pages(client, django_assert_num_queries, settings):
    import logging
    import runpy
    from types import SimpleNamespace

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    kept(client, "/en/cities/", django_assert_num_queries)
    hooks = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    hooks["on_starting"](SimpleNamespace(log=logging.getLogger("gunicorn.error")))
    with CaptureQueriesContext(connection) as rendered:
        assert client.get("/en/cities/").status_code == 200
    assert len(rendered) > 0
