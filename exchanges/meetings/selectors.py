"""Reads of meetings shared by pages and feeds, with visibility decided in the query."""

from __future__ import annotations

import re

from django.db.models import Count, Prefetch, Q, QuerySet

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
