"""Notifications: an outbox of e-mails, one row per notice and person, and each person's
choices per category."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .meetings import Meeting
from .plan import Milestone


class NotificationCategory(models.TextChoices):
    MEETINGS = "meetings", _("Meetings")
    MILESTONES = "milestones", _("Action plan milestones")
    PRACTICES = "practices", _("Best practices")
    #: The daily digest itself: switching it off stops the digest e-mail, and with it the
    #: e-mails of the categories a person chose to receive in the digest.
    DIGEST = "digest", _("Daily digest")
    TRANSFERS = "transfers", _("Transfers of practices")


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
    MILESTONE_PROGRESS = "milestone_progress", _("Progress reported on a milestone")
    MILESTONE_DECISION = "milestone_decision", _("A meeting decided on a milestone")
    PRACTICE_SUBMITTED = "practice_submitted", _("Practice submitted")
    PRACTICE_PUBLISHED = "practice_published", _("Practice published")
    PRACTICE_SENT_BACK = "practice_sent_back", _("Practice sent back")
    TRANSFER_INTEREST = "transfer_interest", _("A city is interested in a practice")
    TRANSFER_STAGE = "transfer_stage", _("A transfer moved to another stage")
    TRANSFER_COMMENT = "transfer_comment", _("A message about a transfer")
    DIGEST = "digest", _("Daily digest")


_MEETING_KINDS = (
    "meeting_invitation",
    "meeting_changed",
    "meeting_cancelled",
    "meeting_reminder",
    "minutes_published",
)
_MILESTONE_KINDS = (
    "milestone_assigned",
    "milestone_due_soon",
    "milestone_overdue",
    "milestone_status",
    "milestone_progress",
    "milestone_decision",
)
_PRACTICE_KINDS = ("practice_submitted", "practice_published", "practice_sent_back")
_TRANSFER_KINDS = ("transfer_interest", "transfer_stage", "transfer_comment")
KIND_CATEGORY = {
    **dict.fromkeys(_MEETING_KINDS, NotificationCategory.MEETINGS),
    **dict.fromkeys(_MILESTONE_KINDS, NotificationCategory.MILESTONES),
    **dict.fromkeys(_PRACTICE_KINDS, NotificationCategory.PRACTICES),
    "digest": NotificationCategory.DIGEST,
    **dict.fromkeys(_TRANSFER_KINDS, NotificationCategory.TRANSFERS),
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
    transfer = models.ForeignKey(
        "practices.Transfer",
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


class MailLinkKey(models.Model):
    """The generation of a person's unsubscribe links: every link is signed over it, so raising
    it (``services.unsubscribe_links_revoke``) makes the links in earlier e-mails stop working.
    No row means generation 0."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_link_key"
    )
    generation = models.PositiveIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("unsubscribe links")
        verbose_name_plural = _("unsubscribe links")

    def __str__(self) -> str:
        return f"{self.user} · {self.generation}"


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
