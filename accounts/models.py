import secrets
from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import city_xor_body
from cities.validators import validate_time_zone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person with an account. The e-mail address is the login."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Leave empty to use your city’s or body’s time zone."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # An e-mail login needs its own manager; django-stubs expects the username-based
    # django.contrib.auth.models.UserManager that AbstractUser declares.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.lower()
        super().save(*args, **kwargs)

    def effective_time_zone(self) -> str:
        """The zone to show this person times in: their own, else their city's or body's."""
        if self.time_zone:
            return self.time_zone
        from .permissions import memberships

        # The first membership (by pk), read once per user object with the permissions'.
        found = memberships(self)
        return found[0].organisation.time_zone if found else "UTC"

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name or self.email


def _nonce() -> str:
    return secrets.token_urlsafe(24)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> "InvitationQuerySet":
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An e-mailed, single-use, expiring link that makes someone a member of a city or a body.

    The link carries a token signed with ``SECRET_KEY`` over the invitation's id and a random
    nonce (see ``accounts.tokens``): a copy of the database alone cannot produce a working link.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    city = models.ForeignKey(
        "cities.City",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("city"),
    )
    body = models.ForeignKey(
        "cities.CoordinatingBody",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("coordinating body"),
    )
    language = models.CharField(
        _("language of the invitation"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    nonce = models.CharField(max_length=64, default=_nonce, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(
        _("expires at"),
        blank=True,
        help_text=_("Set from the validity period when left empty."),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account created"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            city_xor_body("invitation_city_xor_body"),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="invitation_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.expires_at is None:
            self.expires_at = self.created_at + timedelta(days=settings.INVITATION_VALID_DAYS)
        super().save(*args, **kwargs)

    @property
    def organisation(self) -> object:
        return self.city or self.body

    @property
    def role_label(self) -> str:
        return str(_("City officer") if self.city_id else _("Coordinator"))

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    @property
    def token(self) -> str:
        from .tokens import make_invitation_token

        return make_invitation_token(self)

    def get_accept_url(self) -> str:
        return reverse("accounts:invitation_accept", kwargs={"token": self.token})


class SecurityEventQuerySet(models.QuerySet["SecurityEvent"]):
    """The security log is append-only: no bulk change or deletion through the ORM."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The security log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The security log is append-only.")


class SecurityEvent(models.Model):
    """One line of the programme's audit trail: who did what, when and from where.

    Written by the services (invitations, roles, the plan, publication) and by the log-in
    machinery's signals (log-ins, failures, second factors), never changed or deleted: the
    model refuses it, and on PostgreSQL a trigger refuses it too. The person is kept by id and
    by address, so the line outlives the account.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed log-in")
        LOGIN_REFUSED = "login_refused", _("Log-in refused (too many failures)")
        LOGOUT = "logout", _("Logged out")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET = "password_reset", _("Password reset by e-mail")
        MFA_ADDED = "mfa_added", _("Second factor added")
        MFA_REMOVED = "mfa_removed", _("Second factor removed")
        MFA_RESET = "mfa_reset", _("Recovery codes regenerated")
        MFA_FAILED = "mfa_failed", _("Wrong second-factor code")
        INVITATION_SENT = "invitation_sent", _("Invitation sent")
        INVITATION_REVOKED = "invitation_revoked", _("Invitation revoked")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_REMOVED = "role_removed", _("Role removed")
        ACCOUNT_FLAGS = "account_flags", _("Account status or admin rights changed")
        PLAN_CHANGED = "plan_changed", _("Action plan changed")
        MILESTONE_CHANGED = "milestone_changed", _("Milestone created or changed")
        MILESTONE_PROGRESS = "milestone_progress", _("Milestone progress reported")
        MILESTONE_CANCELLED = "milestone_cancelled", _("Milestone cancelled")
        PRACTICE_PUBLISHED = "practice_published", _("Practice published")
        PRACTICE_SENT_BACK = "practice_sent_back", _("Practice sent back")
        PRACTICE_ARCHIVED = "practice_archived", _("Practice archived")
        THEME_CREATED = "theme_created", _("Theme added")
        MAIL_LINKS_REVOKED = "mail_links_revoked", _("Unsubscribe links revoked")

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=30, choices=Kind, db_index=True)
    # No foreign-key constraint and nothing done on deletion: deleting an account leaves the
    # lines that name it as they were.
    actor = models.ForeignKey(
        User,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_email = models.CharField(_("who (e-mail)"), max_length=254, blank=True)
    subject = models.CharField(_("what"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("security event")
        verbose_name_plural = _("security log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.actor_email}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The security log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The security log is append-only.")
