"""The action plan's writes and rules: milestones with owners, dependencies without cycles,
progress that only owners and coordinators report, and a history of every change
(django-simple-history records who changed which field from what to what)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit, permissions
from accounts.models import SecurityEvent, User
from cities.models import City, CoordinatingBody
from cooperation_portal.bilingual import either
from cooperation_portal.dates import FIRST_DAY, LAST_DAY, in_range

from ..models import (
    ActionPlan,
    Meeting,
    Milestone,
    MilestoneKPI,
    MilestoneLink,
    MilestoneStatus,
    NotificationKind,
    Workstream,
)
from ..notifications import selectors as recipients
from ..notifications import services as notifications

if TYPE_CHECKING:
    from practices.models import Theme


class NeedsConfirmation(Exception):
    """The change is allowed but questionable; the coordinator must accept the warnings."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__("; ".join(warnings))
        self.warnings = warnings


@dataclass
class MilestoneData:
    code: str
    title_en: str
    title_ja: str
    workstream: Workstream
    start_date: date
    due_date: date
    due_time_zone: str = "Asia/Tokyo"
    description_en: str = ""
    description_ja: str = ""
    owner_cities: list[City] = field(default_factory=list)
    owner_bodies: list[CoordinatingBody] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    responsible: User | None = None
    status: str = MilestoneStatus.PLANNED
    progress: int = 0
    completed_on: date | None = None
    dependencies: list[Milestone] = field(default_factory=list)
    meeting: Meeting | None = None
    kpis: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, str]] = field(default_factory=list)


@dataclass
class PlanData:
    title_en: str
    title_ja: str
    period_start: date
    period_end: date
    objectives_en: str = ""
    objectives_ja: str = ""


@dataclass
class WorkstreamData:
    name_en: str
    name_ja: str


@dataclass
class ProgressData:
    status: str
    progress: int
    completed_on: date | None = None
    progress_note: str = ""
    evidence: list[dict[str, str]] | None = None


def creates_cycle(milestone: Milestone | None, dependencies: list[Milestone]) -> list[Milestone]:
    """The path back to ``milestone`` if it depended on ``dependencies``, or []."""
    if milestone is None or milestone.pk is None:
        return []
    for start in dependencies:
        if start.pk == milestone.pk:
            return [milestone]
        stack = [(start, [start])]
        seen: set[int] = set()
        while stack:
            node, path = stack.pop()
            if node.pk in seen:
                continue
            seen.add(node.pk)
            for nxt in node.dependencies.all():
                if nxt.pk == milestone.pk:
                    return [*path, milestone]
                stack.append((nxt, [*path, nxt]))
    return []


def _record_as(by: User, record: ActionPlan | Milestone) -> None:
    """Name ``by`` in the history row that the next ``save()`` of ``record`` writes.

    django-simple-history takes the author from the instance's ``_history_user`` (before the
    request's user, which tasks and commands do not have); the library declares no such
    attribute, so this is the one place that sets it."""
    record._history_user = by  # type: ignore[union-attr]


def _out_of_range() -> list[str]:
    return [
        _("Give a date between %(first)s and %(last)s.")
        % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
    ]


