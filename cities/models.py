import zoneinfo
from datetime import datetime, time
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validators import validate_time_zone

if TYPE_CHECKING:
    from modeltranslation.manager import MultilingualManager


class Region(models.TextChoices):
    EUROPE = "europe", _("Europe")
    JAPAN = "japan", _("Japan")


class ProgrammeRole(models.TextChoices):
    LIGHTHOUSE = "lighthouse", _("Lighthouse city")
    FELLOW = "fellow", _("Fellow city")
    JAPANESE_PARTNER = "japanese_partner", _("Japanese partner city")


#: Headings for a group of cities with one role, in the order the programme names them.
ROLE_GROUP_LABELS = {
    ProgrammeRole.LIGHTHOUSE: _("Lighthouse cities"),
    ProgrammeRole.FELLOW: _("Fellow cities"),
    ProgrammeRole.JAPANESE_PARTNER: _("Japanese partner cities"),
}


class BodyKind(models.TextChoices):
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    GOVERNMENT_OFFICE = "government_office", _("Government office")


def city_xor_body(name: str, prefix: str = "") -> models.CheckConstraint:
    """A row that belongs to a city or to a coordinating body: exactly one of the two
    (fields ``<prefix>city`` and ``<prefix>body``, e.g. ``host_city`` / ``host_body``)."""
    city, body = f"{prefix}city__isnull", f"{prefix}body__isnull"
    return models.CheckConstraint(
        condition=Q(**{city: False, body: True}) | Q(**{city: True, body: False}),
        name=name,
    )


class InTimeZone(models.Model):
    """A place with an IANA time zone and a clock."""

    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])

    class Meta:
        abstract = True

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_now(self) -> datetime:
        return timezone.now().astimezone(self.zone)


class City(InTimeZone):
    """A partner city. ``name``, ``country``, ``subdivision`` and ``profile`` exist in EN and JA."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    local_name = models.CharField(
        _("local name"),
        max_length=100,
        blank=True,
        help_text=_("The name as spelt locally, e.g. Umeå or Gdańsk."),
    )
    country = models.CharField(_("country"), max_length=100)
    country_code = models.CharField(_("country code"), max_length=2, help_text="ISO 3166-1")
    subdivision = models.CharField(_("prefecture or region"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=10, choices=Region)
    programme_role = models.CharField(_("programme role"), max_length=20, choices=ProgrammeRole)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    profile = models.TextField(_("profile"), blank=True)
    website = models.URLField(_("website"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    working_day_start = models.TimeField(_("working day starts"), default=time(8, 0))
    working_day_end = models.TimeField(_("working day ends"), default=time(18, 0))
    holiday_subdivision = models.CharField(
        _("holiday region"),
        max_length=10,
        blank=True,
        help_text=_("Subdivision code for public holidays, e.g. SCT for Scotland."),
    )

    if TYPE_CHECKING:
        # Added by django-modeltranslation at run time: see cooperation_portal.bilingual.
        name_en: str | None
        name_ja: str | None
        country_en: str | None
        country_ja: str | None
        subdivision_en: str | None
        subdivision_ja: str | None
        profile_en: str | None
        profile_ja: str | None
        objects: ClassVar[MultilingualManager["City"]]

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(region="japan", programme_role="japanese_partner")
                    | Q(region="europe", programme_role__in=["lighthouse", "fellow"])
                ),
                name="city_role_matches_region",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cities:city_detail", kwargs={"slug": self.slug})

    @property
    def display_local_name(self) -> str:
        """The local spelling when it differs from the name shown (Umeå beside Umea)."""
        return self.local_name if self.local_name and self.local_name != self.name else ""


class CoordinatingBody(InTimeZone):
    """An organisation that coordinates the programme: ISINNOVA, the Cabinet Office of Japan."""

    # The slot finder treats a body like a city with the default working day.
    working_day_start = time(8, 0)
    working_day_end = time(18, 0)
    holiday_subdivision = ""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind)
    country = models.CharField(_("country"), max_length=100)
    country_code = models.CharField(_("country code"), max_length=2)
    seat = models.CharField(_("seat"), max_length=100, help_text=_("The city it is based in."))
    programme_role = models.TextField(_("role in the programme"))
    website = models.URLField(_("website"), blank=True)
    #: Where the body sits (its office), for the map.
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    if TYPE_CHECKING:
        # Added by django-modeltranslation at run time: see cooperation_portal.bilingual.
        name_en: str | None
        name_ja: str | None
        short_name_en: str | None
        short_name_ja: str | None
        country_en: str | None
        country_ja: str | None
        seat_en: str | None
        seat_ja: str | None
        programme_role_en: str | None
        programme_role_ja: str | None
        objects: ClassVar[MultilingualManager["CoordinatingBody"]]

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("coordinating body")
        verbose_name_plural = _("coordinating bodies")

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("cities:body_detail", kwargs={"slug": self.slug})


class MembershipQuerySet(models.QuerySet["Membership"]):
    def officers(self) -> "MembershipQuerySet":
        return self.filter(city__isnull=False)

    def coordinators(self) -> "MembershipQuerySet":
        return self.filter(body__isnull=False)


class Membership(models.Model):
    """Who belongs where. A member of a city is its officer; of a body, a coordinator.

    The role follows from the organisation, so it is not stored twice and cannot disagree.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    city = models.ForeignKey(
        City,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("city"),
    )
    body = models.ForeignKey(
        CoordinatingBody,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("coordinating body"),
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            city_xor_body("membership_city_xor_body"),
            models.UniqueConstraint(
                fields=["user", "city"], condition=Q(city__isnull=False), name="unique_city_member"
            ),
            models.UniqueConstraint(
                fields=["user", "body"], condition=Q(body__isnull=False), name="unique_body_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"

    @property
    def organisation(self) -> City | CoordinatingBody:
        return self.city or self.body  # type: ignore[return-value]

    @property
    def is_coordinator(self) -> bool:
        return self.body_id is not None
