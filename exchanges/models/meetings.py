"""Meetings between cities: the meeting with its agenda, decisions, attendance, documents and
change log, and the secret tokens of personal calendar feeds."""

import uuid
import zoneinfo
from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cities.models import City, CoordinatingBody, city_xor_body
from cities.validators import validate_time_zone
from cooperation_portal.dates import moment_bounds, validate_programme_moment
from cooperation_portal.models import UploadedDocument

if TYPE_CHECKING:
    from modeltranslation.manager import MultilingualManager


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


MeetingManager = models.Manager.from_queryset(MeetingQuerySet)


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
    starts_at = models.DateTimeField(_("starts at"), validators=[validate_programme_moment])
    ends_at = models.DateTimeField(_("ends at"), validators=[validate_programme_moment])
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
    #: What the meeting is about, in the catalogue's themes: the pair matrix filters by them.
    themes = models.ManyToManyField(
        "practices.Theme", related_name="meetings", blank=True, verbose_name=_("themes")
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

    if TYPE_CHECKING:
        # Added by django-modeltranslation at run time: see cooperation_portal.bilingual.
        title_en: str | None
        title_ja: str | None
        description_en: str | None
        description_ja: str | None
        minutes_en: str | None
        minutes_ja: str | None
        objects: ClassVar[MeetingManager["Meeting"]]
        _default_manager: ClassVar[MeetingManager["Meeting"]]

    objects = MeetingManager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
            city_xor_body("meeting_host_city_xor_body", prefix="host_"),
            models.CheckConstraint(
                condition=moment_bounds("starts_at") & moment_bounds("ends_at"),
                name="meeting_within_programme_years",
            ),
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
        host = self.host
        return str(host.name if isinstance(host, City) else host.short_name)

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


#: What a MeetingChange's ``field`` means, in words (the log never shows ``time_zone``).
CHANGE_LABELS = {
    "starts_at": _("Start"),
    "ends_at": _("End"),
    "time_zone": _("Time zone"),
    "host": _("Host"),
    "place": _("Place"),
    "online_link": _("Online link"),
    "format": _("Format"),
    "status": _("Status"),
}


class MeetingChange(models.Model):
    """A change of time, host, place, link or status, kept for the record and for notices."""

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
        return f"{self.label}: {self.old_value} → {self.new_value}"

    @property
    def label(self) -> str:
        """What changed, in words in the current language."""
        return str(CHANGE_LABELS.get(self.field, self.field))


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

    if TYPE_CHECKING:
        # Added by django-modeltranslation at run time: see cooperation_portal.bilingual.
        title_en: str | None
        title_ja: str | None
        objects: ClassVar[MultilingualManager["AgendaItem"]]

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
        "exchanges.Milestone",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("milestone"),
    )

    if TYPE_CHECKING:
        # Added by django-modeltranslation at run time: see cooperation_portal.bilingual.
        text_en: str | None
        text_ja: str | None
        objects: ClassVar[MultilingualManager["Decision"]]

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
