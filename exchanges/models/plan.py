"""The action plan: the plan, its workstreams and milestones with owners, dependencies,
evidence and KPIs; the plan and the milestones keep their history."""

import zoneinfo
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cities.models import City, CoordinatingBody
from cities.validators import validate_time_zone
from cooperation_portal.dates import date_bounds, validate_programme_date

from .meetings import Meeting

if TYPE_CHECKING:
    from modeltranslation.manager import MultilingualManager


class ActionPlan(models.Model):
    """The programme's plan. One is current; earlier plans stay readable."""

    title = models.CharField(_("title"), max_length=200, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    period_start = models.DateField(_("period starts"), validators=[validate_programme_date])
    period_end = models.DateField(_("period ends"), validators=[validate_programme_date])
    is_current = models.BooleanField(_("current plan"), default=False)
    agreed_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreed at the meeting"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    if TYPE_CHECKING:
        # Added by django-modeltranslation at run time: see cooperation_portal.bilingual.
        title_en: str | None
        title_ja: str | None
        objectives_en: str | None
        objectives_ja: str | None
        objects: ClassVar[MultilingualManager["ActionPlan"]]

    history = HistoricalRecords(verbose_name=_("history of the action plan"))

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_plan"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")), name="plan_period_positive"
            ),
            models.CheckConstraint(
                condition=date_bounds("period_start") & date_bounds("period_end"),
                name="plan_within_programme_years",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exchanges:plan", kwargs={"pk": self.pk})


class Workstream(models.Model):
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="workstreams", verbose_name=_("plan")
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    if TYPE_CHECKING:
        # Added by django-modeltranslation at run time: see cooperation_portal.bilingual.
        name_en: str | None
        name_ja: str | None
        objects: ClassVar[MultilingualManager["Workstream"]]

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("workstream")
        verbose_name_plural = _("workstreams")

    def __str__(self) -> str:
        return self.name


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("milestone status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("milestone status", "In progress")
    AT_RISK = "at_risk", pgettext_lazy("milestone status", "At risk")
    DONE = "done", pgettext_lazy("milestone status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("milestone status", "Cancelled")


OPEN_STATUSES = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS, MilestoneStatus.AT_RISK)


def due_moment(due_date: date, due_time_zone: str) -> datetime:
    """The end of ``due_date`` in ``due_time_zone``: a milestone is overdue from then on. A
    function of its own so that lists can tell which are overdue from two columns, without
    building a model instance per row."""
    zone = zoneinfo.ZoneInfo(due_time_zone)
    return datetime.combine(due_date + timedelta(days=1), time(0, 0), tzinfo=zone)


class Milestone(models.Model):
    """A milestone of the plan, due at the end of ``due_date`` in ``due_time_zone``."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("plan")
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("e.g. AP-2.3"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    workstream = models.ForeignKey(
        Workstream,
        on_delete=models.PROTECT,
        related_name="milestones",
        verbose_name=_("workstream"),
    )
    owner_cities = models.ManyToManyField(
        City, related_name="milestones", blank=True, verbose_name=_("owner cities")
    )
    owner_bodies = models.ManyToManyField(
        CoordinatingBody, related_name="milestones", blank=True, verbose_name=_("owner bodies")
    )
    #: What the milestone is about, in the catalogue's themes: the pair matrix filters by them.
    themes = models.ManyToManyField(
        "practices.Theme", related_name="milestones", blank=True, verbose_name=_("themes")
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_for",
        verbose_name=_("responsible person"),
    )
    start_date = models.DateField(_("start date"), validators=[validate_programme_date])
    due_date = models.DateField(_("due date"), validators=[validate_programme_date])
    due_time_zone = models.CharField(
        _("due in time zone"),
        max_length=64,
        default="Asia/Tokyo",
        validators=[validate_time_zone],
        help_text=_("Due at the end of the due date in this zone."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MilestoneStatus, default=MilestoneStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    completed_on = models.DateField(
        _("completed on"), null=True, blank=True, validators=[validate_programme_date]
    )
    dependencies = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="dependents",
        blank=True,
        verbose_name=_("depends on"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("agreed or last discussed at"),
    )
    progress_note = models.TextField(_("progress note"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: Grows whenever what the due-dates calendar shows changes (code, title, due date,
    #: status), so calendar programs replace the event they have (RFC 5545, 3.8.7.4).
    sequence = models.PositiveIntegerField(default=0, editable=False)

    if TYPE_CHECKING:
        # Added by django-modeltranslation at run time: see cooperation_portal.bilingual.
        title_en: str | None
        title_ja: str | None
        description_en: str | None
        description_ja: str | None
        objects: ClassVar[MultilingualManager["Milestone"]]

    history = HistoricalRecords(
        m2m_fields=["owner_cities", "owner_bodies", "dependencies"],
        verbose_name=_("history of the milestone"),
    )

    class Meta:
        ordering = ["workstream__position", "position", "due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="milestone_code_per_plan"),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="milestone_progress_0_100"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False),
                name="milestone_done_has_completion_date",
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=F("start_date")), name="milestone_due_after_start"
            ),
            models.CheckConstraint(
                condition=date_bounds("start_date")
                & date_bounds("due_date")
                & (Q(completed_on__isnull=True) | date_bounds("completed_on")),
                name="milestone_within_programme_years",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("exchanges:milestone_detail", kwargs={"pk": self.pk})

    @property
    def due_moment(self) -> datetime:
        """The end of the due date in the milestone's zone, as an aware datetime."""
        return due_moment(self.due_date, self.due_time_zone)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and timezone.now() >= self.due_moment

    @property
    def done_on_time(self) -> bool:
        return self.status == MilestoneStatus.DONE and bool(
            self.completed_on and self.completed_on <= self.due_date
        )

    def owners(self) -> list:
        return [*self.owner_cities.all(), *self.owner_bodies.all()]


class MilestoneLink(models.Model):
    """Evidence: a report, a page, a data set."""

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("milestone")
    )
    title = models.CharField(_("link text"), max_length=200)
    url = models.URLField(_("address"), max_length=500)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")

    def __str__(self) -> str:
        return self.title


class MilestoneKPI(models.Model):
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("milestone")
    )
    label = models.CharField(_("indicator"), max_length=200, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    actual = models.DecimalField(
        _("actual"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)

    if TYPE_CHECKING:
        # Added by django-modeltranslation at run time: see cooperation_portal.bilingual.
        label_en: str | None
        label_ja: str | None
        objects: ClassVar[MultilingualManager["MilestoneKPI"]]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    def __str__(self) -> str:
        return self.label
