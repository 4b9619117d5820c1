"""Reads of the action plan: the timeline, the milestone list, one milestone with its history."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta
from functools import cached_property
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    Max,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
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


#: A workstream shows at most this many bars on the plan's page; all of them, a page at a
#: time, are on the workstream's own page.
FOLD = 12
#: Bars on a page of a workstream's timeline, rows on a page of the milestone list.
PAGE_SIZE = 50


def with_table_rows(queryset: QuerySet[Milestone]) -> QuerySet[Milestone]:
    """What a row of the milestone table shows (its workstream and owners), loaded up front:
    less than ``with_rows``, which a timeline row or a milestone's page needs."""
    return queryset.select_related("workstream").prefetch_related(
        Prefetch("owner_cities", queryset=City.objects.order_by("position")),
        Prefetch("owner_bodies", queryset=CoordinatingBody.objects.order_by("position")),
    )


@dataclass
class Bar:
    milestone: Milestone
    left: float  # per cent of the plan's period
    width: float
    #: Its owner cities' names, then its owner bodies' short names.
    owners: list[str] = field(default_factory=list)
    #: The codes of the milestones it depends on.
    depends_on: list[str] = field(default_factory=list)

    @cached_property
    def overdue(self) -> bool:
        return self.milestone.is_overdue


@dataclass
class Scale:
    """The span a timeline's bars are drawn on: the plan's period, stretched to the earliest
    start and the latest due date of its milestones, the same on every page of the plan."""

    start: date
    end: date

    @property
    def today(self) -> float | None:
        today = timezone.localdate()
        return _percent(today, self.start, self.end) if self.start <= today <= self.end else None

    @property
    def years(self) -> list[tuple[int, float]]:
        """Calendar years and where they start, per cent (clear of the first label)."""
        return [
            (year, left)
            for year in range(self.start.year + 1, self.end.year + 1)
            if (left := _percent(date(year, 1, 1), self.start, self.end)) > 6
        ]

    def bars(self, milestones: Iterable[Milestone], facts: RowFacts | None = None) -> list[Bar]:
        """The milestones as bars, with their owners and dependencies (``facts``, read for
        them when not given)."""
        milestones = list(milestones)
        owners, depends_on = facts or _row_facts([m.pk for m in milestones])
        return [
            Bar(
                m,
                left=_percent(m.start_date, self.start, self.end),
                width=max(
                    _percent(m.due_date, self.start, self.end)
                    - _percent(m.start_date, self.start, self.end),
                    0.8,
                ),
                owners=owners.get(m.pk, []),
                depends_on=depends_on.get(m.pk, []),
            )
            for m in milestones
        ]


#: For each milestone's id: its owners' names, and the codes of what it depends on.
RowFacts = tuple[dict[int, list[str]], dict[int, list[str]]]


def _row_facts(ids: list[int]) -> RowFacts:
    """Each milestone's owners' names (cities, then bodies, each in their order) and the codes
    of what it depends on. The links are read as pairs of ids and the few cities and bodies
    once each: four light queries however many rows, where prefetching built a model for
    every link (10 ms for 60 rows)."""
    cities = {c.pk: str(c.name) for c in City.objects.order_by("position")}
    bodies = {b.pk: str(b.short_name) for b in CoordinatingBody.objects.order_by("position")}
    city_order = {pk: n for n, pk in enumerate(cities)}
    body_order = {pk: n for n, pk in enumerate(bodies)}
    owned: dict[int, list[int]] = {}
    led: dict[int, list[int]] = {}
    cities_of = Milestone.owner_cities.through.objects.filter(milestone_id__in=ids).values_list(
        "milestone_id", "city_id", Value(False)
    )
    bodies_of = Milestone.owner_bodies.through.objects.filter(milestone_id__in=ids).values_list(
        "milestone_id", "coordinatingbody_id", Value(True)
    )
    for milestone_id, owner_id, is_body in cities_of.union(bodies_of, all=True):
        (led if is_body else owned).setdefault(milestone_id, []).append(owner_id)
    owners = {
        pk: [cities[c] for c in sorted(owned.get(pk, []), key=city_order.__getitem__)]
        + [bodies[b] for b in sorted(led.get(pk, []), key=body_order.__getitem__)]
        for pk in ids
    }
    depends_on: dict[int, list[str]] = {}
    for milestone_id, code in (
        Milestone.dependencies.through.objects.filter(from_milestone_id__in=ids)
        .order_by("to_milestone__code")
        .values_list("from_milestone_id", "to_milestone__code")
    ):
        depends_on.setdefault(milestone_id, []).append(code)
    return owners, depends_on


