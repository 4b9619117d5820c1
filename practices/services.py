"""Every write on best practices: creation, editing, the review workflow and attachments.

Workflow: draft → submitted → published (→ archived); a coordinator may send a submitted
practice back to draft with a comment. Editing a published practice creates a *revision* row
that goes through the same steps; publishing it copies it onto the original. Every transition
is recorded (who, when, comment) on the original practice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts import audit, permissions
from accounts.models import SecurityEvent, User
from cities.models import City, CoordinatingBody, Region
from cooperation_portal import public_cache
from cooperation_portal.bilingual import either
from cooperation_portal.uploads import (
    check_document,
    check_image,
    document_from_upload,
    pdf_first_page_png,
    resized_copy,
)
from exchanges.models import NotificationKind
from exchanges.notifications import selectors as recipients
from exchanges.notifications import services as notifications

from . import search, selectors
from .models import (
    LANGUAGE_CODES,
    TRANSLATED_FIELDS,
    BestPractice,
    KeyResult,
    PracticeAttachment,
    PracticeImage,
    PracticeLink,
    PracticeOldSlug,
    Status,
    SustainableDevelopmentGoal,
    Theme,
    Transition,
)

log = logging.getLogger(__name__)


@dataclass
class PracticeData:
    """Everything an author writes about a practice, as the form cleaned it."""

    texts: dict[str, str]  # "title_en", "title_ja", "summary_en", ...
    original_language: str
    stage: str
    start_year: int
    lead_city: City | None = None
    lead_body: CoordinatingBody | None = None
    partner_cities: list[City] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    sdgs: list[SustainableDevelopmentGoal] = field(default_factory=list)
    end_year: int | None = None
    contact_name: str = ""
    contact_email: str = ""
    results: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)


def working_copy(practice: BestPractice) -> BestPractice:
    """What an editor works on: the pending revision of a published practice, or the practice."""
    if practice.revision_of_id:
        return practice
    try:
        return practice.pending_revision
    except BestPractice.DoesNotExist:
        return practice


def _original(practice: BestPractice) -> BestPractice:
    return practice.revision_of or practice


def _log(
    practice: BestPractice, *, to: str, by: User, comment: str = "", frm: str = ""
) -> Transition:
    return Transition.objects.create(
        practice=_original(practice),
        from_status=frm,
        to_status=to,
        by=by,
        comment=comment,
        on_revision=practice.revision_of_id is not None,
    )


def _validate_content(data: PracticeData) -> None:
    errors: dict[str, list[str]] = {}
    if not any(data.texts.get(f"title_{lang}", "").strip() for lang in LANGUAGE_CODES):
        errors["title_en"] = [_("Give a title in English or in Japanese (or both).")]
    for lang in LANGUAGE_CODES:
        has_text = any(data.texts.get(f"{f}_{lang}", "").strip() for f in TRANSLATED_FIELDS)
        if has_text and not data.texts.get(f"title_{lang}", "").strip():
            errors.setdefault(f"title_{lang}", []).append(
                _("A title is needed in this language, since other text is written in it.")
            )
    if not data.texts.get(f"title_{data.original_language}", "").strip():
        errors.setdefault("original_language", []).append(
            _("The original language must be one the practice is written in.")
        )
    if (data.lead_city is None) == (data.lead_body is None):
        errors["lead"] = [_("Choose the lead city or coordinating body.")]
    if not data.themes:
        errors["themes"] = [_("Choose at least one theme.")]
    if data.end_year is not None and data.end_year < data.start_year:
        errors["end_year"] = [_("The end year cannot be before the start year.")]
    if errors:
        raise ValidationError(errors)


def _unique_slug(title: str, *, practice: BestPractice | None = None) -> str:
    """A slug made from ``title`` that no other practice has, now or as a former slug (so an old
    address never starts to show another practice). A title without Latin letters (Japanese)
    gives the fallback ``practice``, ``practice-2`` …"""
    base = slugify(title)[:100] or "practice"
    live = BestPractice.objects.originals()
    former = PracticeOldSlug.objects.all()
    if practice is not None:
        live = live.exclude(pk=practice.pk)
        former = former.exclude(practice=practice)
    slug, n = base, 1
    while live.filter(slug=slug).exists() or former.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _slug_follows_english_title(practice: BestPractice, *, title_before: str) -> None:
    """When the English title of ``practice`` (an original) has changed, the slug follows it;
    the former slug is kept, so that its address redirects to the new one.

    The slug follows every change of the English title, not only the first one that replaces
    the fallback ``practice-N``: a renamed practice should not keep an address that names what
    it no longer is, and since every former address keeps answering (a 301 to the current
    one), following costs nothing to anyone who linked to it. A change to a published practice
    moves its address when the change is published, not before. A title that gives no slug
    (only Japanese, or removed) keeps the current one."""
    title = (practice.title_en or "").strip()
    if not title or title == title_before.strip() or not slugify(title):
        return
    slug = _unique_slug(title, practice=practice)
    if slug == practice.slug:
        return
    # A slug of its own that comes back is live again, not a redirect (no loop).
    PracticeOldSlug.objects.filter(practice=practice, slug=slug).delete()
    PracticeOldSlug.objects.create(practice=practice, slug=practice.slug)
    practice.slug = slug
    practice.save(update_fields=["slug"])


def _region_of(data: PracticeData) -> str:
    if data.lead_city is not None:
        return data.lead_city.region
    return Region.JAPAN if data.lead_body.country_code == "JP" else Region.EUROPE  # type: ignore[union-attr]


def _apply(practice: BestPractice, data: PracticeData) -> BestPractice:
    for name in (f"{f}_{lang}" for f in TRANSLATED_FIELDS for lang in LANGUAGE_CODES):
        setattr(practice, name, data.texts.get(name, "").strip())
    practice.original_language = data.original_language
    practice.lead_city = data.lead_city
    practice.lead_body = data.lead_body
    practice.region = _region_of(data)
    practice.stage = data.stage
    practice.start_year = data.start_year
    practice.end_year = data.end_year
    practice.contact_name = data.contact_name
    practice.contact_email = data.contact_email
    practice.full_clean(exclude=["slug", "revision_of", "author"])
    practice.save()
    cities = list(data.partner_cities)
    if data.lead_city and data.lead_city not in cities:
        cities.insert(0, data.lead_city)
    practice.cities.set(cities)
    practice.themes.set(data.themes)
    practice.sdgs.set(data.sdgs)
    practice.results.all().delete()
    for position, row in enumerate(data.results):
        result = KeyResult(practice=practice, position=position, **row)
        result.full_clean(exclude=["practice"])
        result.save()
    practice.links.all().delete()
    for row in data.links:
        link = PracticeLink(practice=practice, **row)
        link.full_clean(exclude=["practice"])
        link.save()
    if not practice.revision_of_id:
        search.update_search_vectors(practice.pk)
    return practice


@transaction.atomic
def practice_create(*, by: User, data: PracticeData) -> BestPractice:
    if not permissions.can_create_practice(by) or not permissions.can_lead_practice_as(
        by, city=data.lead_city, body=data.lead_body
    ):
        raise PermissionDenied
    _validate_content(data)
    title = either(data.texts, "title")
    practice = BestPractice(slug=_unique_slug(title), author=by, status=Status.DRAFT)
    _apply(practice, data)
    _log(practice, to=Status.DRAFT, by=by)
    return practice


@transaction.atomic
def practice_update(*, practice: BestPractice, by: User, data: PracticeData) -> BestPractice:
    """Save an edit. On a published practice the edit goes to its revision (created on the
    first edit), and the public keeps seeing the published text until the revision is
    published. Returns the row that was written."""
    practice = BestPractice.objects.select_for_update().get(pk=practice.pk)
    target = working_copy(practice)
    if not permissions.can_edit_practice(by, target):
        raise PermissionDenied
    if not permissions.can_lead_practice_as(by, city=data.lead_city, body=data.lead_body):
        raise PermissionDenied
    _validate_content(data)
    if target.status == Status.PUBLISHED:
        target = _start_revision(target, by=by)
    title_before = target.title_en or ""
    saved = _apply(target, data)
    if not saved.revision_of_id:
        _slug_follows_english_title(saved, title_before=title_before)
    return saved


def _start_revision(published: BestPractice, *, by: User) -> BestPractice:
    revision = BestPractice(
        slug=published.slug,
        revision_of=published,
        author=by,
        status=Status.DRAFT,
        region=published.region,
        start_year=published.start_year,
    )
    _copy_content(published, revision)
    _log(revision, to=Status.DRAFT, by=by, comment=_("Started editing the published practice."))
    return revision


def _copy_content(source: BestPractice, target: BestPractice) -> None:
    for name in (f"{f}_{lang}" for f in TRANSLATED_FIELDS for lang in LANGUAGE_CODES):
        setattr(target, name, getattr(source, name))
    for name in (
        "original_language",
        "lead_city_id",
        "lead_body_id",
        "region",
        "stage",
        "start_year",
        "end_year",
        "contact_name",
        "contact_email",
    ):
        setattr(target, name, getattr(source, name))
    target.save()
    target.cities.set(source.cities.all())
    target.themes.set(source.themes.all())
    target.sdgs.set(source.sdgs.all())
    target.results.all().delete()
    KeyResult.objects.bulk_create(
        KeyResult(
            practice=target,
            label_en=r.label_en,
            label_ja=r.label_ja,
            label=r.label,
            baseline=r.baseline,
            value=r.value,
            unit=r.unit,
            year=r.year,
            position=r.position,
        )
        for r in source.results.all()
    )
    target.links.all().delete()
    PracticeLink.objects.bulk_create(
        PracticeLink(practice=target, title=link.title, url=link.url) for link in source.links.all()
    )
    target.attachments.all().delete()
    PracticeAttachment.objects.bulk_create(
        PracticeAttachment(
            practice=target,
            file=a.file.name,
            preview=a.preview.name,
            title=a.title,
            original_name=a.original_name,
            content_type=a.content_type,
            size=a.size,
            uploaded_by=a.uploaded_by,
            uploaded_at=a.uploaded_at,
        )
        for a in source.attachments.all()
    )
    # The copies share the files: images are never changed in place, only added and removed.
    target.images.all().delete()
    PracticeImage.objects.bulk_create(
        PracticeImage(
            practice=target,
            file=i.file.name,
            thumbnail=i.thumbnail.name,
            display=i.display.name,
            title=i.title,
            alt_text_en=i.alt_text_en,
            alt_text_ja=i.alt_text_ja,
            is_cover=i.is_cover,
            position=i.position,
            width=i.width,
            height=i.height,
            original_name=i.original_name,
            content_type=i.content_type,
            size=i.size,
            uploaded_by=i.uploaded_by,
            uploaded_at=i.uploaded_at,
        )
        for i in source.images.all()
    )


def _lock(practice: BestPractice) -> BestPractice:
    return BestPractice.objects.select_for_update().get(pk=practice.pk)


@transaction.atomic
def practice_submit(*, practice: BestPractice, by: User) -> BestPractice:
    practice = _lock(practice)
    if not permissions.can_submit_practice(by, practice):
        raise PermissionDenied
    practice.status = Status.SUBMITTED
    practice.save(update_fields=["status", "updated_at"])
    step = _log(practice, frm=Status.DRAFT, to=Status.SUBMITTED, by=by)
    notifications.notify(
        NotificationKind.PRACTICE_SUBMITTED,
        recipients.coordinators(),
        key=f"practice-submitted:{step.pk}",
        exclude=by,
        practice=_original(practice),
    )
    return practice


def _tell_author(practice: BestPractice, kind: str, step: Transition, by: User) -> None:
    author = practice.author
    if author is not None:
        notifications.notify(
            kind,
            [author],
            key=f"{kind}:{step.pk}",
            exclude=by,
            practice=_original(practice),
            context={"comment": step.comment},
        )


@transaction.atomic
def practice_send_back(*, practice: BestPractice, by: User, comment: str) -> BestPractice:
    practice = _lock(practice)
    if not permissions.can_review_practice(by, practice):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError({"comment": [_("Say what the author should change.")]})
    practice.status = Status.DRAFT
    practice.review_comment = comment.strip()
    practice.save(update_fields=["status", "review_comment", "updated_at"])
    step = _log(practice, frm=Status.SUBMITTED, to=Status.DRAFT, by=by, comment=comment.strip())
    audit.record(SecurityEvent.Kind.PRACTICE_SENT_BACK, by=by, subject=_original(practice).slug)
    _tell_author(practice, NotificationKind.PRACTICE_SENT_BACK, step, by)
    return practice


@transaction.atomic
def practice_publish(*, practice: BestPractice, by: User) -> BestPractice:
    """Publish a submitted practice, or a submitted revision onto its original."""
    practice = _lock(practice)
    if not permissions.can_review_practice(by, practice):
        raise PermissionDenied
    if practice.revision_of is not None:
        original = _lock(practice.revision_of)
        title_before = original.title_en or ""
        _copy_content(practice, original)
        _slug_follows_english_title(original, title_before=title_before)
        original.review_comment = ""
        original.save()
        step = _log(practice, frm=Status.SUBMITTED, to=Status.PUBLISHED, by=by)
        _tell_author(practice, NotificationKind.PRACTICE_PUBLISHED, step, by)
        audit.record(
            SecurityEvent.Kind.PRACTICE_PUBLISHED, by=by, subject=original.slug, revision=True
        )
        practice.delete()
        search.update_search_vectors(original.pk)
        return original
    practice.status = Status.PUBLISHED
    practice.review_comment = ""
    practice.published_at = timezone.now()
    practice.save(update_fields=["status", "review_comment", "published_at", "updated_at"])
    audit.record(SecurityEvent.Kind.PRACTICE_PUBLISHED, by=by, subject=practice.slug)
    step = _log(practice, frm=Status.SUBMITTED, to=Status.PUBLISHED, by=by)
    _tell_author(practice, NotificationKind.PRACTICE_PUBLISHED, step, by)
    return practice


@transaction.atomic
def practice_archive(*, practice: BestPractice, by: User) -> BestPractice:
    practice = _lock(practice)
    if not permissions.can_archive_practice(by, practice):
        raise PermissionDenied
    practice.status = Status.ARCHIVED
    practice.save(update_fields=["status", "updated_at"])
    _log(practice, frm=Status.PUBLISHED, to=Status.ARCHIVED, by=by)
    audit.record(SecurityEvent.Kind.PRACTICE_ARCHIVED, by=by, subject=practice.slug)
    return practice


@transaction.atomic
def attachment_add(
    *, practice: BestPractice, by: User, upload: UploadedFile, title: str
) -> PracticeAttachment:
    """Attach a PDF or an image to the working copy. The type is read from the file's content,
    not its name; size is limited."""
    practice = _lock(practice)
    if not permissions.can_edit_practice(by, practice):
        raise PermissionDenied
    check_document(upload)
    if practice.status == Status.PUBLISHED:
        practice = _start_revision(practice, by=by)
    attachment = document_from_upload(
        PracticeAttachment, upload=upload, title=title, by=by, practice=practice
    )
    if attachment.is_pdf:
        transaction.on_commit(partial(_ask_for_preview, attachment.pk))
    return attachment


def _ask_for_preview(attachment_id: int) -> None:
    """Ask a worker for the preview; a broker that is down costs the preview, not the upload."""
    from .tasks import make_attachment_preview

    try:
        make_attachment_preview.apply_async((attachment_id,), retry=False)
    except Exception:
        log.warning("No preview asked for attachment %s", attachment_id, exc_info=True)


def attachment_preview_make(*, attachment_id: int) -> bool:
    """Draw the first page of a PDF attachment as a picture (run by a worker after the upload).
    Returns whether a preview was made; a PDF poppler cannot draw simply has none."""
    attachment = PracticeAttachment.objects.filter(pk=attachment_id).first()
    if attachment is None or not attachment.is_pdf or attachment.preview:
        return False
    with attachment.file.open("rb") as source:
        png = pdf_first_page_png(source.read())
    if png is None:
        return False
    with transaction.atomic():
        locked = PracticeAttachment.objects.select_for_update().filter(pk=attachment_id).first()
        if locked is None or locked.preview:
            return False
        locked.preview.save("preview.png", ContentFile(png), save=False)
        locked.save(update_fields=["preview"])
        # A revision's copy shares the file: give it the same preview.
        PracticeAttachment.objects.filter(file=locked.file.name, preview="").update(
            preview=locked.preview.name
        )
    return True


@dataclass
class ImageData:
    """An image for a practice, as the form cleaned it."""

    upload: UploadedFile
    alt_text_en: str = ""
    alt_text_ja: str = ""
    title: str = ""
    is_cover: bool = False


#: The sizes Pillow makes of each image (longest side, in pixels).
THUMBNAIL_SIDE = 480
DISPLAY_SIDE = 1600


@transaction.atomic
def image_add(*, practice: BestPractice, by: User, data: ImageData) -> PracticeImage:
    """Add an image to the working copy (a published practice changes through a revision):
    checked like every upload and decoded whole, with a text alternative in English or
    Japanese; the server makes a thumbnail and a copy for pages."""
    practice = _lock(practice)
    if not permissions.can_edit_practice(by, practice):
        raise PermissionDenied
    alt = {"en": data.alt_text_en.strip(), "ja": data.alt_text_ja.strip()}
    if not any(alt.values()):
        raise ValidationError(
            {
                "alt_text_en": [
                    _("Describe the image in English or Japanese for people who cannot see it.")
                ]
            }
        )
    checked = check_image(data.upload)
    if practice.status == Status.PUBLISHED:
        practice = _start_revision(practice, by=by)
    name = data.upload.name or "image"
    image = PracticeImage(
        practice=practice,
        file=data.upload,
        title=data.title.strip() or name,
        original_name=name[:255],
        content_type=checked.content_type,
        size=data.upload.size or 0,
        uploaded_by=by,
        width=checked.width,
        height=checked.height,
        alt_text_en=alt["en"],
        alt_text_ja=alt["ja"],
        position=(practice.images.aggregate(n=Max("position"))["n"] or 0) + 1,
    )
    image.thumbnail.save(
        "thumbnail.webp", ContentFile(resized_copy(data.upload, longest_side=THUMBNAIL_SIDE)), False
    )
    image.display.save(
        "display.webp", ContentFile(resized_copy(data.upload, longest_side=DISPLAY_SIDE)), False
    )
    image.full_clean(exclude=["thumbnail", "display"])
    image.save()
    if data.is_cover or not practice.images.filter(is_cover=True).exists():
        _make_cover(image)
    return image


def _make_cover(image: PracticeImage) -> None:
    PracticeImage.objects.filter(practice=image.practice_id, is_cover=True).exclude(
        pk=image.pk
    ).update(is_cover=False)
    PracticeImage.objects.filter(pk=image.pk).update(is_cover=True)
    image.is_cover = True
    BestPractice.objects.filter(pk=image.practice_id).update(updated_at=timezone.now())
    public_cache.rows_changed()  # update() sends no signal


@transaction.atomic
def image_make_cover(*, image: PracticeImage, by: User) -> PracticeImage:
    practice = _lock(image.practice)
    if not permissions.can_manage_practice_images(by, practice):
        raise PermissionDenied
    _make_cover(image)
    return image


@transaction.atomic
def image_remove(*, image: PracticeImage, by: User) -> None:
    practice = _lock(image.practice)
    if not permissions.can_manage_practice_images(by, practice):
        raise PermissionDenied
    was_cover = image.is_cover
    image.delete()
    if was_cover:
        successor = practice.images.order_by("position", "pk").first()
        if successor is not None:
            _make_cover(successor)


@transaction.atomic
def attachment_remove(*, attachment: PracticeAttachment, by: User) -> None:
    practice = _lock(attachment.practice)
    if not permissions.can_remove_practice_attachment(by, practice):
        raise PermissionDenied
    attachment.delete()


@transaction.atomic
def theme_create(*, by: User, slug: str, name_en: str, name_ja: str) -> Theme:
    if not permissions.can_manage_themes(by):
        raise PermissionDenied
    theme = Theme(slug=slug, name=name_en, name_en=name_en, name_ja=name_ja, position=100)
    if Theme.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": [_("A theme with this short name already exists.")]})
    theme.full_clean()
    theme.save()
    audit.record(SecurityEvent.Kind.THEME_CREATED, by=by, subject=slug)
    transaction.on_commit(selectors.catalogue_changed)
    return theme
