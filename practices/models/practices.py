from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cities.models import City, CoordinatingBody, Region, city_xor_body
from cooperation_portal.models import UploadedDocument, WebLink, derived_path

if TYPE_CHECKING:
    from modeltranslation.manager import MultilingualManager

#: The sections of URBACT's good-practice template, in the order a reader meets them. Each is
#: written in English, Japanese or both, with its own translation state.
SECTIONS = (
    "problem",
    "solution",
    "partners",
    "costs",
    "outcomes",
    "transferability",
    "lessons_learned",
)
#: Translated text fields of a practice (one column per language, see translation.py).
TRANSLATED_FIELDS = ("title", "summary", *SECTIONS)
#: Sections written in Markdown (the others are short plain texts).
MARKDOWN_FIELDS = SECTIONS
LANGUAGE_CODES = ("en", "ja")


class Theme(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    if TYPE_CHECKING:
        # Added by django-modeltranslation at run time: see cooperation_portal.bilingual.
        name_en: str | None
        name_ja: str | None
        description_en: str | None
        description_ja: str | None
        objects: ClassVar[MultilingualManager["Theme"]]

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class SustainableDevelopmentGoal(models.Model):
    """One of the 17 UN Sustainable Development Goals."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    name = models.CharField(_("name"), max_length=100)

    if TYPE_CHECKING:
        # Added by django-modeltranslation at run time: see cooperation_portal.bilingual.
        name_en: str | None
        name_ja: str | None
        objects: ClassVar[MultilingualManager["SustainableDevelopmentGoal"]]

    class Meta:
        ordering = ["number"]
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PILOT = "pilot", _("Pilot")
    IMPLEMENTED = "implemented", _("Implemented")
    SCALED = "scaled", _("Scaled")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class TranslationState(models.TextChoices):
    ORIGINAL = "original", _("Original")
    TRANSLATED = "translated", _("Translated")
    MISSING = "missing", _("Missing")


class BestPracticeQuerySet(models.QuerySet["BestPractice"]):
    def originals(self) -> "BestPracticeQuerySet":
        """Practices themselves, not the pending revisions of published ones."""
        return self.filter(revision_of__isnull=True)

    def published(self) -> "BestPracticeQuerySet":
        return self.originals().filter(status=Status.PUBLISHED)


BestPracticeManager = models.Manager.from_queryset(BestPracticeQuerySet)


class BestPractice(models.Model):
    """A best practice of a partner city (or a coordinating body).

    Editing a published practice works on a *revision*: a second row with ``revision_of`` set,
    which goes through draft → submitted → published like any practice. Publishing it copies
    its content onto the original and deletes it, so the public keeps seeing the published
    version until the change is published (see ``services.practice_publish``).
    """

    slug = models.SlugField(_("slug"), max_length=120)
    revision_of = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pending_revision",
        verbose_name=_("revision of"),
    )
    original_language = models.CharField(
        _("original language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    problem = models.TextField(_("the problem"), blank=True, help_text=_("Markdown."))
    solution = models.TextField(_("the solution"), blank=True, help_text=_("Markdown."))
    partners = models.TextField(_("people and partners"), blank=True, help_text=_("Markdown."))
    costs = models.TextField(_("costs and funding"), blank=True, help_text=_("Markdown."))
    outcomes = models.TextField(_("results"), blank=True, help_text=_("Markdown."))
    transferability = models.TextField(_("transferability"), blank=True, help_text=_("Markdown."))
    lessons_learned = models.TextField(_("lessons learned"), blank=True, help_text=_("Markdown."))

    lead_city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_practices",
        verbose_name=_("lead city"),
    )
    lead_body = models.ForeignKey(
        CoordinatingBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_practices",
        verbose_name=_("lead coordinating body"),
    )
    #: Every city that implements the practice, the lead city included (kept by the services),
    #: so that filtering and counting by city is one join.
    cities = models.ManyToManyField(
        City, related_name="practices", blank=True, verbose_name=_("implementing cities")
    )
    region = models.CharField(_("region"), max_length=10, choices=Region, editable=False)
    themes = models.ManyToManyField(Theme, related_name="practices", verbose_name=_("themes"))
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal, related_name="practices", blank=True, verbose_name=_("SDGs")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage, default=Stage.PILOT)
    start_year = models.PositiveSmallIntegerField(
        _("start year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    review_comment = models.TextField(_("comment from the coordinator"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="practices",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    search_en = SearchVectorField(null=True, editable=False)
    search_ja = SearchVectorField(null=True, editable=False)

    if TYPE_CHECKING:
        # Added by django-modeltranslation at run time: see cooperation_portal.bilingual.
        title_en: str | None
        title_ja: str | None
        summary_en: str | None
        summary_ja: str | None
        problem_en: str | None
        problem_ja: str | None
        solution_en: str | None
        solution_ja: str | None
        partners_en: str | None
        partners_ja: str | None
        costs_en: str | None
        costs_ja: str | None
        outcomes_en: str | None
        outcomes_ja: str | None
        transferability_en: str | None
        transferability_ja: str | None
        lessons_learned_en: str | None
        lessons_learned_ja: str | None
        objects: ClassVar[BestPracticeManager["BestPractice"]]
        _default_manager: ClassVar[BestPracticeManager["BestPractice"]]

    objects = BestPracticeManager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")
        constraints = [
            city_xor_body("practice_lead_city_xor_body", prefix="lead_"),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="practice_end_not_before_start",
            ),
            # Practices may be older than the programme: from 1990, as the form says.
            models.CheckConstraint(
                condition=Q(start_year__gte=1990, start_year__lte=2100)
                & (Q(end_year__isnull=True) | Q(end_year__gte=1990, end_year__lte=2100)),
                name="practice_years_in_range",
            ),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(revision_of__isnull=True), name="unique_practice_slug"
            ),
            models.CheckConstraint(
                condition=Q(revision_of__isnull=True) | Q(status__in=["draft", "submitted"]),
                name="revision_is_draft_or_submitted",
            ),
        ]
        indexes = [
            # The catalogue's default order, walked in index order: no sort over all rows.
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                name="practice_catalogue_order",
                condition=Q(status="published", revision_of__isnull=True),
            ),
            models.Index(fields=["status", "-updated_at"], name="practice_status_updated"),
            # Related practices: the other region's newest, without reading the others.
            models.Index(
                fields=["region", "-published_at", "-id"],
                name="practice_region_newest",
                condition=Q(status="published", revision_of__isnull=True),
            ),
            # A city's or a body's page: its newest practices, without reading the others.
            models.Index(
                fields=["lead_city", "-published_at", "-id"],
                name="practice_lead_city_newest",
                condition=Q(status="published", revision_of__isnull=True),
            ),
            models.Index(
                fields=["lead_body", "-published_at", "-id"],
                name="practice_lead_body_newest",
                condition=Q(status="published", revision_of__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.slug

    def get_absolute_url(self) -> str:
        original = self.revision_of or self
        return reverse("practices:detail", kwargs={"slug": original.slug})

    @property
    def lead(self) -> City | CoordinatingBody | None:
        return self.lead_city or self.lead_body

    @property
    def is_revision(self) -> bool:
        return self.revision_of_id is not None

    def theme_list(self) -> list[Theme]:
        """The themes, from ``selectors.with_cards``' prefetch when there is one."""
        prefetched = getattr(self, "prefetched_themes", None)
        return prefetched if prefetched is not None else list(self.themes.all())

    def city_list(self) -> list[City]:
        prefetched = getattr(self, "prefetched_cities", None)
        return prefetched if prefetched is not None else list(self.cities.all())

    def partner_cities(self) -> list[City]:
        """The implementing cities other than the lead."""
        return [c for c in self.city_list() if c.pk != self.lead_city_id]

    def cover(self) -> "PracticeImage | None":
        """The cover image, from ``practice_for_detail``'s prefetch when there is one."""
        return next((image for image in self.image_list() if image.is_cover), None)

    def image_list(self) -> "list[PracticeImage]":
        prefetched = getattr(self, "prefetched_images", None)
        return prefetched if prefetched is not None else list(self.images.all())

    def gallery(self) -> "list[PracticeImage]":
        """The images other than the cover."""
        return [image for image in self.image_list() if not image.is_cover]

    def has_language(self, language: str) -> bool:
        return bool(getattr(self, f"title_{language}", ""))

    def translation_state(self, field: str, language: str) -> str:
        if not getattr(self, f"{field}_{language}", ""):
            return TranslationState.MISSING
        if language == self.original_language:
            return TranslationState.ORIGINAL
        return TranslationState.TRANSLATED

    def display_language(self) -> str:
        """The language the reader sees: theirs, or the other one when theirs is missing."""
        current = (get_language() or "en")[:2]
        if self.has_language(current):
            return current
        return "ja" if current == "en" else "en"


class KeyResult(models.Model):
    """A result of the practice as a KPI: e.g. “CO₂ emissions”, 1200 → 800 t/year in 2023."""

    practice = models.ForeignKey(
        BestPractice, on_delete=models.CASCADE, related_name="results", verbose_name=_("practice")
    )
    label = models.CharField(_("indicator"), max_length=200)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    position = models.PositiveSmallIntegerField(default=0)

    if TYPE_CHECKING:
        # Added by django-modeltranslation at run time: see cooperation_portal.bilingual.
        label_en: str | None
        label_ja: str | None
        objects: ClassVar[MultilingualManager["KeyResult"]]

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1990, year__lte=2100),
                name="key_result_year_in_range",
            )
        ]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return f"{self.label}: {self.value} {self.unit}".strip()