def _percent(day: date, start: date, end: date) -> float:
    span = max((end - start).days, 1)
    return max(0.0, min(100.0, (day - start).days * 100 / span))


@dataclass
class Counts:
    """How many milestones are in each status, overdue, and done on time."""

    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    done_on_time: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def done_on_time_share(self) -> int | None:
        done = self.by_status.get(MilestoneStatus.DONE, 0)
        return round(100 * self.done_on_time / done) if done else None

    def as_dict(self) -> dict[str, int]:
        """The statuses, ``overdue`` and ``total``, for templates."""
        return {status: self.by_status.get(status, 0) for status in MilestoneStatus.values} | {
            "overdue": self.overdue,
            "total": self.total,
        }

    def add(self, other: Counts) -> None:
        for status, n in other.by_status.items():
            self.by_status[status] = self.by_status.get(status, 0) + n
        self.overdue += other.overdue
        self.done_on_time += other.done_on_time


@dataclass
class Tally:
    """A plan counted in SQL: each workstream's counts, the whole plan's, and its scale."""

    by_workstream: dict[int, Counts]
    plan: Counts
    scale: Scale


def tally(plan: ActionPlan) -> Tally:
    """Count the plan's milestones by workstream and status in the database: one query of a
    few grouped rows, however many milestones there are.

    A milestone is overdue at the end of its due date in its own time zone (``is_overdue``).
    Every zone is within a day and a half of UTC, so an open milestone due two days before
    today's date in UTC is overdue everywhere and one due after tomorrow nowhere: the first are
    counted in SQL; the few in between come in groups of their own, by due date and zone, and
    each group is judged by the model's own rule (``due_moment``)."""
    now = timezone.now()
    utc_today = now.astimezone(UTC).date()
    surely = utc_today - timedelta(days=2)
    near = Q(status__in=OPEN_STATUSES, due_date__gte=surely, due_date__lte=utc_today + timedelta(1))
    rows = (
        plan.milestones.order_by()
        .values(
            "workstream_id",
            "status",
            near_date=Case(When(near, then=F("due_date"))),
            near_zone=Case(When(near, then=F("due_time_zone"))),
        )
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_date__lt=surely)),
            on_time=Count(
                "pk", filter=Q(status=MilestoneStatus.DONE, completed_on__lte=F("due_date"))
            ),
            first=Min("start_date"),
            last=Max("due_date"),
        )
    )
    by_workstream: dict[int, Counts] = {}
    start, end = plan.period_start, plan.period_end
    for row in rows:
        counts = by_workstream.setdefault(row["workstream_id"], Counts())
        counts.by_status[row["status"]] = counts.by_status.get(row["status"], 0) + row["n"]
        counts.overdue += row["overdue"]
        counts.done_on_time += row["on_time"]
        start, end = min(start, row["first"]), max(end, row["last"])
        if row["near_date"] is not None and now >= due_moment(row["near_date"], row["near_zone"]):
            counts.overdue += row["n"]  # open (``near`` says so), and its day is over
    whole = Counts()
    for counts in by_workstream.values():
        whole.add(counts)
    return Tally(by_workstream=by_workstream, plan=whole, scale=Scale(start, end))


