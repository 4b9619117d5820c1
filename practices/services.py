"""Every write on best practices: creation, editing, the review workflow and attachments.

Workflow: draft → submitted → published (→ archived); a coordinator may send a submitted
practice back to draft with a comment. Editing a published practice creates a *revision* row
that goes through the same steps; publishing it copies it onto the original. Every transition
is recorded (who, when, comment) on the original practice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts import audit, permissions
from accounts.models import SecurityEvent, User
from cities.models import City, CoordinatingBody, Region
from cooperation_portal.bilingual import either
from cooperation_portal.uploads import check_document, document_from_upload
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
    PracticeLink,
    Status,
    SustainableDevelopmentGoal,
    Theme,
    Transition,
)


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


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "practice"
    slug, n = base, 1
    while BestPractice.objects.originals().filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


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
    return _apply(target, data)


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
            title=a.title,
            original_name=a.original_name,
            content_type=a.content_type,
            size=a.size,
            uploaded_by=a.uploaded_by,
            uploaded_at=a.uploaded_at,
        )
        for a in source.attachments.all()
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
        _copy_content(practice, original)
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
    return document_from_upload(
        PracticeAttachment, upload=upload, title=title, by=by, practice=practice
    )


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
