"""Reads of meetings shared by pages and feeds, with visibility decided in the query."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts import permissions
from accounts.models import User
from accounts.permissions import Viewer
from cities.models import City, CoordinatingBody

from ..models import (
    AgendaItem,
    CalendarFeedToken,
    Decision,
    Meeting,
    MeetingQuerySet,
    MeetingStatus,
    Visibility,
)

#: What ``secrets.token_urlsafe`` makes (see services.calendar_token_reset).
FEED_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def participant_condition(user: User) -> Q:
    """Meetings the user takes part in, as one condition (see permissions for the rule)."""
    cities = permissions.officer_city_ids(user)
    bodies = frozenset(m.body_id for m in permissions.memberships(user) if m.body_id)
    condition = Q(invitees=user)
    if cities:
        condition |= Q(host_city__in=cities) | Q(cities__in=cities)
    if bodies:
        condition |= Q(host_body__in=bodies) | Q(bodies__in=bodies)
    return condition


def visible_meetings(user: Viewer) -> MeetingQuerySet:
    """What ``user`` may see: everything for coordinators; for others the public scheduled,
    held and cancelled meetings, plus internal ones they take part in and drafts of their
    city."""
    meetings = Meeting.objects.all()
    if permissions.is_coordinator(user):
        return meetings
    public = Q(visibility=Visibility.PUBLIC) & ~Q(status=MeetingStatus.DRAFT)
    if not user.is_authenticated:
        return meetings.filter(public)
    own_city = Q(host_city__in=permissions.officer_city_ids(user))
    mine = participant_condition(user) & ~Q(status=MeetingStatus.DRAFT)
    ids = Meeting.objects.filter(public | mine | own_city).values("pk")
    return meetings.filter(pk__in=ids)


def with_listing(queryset: MeetingQuerySet) -> MeetingQuerySet:
    return (
        queryset.select_related("host_city", "host_body")
        .prefetch_related(
            Prefetch("cities", queryset=City.objects.order_by("position")),
            Prefetch("bodies", queryset=CoordinatingBody.objects.order_by("position")),
            "invitees",
        )
        .annotate(agenda_count=Count("agenda", distinct=True))
    )


def meeting_for_detail(queryset: MeetingQuerySet) -> MeetingQuerySet:
    return with_listing(queryset).prefetch_related(
        Prefetch(
            "agenda",
            queryset=AgendaItem.objects.select_related("presenter_city", "presenter_body"),
        ),
        Prefetch("decisions", queryset=Decision.objects.select_related("milestone")),
        "attachments",
        "changes__by",
        "attendance__user",
    )


def attendance_summary(meeting: Meeting) -> dict[str, int]:
    counts = {"attending": 0, "not_attending": 0, "maybe": 0}
    for row in meeting.attendance.all():
        counts[row.response] += 1
    return counts


def meetings_of(user: Viewer) -> QuerySet[Meeting]:
    """The meetings in a person's calendar feed: those they take part in or organise."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    condition = participant_condition(user)
    if permissions.is_coordinator(user):
        condition |= Q(created_by=user)
    ids = Meeting.objects.filter(condition).exclude(status=MeetingStatus.DRAFT).values("pk")
    return with_listing(Meeting.objects.filter(pk__in=ids))


def calendar_token_of(user: User) -> CalendarFeedToken | None:
    """The secret of the person's calendar feeds, if they have made one."""
    return CalendarFeedToken.objects.filter(user=user).first()


def feed_owner(token: str) -> User | None:
    """The active person whose calendar feed ``token`` opens, or None (also for anything that
    is not shaped like a token: the database is not asked)."""
    if not FEED_TOKEN.fullmatch(token):
        return None
    feed = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    return feed.user if feed is not None and feed.user.is_active else None


# --- Dashboards ----------------------------------------------------------------------------


def with_my_answer(queryset: QuerySet[Meeting], user: User) -> QuerySet[Meeting]:
    """Each meeting with ``my_answers``: the person's attendance row, if any (a list)."""
    from ..models import Attendance

    return queryset.prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.filter(user=user), to_attr="my_answers")
    )


def next_meetings_of(user: User, *, days: int = 30, limit: int = 10) -> list[Meeting]:
    """The person's next meetings (those they take part in or organise), within ``days``."""
    now = timezone.now()
    return list(
        with_my_answer(
            meetings_of(user).filter(
                ends_at__gte=now,
                starts_at__lt=now + timedelta(days=days),
                status=MeetingStatus.SCHEDULED,
            ),
            user,
        ).order_by("starts_at", "pk")[:limit]
    )


def meetings_within(viewer: Viewer, *, days: int = 30) -> list[Meeting]:
    """Every meeting the viewer may see in the next ``days`` days, drafts included for those
    who may see them; cancelled ones left out."""
    now = timezone.now()
    return list(
        with_listing(
            visible_meetings(viewer)
            .filter(ends_at__gte=now, starts_at__lt=now + timedelta(days=days))
            .exclude(status=MeetingStatus.CANCELLED)
        ).order_by("starts_at", "pk")
    )


def without_minutes(viewer: Viewer, *, limit: int = 20) -> list[Meeting]:
    """Meetings that have taken place and still have no minutes, the longest waiting first."""
    return list(
        with_listing(
            visible_meetings(viewer).filter(
                ends_at__lt=timezone.now(),
                status__in=[MeetingStatus.SCHEDULED, MeetingStatus.HELD],
                minutes_published_at__isnull=True,
            )
        ).order_by("starts_at", "pk")[:limit]
    )


def per_month(viewer: Viewer, *, months_back: int = 23, months_ahead: int = 3) -> list[dict]:
    """Meetings per month as the viewer may see them, held and scheduled, from
    ``months_back`` months ago to ``months_ahead`` months ahead: ``[{"month", "held",
    "scheduled"}]``. One query."""
    from cooperation_portal import dates

    today = timezone.localdate()
    first = dates.months_between(today.replace(day=1) - timedelta(days=31 * months_back), today)[0]
    months = dates.months_between(first, today + timedelta(days=31 * months_ahead))
    now = timezone.now()
    rows: dict[date, dict[str, Any]] = {
        month: {"month": month, "held": 0, "scheduled": 0} for month in months
    }
    found = (
        visible_meetings(viewer)
        .filter(starts_at__date__gte=months[0])
        .filter(status__in=[MeetingStatus.SCHEDULED, MeetingStatus.HELD])
        .values_list("starts_at", "ends_at")
    )
    for starts_at, ends_at in found:
        month = timezone.localdate(starts_at).replace(day=1)
        if month in rows:
            rows[month]["held" if ends_at < now else "scheduled"] += 1
    return list(rows.values())
