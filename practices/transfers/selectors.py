"""Reads of transfers that pages share, with their joins done up front.

``transfers_between`` and ``transfers_of`` are what the dashboards, the city pages and the
EU–Japan pair matrix count; each returns a queryset whose rows already carry what a list row
shows (the practice with its lead, the receiving city), so counting and listing cost one
query each whatever the number of rows.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from accounts import permissions
from accounts.models import User
from accounts.permissions import Viewer
from cities.models import City
from exchanges.models import Meeting, Milestone

from ..models import Status, Transfer, TransferStep


def visible_transfers(viewer: Viewer) -> QuerySet[Transfer]:
    """Transfers of the practices ``viewer`` may see: published ones for everybody, archived
    ones for the programme's members too (``permissions.can_view_practice``)."""
    statuses = [Status.PUBLISHED]
    if permissions.is_member(viewer):
        statuses.append(Status.ARCHIVED)
    return Transfer.objects.filter(
        practice__status__in=statuses, practice__revision_of__isnull=True
    )


def with_rows(queryset: QuerySet[Transfer]) -> QuerySet[Transfer]:
    """What a list row shows: the practice, its lead city or body, the receiving city."""
    return queryset.select_related("practice__lead_city", "practice__lead_body", "city").order_by(
        "-stage_since", "-pk"
    )


def transfers_between(eu_city: City, jp_city: City, *, viewer: Viewer) -> QuerySet[Transfer]:
    """Transfers of a practice from one of the two cities to the other, in either direction,
    visible to ``viewer``."""
    return with_rows(
        visible_transfers(viewer).filter(
            Q(practice__lead_city=eu_city, city=jp_city)
            | Q(practice__lead_city=jp_city, city=eu_city)
        )
    )


def transfers_of(city: City, *, viewer: Viewer) -> QuerySet[Transfer]:
    """Transfers the city receives or whose practice it leads, visible to ``viewer``."""
    return with_rows(visible_transfers(viewer).filter(Q(city=city) | Q(practice__lead_city=city)))


def taken_up_in(practice_id: int, *, viewer: Viewer) -> list[Transfer]:
    """The practice's "taken up in" list: each receiving city with its stage and dates, the
    open transfers first, then the adopted ones, then the stopped ones (lessons)."""
    rank = {"adopted": 1, "stopped": 2}
    rows = list(
        visible_transfers(viewer)
        .filter(practice_id=practice_id)
        .select_related("city")
        .order_by("city__position", "-started_on", "-pk")
    )
    return sorted(rows, key=lambda t: rank.get(t.stage, 0))


def transfers_for(user: User) -> QuerySet[Transfer]:
    """The transfers a member works on: a coordinator's are all of them; an officer's, those
    their cities receive or whose practice their cities lead."""
    base = with_rows(visible_transfers(user))
    if permissions.is_coordinator(user):
        return base
    cities = permissions.officer_city_ids(user)
    return base.filter(Q(city__in=cities) | Q(practice__lead_city__in=cities))


def transfer_for_detail(queryset: QuerySet[Transfer]) -> QuerySet[Transfer]:
    return queryset.select_related(
        "practice__lead_city", "practice__lead_body", "city", "created_by"
    ).prefetch_related(
        Prefetch(
            "steps",
            queryset=TransferStep.objects.select_related("by").prefetch_related("links", "files"),
        ),
        "comments__author",
        "kpis",
        Prefetch(
            "meetings",
            queryset=Meeting.objects.select_related("host_city", "host_body").order_by("starts_at"),
        ),
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "code")),
        "practice__results",
    )


def meeting_choices(transfer: Transfer, viewer: Viewer) -> QuerySet[Meeting]:
    """Meetings a transfer can link: those either city hosts or takes part in, that the person
    linking them can see (scheduled or held, public or theirs)."""
    cities = [transfer.city_id, transfer.practice.lead_city_id]
    meetings = (
        Meeting.objects.filter(Q(host_city__in=cities) | Q(cities__in=cities))
        .exclude(status__in=["draft", "cancelled"])
        .distinct()
        .order_by("-starts_at")
    )
    if not permissions.is_coordinator(viewer):
        own = permissions.officer_city_ids(viewer)
        meetings = meetings.filter(
            Q(visibility="public") | Q(host_city__in=own) | Q(cities__in=own)
        ).distinct()
    return meetings


def milestone_choices() -> QuerySet[Milestone]:
    return Milestone.objects.filter(plan__is_current=True).order_by("code")
