"""What is notified, to whom, and the rules around it (tasks run in-process here; the tests
with a real worker, Redis and SMTP server are in test_notification_worker.py)."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connections, transaction
from django.utils import timezone

from exchanges.meetings import services
from exchanges.models import (
    DeliveryStatus,
    Milestone,
    Notification,
    NotificationPreference,
)
from exchanges.notifications import tasks
from exchanges.notifications.emails import unsubscribe_token
from exchanges.plan.demo import seed_plan
from practices import services as practice_services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return {
        "coordinator": factories.coordinator("isinnova", email="giulia@example.org"),
        "kamakura": factories.officer(
            "kamakura", email="misaki@example.org", preferred_language="ja"
        ),
        "glasgow": factories.officer("glasgow", email="fiona@example.org"),
    }


def _mails_to(address, kind_word=""):
    return [m for m in mail.outbox if m.to == [address] and kind_word in m.subject]


def test_a_rolled_back_change_writes_no_row_and_sends_nothing(
    people, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        factories.meeting(by=people["coordinator"])
        raise RuntimeError("the rest of the change failed")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_beat_scan_twice_sends_one_reminder(people, django_capture_on_commit_callbacks):
    soon = timezone.now() + timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = factories.meeting(by=people["coordinator"], starts_at=soon)
    mail.outbox.clear()
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.scan_due()
    reminders = [m for m in mail.outbox if "Reminder" in m.subject or "リマインダー" in m.subject]
    assert len(reminders) == 2  # Misaki and Fiona, once each
    assert Notification.objects.filter(kind="meeting_reminder", meeting=meeting).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_write_each_reminder_once(reference_data):
    coordinator = factories.coordinator("isinnova")
    factories.officer("kamakura")
    factories.officer("glasgow")
    factories.meeting(by=coordinator, starts_at=timezone.now() + timedelta(hours=2))
    start = threading.Barrier(2)

    def beat():
        try:
            start.wait()
            tasks.scan_due()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Notification.objects.filter(kind="meeting_reminder").count() == 2


def test_changes_cancellation_and_minutes_are_notified(people, django_capture_on_commit_callbacks):
    coordinator = people["coordinator"]
    with django_capture_on_commit_callbacks(execute=True):
        meeting = factories.meeting(by=coordinator)
    assert len(_mails_to("fiona@example.org", "Invitation")) == 1
    later = meeting.starts_at + timedelta(hours=1)
    data = services.MeetingData(
        title_en=meeting.title_en,
        title_ja=meeting.title_ja,
        starts_at=later,
        ends_at=later + timedelta(hours=1),
        time_zone=meeting.time_zone,
        host_city=meeting.host_city,
        cities=list(meeting.cities.all()),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(meeting=meeting, by=coordinator, data=data)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting, by=coordinator)
    # Minutes come once a meeting has ended (issue 12): those of one held two days ago.
    held = factories.meeting(
        by=coordinator, starts_at=timezone.now() - timedelta(days=2), status="held"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_publish(
            meeting=held,
            by=coordinator,
            data=services.MinutesData(minutes_en="Done.", minutes_ja=""),
        )
    subjects = [m.subject for m in mail.outbox if m.to == ["fiona@example.org"]]
    assert [s.split(":")[0] for s in subjects] == ["Invitation", "Changed", "Cancelled", "Minutes"]
    cancelled = _mails_to("fiona@example.org", "Cancelled")[0]
    ics = next(
        part for part in cancelled.message().walk() if part.get_filename() == "meeting.ics"
    ).get_content()
    assert "STATUS:CANCELLED" in ics
    assert not _mails_to("giulia@example.org")  # the organiser is not told of their own change


def test_switched_off_and_digest_preferences_are_respected(
    people, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=people["glasgow"], category="meetings", enabled=False
    )
    NotificationPreference.objects.create(
        user=people["kamakura"], category="meetings", mode="digest"
    )
    with django_capture_on_commit_callbacks(execute=True):
        factories.meeting(by=people["coordinator"])
    assert mail.outbox == []
    assert Notification.objects.get(recipient=people["glasgow"]).status == "skipped"
    queued = Notification.objects.get(recipient=people["kamakura"])
    assert queued.status == "digest_queued"

    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_digests(hour=0)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_digests(hour=0)  # a second run the same day sends nothing more
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["misaki@example.org"]
    assert "鎌倉・グラスゴー交流" in digest.body
    queued.refresh_from_db()
    assert queued.status == "digested"


def test_the_unsubscribe_link_works_without_logging_in_for_its_own_category_only(
    client, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.meeting(by=people["coordinator"])
    message = _mails_to("fiona@example.org", "Invitation")[0]
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body
    path = link.split("127.0.0.1:8000", 1)[-1]
    fiona = people["glasgow"]
    # Opening the link (as a mail scanner does) only asks; it changes nothing.
    for method in (client.get, client.head):
        response = method(path)
        assert response.status_code == 200
        assert not NotificationPreference.objects.filter(user=fiona).exists()
    assert "Unsubscribe" in client.get(path).content.decode()
    response = client.post(path)  # the button on that page
    assert response.status_code == 200
    assert "no longer receive" in response.content.decode()
    assert not NotificationPreference.objects.get(user=fiona, category="meetings").enabled
    assert not NotificationPreference.objects.filter(user=fiona, category="milestones").exists()
    # RFC 8058: the mail program's one-click POST works too, without a CSRF token.
    other = unsubscribe_token(fiona, "practices")
    assert client.post(f"/u/{other}/").status_code == 200
    assert not NotificationPreference.objects.get(user=fiona, category="practices").enabled
    # A forged or altered token does nothing.
    assert client.get(path.replace("-m-", "-a-")).status_code == 404  # another category
    assert client.get("/u/1-m-0000/").status_code == 404


@pytest.mark.today("2026-11-16T09:00:00Z")
def test_milestones_assigned_due_soon_overdue_weekly_and_status(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        seed_plan(coordinator=people["coordinator"])
    assigned = _mails_to("misaki@example.org")  # Kamakura owns three milestones
    assert len(assigned) == 3
    mail.outbox.clear()
    today = timezone.localdate()
    Milestone.objects.filter(code="AP-5.2").update(due_date=today + timedelta(days=3))
    Milestone.objects.filter(code="AP-2.2").update(due_date=today - timedelta(days=15))
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.scan_due()
    to_misaki = sorted(m.subject for m in _mails_to("misaki@example.org"))
    assert len(to_misaki) == 2, to_misaki  # due soon (AP-5.2), overdue week 2 (AP-2.2)
    overdue = Notification.objects.filter(kind="milestone_overdue")
    # Two scans, one row: AP-2.2 for Kamakura's officer (Glasgow owns no overdue milestone).
    assert list(overdue.values_list("milestone__code", "recipient__email")) == [
        ("AP-2.2", "misaki@example.org")
    ]

    with django_capture_on_commit_callbacks(execute=True):
        from exchanges.plan import services as plan

        plan.milestone_report_progress(
            milestone=Milestone.objects.get(code="AP-5.2"),
            by=people["kamakura"],
            data=plan.ProgressData(status="at_risk", progress=20),
        )
    assert len(_mails_to("giulia@example.org")) == 1


def test_practice_review_notifies_coordinators_then_the_author(
    people, django_capture_on_commit_callbacks
):
    author = people["glasgow"]
    with django_capture_on_commit_callbacks(execute=True):
        draft = factories.practice(status="draft", city="glasgow", author=author)
        practice_services.practice_submit(practice=draft, by=author)
    assert len(_mails_to("giulia@example.org", "To review")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        practice_services.practice_send_back(
            practice=draft, by=people["coordinator"], comment="Add the 2023 figures."
        )
    sent_back = _mails_to("fiona@example.org", "Sent back")[0]
    assert "Add the 2023 figures." in sent_back.body


def test_a_permanent_smtp_failure_is_recorded_and_can_be_retried(
    client, people, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 1},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        factories.meeting(by=people["coordinator"])
    failed = Notification.objects.get(recipient=people["glasgow"])
    # The first attempt failed: recorded, still pending, retried later by Celery with backoff.
    assert (failed.status, failed.attempts) == (DeliveryStatus.PENDING, 1)
    assert "ConnectionRefused" in failed.last_error
    # The last retry fails too: the row is marked failed for the coordinators.
    with pytest.raises(ConnectionRefusedError):  # eager tasks raise what a worker would log
        tasks.deliver_notification.apply(args=(failed.pk,), retries=6)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (DeliveryStatus.FAILED, 2)

    client.force_login(people["coordinator"])
    outbox = client.get("/en/notifications/outbox/?status=failed").content.decode()
    assert "fiona@example.org" in outbox and "Retry" in outbox
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/notifications/outbox/{failed.pk}/retry/")
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.SENT
    client.force_login(people["glasgow"])
    assert client.get("/en/notifications/outbox/").status_code == 403


def test_signed_in_users_see_their_notifications_with_an_unread_count(
    client, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.meeting(by=people["coordinator"])
    client.force_login(people["glasgow"])
    page = client.get("/en/").content.decode()
    assert 'class="count-badge">1' in page
    inbox = client.get("/en/notifications/").content.decode()
    assert "Invitation to a meeting" in inbox
    # Reading the list changes nothing; "Mark all as read" does.
    assert 'class="count-badge">1' in client.get("/en/").content.decode()
    assert client.get("/en/notifications/read/").status_code == 405
    assert client.post("/en/notifications/read/").status_code == 302
    assert 'class="count-badge"' not in client.get("/en/").content.decode()


def test_notification_settings_page(client, people):
    client.force_login(people["glasgow"])
    response = client.post(
        "/en/notifications/settings/",
        {
            "meetings-enabled": "on",
            "meetings-mode": "digest",
            "milestones-mode": "immediate",
            "practices-enabled": "on",
            "practices-mode": "immediate",
            "digest-enabled": "on",
            "transfers-mode": "digest",
        },
    )
    assert response.status_code == 302
    prefs = {
        p.category: (p.enabled, p.mode) for p in people["glasgow"].notification_preferences.all()
    }
    assert prefs == {
        "meetings": (True, "digest"),
        "milestones": (False, "immediate"),
        "practices": (True, "immediate"),
        "digest": (True, "immediate"),
        "transfers": (False, "digest"),
    }
    bad = client.post("/en/notifications/settings/", {"meetings-mode": "weekly"})
    assert bad.status_code == 400


def _silent_meeting(people, **fields):
    """A meeting with its invitation rows pending and nothing sent yet (the batch sends)."""
    with transaction.atomic():
        meeting = factories.meeting(by=people["coordinator"], **fields)
    return meeting, list(
        Notification.objects.filter(meeting=meeting, status=DeliveryStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def test_a_batch_reads_what_its_rows_share_once_and_sends_each_row_as_alone(
    people, django_assert_max_num_queries
):
    """A batch of invitations: the recipients, their memberships, choices and link keys and
    the meeting are read once for the batch; each row costs its lock, its update and its
    savepoint. Every e-mail is the one ``deliver`` makes for that row alone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from exchanges.notifications import services as notifications

    more = [
        factories.officer("glasgow", email=f"officer{n}@example.org", preferred_language="ja")
        for n in range(6)
    ]
    NotificationPreference.objects.create(user=more[0], category="meetings", enabled=False)
    meeting, ids = _silent_meeting(people)
    assert len(ids) == 8  # kamakura, glasgow and six more (not the organiser)
    with CaptureQueriesContext(connection) as few:
        notifications.deliver_many(ids[:2])
    with CaptureQueriesContext(connection) as many:
        notifications.deliver_many(ids[2:])
    per_row = (len(many) - len(few)) / (len(ids[2:]) - 2)
    assert per_row <= 4, [q["sql"] for q in many.captured_queries]
    assert Notification.objects.get(recipient=more[0], meeting=meeting).status == "skipped"
    sent = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 7 and more[0].email not in sent
    # The invitation's file of a batch is the one made for each recipient alone (its DTSTAMP
    # aside): the same ATTENDEE line, in the same place, folded alike.
    from exchanges.meetings.ics import invitation_for

    for user in [people["kamakura"], *more[1:]]:
        received = next(
            part.get_content()
            for part in sent[user.email].message().walk()
            if part.get_filename() == "meeting.ics"
        )
        from django.utils import timezone as tz
        from django.utils import translation

        with translation.override(user.preferred_language), tz.override(user.effective_time_zone()):
            alone = invitation_for(meeting, recipient=user)[0].decode()

        def without_stamp(text):
            return [line for line in text.splitlines() if not line.startswith("DTSTAMP")]

        assert without_stamp(received) == without_stamp(alone)
        assert f"mailto:{user.email}" in received.replace("\r\n ", "")
    assert Notification.objects.filter(meeting=meeting, status="sent").count() == 7


def test_a_row_sent_meanwhile_is_not_sent_again_by_a_batch(people):
    """The batch reads rows before sending; a row another worker sent since is skipped."""
    from exchanges.notifications import services as notifications

    _meeting, ids = _silent_meeting(people)
    batch = notifications.Batch(ids)
    assert notifications.deliver(ids[0]) == "sent"
    outcomes = [notifications.deliver(pk, batch=batch) for pk in ids]
    assert outcomes == ["already handled", "sent"]
    assert len(mail.outbox) == 2


def test_a_row_is_marked_sent_even_when_the_page_cache_cannot_be_reached(people, settings):
    """Marking a row sent also drops the signed-in people's kept pages (their notices). With
    Redis out of reach that must not fail the mark: the e-mail would go out again."""
    from exchanges.notifications import services as notifications

    _meeting, ids = _silent_meeting(people)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    assert notifications.deliver(ids[0]) == "sent"
    assert Notification.objects.get(pk=ids[0]).status == "sent"
    assert len(mail.outbox) == 1
