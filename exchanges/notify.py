"""Who is told what, written as outbox rows in the transaction of the change.

``notify`` inserts rows with ``ON CONFLICT DO NOTHING`` on their dedupe key and asks for
delivery after the commit. A rolled-back change leaves no row and sends nothing; causing the
same notice twice (a scan run twice, two beats at once) leaves one row. If the broker is down
when the delivery is asked for, the change is saved all the same and the outbox sweep sends
the row once the broker is back.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.db.models import Q

from accounts.models import User

from .models import KIND_CATEGORY, DeliveryStatus, Meeting, Milestone, Notification

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


def meeting_participants(meeting: Meeting) -> list[User]:
    """Officers of the host and participating cities, coordinators of the host and
    participating bodies, and invited individuals; active accounts only."""
    cities = [c.pk for c in meeting.cities.all()]
    bodies = [b.pk for b in meeting.bodies.all()]
    if meeting.host_city_id:
        cities.append(meeting.host_city_id)
    if meeting.host_body_id:
        bodies.append(meeting.host_body_id)
    condition = Q(memberships__city__in=cities) | Q(memberships__body__in=bodies)
    condition |= Q(pk__in=[p.pk for p in meeting.invitees.all()])
    return list(User.objects.filter(condition, is_active=True).distinct().order_by("pk"))


def city_officers(city_ids: Iterable[int]) -> list[User]:
    return list(
        User.objects.filter(memberships__city__in=list(city_ids), is_active=True)
        .distinct()
        .order_by("pk")
    )


def coordinators() -> list[User]:
    return list(
        User.objects.filter(memberships__body__isnull=False, is_active=True)
        .distinct()
        .order_by("pk")
    )


def milestone_owner_officers(milestone: Milestone) -> list[User]:
    return city_officers(c.pk for c in milestone.owner_cities.all())


def notify(
    kind: str,
    recipients: Iterable[User],
    *,
    key: str,
    exclude: Any = None,
    meeting: Meeting | None = None,
    milestone: Milestone | None = None,
    practice: Any = None,
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
            context=context or {},
        )
        for user in recipients
        if not (exclude is not None and user.pk == getattr(exclude, "pk", None))
    ]
    if not rows:
        return 0
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    keys = [row.dedupe_key for row in rows]
    transaction.on_commit(lambda: enqueue_keys(keys))
    return len(rows)


def enqueue_keys(keys: list[str]) -> None:
    ids = list(
        Notification.objects.filter(dedupe_key__in=keys, status=DeliveryStatus.PENDING).values_list(
            "pk", flat=True
        )
    )
    enqueue(ids)


def enqueue(ids: Iterable[int]) -> int:
    """Ask the workers to deliver these rows. Never raises: with the broker down the rows stay
    pending, and the periodic sweep picks them up."""
    from celery.exceptions import Retry
    from kombu.exceptions import OperationalError

    from .tasks import deliver_notification

    sent = 0
    for pk in ids:
        try:
            deliver_notification.apply_async((pk,), retry=False)
        except (OperationalError, ConnectionError, OSError, Retry) as error:
            # The broker is down (or, with tasks run in-process, the SMTP server, whose retry
            # surfaces here): the row stays pending and the sweep sends it later.
            log.warning("Notification %s left for the sweep: %s", pk, error)
            return sent
        sent += 1
    return sent
