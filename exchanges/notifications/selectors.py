"""Reads of notifications: who is told about what, a person's inbox and choices, the outbox."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from accounts.models import User

from ..models import (
    DeliveryStatus,
    Meeting,
    Milestone,
    Notification,
    NotificationCategory,
    NotificationKind,
    NotificationPreference,
)

if TYPE_CHECKING:
    from practices.models import Transfer

# --- Recipients ----------------------------------------------------------------------------


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


def milestone_owners_and_coordinators(milestone: Milestone) -> list[User]:
    """Who hears of a milestone's cancellation, restoration or a decision on it."""
    return with_coordinators(milestone_owner_officers(milestone), coordinators())


def practice_origin_people(transfer: Transfer) -> list[User]:
    """Who speaks for the practice a city takes up: the officers of its lead city, or the
    coordinators of its lead body."""
    practice = transfer.practice
    if practice.lead_city_id is not None:
        return city_officers([practice.lead_city_id])
    return list(
        User.objects.filter(memberships__body=practice.lead_body_id, is_active=True)
        .distinct()
        .order_by("pk")
    )


def transfer_sides(transfer: Transfer) -> list[User]:
    """Both cities of a transfer: the originating side and the receiving city's officers."""
    found = {
        u.pk: u for u in [*practice_origin_people(transfer), *city_officers([transfer.city_id])]
    }
    return [found[pk] for pk in sorted(found)]


def transfer_coordinators(transfer: Transfer) -> list[User]:
    """Coordinators who took part in this transfer: started it (pairing two cities), moved
    it, or wrote in its thread."""
    involved = (
        Q(pk=transfer.created_by_id)
        | Q(pk__in=transfer.steps.values("by"))
        | Q(pk__in=transfer.comments.values("author"))
    )
    return list(
        User.objects.filter(involved, memberships__body__isnull=False, is_active=True)
        .distinct()
        .order_by("pk")
    )


def with_coordinators(people: Iterable[User], coordinators_: Iterable[User]) -> list[User]:
    """Two lists of people as one, each person once."""
    found = {u.pk: u for u in [*people, *coordinators_]}
    return [found[pk] for pk in sorted(found)]


# --- A person's notices and choices --------------------------------------------------------


def inbox(user: User, *, limit: int = 100) -> list[Notification]:
    """The person's newest notices (digests are containers, not notices)."""
    return list(
        Notification.objects.filter(recipient=user)
        .exclude(kind=NotificationKind.DIGEST)
        .select_related("meeting", "milestone", "practice", "transfer__practice", "transfer__city")[
            :limit
        ]
    )


def unread(user: User, *, limit: int = 5) -> list[Notification]:
    """The person's newest unread notices."""
    return list(
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .exclude(kind=NotificationKind.DIGEST)
        .select_related("meeting", "milestone", "practice")[:limit]
    )


def unread_count(user: User) -> int:
    return (
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .exclude(kind=NotificationKind.DIGEST)
        .count()
    )


_PREFERENCES_ATTR = "_notification_preferences"


def preference_of(user: User, category: str) -> NotificationPreference:
    """The person's choice for ``category``; without a row: on, immediately."""
    remembered: dict[str, NotificationPreference] | None = getattr(user, _PREFERENCES_ATTR, None)
    if remembered is not None:
        found = remembered.get(category)
    else:
        found = NotificationPreference.objects.filter(user=user, category=category).first()
    return found or NotificationPreference(user=user, category=category)


def remember_preferences(user: User, saved: dict[str, NotificationPreference]) -> None:
    """Give ``preference_of`` the person's saved choices, read for many people at once."""
    setattr(user, _PREFERENCES_ATTR, saved)


def preferences_of(user: User) -> dict[NotificationCategory, NotificationPreference]:
    """Every category's choice, saved or default, in the categories' order."""
    saved = {p.category: p for p in NotificationPreference.objects.filter(user=user)}
    return {
        category: saved.get(category) or NotificationPreference(user=user, category=category)
        for category in NotificationCategory
    }


# --- The outbox ----------------------------------------------------------------------------


def outbox_rows(status: str = "") -> QuerySet[Notification]:
    rows = Notification.objects.select_related("recipient", "meeting", "milestone", "practice")
    if status in DeliveryStatus.values:
        rows = rows.filter(status=status)
    return rows


def outbox_counts() -> dict[str, int]:
    """Pending, sent and failed rows, counted in one query."""
    shown = (DeliveryStatus.PENDING, DeliveryStatus.SENT, DeliveryStatus.FAILED)
    found = dict(
        Notification.objects.filter(status__in=shown)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: found.get(status, 0) for status in shown}


def pending_ids(*, created_before: object, limit: int = 5000) -> list[int]:
    """Rows nobody has picked up yet, oldest first."""
    return list(
        Notification.objects.filter(status=DeliveryStatus.PENDING, created_at__lte=created_before)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