def most_urgent_first(today: date) -> list[Any]:
    """The order of "what matters now": overdue (the longest overdue first), then at risk or
    in progress (the soonest due first), then planned (the next due first), then done (the
    latest done first), then cancelled. Overdue is judged by the date in the viewer's zone
    here: a milestone due yesterday in a zone where it is not yet over sorts a place early."""
    tier = Case(
        When(status__in=OPEN_STATUSES, due_date__lt=today, then=Value(0)),
        When(status__in=[MilestoneStatus.AT_RISK, MilestoneStatus.IN_PROGRESS], then=Value(1)),
        When(status=MilestoneStatus.PLANNED, then=Value(2)),
        When(status=MilestoneStatus.DONE, then=Value(3)),
        default=Value(4),
    )
    done_on = Case(When(status=MilestoneStatus.DONE, then=F("completed_on")))
    return [tier.asc(), done_on.desc(nulls_last=True), F("due_date").asc(), F("pk").asc()]


#: The order of a workstream's timeline, the one the coordinator sets with the ↑/↓ buttons.
PLAN_ORDER = ("position", "due_date", "pk")


@dataclass
class Stream:
    """One workstream on the plan's page: its counts and at most ``FOLD`` bars."""

    workstream: Workstream
    counts: Counts
    bars: list[Bar]

    @property
    def folded(self) -> bool:
        """More milestones than bars: the bars are the most urgent, in that order, and the
        rest are on the workstream's page."""
        return self.counts.total > len(self.bars)


@dataclass
class Timeline:
    plan: ActionPlan
    scale: Scale
    groups: list[Stream]
    counts: dict[str, int]
    done_on_time_share: int | None


def timeline(plan: ActionPlan) -> Timeline:
    """The plan's page: the whole plan's counts, and for each workstream its counts and its
    bars. A workstream of up to ``FOLD`` milestones shows them all in the plan's order, as a
    short plan always has. A longer one shows the ``FOLD`` that matter most now
    (``most_urgent_first``: overdue first, then at risk or in progress, then the next due), in
    that order, and links to its whole timeline: a page stays the same size and a person sees
    first what needs them, whether the plan has twelve milestones or thousands. The bars are
    chosen in the database (a row number per workstream), in one query for all workstreams."""
    counted = tally(plan)
    rank = Window(
        RowNumber(),
        partition_by=[F("workstream_id")],
        order_by=most_urgent_first(timezone.localdate()),
    )
    shown = list(plan.milestones.annotate(rank=rank).filter(rank__lte=FOLD).order_by("rank"))
    facts = _row_facts([m.pk for m in shown])
    groups = []
    for workstream in plan.workstreams.all():
        counts = counted.by_workstream.get(workstream.pk)
        if counts is None:
            continue
        mine = [m for m in shown if m.workstream_id == workstream.pk]
        if counts.total <= len(mine):  # all of them: in the plan's order, not the most urgent
            mine.sort(key=lambda m: tuple(getattr(m, name) for name in PLAN_ORDER))
        groups.append(Stream(workstream, counts, counted.scale.bars(mine, facts)))
    return Timeline(
        plan=plan,
        scale=counted.scale,
        groups=groups,
        counts=counted.plan.as_dict(),
        done_on_time_share=counted.plan.done_on_time_share,
    )


def place_in_workstream(milestone: Milestone) -> tuple[int, int]:
    """How many of its workstream's milestones come before it in the plan's order, and how
    many there are (two counts, not a list of the workstream)."""
    siblings = Milestone.objects.filter(workstream=milestone.workstream_id)
    position, due = milestone.position, milestone.due_date
    before = siblings.filter(
        Q(position__lt=position)
        | Q(position=position, due_date__lt=due)
        | Q(position=position, due_date=due, pk__lt=milestone.pk)
    )
    return before.count(), siblings.count()


def workstream_milestones(workstream: Workstream) -> QuerySet[Milestone]:
    """A workstream's whole timeline, in the plan's order, for a paginator."""
    return workstream.milestones.order_by(*PLAN_ORDER)


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
    # None after the oldest (its creation); no record at all for a milestone written without
    # its history (bulk_create, as imports and the load benchmark do).
    olders = [*records[1:], None] if records else []
    for newer, older in zip(records, olders, strict=True):
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
