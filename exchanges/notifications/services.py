"""Every write on notifications: who is told what (outbox rows written in the transaction of the
change), delivering a row exactly once, the periodic scans, and a person's own choices.

``notify`` inserts rows with ``ON CONFLICT DO NOTHING`` on their dedupe key and asks for
delivery after the commit. A rolled-back change leaves no row and sends nothing; causing the
same notice twice (a scan run twice, two beats at once) leaves one row. If the broker is down
when the delivery is asked for, the change is saved all the same, without waiting for the
broker, and the outbox sweep sends the row once the broker is back.

Reminders, "due soon" and "overdue" notices come from a scan of what is due *now*, not from
tasks scheduled days ahead (Redis redelivers those after its visibility timeout).
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts import audit, permissions
from accounts.models import SecurityEvent, User
from cooperation_portal import public_cache

from ..models import (
    KIND_CATEGORY,
    OPEN_STATUSES,
    DeliveryStatus,
    MailLinkKey,
    Meeting,
    MeetingStatus,
    Milestone,
    Notification,
    NotificationCategory,
    NotificationKind,
    NotificationMode,
    NotificationPreference,
)
from . import selectors
from .emails import build_message

if TYPE_CHECKING:
    from practices.models import BestPractice, Transfer

log = logging.getLogger(__name__)

_silenced: ContextVar[bool] = ContextVar("notifications_silenced", default=False)


@contextmanager
def silenced() -> Iterator[None]:
    """No notices inside this block: for loading demo or imported data, not for users' work."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


# --- Writing notices -----------------------------------------------------------------------


def notify(
    kind: str,
    recipients: Iterable[User],
    *,
    key: str,
    exclude: User | None = None,
    meeting: Meeting | None = None,
    milestone: Milestone | None = None,
    practice: BestPractice | None = None,
    transfer: Transfer | None = None,
    context: dict[str, Any] | None = None,
) -> int:
    """Write one row per recipient (``key`` is made unique per recipient) and deliver them after
    the commit. Returns how many rows were asked for."""
    if _silenced.get():
        return 0
    rows = [
        Notification(
            recipient=user,
            kind=kind,
            category=KIND_CATEGORY[kind],
            dedupe_key=f"{key}:{user.pk}"[:200],
            meeting=meeting,
            milestone=milestone,
            practice=practice,
            transfer=transfer,
            context=context or {},
        )
        for user in recipients
        if not (exclude is not None and user.pk == exclude.pk)
    ]
    if not rows:
        return 0
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    public_cache.signed_in_rows_changed()  # bulk_create() sends no signal
    keys = [row.dedupe_key for row in rows]
    transaction.on_commit(lambda: _enqueue_keys(keys))
    return len(rows)


def _enqueue_keys(keys: list[str]) -> None:
    ids = Notification.objects.filter(
        dedupe_key__in=keys, status=DeliveryStatus.PENDING
    ).values_list("pk", flat=True)
    enqueue(list(ids))


#: Rows per delivery task: one SMTP session carries a batch, each row still committed as sent
#: right after the server accepted its message.
BATCH_SIZE = 25


def enqueue(ids: Iterable[int]) -> int:
    """Ask the workers to deliver these rows, in batches. Never raises and never waits for a
    broker that is down (the broker's transport options allow one quick retry): the rows stay
    pending, and the periodic sweep picks them up. Returns how many rows were handed over."""
    from celery.exceptions import Retry
    from kombu.exceptions import OperationalError

    from .tasks import deliver_notification, deliver_notifications

    ids = list(ids)
    # Run in-process (no broker: make run, most tests), a batch saves nothing: one row a task.
    size = 1 if deliver_notification.app.conf.task_always_eager else BATCH_SIZE
    sent = 0
    for start in range(0, len(ids), size):
        batch = ids[start : start + size]
        try:
            if len(batch) == 1:
                deliver_notification.apply_async((batch[0],), retry=False)
            else:
                deliver_notifications.apply_async((batch,), retry=False)
        except (OperationalError, ConnectionError, OSError) as error:
            log.warning(
                "Broker unavailable; %s notifications left for the sweep: %s",
                len(ids) - sent,
                error,
            )
            return sent
        except Retry as error:
            # Tasks run in-process (no broker): the SMTP server failed and the task's retry
            # surfaced here. The rows stay pending for the sweep.
            log.warning("Notifications %s left for the sweep: %s", batch, error)
            return sent
        sent += len(batch)
    return sent


# --- Delivering a row ----------------------------------------------------------------------


