import uuid
import zoneinfo
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cities.models import City, CoordinatingBody, city_xor_body
from cities.validators import validate_time_zone
from cooperation_portal.models import UploadedDocument


class MeetingFormat(models.TextChoices):
    VIRTUAL = "virtual", _("Virtual")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class Visibility(models.TextChoices):
    PUBLIC = "public", pgettext_lazy("visibility", "Public")
    INTERNAL = "internal", pgettext_lazy("visibility", "Internal")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingLanguages(models.TextChoices):
    EN = "en", _("English")
    JA = "ja", _("Japanese")
    BOTH = "en+ja", _("English and Japanese")


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self) -> "MeetingQuerySet":
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")

    def past(self) -> "MeetingQuerySet":
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-pk")


class Meeting(models.Model):
    """A city-to-city meeting. Start and end are stored in UTC with the host's IANA zone, so
    a meeting stays right across a daylight-saving change wherever it is shown."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    format = models.CharField(
        _("format"), max_length=20, choices=MeetingFormat, default=MeetingFormat.VIRTUAL
    )
    online_link = models.URLField(
        _("online link"),
        max_length=500,
        blank=True,
        help_text=_("Shown to participants only."),
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone of the meeting"), max_length=64, validators=[validate_time_zone]
    )
    host_city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host city"),
    )
    host_body = models.ForeignKey(
        CoordinatingBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host body"),
    )
    cities = models.ManyToManyField(
        City, related_name="meetings", blank=True, verbose_name=_("participating cities")
    )
    bodies = models.ManyToManyField(
        CoordinatingBody,
        related_name="meetings",
        blank=True,
        verbose_name=_("participating bodies"),
    )
    invitees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="meeting_invitations",
        blank=True,
        verbose_name=_("invited individuals"),
    )
    languages = models.CharField(
        _("languages"), max_length=10, choices=MeetingLanguages, default=MeetingLanguages.BOTH
    )
    interpretation = models.BooleanField(_("EN↔JA interpretation needed"), default=False)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus, default=MeetingStatus.SCHEDULED
    )
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder, hours before"), default=24, help_text=_("0 sends no reminder.")
    )
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown."))
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)
    #: Grows with every change that matters to a calendar (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
            city_xor_body("meeting_host_city_xor_body", prefix="host_"),
        ]
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["ends_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exchanges:meeting_detail", kwargs={"pk": self.pk})

    @property
    def host(self) -> City | CoordinatingBody:
        return self.host_city or self.host_body  # type: ignore[return-value]

    @property
    def host_label(self) -> str:
        """The host as a short label: the city's name, or the body's short name."""
        return str(self.host_city.name if self.host_city_id else self.host_body.short_name)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def duration_minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)

    def agenda_minutes(self) -> int:
        return sum(item.duration_minutes for item in self.agenda.all())


class MeetingChange(models.Model):
    """A change of time, place, link or status, kept for the record and for notices."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="changes", verbose_name=_("meeting")
    )
    field = models.CharField(_("what changed"), max_length=50)
    old_value = models.TextField(_("before"), blank=True)
    new_value = models.TextField(_("after"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("meeting change")
        verbose_name_plural = _("meeting changes")

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} → {self.new_value}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=15)
    presenter_city = models.ForeignKey(
        City, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    presenter_body = models.ForeignKey(
        CoordinatingBody, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title

    @property
    def presenter(self) -> City | CoordinatingBody | None:
        return self.presenter_city or self.presenter_body


class Decision(models.Model):
    """A decision taken at a meeting, recorded with the minutes; it may concern a milestone."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("decision"), blank=True)
    milestone = models.ForeignKey(
        "Milestone",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("milestone"),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]


class AttendanceResponse(models.TextChoices):
    ATTENDING = "attending", _("Attending")
    NOT_ATTENDING = "not_attending", _("Not attending")
    MAYBE = "maybe", _("Maybe")


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("person"),
    )
    response = models.CharField(_("answer"), max_length=20, choices=AttendanceResponse)
    responded_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_answer_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.response}"


class MeetingAttachment(UploadedDocument):
    """Slides or minutes of a meeting."""

    storage_folder = "meetings"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("meeting")
    )

    class Meta(UploadedDocument.Meta):
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def get_absolute_url(self) -> str:
        return reverse("exchanges:meeting_file", kwargs={"pk": self.pk})


class CalendarFeedToken(models.Model):
    """The secret in a person's calendar feed URL; replacing it revokes the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar feed of {self.user}"


# --- The action plan -----------------------------------------------------------------------


class ActionPlan(models.Model):
    """The programme's plan. One is current; earlier plans stay readable."""

    title = models.CharField(_("title"), max_length=200, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
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
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_for",
        verbose_name=_("responsible person"),
    )
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(_("due date"))
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
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
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
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("exchanges:milestone_detail", kwargs={"pk": self.pk})

    @property
    def due_moment(self) -> datetime:
        """The end of the due date in the milestone's zone, as an aware datetime."""
        zone = zoneinfo.ZoneInfo(self.due_time_zone)
        return datetime.combine(self.due_date + timedelta(days=1), time(0, 0), tzinfo=zone)

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

    class Meta:
        ordering = ["pk"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    def __str__(self) -> str:
        return self.label


# --- Notifications: an outbox of e-mails ---------------------------------------------------


class NotificationCategory(models.TextChoices):
    MEETINGS = "meetings", _("Meetings")
    MILESTONES = "milestones", _("Action plan milestones")
    PRACTICES = "practices", _("Best practices")


class NotificationKind(models.TextChoices):
    MEETING_INVITATION = "meeting_invitation", _("Invitation to a meeting")
    MEETING_CHANGED = "meeting_changed", _("Meeting changed")
    MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
    MEETING_REMINDER = "meeting_reminder", _("Meeting reminder")
    MINUTES_PUBLISHED = "minutes_published", _("Minutes published")
    MILESTONE_ASSIGNED = "milestone_assigned", _("Milestone assigned")
    MILESTONE_DUE_SOON = "milestone_due_soon", _("Milestone due soon")
    MILESTONE_OVERDUE = "milestone_overdue", _("Milestone overdue")
    MILESTONE_STATUS = "milestone_status", _("Milestone at risk or done")
    PRACTICE_SUBMITTED = "practice_submitted", _("Practice submitted")
    PRACTICE_PUBLISHED = "practice_published", _("Practice published")
    PRACTICE_SENT_BACK = "practice_sent_back", _("Practice sent back")
    DIGEST = "digest", _("Daily digest")


_MEETING_KINDS = (
    "meeting_invitation", "meeting_changed", "meeting_cancelled", "meeting_reminder",
    "minutes_published",
)  # fmt: skip
_MILESTONE_KINDS = (
    "milestone_assigned", "milestone_due_soon", "milestone_overdue", "milestone_status",
)  # fmt: skip
_PRACTICE_KINDS = ("practice_submitted", "practice_published", "practice_sent_back")
KIND_CATEGORY = {
    **dict.fromkeys(_MEETING_KINDS, NotificationCategory.MEETINGS),
    **dict.fromkeys(_MILESTONE_KINDS, NotificationCategory.MILESTONES),
    **dict.fromkeys(_PRACTICE_KINDS, NotificationCategory.PRACTICES),
}


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("delivery", "Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent (switched off)")
    DIGEST_QUEUED = "digest_queued", _("Waiting for the daily digest")
    DIGESTED = "digested", _("Sent in a digest")


class Notification(models.Model):
    """One notice to one person: a row before it is an e-mail.

    It is written in the transaction of the change that causes it (a rolled-back change leaves
    no row), and ``dedupe_key`` is unique, so causing it twice — a scan run twice, two beats —
    creates one row. The delivery task locks the row and sends only a pending one.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind)
    category = models.CharField(_("category"), max_length=20, choices=NotificationCategory)
    dedupe_key = models.CharField(max_length=200, unique=True)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    practice = models.ForeignKey(
        "practices.BestPractice",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("delivery"), max_length=20, choices=DeliveryStatus, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    digest = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="digested"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["recipient", "read_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"


class NotificationMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DIGEST = "digest", _("In a daily digest")


class NotificationPreference(models.Model):
    """A person's choice for one category. No row means: on, immediately."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    category = models.CharField(_("category"), max_length=20, choices=NotificationCategory)
    enabled = models.BooleanField(_("send me these e-mails"), default=True)
    mode = models.CharField(
        _("when"), max_length=20, choices=NotificationMode, default=NotificationMode.IMMEDIATE
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="one_preference_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.category}"
