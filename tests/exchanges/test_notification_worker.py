"""Notifications through a real Celery worker, a real Redis and a real SMTP server.

Each test commits its rows (a transactional test) so the worker, a separate process on the same
test database, sees them.
"""

import time
from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header

import pytest
from django.utils import timezone
from icalendar import Calendar

from exchanges.models import DeliveryStatus, Notification
from exchanges.notifications import tasks
from tests import factories
from tests.services import wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _text(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    return ""


def _ics(message) -> Calendar:
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_payload(decode=True))
    raise AssertionError("no .ics attached")


@pytest.mark.today("2026-11-16T09:00:00Z")  # a meeting on a fixed day in 2030
def test_a_scheduled_meeting_sends_one_email_per_participant_in_their_language(
    reference_data, broker, smtp_sink
):
    broker.start_worker(smtp_sink)
    coordinator = factories.coordinator("isinnova", email="giulia@example.org")
    misaki = factories.officer("kamakura", email="misaki@example.org", preferred_language="ja")
    fiona = factories.officer("glasgow", email="fiona@example.org")
    cao = factories.coordinator("cabinet-office-japan", email="haruka@example.org")
    factories.officer("brno", email="not-invited@example.org")

    meeting = factories.meeting(
        by=coordinator,
        bodies=("cabinet-office-japan",),
        starts_at=datetime(2030, 1, 15, 8, 0, tzinfo=UTC),
        online_link="https://meet.example.org/room",
    )
    wait_for(lambda: len(smtp_sink.received()) >= 3, what="three e-mails")
    addresses = sorted(m["To"] for m in smtp_sink.received())
    assert addresses == sorted([misaki.email, fiona.email, cao.email])  # not the organiser

    [japanese] = smtp_sink.to(misaki.email)
    assert "招待" in _subject(japanese)
    assert "17:00–18:00 JST（ご自身）" in _text(japanese)
    [english] = smtp_sink.to(fiona.email)
    assert _subject(english).endswith("Invitation: Kamakura–Glasgow exchange")
    assert "08:00–09:00 GMT (Glasgow, you)" in _text(english)
    assert english["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/u/")  # one plain line
    event = _ics(english).walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert str(event["UID"]) == f"{meeting.uid}@cooperation-portal"
    assert "meet.example.org/room" in event.to_ical().decode()  # participants get the link

    wait_for(
        lambda: Notification.objects.filter(status=DeliveryStatus.SENT).count() == 3,
        what="three rows marked sent",
    )


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    reference_data, broker, smtp_sink, own_redis
):
    broker.use(own_redis.url)
    worker = broker.start_worker(smtp_sink, concurrency=2)
    coordinator = factories.coordinator("isinnova")
    people = [factories.officer("brno", email=f"brno{n}@example.org") for n in range(40)]

    factories.meeting(by=coordinator, host="brno", cities=("brno",))
    wait_for(lambda: len(smtp_sink.received()) >= 8, what="the first e-mails")
    # Hold every SMTP session before its message is sent, until both pool processes wait…
    smtp_sink.holding.set()
    wait_for(lambda: smtp_sink.held >= 2, what="both pool processes in the middle of a send")
    # …and kill the worker there, in the middle of the batch.
    worker.kill()
    smtp_sink.holding.clear()
    before = len(smtp_sink.received())
    assert 8 <= before < 40

    broker.start_worker(smtp_sink, concurrency=2)
    # The killed tasks are Redis's to redeliver after its visibility timeout; the sweep that
    # beat runs every two minutes hands the pending rows to the new worker now.
    tasks.sweep_outbox.delay(older_than_seconds=0)
    wait_for(lambda: len(smtp_sink.received()) >= 40, timeout=60, what="all forty e-mails")
    wait_for(
        lambda: Notification.objects.filter(status=DeliveryStatus.SENT).count() == 40,
        what="every row marked sent",
    )
    tasks.sweep_outbox.delay(older_than_seconds=0)  # asking again sends nothing more
    received = sorted(m["To"] for m in smtp_sink.received())
    assert received == sorted(p.email for p in people)  # each once: none lost, none twice


