"""Transfers: a published practice taken up by another city, from "interested" to "adopted".

A transfer is one practice and one receiving city. It moves through the stages of URBACT's
transfer method (understand → adapt → re-use): interested, studying, adapting, piloting and
adopted, or it is stopped with a reason, which makes it a lesson. Every stage change is a
``TransferStep`` (who, when, a note, evidence links and files); officers of both cities and the
coordinators talk in the transfer's thread; the receiving city tracks the practice's KPIs.
"""

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cities.models import City
from cooperation_portal.models import UploadedDocument, WebLink

from .practices import BestPractice

if TYPE_CHECKING:
    from modeltranslation.manager import MultilingualManager

#: Dates a transfer names (a stage reached, a pilot's start and end): the programme's years.
EARLIEST_TRANSFER_DATE = date(2015, 1, 1)
LATEST_TRANSFER_DATE = date(2100, 12, 31)


class TransferStage(models.TextChoices):
    INTERESTED = "interested", pgettext_lazy("transfer stage", "Interested")
    STUDYING = "studying", pgettext_lazy("transfer stage", "Studying")
    ADAPTING = "adapting", pgettext_lazy("transfer stage", "Adapting")
    PILOTING = "piloting", pgettext_lazy("transfer stage", "Piloting")
    ADOPTED = "adopted", pgettext_lazy("transfer stage", "Adopted")
    STOPPED = "stopped", pgettext_lazy("transfer stage", "Stopped")


#: The path a transfer follows; "stopped" may end it at any open stage.
STAGE_ORDER = (
    TransferStage.INTERESTED,
    TransferStage.STUDYING,
    TransferStage.ADAPTING,
    TransferStage.PILOTING,
    TransferStage.ADOPTED,
)
CLOSED_STAGES = (TransferStage.ADOPTED, TransferStage.STOPPED)
OPEN_STAGES = tuple(s for s in TransferStage if s not in CLOSED_STAGES)


class TransferQuerySet(models.QuerySet["Transfer"]):
    def open(self) -> "TransferQuerySet":
        return self.exclude(stage__in=CLOSED_STAGES)


TransferManager = models.Manager.from_queryset(TransferQuerySet)


def _date_bounds() -> list:
    return [MinValueValidator(EARLIEST_TRANSFER_DATE), MaxValueValidator(LATEST_TRANSFER_DATE)]


