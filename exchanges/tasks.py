"""Celery tasks: deliver one outbox row, and the periodic scans run by celery beat.

Reminders, "due soon" and "overdue" notices come from a scan of what is due *now*, not from
tasks scheduled days ahead (Redis redelivers those after its visibility timeout). Each notice
has a dedupe key, so a scan run twice — or by two beats at once — writes it once.
"""

from __future__ import annotations

import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import emails, notify
from .models import (
    OPEN_STATUSES,
    DeliveryStatus,
    Meeting,
    MeetingStatus,
    Milestone,
    Notification,
    NotificationKind,
)

TRANSIENT = (smtplib.SMTPException, OSError)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
    time_limit=120,
    soft_time_limit=90,
)
def deliver_notification(self, notification_id: int) -> str:  # noqa: ANN001
    try:
        return emails.deliver(notification_id)
    except TRANSIENT as error:
        emails.record_failure(
            notification_id, error, final=self.request.retries >= (self.max_retries or 0)
        )
        raise


@shared_task(time_limit=300, soft_time_limit=240)
def sweep_outbox(older_than_seconds: int = 60) -> int:
    """Deliver rows that were never picked up: the broker was down when they were written, or
    a worker died holding them. Delivery is idempotent, so asking again is harmless."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        Notification.objects.filter(status=DeliveryStatus.PENDING, created_at__lte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:5000]
    )
    return notify.enqueue(ids)


@shared_task(time_limit=300, soft_time_limit=240)
def scan_due() -> int:
    """Meeting reminders, milestones due soon, overdue milestones and their weekly reminders."""
    now = timezone.now()
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
                made += notify.notify(
                    NotificationKind.MEETING_REMINDER,
                    notify.meeting_participants(meeting),
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
            officers = notify.milestone_owner_officers(milestone)
            if due - soon <= now < due:
                made += notify.notify(
                    NotificationKind.MILESTONE_DUE_SOON,
                    officers,
                    key=f"milestone-due-soon:{milestone.pk}:{milestone.due_date}",
                    milestone=milestone,
                )
            elif now >= due:
                weeks = (now - due).days // 7
                made += notify.notify(
                    NotificationKind.MILESTONE_OVERDUE,
                    officers,
                    # Week 0 is the notice itself; then one a week while it stays open.
                    key=f"milestone-overdue:{milestone.pk}:{milestone.due_date}:w{weeks}",
                    milestone=milestone,
                    context={"weeks": weeks},
                )
    return made


@shared_task(time_limit=300, soft_time_limit=240)
def send_digests(hour: int | None = None) -> int:
    """Once a day, from 08:00 in each person's zone, one e-mail with what waited for it."""
    import zoneinfo

    hour = settings.DIGEST_HOUR if hour is None else hour
    made = 0
    waiting = (
        Notification.objects.filter(status=DeliveryStatus.DIGEST_QUEUED)
        .values_list("recipient", flat=True)
        .distinct()
    )
    from accounts.models import User

    for user in User.objects.filter(pk__in=waiting):
        local = timezone.now().astimezone(zoneinfo.ZoneInfo(user.effective_time_zone()))
        if local.hour < hour:
            continue
        with transaction.atomic():
            digest, created = Notification.objects.get_or_create(
                dedupe_key=f"digest:{user.pk}:{local.date()}",
                defaults={
                    "recipient": user,
                    "kind": NotificationKind.DIGEST,
                    "category": "meetings",
                },
            )
            if not created and digest.status != DeliveryStatus.PENDING:
                continue
            Notification.objects.filter(
                Q(digest__isnull=True) | Q(digest=digest),
                recipient=user,
                status=DeliveryStatus.DIGEST_QUEUED,
            ).update(digest=digest)
            transaction.on_commit(lambda pk=digest.pk: notify.enqueue([pk]))
            made += 1
    return made
