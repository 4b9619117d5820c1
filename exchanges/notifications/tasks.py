"""Celery tasks: each a thin wrapper of the service of the same name (HackSoft's rule).

The names are explicit and predate the move into this package: the beat schedule and tasks
already queued in Redis refer to them as ``exchanges.tasks.<name>``.
"""

from __future__ import annotations

import smtplib

from celery import Task, shared_task

from . import services

TRANSIENT = (smtplib.SMTPException, OSError)


@shared_task(
    name="exchanges.tasks.deliver_notification",
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
def deliver_notification(self: Task[[int], str], notification_id: int) -> str:
    try:
        return services.deliver(notification_id)
    except TRANSIENT as error:
        services.record_failure(
            notification_id, error, final=self.request.retries >= (self.max_retries or 0)
        )
        raise


@shared_task(
    name="exchanges.tasks.deliver_notifications",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=300,
    soft_time_limit=240,
)
def deliver_notifications(notification_ids: list[int]) -> dict[str, int]:
    return services.deliver_many(notification_ids)


@shared_task(name="exchanges.tasks.sweep_outbox", time_limit=300, soft_time_limit=240)
def sweep_outbox(older_than_seconds: int = 60) -> int:
    return services.sweep_outbox(older_than_seconds=older_than_seconds)


@shared_task(name="exchanges.tasks.scan_due", time_limit=300, soft_time_limit=240)
def scan_due() -> int:
    return services.scan_due()


@shared_task(name="exchanges.tasks.send_digests", time_limit=300, soft_time_limit=240)
def send_digests(hour: int | None = None) -> int:
    return services.send_digests(hour=hour)