def test_redis_down_while_a_meeting_changes_then_back(
    reference_data, broker, smtp_sink, own_redis, client
):
    broker.use(own_redis.url)
    broker.start_worker(smtp_sink)
    coordinator = factories.coordinator("isinnova")
    guest = factories.officer("kamakura", email="misaki@example.org")
    start = (timezone.now() + timedelta(days=30)).replace(hour=8, minute=0, second=0, microsecond=0)
    meeting = factories.meeting(by=coordinator, starts_at=start)
    wait_for(lambda: len(smtp_sink.to(guest.email)) == 1, what="the invitation")
    # Stop Redis only once the worker has acknowledged that task: a broker lost in the middle of
    # an acknowledgement makes Celery 5.7's worker exit ("Unrecoverable error"), a crash that a
    # process manager restarts in production but that would leave this test without a worker.
    wait_for(lambda: own_redis.client().hlen("unacked") == 0, what="the acknowledgement")

    own_redis.stop()
    client.force_login(coordinator)
    later = start.astimezone(meeting.zone) + timedelta(hours=1)
    started = time.monotonic()
    response = client.post(
        f"/en/meetings/{meeting.pk}/edit/",
        {
            "title_en": meeting.title_en,
            "title_ja": meeting.title_ja,
            "host": "city:glasgow",
            "cities": [c.pk for c in meeting.cities.all()],
            "date": later.date().isoformat(),
            "start_time": f"{later:%H:%M}",
            "end_time": f"{later + timedelta(hours=1):%H:%M}",
            "time_zone": meeting.time_zone,
            "format": "virtual",
            "languages": "en+ja",
            "visibility": "public",
            "status": "scheduled",
            "reminder_hours": 24,
        },
    )
    answered_in = time.monotonic() - started
    print(f"\nThe edit answered in {answered_in:.2f} s with the broker down")
    assert response.status_code == 302  # the page answers normally with Redis down
    meeting.refresh_from_db()
    assert meeting.starts_at == start + timedelta(hours=1)  # and the change is saved
    change = Notification.objects.get(recipient=guest, kind="meeting_changed")
    assert change.status == DeliveryStatus.PENDING

    own_redis.start()
    tasks.sweep_outbox.delay(older_than_seconds=0)
    wait_for(lambda: len(smtp_sink.to(guest.email)) == 2, timeout=60, what="the change notice")
    notice = smtp_sink.to(guest.email)[1]
    assert "Changed" in _subject(notice)
    assert _ics(notice).walk("VEVENT")[0].decoded("SEQUENCE") == 1


def test_a_worker_killed_right_after_the_server_accepted_a_message_does_not_send_it_again(
    reference_data, broker, smtp_sink
):
    """The duplicate window is the commit, not the whole SMTP session: the row is marked sent
    right after the server's 250, before the connection says goodbye.

    The sink accepts the message, then answers QUIT only after three seconds; the worker is
    killed 0.3 s after the acceptance, so while it waits for that answer. Had the row been
    committed only after QUIT (as before), it would still be pending and be sent again."""
    worker = broker.start_worker(smtp_sink, concurrency=1)
    coordinator = factories.coordinator("isinnova")
    guest = factories.officer("brno", email="jana@example.org")
    smtp_sink.quit_delay = 3.0
    smtp_sink.after_accept = (0.3, worker.kill_now)

    factories.meeting(by=coordinator, host="brno", cities=("brno",))
    wait_for(lambda: worker.process.poll() is not None, what="the worker to be killed")
    assert len(smtp_sink.to(guest.email)) == 1
    row = Notification.objects.get(recipient=guest)
    assert row.status == DeliveryStatus.SENT  # committed before the kill

    smtp_sink.quit_delay = 0.0
    broker.start_worker(smtp_sink, concurrency=1)
    tasks.sweep_outbox.delay(older_than_seconds=0)
    time.sleep(3)  # time for a second copy to arrive, were one to be sent
    assert len(smtp_sink.to(guest.email)) == 1


def test_a_batch_shares_one_smtp_session_and_a_refused_row_is_retried_alone(
    reference_data, broker, smtp_sink
):
    """Twenty-five rows a task, one SMTP session a task: a 1,000-recipient meeting needs forty
    sessions, not a thousand. A recipient the server refuses for now does not stop the batch;
    that row is tried again on its own, and everybody gets one e-mail."""
    broker.start_worker(smtp_sink, concurrency=1)
    coordinator = factories.coordinator("isinnova")
    people = [factories.officer("brno", email=f"brno{n}@example.org") for n in range(30)]
    smtp_sink.refuse_once = {"brno3@example.org"}

    factories.meeting(by=coordinator, host="brno", cities=("brno",))
    wait_for(lambda: len(smtp_sink.received()) >= 30, timeout=60, what="thirty e-mails")
    wait_for(
        lambda: Notification.objects.filter(status=DeliveryStatus.SENT).count() == 30,
        what="every row marked sent",
    )
    received = sorted(m["To"] for m in smtp_sink.received())
    assert received == sorted(p.email for p in people)  # each once
    # Two batches (25 + 5), a new session after the refusal, one for the retry alone.
    assert smtp_sink.sessions <= 4, smtp_sink.sessions
    retried = Notification.objects.get(recipient__email="brno3@example.org")
    assert retried.attempts == 2  # the refusal, noted; then the retry that went through