def _check_progress(status: str, progress: int, completed_on: date | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not in_range(completed_on):
        errors["completed_on"] = _out_of_range()
    if not 0 <= progress <= 100:
        errors["progress"] = [_("Progress is a percentage from 0 to 100.")]
    if status == MilestoneStatus.DONE and completed_on is None:
        errors["completed_on"] = [_("A milestone that is done needs its completion date.")]
    if status != MilestoneStatus.DONE and completed_on is not None:
        errors["completed_on"] = [_("Only a milestone that is done has a completion date.")]
    if completed_on and completed_on > timezone.localdate():
        errors.setdefault("completed_on", []).append(
            _("The completion date cannot be in the future.")
        )
    return errors


def _validate(plan: ActionPlan, milestone: Milestone | None, data: MilestoneData) -> list[str]:
    errors = _check_progress(data.status, data.progress, data.completed_on)
    if not either(data, "title"):
        errors["title_en"] = [_("Give a title in English or in Japanese (or both).")]
    if not data.owner_cities and not data.owner_bodies:
        errors["owners"] = [_("A milestone needs at least one owner: a city or a body.")]
    for name in ("start_date", "due_date"):
        if not in_range(getattr(data, name)):
            errors[name] = _out_of_range()
    if data.due_date < data.start_date:
        errors.setdefault("due_date", []).append(_("The due date cannot be before the start date."))
    if data.workstream.plan_id != plan.pk:
        errors["workstream"] = [_("Choose a workstream of this plan.")]
    clash = Milestone.objects.filter(plan=plan, code=data.code.strip())
    if milestone is not None:
        clash = clash.exclude(pk=milestone.pk)
    if clash.exists():
        errors["code"] = [_("Another milestone of this plan has this code.")]
    cycle = creates_cycle(milestone, data.dependencies)
    if cycle and milestone is not None:
        errors["dependencies"] = [
            _("These dependencies would make a cycle: %(path)s.")
            % {"path": " → ".join(m.code for m in [milestone, *cycle])}
        ]
    if errors:
        raise ValidationError(errors)
    return [
        _("%(code)s is due on %(due)s, before %(dependency)s it depends on (due %(dep_due)s).")
        % {"code": data.code, "due": data.due_date, "dependency": dep.code, "dep_due": dep.due_date}
        for dep in data.dependencies
        if dep.due_date > data.due_date
    ]


#: What the due-dates calendar shows of a milestone (``ics.calendar_of_due_dates``).
CALENDAR_FIELDS = ("code", "title_en", "title_ja", "due_date", "status")


def _calendar_view(milestone: Milestone) -> tuple:
    return tuple(getattr(milestone, name) for name in CALENDAR_FIELDS)


def _next_sequence(milestone: Milestone, before: tuple | None) -> None:
    """Count a change calendars must show: their copy of the event is replaced only by one
    with a higher SEQUENCE."""
    if before is not None and before != _calendar_view(milestone):
        milestone.sequence += 1


def _apply(milestone: Milestone, data: MilestoneData, by: User) -> Milestone:
    before = _calendar_view(milestone) if milestone.pk else None
    for name in (
        "code",
        "title_en",
        "title_ja",
        "description_en",
        "description_ja",
        "workstream",
        "start_date",
        "due_date",
        "due_time_zone",
        "responsible",
        "status",
        "progress",
        "completed_on",
        "meeting",
    ):
        setattr(milestone, name, getattr(data, name))
    milestone.code = data.code.strip()
    _next_sequence(milestone, before)
    _record_as(by, milestone)
    milestone.full_clean(exclude=["plan"])
    milestone.save()
    milestone.owner_cities.set(data.owner_cities)
    milestone.owner_bodies.set(data.owner_bodies)
    milestone.themes.set(data.themes)
    milestone.dependencies.set(data.dependencies)
    milestone.kpis.all().delete()
    for row in data.kpis:
        MilestoneKPI.objects.create(milestone=milestone, **row)
    _replace_evidence(milestone, data.evidence)
    return milestone


def _replace_evidence(milestone: Milestone, rows: list[dict[str, str]]) -> None:
    milestone.evidence.all().delete()
    for row in rows:
        link = MilestoneLink(milestone=milestone, **row)
        link.full_clean(exclude=["milestone"])
        link.save()


@transaction.atomic
def milestone_create(
    *, plan: ActionPlan, by: User, data: MilestoneData, accept_warnings: bool = False
) -> Milestone:
    if not permissions.can_edit_plan(by):
        raise PermissionDenied
    warnings = _validate(plan, None, data)
    if warnings and not accept_warnings:
        raise NeedsConfirmation(warnings)
    last = plan.milestones.filter(workstream=data.workstream).order_by("-position").first()
    milestone = Milestone(plan=plan, position=(last.position + 1) if last else 1)
    _apply(milestone, data, by)
    audit.record(SecurityEvent.Kind.MILESTONE_CHANGED, by=by, subject=milestone, created=True)
    _notify_assigned(milestone, [c.pk for c in data.owner_cities], by)
    _notify_status(milestone, None, by)
    return milestone


def _notify_assigned(milestone: Milestone, city_ids: list[int], by: User) -> None:
    for city_id in city_ids:
        notifications.notify(
            NotificationKind.MILESTONE_ASSIGNED,
            recipients.city_officers([city_id]),
            key=f"milestone-assigned:{milestone.pk}:c{city_id}",
            exclude=by,
            milestone=milestone,
        )


def _history_version(milestone: Milestone) -> int:
    """The milestone's newest history row: each notice about a change is keyed by it, so one
    change makes one notice however often the task runs."""
    return milestone.history.order_by("-history_id").values_list("history_id", flat=True)[0]


def _notify_status(milestone: Milestone, before: str | None, by: User) -> bool:
    """Coordinators hear when a milestone turns at risk or done; says whether they did."""
    if milestone.status == before or milestone.status not in (
        MilestoneStatus.AT_RISK,
        MilestoneStatus.DONE,
    ):
        return False
    version = _history_version(milestone)
    notifications.notify(
        NotificationKind.MILESTONE_STATUS,
        recipients.coordinators(),
        key=f"milestone-status:{milestone.pk}:{milestone.status}:{version}",
        exclude=by,
        milestone=milestone,
        context={"status": milestone.status},
    )
    return True


@transaction.atomic
def milestone_update(
    *, milestone: Milestone, by: User, data: MilestoneData, accept_warnings: bool = False
) -> Milestone:
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if not permissions.can_edit_plan(by):
        raise PermissionDenied
    warnings = _validate(milestone.plan, milestone, data)
    if warnings and not accept_warnings:
        raise NeedsConfirmation(warnings)
    before_status = milestone.status
    before_cities = set(milestone.owner_cities.values_list("pk", flat=True))
    _apply(milestone, data, by)
    audit.record(SecurityEvent.Kind.MILESTONE_CHANGED, by=by, subject=milestone, created=False)
    _notify_assigned(milestone, [c.pk for c in data.owner_cities if c.pk not in before_cities], by)
    _notify_status(milestone, before_status, by)
    return milestone


@transaction.atomic
def milestone_report_progress(*, milestone: Milestone, by: User, data: ProgressData) -> Milestone:
    """What an owner city's officer may change: status, progress, evidence, a note."""
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if not permissions.can_update_milestone_progress(by, milestone):
        raise PermissionDenied
    if data.status == MilestoneStatus.CANCELLED and not permissions.can_edit_plan(by):
        raise PermissionDenied
    errors = _check_progress(data.status, data.progress, data.completed_on)
    if errors:
        raise ValidationError(errors)
    before_status = milestone.status
    before = _calendar_view(milestone)
    milestone.status = data.status
    milestone.progress = 100 if data.status == MilestoneStatus.DONE else data.progress
    milestone.completed_on = data.completed_on
    milestone.progress_note = data.progress_note.strip()
    _next_sequence(milestone, before)
    _record_as(by, milestone)
    milestone.save()
    if data.evidence is not None:
        _replace_evidence(milestone, data.evidence)
    audit.record(
        SecurityEvent.Kind.MILESTONE_PROGRESS,
        by=by,
        subject=milestone,
        status=milestone.status,
        progress=milestone.progress,
    )
    told = _notify_status(milestone, before_status, by)
    _notify_progress(milestone, by, coordinators_told=told)
    return milestone


def _notify_progress(milestone: Milestone, by: User, *, coordinators_told: bool) -> None:
    """A progress report is news for the coordinators and for the officers of the other owner
    cities (the reporter's co-owners). Coordinators already told by the status notice are not
    told twice; each person's choices for the milestones category apply."""
    own = permissions.officer_city_ids(by)
    people = recipients.city_officers(c.pk for c in milestone.owner_cities.all() if c.pk not in own)
    if not coordinators_told:
        people = recipients.with_coordinators(people, recipients.coordinators())
    version = _history_version(milestone)
    notifications.notify(
        NotificationKind.MILESTONE_PROGRESS,
        people,
        key=f"milestone-progress:{milestone.pk}:{version}",
        exclude=by,
        milestone=milestone,
        context={
            "status": milestone.status,
            "progress": milestone.progress,
            "note": milestone.progress_note,
            "by": by.get_full_name(),
        },
    )


@transaction.atomic
def milestone_move(*, milestone: Milestone, by: User, direction: str) -> None:
    """Swap the milestone with its neighbour in its workstream (``up`` or ``down``)."""
    if not permissions.can_edit_plan(by):
        raise PermissionDenied
    siblings = list(
        Milestone.objects.select_for_update()
        .filter(plan=milestone.plan_id, workstream=milestone.workstream_id)
        .order_by("position", "due_date", "pk")  # as the timeline shows them
    )
    index = next(i for i, m in enumerate(siblings) if m.pk == milestone.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    audit.record(SecurityEvent.Kind.MILESTONE_CHANGED, by=by, subject=milestone, moved=direction)
    for position, item in enumerate(siblings, start=1):
        if item.position != position:
            item.position = position
            _record_as(by, item)
            item.save(update_fields=["position"])


@transaction.atomic
def milestone_cancel(*, milestone: Milestone, by: User) -> Milestone:
    """Cancel a milestone (recorded in its history; ``milestone_restore`` undoes it). Its
    owner cities' officers and the coordinators are told."""
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if not permissions.can_edit_plan(by):
        raise PermissionDenied
    if milestone.status == MilestoneStatus.CANCELLED:
        return milestone
    before = _calendar_view(milestone)
    milestone.status = MilestoneStatus.CANCELLED
    milestone.cancelled_at = timezone.now()
    milestone.completed_on = None
    _next_sequence(milestone, before)
    _record_as(by, milestone)
    milestone.save()
    audit.record(SecurityEvent.Kind.MILESTONE_CANCELLED, by=by, subject=milestone)
    _notify_owners_of_status(milestone, by)
    return milestone


@transaction.atomic
def milestone_restore(*, milestone: Milestone, by: User) -> Milestone:
    """Undo a cancellation: the milestone gets back the status, progress and completion date
    it had before (from its history), recorded as a change and told to the same people."""
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if not permissions.can_restore_milestone(by, milestone):
        raise PermissionDenied
    earlier = (
        milestone.history.exclude(status=MilestoneStatus.CANCELLED).order_by("-history_id").first()
    )
    before = _calendar_view(milestone)
    milestone.status = earlier.status if earlier else MilestoneStatus.PLANNED
    milestone.progress = earlier.progress if earlier else milestone.progress
    milestone.completed_on = earlier.completed_on if earlier else None
    milestone.cancelled_at = None
    _next_sequence(milestone, before)
    _record_as(by, milestone)
    milestone.save()
    audit.record(SecurityEvent.Kind.MILESTONE_CHANGED, by=by, subject=milestone, restored=True)
    _notify_owners_of_status(milestone, by)
    return milestone


def _notify_owners_of_status(milestone: Milestone, by: User) -> None:
    """A cancelled or restored milestone: news for its owner cities and the coordinators."""
    version = _history_version(milestone)
    notifications.notify(
        NotificationKind.MILESTONE_STATUS,
        recipients.milestone_owners_and_coordinators(milestone),
        key=f"milestone-status:{milestone.pk}:{milestone.status}:{version}",
        exclude=by,
        milestone=milestone,
        context={"status": milestone.status},
    )


def _plan_check(data: PlanData) -> None:
    errors: dict[str, list[str]] = {}
    if not either(data, "title"):
        errors["title_en"] = [_("Give a title in English or in Japanese (or both).")]
    for name in ("period_start", "period_end"):
        if not in_range(getattr(data, name)):
            errors[name] = _out_of_range()
    if data.period_end <= data.period_start:
        errors.setdefault("period_end", []).append(_("The plan must end after it starts."))
    if errors:
        raise ValidationError(errors)


def _plan_apply(plan: ActionPlan, data: PlanData, by: User) -> ActionPlan:
    plan.title_en, plan.title_ja = data.title_en.strip(), data.title_ja.strip()
    plan.objectives_en, plan.objectives_ja = data.objectives_en.strip(), data.objectives_ja.strip()
    plan.period_start, plan.period_end = data.period_start, data.period_end
    _record_as(by, plan)
    plan.full_clean(exclude=["is_current"])
    plan.save()
    audit.record(SecurityEvent.Kind.PLAN_CHANGED, by=by, subject=plan)
    return plan


@transaction.atomic
def plan_create(
    *, by: User, data: PlanData, current: bool = True, agreed_at: Meeting | None = None
) -> ActionPlan:
    """A new action plan, agreed at the meeting ``agreed_at``; made the current one unless
    ``current`` is False (the earlier current plan stays readable)."""
    if not permissions.can_edit_plan(by):
        raise PermissionDenied
    _plan_check(data)
    if current:
        ActionPlan.objects.filter(is_current=True).update(is_current=False)
    return _plan_apply(ActionPlan(is_current=current, agreed_at=agreed_at), data, by)


@transaction.atomic
def plan_update(*, plan: ActionPlan, by: User, data: PlanData) -> ActionPlan:
    if not permissions.can_edit_plan(by):
        raise PermissionDenied
    _plan_check(data)
    return _plan_apply(plan, data, by)


@transaction.atomic
def workstream_create(*, plan: ActionPlan, by: User, data: WorkstreamData) -> Workstream:
    """A workstream at the end of the plan's list."""
    if not permissions.can_edit_plan(by):
        raise PermissionDenied
    if not either(data, "name"):
        raise ValidationError({"name_en": [_("Give a name in English or in Japanese (or both).")]})
    last = plan.workstreams.order_by("-position").values_list("position", flat=True).first()
    workstream = Workstream(
        plan=plan,
        name_en=data.name_en.strip(),
        name_ja=data.name_ja.strip(),
        position=(last or 0) + 1,
    )
    workstream.full_clean(exclude=["plan"])
    workstream.save()
    audit.record(SecurityEvent.Kind.PLAN_CHANGED, by=by, subject=plan, workstream=str(workstream))
    return workstream