class Batch:
    """What the rows of one batch share, read once for all of them instead of once a row: the
    recipients with their memberships (zone, permissions), notification choices and unsubscribe
    link generation, and the meetings, milestones, practices and transfers the rows are about.
    Each row is still locked, checked and committed on its own; only these reads are shared,
    and they are at most as old as the batch (seconds)."""

    def __init__(self, notification_ids: Iterable[int]) -> None:
        from cities.models import Membership
        from practices.models import BestPractice, Transfer

        from ..models import MailLinkKey

        fields = ("recipient_id", "meeting_id", "milestone_id", "practice_id", "transfer_id")
        rows = list(Notification.objects.filter(pk__in=list(notification_ids)).values_list(*fields))

        def ids(field: str) -> set[int]:
            column = fields.index(field)
            return {row[column] for row in rows if row[column] is not None}

        self.recipients = User.objects.in_bulk(ids("recipient_id"))
        found: dict[int, list[Any]] = {pk: [] for pk in self.recipients}
        for membership in (
            Membership.objects.filter(user__in=list(self.recipients))
            .select_related("city", "body")
            .order_by("pk")
        ):
            found[membership.user_id].append(membership)
        choices: dict[int, dict[str, NotificationPreference]] = {pk: {} for pk in self.recipients}
        for preference in NotificationPreference.objects.filter(user__in=list(self.recipients)):
            choices[preference.user_id][preference.category] = preference
        generations = dict(
            MailLinkKey.objects.filter(user__in=list(self.recipients)).values_list(
                "user_id", "generation"
            )
        )
        for pk, user in self.recipients.items():
            permissions.remember_memberships(user, found[pk])
            selectors.remember_preferences(user, choices[pk])
            user._mail_link_generation = generations.get(pk, 0)  # type: ignore[attr-defined]
        self.meetings = Meeting.objects.select_related("host_city", "host_body").in_bulk(
            ids("meeting_id")
        )
        self.milestones = Milestone.objects.in_bulk(ids("milestone_id"))
        self.practices = BestPractice.objects.in_bulk(ids("practice_id"))
        #: Calendar files without their ATTENDEE line, for ``build_message``.
        self.calendars: dict[tuple, bytes] = {}
        self.transfers = Transfer.objects.select_related(
            "practice__lead_city", "practice__lead_body", "city"
        ).in_bulk(ids("transfer_id"))

    def attach(self, notification: Notification) -> None:
        """Give the locked row the shared objects it refers to (those read at the batch's
        start; a row that was not in the batch reads its own)."""
        pairs: list[tuple[str, int | None, Mapping[int, object]]] = [
            ("recipient", notification.recipient_id, self.recipients),
            ("meeting", notification.meeting_id, self.meetings),
            ("milestone", notification.milestone_id, self.milestones),
            ("practice", notification.practice_id, self.practices),
            ("transfer", notification.transfer_id, self.transfers),
        ]
        for name, pk, known in pairs:
            if pk is not None and pk in known:
                setattr(notification, name, known[pk])


def deliver(
    notification_id: int, *, mailer: BaseEmailBackend | None = None, batch: Batch | None = None
) -> str:
    """Send one row at most once and say what happened.

    The row is locked and sent only while pending. Its SENT state is committed right after the
    mail server accepted the message (its 250 reply), before the connection is closed: a
    worker killed after that commit sends nothing again, and one killed before it leaves the
    row pending for the next attempt. The window for a duplicate is the commit itself.
    ``mailer`` is an open connection to reuse for a batch; without one, a connection is
    opened for this row and closed (SMTP QUIT) after the commit. ``batch`` holds what the rows
    of a batch share, read once (``Batch``).
    """
    own = mailer is None
    connection = mailers.default if mailer is None else mailer
    try:
        with transaction.atomic():
            # The row alone is locked and read: what it refers to comes from the batch.
            rows = Notification.objects.select_for_update(of=("self",)).filter(pk=notification_id)
            if batch is None:
                rows = rows.select_related(
                    "recipient",
                    "meeting__host_city",
                    "meeting__host_body",
                    "milestone",
                    "practice",
                    "transfer__practice__lead_city",
                    "transfer__practice__lead_body",
                    "transfer__city",
                )
            notification = next(iter(rows), None)
            if notification is None or notification.status != DeliveryStatus.PENDING:
                return "already handled"
            if batch is not None:
                batch.attach(notification)
            held = _hold_back(notification)
            if held:
                return held
            message = build_message(notification, shared=batch.calendars if batch else None)
            if own:
                connection.open()
            connection.send_messages([message])
            now = timezone.now()
            notification.status = DeliveryStatus.SENT
            notification.sent_at = now
            notification.attempts += 1
            notification.last_error = ""
            notification.save(update_fields=["status", "sent_at", "attempts", "last_error"])
            if notification.kind == NotificationKind.DIGEST:
                notification.digested.update(status=DeliveryStatus.DIGESTED, sent_at=now)
                public_cache.signed_in_rows_changed()  # update() sends no signal
            return "sent"
    finally:
        if own:
            connection.close()