class PracticeLink(WebLink):
    practice = models.ForeignKey(
        BestPractice, on_delete=models.CASCADE, related_name="links", verbose_name=_("practice")
    )

    class Meta(WebLink.Meta):
        verbose_name = _("link")
        verbose_name_plural = _("links")


class PracticeAttachment(UploadedDocument):
    """A PDF or an image of a practice. A PDF gets a picture of its first page (``preview``),
    made after the upload by a worker (see ``services.attachment_preview_make``)."""

    storage_folder = "practices"

    practice = models.ForeignKey(
        BestPractice,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("practice"),
    )
    preview = models.FileField(
        _("preview of the first page"), upload_to=derived_path, blank=True, editable=False
    )

    class Meta(UploadedDocument.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def get_absolute_url(self) -> str:
        return reverse("practices:attachment", kwargs={"pk": self.pk})

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


class PracticeImage(UploadedDocument):
    """A photo or drawing of a practice: the cover (at most one) or one of the gallery.

    The uploaded file is kept as it came; pages show two copies made on the server by Pillow
    (``thumbnail`` and ``display``), turned upright and without the file's metadata (a
    phone's photo carries the place it was taken)."""

    storage_folder = "practices/images"

    practice = models.ForeignKey(
        BestPractice, on_delete=models.CASCADE, related_name="images", verbose_name=_("practice")
    )
    alt_text = models.CharField(
        _("text alternative"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    is_cover = models.BooleanField(_("cover image"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    thumbnail = models.FileField(_("thumbnail"), upload_to=derived_path, editable=False)
    display = models.FileField(_("image for pages"), upload_to=derived_path, editable=False)

    if TYPE_CHECKING:
        # Added by django-modeltranslation at run time: see cooperation_portal.bilingual.
        alt_text_en: str | None
        alt_text_ja: str | None
        objects: ClassVar[MultilingualManager["PracticeImage"]]

    class Meta(UploadedDocument.Meta):
        ordering = ["-is_cover", "position", "pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.UniqueConstraint(
                fields=["practice"], condition=Q(is_cover=True), name="one_cover_per_practice"
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("practices:image", kwargs={"pk": self.pk, "size": "display"})

    def thumbnail_url(self) -> str:
        return reverse("practices:image", kwargs={"pk": self.pk, "size": "thumbnail"})

    def alt_language(self) -> str:
        """The language the text alternative is shown in: the reader's, or the other one."""
        current = (get_language() or "en")[:2]
        if getattr(self, f"alt_text_{current}", ""):
            return current
        return "ja" if current == "en" else "en"


class Transition(models.Model):
    """Who moved a practice from one status to another, when, and why."""

    practice = models.ForeignKey(
        BestPractice,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("practice"),
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    on_revision = models.BooleanField(_("on a revision"), default=False)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"


class PracticeOldSlug(models.Model):
    """A former address of a practice: its slug before it followed a new English title. The old
    URL answers with a permanent redirect to the practice's current one, and no other practice
    may take the slug (see ``services.unique_slug``)."""

    slug = models.SlugField(_("former slug"), max_length=120, unique=True)
    practice = models.ForeignKey(
        BestPractice,
        on_delete=models.CASCADE,
        related_name="old_slugs",
        verbose_name=_("practice"),
    )
    retired_at = models.DateTimeField(_("retired at"), default=timezone.now)

    class Meta:
        ordering = ["-retired_at", "pk"]
        verbose_name = _("former slug")
        verbose_name_plural = _("former slugs")

    def __str__(self) -> str:
        return self.slug
