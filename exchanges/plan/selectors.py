"""Reads of the action plan: the timeline, the milestone list, one milestone with its history."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts import permissions
from accounts.permissions import Viewer
from cities.models import City, CoordinatingBody
from cooperation_portal import dates
from cooperation_portal.text import join_list

from ..models import (
    OPEN_STATUSES,
    ActionPlan,
    Decision,
    Meeting,
    Milestone,
    MilestoneStatus,
    Workstream,
)
from ..models.plan import due_moment


def current_plan() -> ActionPlan | None:
    return ActionPlan.objects.filter(is_current=True).first()


def with_rows(queryset: QuerySet[Milestone]) -> QuerySet[Milestone]:
    """What a timeline or list row shows, loaded up front (no query per milestone)."""
    return queryset.select_related("workstream", "responsible", "plan").prefetch_related(
        Prefetch("owner_cities", queryset=City.objects.order_by("position")),
        Prefetch("owner_bodies", queryset=CoordinatingBody.objects.order_by("position")),
        Prefetch("dependencies", queryset=Milestone.objects.only("id", "code", "due_date")),
        Prefetch("dependents", queryset=Milestone.objects.only("id", "code", "due_date")),
    )


@dataclass
class Bar:
    milestone: Milestone
    left: float  # per cent of the plan's period
    width: float

    @property
    def overdue(self) -> bool:
        return self.milestone.is_overdue


@dataclass
class Timeline:
    plan: ActionPlan
    start: date
    end: date
    groups: list[tuple[Workstream, list[Bar]]]
    today: float | None
    years: list[tuple[int, float]]  # calendar years and where they start, per cent
    counts: dict[str, int]
    done_on_time_share: int | None


def _percent(day: date, start: date, end: date) -> float:
    span = max((end - start).days, 1)
    return max(0.0, min(100.0, (day - start).days * 100 / span))


def timeline(plan: ActionPlan) -> Timeline:
    milestones = list(with_rows(plan.milestones.all()))
    workstreams = list(plan.workstreams.all())
    start = min([plan.period_start, *(m.start_date for m in milestones)])
    end = max([plan.period_end, *(m.due_date for m in milestones)])
    groups = []
    for workstream in workstreams:
        bars = [
            Bar(
                m,
                left=_percent(m.start_date, start, end),
                width=max(
                    _percent(m.due_date, start, end) - _percent(m.start_date, start, end), 0.8
                ),
            )
            for m in milestones
            if m.workstream_id == workstream.pk
        ]
        if bars:
            groups.append((workstream, bars))
    today = timezone.localdate()
    counts = Counter(m.status for m in milestones)
    done = [m for m in milestones if m.status == MilestoneStatus.DONE]
    return Timeline(
        plan=plan,
        start=start,
        end=end,
        groups=groups,
        today=_percent(today, start, end) if start <= today <= end else None,
        years=[
            (year, left)
            for year in range(start.year + 1, end.year + 1)
            if (left := _percent(date(year, 1, 1), start, end)) > 6  # clear of the first label
        ],
        counts={status: counts.get(status, 0) for status in MilestoneStatus.values}
        | {"overdue": sum(1 for m in milestones if m.is_overdue), "total": len(milestones)},
        done_on_time_share=round(100 * sum(m.done_on_time for m in done) / len(done))
        if done
        else None,
    )


def milestones_of(user: Viewer, plan: ActionPlan) -> QuerySet[Milestone]:
    """“Our milestones”: those the officer's cities (or the coordinator's bodies) own, soonest
    due first, open ones before closed."""
    cities = permissions.officer_city_ids(user)
    bodies = {m.body_id for m in permissions.memberships(user) if m.body_id}
    ids = (
        Milestone.objects.filter(plan=plan, owner_cities__in=cities).values("pk")
        if cities
        else Milestone.objects.filter(plan=plan, owner_bodies__in=bodies).values("pk")
    )
    return with_rows(Milestone.objects.filter(pk__in=ids)).order_by("due_date", "code")


def milestone_for_detail(queryset: QuerySet[Milestone]) -> QuerySet[Milestone]:
    return with_rows(queryset).prefetch_related("evidence", "kpis")


def meetings_on_record(milestone: Milestone, user: Viewer) -> dict[str, Any]:
    """The meeting the milestone was agreed at and the decisions about it, only from meetings
    ``user`` may see (an internal meeting's decisions stay with its participants)."""
    from ..meetings.selectors import visible_meetings

    visible = visible_meetings(user).values("pk")
    decisions = list(
        Decision.objects.filter(milestone=milestone, meeting__in=visible)
        .select_related("meeting")
        .order_by("meeting__starts_at", "position", "pk")
    )
    meeting = (
        Meeting.objects.filter(pk=milestone.meeting_id, pk__in=visible).first()
        if milestone.meeting_id
        else None
    )
    return {"agreed_at": meeting, "decisions": decisions}


#: For each many-to-many field in the history, the column of the related row and its name.
_M2M_NAMES = {
    "owner_cities": ("city", lambda: {c.pk: str(c.name) for c in City.objects.all()}),
    "owner_bodies": (
        "coordinatingbody",
        lambda: {b.pk: str(b.short_name) for b in CoordinatingBody.objects.all()},
    ),
    "dependencies": ("to_milestone", lambda: dict(Milestone.objects.values_list("pk", "code"))),
}
_HIDDEN = {"position", "cancelled_at", "title", "description"}


@dataclass
class Change:
    field: str
    old: Any
    new: Any


def history(milestone: Milestone) -> list[dict[str, Any]]:
    """Every recorded version, newest first, with who changed which fields from what to what.
    Related rows (owners, dependencies) are shown by name, not by id."""
    records = list(
        milestone.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    names: dict[str, dict[int, str]] = {}

    def readable(field: str, value: Any) -> Any:
        if field not in _M2M_NAMES or not isinstance(value, list):
            return value
        column, loader = _M2M_NAMES[field]
        table = names.setdefault(field, loader())
        return join_list(table.get(row.get(column), "?") for row in value) or None

    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                if change.field not in _HIDDEN:
                    changes.append(
                        Change(
                            change.field,
                            readable(change.field, change.old),
                            readable(change.field, change.new),
                        )
                    )
        entries.append({"record": newer, "changes": changes, "created": older is None})
    return entries


# --- Dashboards and figures ----------------------------------------------------------------


def due_soon_and_overdue(
    plan: ActionPlan,
    *,
    city_ids: frozenset[int] | set[int],
    days: int = 30,
    limit: int | None = None,
) -> tuple[list[Milestone], list[Milestone], int, int]:
    """The open milestones of these cities that are overdue, and those due within ``days``
    (each soonest due first), at most ``limit`` of each, and how many there are of each.

    Which are overdue is decided on two columns (due date, zone) by the rule the model's
    ``is_overdue`` uses (``due_moment``), without a model instance per row; only the rows
    shown are read whole, so a city with hundreds of overdue milestones costs about the same
    as one with three."""
    today = timezone.localdate()
    now = timezone.now()
    ids = Milestone.objects.filter(plan=plan, owner_cities__in=city_ids).values("pk")
    light = [
        (pk, now >= due_moment(due_date, zone))  # open (the filter), so overdue once due
        for pk, due_date, zone in Milestone.objects.filter(
            pk__in=ids, status__in=OPEN_STATUSES, due_date__lte=today + timedelta(days=days)
        )
        .order_by("due_date", "code")
        .values_list("pk", "due_date", "due_time_zone")
    ]
    overdue_ids = [pk for pk, overdue in light if overdue]
    soon_ids = [pk for pk, overdue in light if not overdue]
    shown = overdue_ids[:limit] + soon_ids[:limit] if limit is not None else overdue_ids + soon_ids
    rows = {m.pk: m for m in with_rows(Milestone.objects.filter(pk__in=shown))}
    return (
        [rows[pk] for pk in overdue_ids[:limit] if pk in rows],
        [rows[pk] for pk in soon_ids[:limit] if pk in rows],
        len(overdue_ids),
        len(soon_ids),
    )


@dataclass
class Health:
    """The programme's health for coordinators: counts by status, by workstream and overdue by
    owner, and the share of milestones done on time."""

    counts: dict[str, int]
    statuses: list[tuple[str, Any]]
    #: Per workstream: its counts as (status label, count), in the order of ``statuses``.
    workstreams: list[tuple[Workstream, list[tuple[Any, int]], int]]
    overdue_by_owner: list[tuple[Any, int]]
    done_on_time: int
    done: int

    @property
    def on_time_share(self) -> int | None:
        return round(100 * self.done_on_time / self.done) if self.done else None


def health(plan: ActionPlan) -> Health:
    milestones = list(
        plan.milestones.select_related("workstream").prefetch_related(
            Prefetch("owner_cities", queryset=City.objects.order_by("position")),
            Prefetch("owner_bodies", queryset=CoordinatingBody.objects.order_by("position")),
        )
    )
    statuses = list(MilestoneStatus.choices)
    counts = Counter(m.status for m in milestones)
    by_stream: dict[int, Counter] = {}
    for m in milestones:
        by_stream.setdefault(m.workstream_id, Counter())[m.status] += 1
    workstreams = []
    for ws in plan.workstreams.all():
        found = by_stream.get(ws.pk, Counter())
        workstreams.append((ws, [(label, found[s]) for s, label in statuses], sum(found.values())))
    overdue: Counter = Counter()
    owners: dict[tuple[str, int], Any] = {}
    for m in milestones:
        if m.is_overdue:
            for owner in m.owners():
                key = (owner._meta.model_name, owner.pk)
                owners[key] = owner
                overdue[key] += 1
    done = [m for m in milestones if m.status == MilestoneStatus.DONE]
    return Health(
        counts={s: counts.get(s, 0) for s, _label in statuses}
        | {"overdue": sum(1 for m in milestones if m.is_overdue), "total": len(milestones)},
        statuses=statuses,
        workstreams=workstreams,
        overdue_by_owner=sorted(
            ((owners[key], n) for key, n in overdue.items()), key=lambda row: (-row[1], str(row[0]))
        ),
        done_on_time=sum(1 for m in done if m.done_on_time),
        done=len(done),
    )


#: The states of a milestone at the end of a quarter, as its dates tell them.
QUARTER_STATES = ("not_started", "under_way", "overdue", "done", "cancelled")


def state_at(milestone: Milestone, day: date) -> str:
    """What ``milestone`` was at the end of ``day``, from the dates the plan records: not
    started before its start date, done from its completion date, cancelled from its
    cancellation, overdue after its due date while open, under way otherwise."""
    if milestone.status == MilestoneStatus.CANCELLED:
        cancelled = (
            timezone.localdate(milestone.cancelled_at)
            if milestone.cancelled_at
            else milestone.due_date
        )
        if cancelled <= day:
            return "cancelled"
    if milestone.completed_on and milestone.completed_on <= day:
        return "done"
    if milestone.start_date > day:
        return "not_started"
    if milestone.due_date < day:
        return "overdue"
    return "under_way"


@dataclass
class QuarterRow:
    year: int
    quarter: int
    states: dict[str, int]
    completed: int
    on_time: int

    @property
    def on_time_share(self) -> int | None:
        return round(100 * self.on_time / self.completed) if self.completed else None


def by_quarter(plan: ActionPlan) -> list[QuarterRow]:
    """For each fiscal quarter from the plan's start to today (or the plan's end), the
    milestones in each state at the quarter's end, and how many were completed in the quarter
    and how many of those on time. One query."""
    milestones = list(plan.milestones.all())
    today = timezone.localdate()
    last = min(today, max([plan.period_end, *(m.due_date for m in milestones)]))
    rows = []
    for year, quarter in dates.quarters_between(plan.period_start, last):
        first, end = dates.quarter_start(year, quarter), dates.quarter_end(year, quarter)
        at = min(end, today)
        states = Counter(state_at(m, at) for m in milestones)
        completed = [
            m
            for m in milestones
            if m.status == MilestoneStatus.DONE
            and m.completed_on
            and first <= m.completed_on <= end
        ]
        rows.append(
            QuarterRow(
                year,
                quarter,
                {state: states.get(state, 0) for state in QUARTER_STATES},
                len(completed),
                sum(1 for m in completed if m.done_on_time),
            )
        )
    return rows
