"""Reads of the action plan: the timeline, the milestone list, one milestone with its history."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts import permissions
from accounts.permissions import Viewer
from cities.models import City, CoordinatingBody

from ..models import ActionPlan, Decision, Meeting, Milestone, MilestoneStatus, Workstream


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
        return ", ".join(table.get(row.get(column), "?") for row in value) or None

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