class Transfer(models.Model):
    practice = models.ForeignKey(
        BestPractice,
        on_delete=models.CASCADE,
        related_name="transfers",
        verbose_name=_("practice"),
    )
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        related_name="transfers_received",
        verbose_name=_("receiving city"),
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=TransferStage, default=TransferStage.INTERESTED
    )
    #: The day the current stage was reached (the last step's ``on``).
    stage_since = models.DateField(_("stage since"), validators=_date_bounds())
    started_on = models.DateField(_("started on"), validators=_date_bounds())
    interest = models.TextField(
        _("why the city is interested"),
        max_length=2000,
        help_text=_("A few sentences: what the city hopes to learn or achieve."),
    )
    # The adaptation plan: what changes for the local context.
    plan_changes = models.TextField(_("what changes for the local context"), blank=True)
    plan_costs = models.TextField(_("costs and funding"), blank=True)
    plan_partners = models.TextField(_("partners"), blank=True)
    plan_risks = models.TextField(_("risks"), blank=True)
    pilot_starts_on = models.DateField(
        _("pilot starts on"), null=True, blank=True, validators=_date_bounds()
    )
    pilot_ends_on = models.DateField(
        _("pilot ends on"), null=True, blank=True, validators=_date_bounds()
    )
    stop_reason = models.TextField(_("why it stopped"), blank=True)
    meetings = models.ManyToManyField(
        "exchanges.Meeting",
        related_name="transfers",
        blank=True,
        verbose_name=_("study visits and exchange meetings"),
    )
    milestones = models.ManyToManyField(
        "exchanges.Milestone",
        related_name="transfers",
        blank=True,
        verbose_name=_("milestones of the pilot"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TransferManager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "city"],
                condition=~Q(stage__in=["adopted", "stopped"]),
                name="one_open_transfer_per_practice_and_city",
            ),
            models.CheckConstraint(
                condition=Q(pilot_ends_on__isnull=True)
                | Q(pilot_starts_on__isnull=False, pilot_ends_on__gte=F("pilot_starts_on")),
                name="transfer_pilot_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(stage_since__gte=F("started_on")),
                name="transfer_stage_not_before_start",
            ),
            models.CheckConstraint(
                condition=~Q(stage="stopped") | ~Q(stop_reason=""),
                name="transfer_stopped_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=[s.value for s in TransferStage]),
                name="transfer_stage_known",
            ),
        ]
        indexes = [models.Index(fields=["city", "stage"], name="transfer_city_stage")]

    def __str__(self) -> str:
        return f"{self.practice} → {self.city}"

    def get_absolute_url(self) -> str:
        return reverse("practices:transfer", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.stage not in CLOSED_STAGES

    @property
    def origin(self) -> City | None:
        """The city the practice comes from (None for a practice led by a coordinating body)."""
        return self.practice.lead_city

    def stage_index(self) -> int:
        """The stage's place on the path (0 for interested); -1 for stopped."""
        return STAGE_ORDER.index(self.stage) if self.stage in STAGE_ORDER else -1


class TransferStep(models.Model):
    """One stage change: who, when (the day the stage was reached), a note and evidence."""

    transfer = models.ForeignKey(
        Transfer, on_delete=models.CASCADE, related_name="steps", verbose_name=_("transfer")
    )
    from_stage = models.CharField(_("from"), max_length=20, choices=TransferStage, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=TransferStage)
    on = models.DateField(_("reached on"), validators=_date_bounds())
    note = models.TextField(_("note"), blank=True, max_length=5000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["on", "at", "pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.from_stage or '∅'} → {self.to_stage}"


class TransferLink(WebLink):
    """Evidence of a stage change: a report, a page, a data set."""

    step = models.ForeignKey(
        TransferStep, on_delete=models.CASCADE, related_name="links", verbose_name=_("stage change")
    )

    class Meta(WebLink.Meta):
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")


class TransferFile(UploadedDocument):
    """Evidence of a stage change as a file: a PDF or an image, checked like every upload."""

    storage_folder = "transfers"

    step = models.ForeignKey(
        TransferStep, on_delete=models.CASCADE, related_name="files", verbose_name=_("stage change")
    )

    class Meta(UploadedDocument.Meta):
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def get_absolute_url(self) -> str:
        return reverse("practices:transfer_file", kwargs={"pk": self.pk})


class TransferComment(models.Model):
    """A message in the transfer's thread: a question of the receiving city, an answer of the
    originating one, a coordinator's word."""

    transfer = models.ForeignKey(
        Transfer, on_delete=models.CASCADE, related_name="comments", verbose_name=_("transfer")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return self.text[:50]


class TransferKPI(models.Model):
    """A KPI of the practice as the receiving city tracks it: where it started, where it aims,
    what it measured."""

    transfer = models.ForeignKey(
        Transfer, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("transfer")
    )
    label = models.CharField(_("indicator"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    measured = models.DecimalField(
        _("measured"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    measured_on = models.DateField(
        _("measured on"), null=True, blank=True, validators=_date_bounds()
    )
    position = models.PositiveSmallIntegerField(default=0)

    if TYPE_CHECKING:
        # Added by django-modeltranslation at run time: see cooperation_portal.bilingual.
        label_en: str | None
        label_ja: str | None
        objects: ClassVar[MultilingualManager["TransferKPI"]]

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [
            models.CheckConstraint(
                condition=Q(measured__isnull=True) | Q(measured_on__isnull=False),
                name="transfer_kpi_measured_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.label