def _hold_back(notification: Notification) -> str:
    """Mark a row that is not to be sent now (switched off, or kept for the digest) and say
    why; ``""`` when it is to be sent."""
    recipient = notification.recipient
    preference = selectors.preference_of(recipient, notification.category)
    if not preference.enabled or not recipient.is_active:
        notification.status = DeliveryStatus.SKIPPED
        notification.save(update_fields=["status"])
        if notification.kind == NotificationKind.DIGEST:
            notification.digested.update(status=DeliveryStatus.SKIPPED)
            public_cache.signed_in_rows_changed()  # update() sends no signal
        return "switched off"
    if notification.kind == NotificationKind.DIGEST:
        return ""
    if preference.mode == NotificationMode.DIGEST:
        digest_on = selectors.preference_of(recipient, NotificationCategory.DIGEST).enabled
        notification.status = DeliveryStatus.DIGEST_QUEUED if digest_on else DeliveryStatus.SKIPPED
        notification.save(update_fields=["status"])
        return "kept for the digest" if digest_on else "switched off"
    return ""


def record_failure(notification_id: int, error: BaseException, *, final: bool) -> None:
    """Note a failed attempt on the row; after the last retry the row is marked failed and
    shows up in the coordinators' outbox."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != DeliveryStatus.PENDING:
            return
        notification.attempts += 1
        notification.last_error = f"{type(error).__name__}: {error}"[:2000]
        fields = ["attempts", "last_error"]
        if final:
            notification.status = DeliveryStatus.FAILED
            fields.append("status")
        notification.save(update_fields=fields)
    log.warning("Notification %s failed (final=%s): %s", notification_id, final, error)


def deliver_many(notification_ids: list[int]) -> dict[str, int]:
    """Send a batch of rows over one SMTP session, each exactly as ``deliver`` sends one (its
    own lock and its own commit right after the server's 250). A row that fails is noted and
    handed to the single-row task, which retries it with backoff; the rest go on, on a new
    session. Returns how many rows ended how."""
    from kombu.exceptions import OperationalError

    from .tasks import TRANSIENT, deliver_notification

    outcomes: dict[str, int] = {}
    mailer = mailers.default
    is_open = False
    batch = Batch(notification_ids)
    try:
        for pk in notification_ids:
            try:
                if not is_open:
                    mailer.open()
                    is_open = True
                outcome = deliver(pk, mailer=mailer, batch=batch)
            except TRANSIENT as error:
                record_failure(pk, error, final=False)
                # With the broker down as well, the row waits for the sweep.
                with suppress(OperationalError, *TRANSIENT):
                    deliver_notification.apply_async((pk,), countdown=5)
                outcome = "failed, retried alone"
                mailer.close()  # the session may be broken: the next row opens a new one
                is_open = False
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    finally:
        mailer.close()
    return outcomes


@transaction.atomic
def outbox_retry(*, notification: Notification, by: User) -> Notification:
    """Send a failed row again (coordinators, from the outbox)."""
    if not permissions.can_manage_outbox(by):
        raise PermissionDenied
    row = Notification.objects.select_for_update().get(pk=notification.pk)
    if row.status == DeliveryStatus.FAILED:
        row.status = DeliveryStatus.PENDING
        row.last_error = ""
        row.save(update_fields=["status", "last_error"])
        transaction.on_commit(lambda: enqueue([row.pk]))
    return row


# --- The periodic scans (run by celery beat through tasks of the same names) ----------------


def sweep_outbox(*, older_than_seconds: int = 60) -> int:
    """Deliver rows that were never picked up: the broker was down when they were written, or
    a worker died holding them. Delivery is idempotent, so asking again is harmless."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return enqueue(selectors.pending_ids(created_before=cutoff))


def scan_due(*, now: datetime | None = None) -> int:
    """Meeting reminders, milestones due soon, overdue milestones and their weekly reminders.
    Returns how many rows were asked for."""
    now = now or timezone.now()
    made = 0
    with transaction.atomic():
        horizon = now + timedelta(hours=336)
        for meeting in (
            Meeting.objects.filter(
                status=MeetingStatus.SCHEDULED,
                starts_at__gt=now,
                starts_at__lte=horizon,
                reminder_hours__gt=0,
            )
            .select_related("host_city", "host_body")
            .prefetch_related("cities", "bodies", "invitees")
        ):
            if meeting.starts_at - timedelta(hours=meeting.reminder_hours) <= now:
                made += notify(
                    NotificationKind.MEETING_REMINDER,
                    selectors.meeting_participants(meeting),
                    # The start is part of the key: a rescheduled meeting is reminded again.
                    key=f"meeting-reminder:{meeting.pk}:{meeting.starts_at:%Y%m%dT%H%M}",
                    meeting=meeting,
                )
        soon = timedelta(days=settings.MILESTONE_DUE_SOON_DAYS)
        open_milestones = Milestone.objects.filter(
            status__in=OPEN_STATUSES,
            plan__is_current=True,
            due_date__lte=(now + soon).date() + timedelta(days=1),
        ).prefetch_related("owner_cities")
        for milestone in open_milestones:
            due = milestone.due_moment
            officers = selectors.milestone_owner_officers(milestone)
            if due - soon <= now < due:
                made += notify(
                    NotificationKind.MILESTONE_DUE_SOON,
                    officers,
                    key=f"milestone-due-soon:{milestone.pk}:{milestone.due_date}",
                    milestone=milestone,
                )
            elif now >= due:
                weeks = (now - due).days // 7
                made += notify(
                    NotificationKind.MILESTONE_OVERDUE,
                    officers,
                    # Week 0 is the notice itself; then one a week while it stays open.
                    key=f"milestone-overdue:{milestone.pk}:{milestone.due_date}:w{weeks}",
                    milestone=milestone,
                    context={"weeks": weeks},
                )
    return made


def send_digests(*, hour: int | None = None, now: datetime | None = None) -> int:
    """Once a day, from ``hour`` (08:00 by default) in each person's zone, one e-mail with what
    waited for it. Returns how many digests were written."""
    hour = settings.DIGEST_HOUR if hour is None else hour
    now = now or timezone.now()
    made = 0
    # Those who switched the digest off (by its unsubscribe link) get none: what waited for it
    # stays in their notifications on the portal.
    Notification.objects.filter(
        status=DeliveryStatus.DIGEST_QUEUED,
        recipient__in=NotificationPreference.objects.filter(
            category=NotificationCategory.DIGEST, enabled=False
        ).values("user"),
    ).update(status=DeliveryStatus.SKIPPED)
    public_cache.signed_in_rows_changed()  # update() sends no signal
    waiting = (
        Notification.objects.filter(status=DeliveryStatus.DIGEST_QUEUED)
        .values_list("recipient", flat=True)
        .distinct()
    )
    for user in User.objects.filter(pk__in=waiting):
        local = now.astimezone(zoneinfo.ZoneInfo(user.effective_time_zone()))
        if local.hour < hour:
            continue
        with transaction.atomic():
            digest, created = Notification.objects.get_or_create(
                dedupe_key=f"digest:{user.pk}:{local.date()}",
                defaults={
                    "recipient": user,
                    "kind": NotificationKind.DIGEST,
                    "category": NotificationCategory.DIGEST,
                },
            )
            if not created and digest.status != DeliveryStatus.PENDING:
                continue
            Notification.objects.filter(
                Q(digest__isnull=True) | Q(digest=digest),
                recipient=user,
                status=DeliveryStatus.DIGEST_QUEUED,
            ).update(digest=digest)
            public_cache.signed_in_rows_changed()  # update() sends no signal
            transaction.on_commit(partial(enqueue, [digest.pk]))
            made += 1
    return made


# --- A person's own notices and choices ----------------------------------------------------


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the person's unread notices read (all of them, or those in ``ids``)."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    marked = rows.update(read_at=timezone.now())
    public_cache.signed_in_rows_changed()  # update() sends no signal
    return marked


@transaction.atomic
def preferences_save(*, user: User, choices: dict[str, dict[str, Any]]) -> None:
    """Save the person's choice per category: ``{"meetings": {"enabled": …, "mode": …}}``."""
    for category, choice in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user,
            category=NotificationCategory(category),
            defaults={"enabled": bool(choice["enabled"]), "mode": NotificationMode(choice["mode"])},
        )


@transaction.atomic
def unsubscribe_links_revoke(*, user: User) -> MailLinkKey:
    """Make the unsubscribe links of every e-mail sent so far stop working (new e-mails carry
    new ones): for a person whose mail was forwarded or seen by someone else."""
    key, _created = MailLinkKey.objects.select_for_update().get_or_create(user=user)
    key.generation += 1
    key.revoked_at = timezone.now()
    key.save(update_fields=["generation", "revoked_at"])
    audit.record(SecurityEvent.Kind.MAIL_LINKS_REVOKED, by=user, subject=user.email)
    return key


def subscription_set(*, user: User, category: str, enabled: bool) -> NotificationPreference:
    """Switch one category on or off: the unsubscribe link and its undo. The link proves who
    asks (it is signed for this person and category), so no log-in is needed."""
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, category=NotificationCategory(category), defaults={"enabled": enabled}
    )
    return preference
