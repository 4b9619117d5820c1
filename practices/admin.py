"""Practices are written, reviewed and published on the portal's pages, whose services record
every step, keep the public text while a change waits and refresh the search index. Here they
are read-only (a site admin may still delete one)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import (
    BestPractice,
    KeyResult,
    PracticeAttachment,
    PracticeImage,
    PracticeLink,
    PracticeOldSlug,
    SustainableDevelopmentGoal,
    Theme,
    Transfer,
    TransferComment,
    TransferKPI,
    TransferStep,
    Transition,
)


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(SustainableDevelopmentGoal)
class SDGAdmin(TranslationAdmin):
    list_display = ["number", "name"]


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class KeyResultInline(_ReadOnly, TranslationTabularInline):
    model = KeyResult
    extra = 0


class LinkInline(_ReadOnly, admin.TabularInline):
    model = PracticeLink
    extra = 0


class AttachmentInline(_ReadOnly, admin.TabularInline):
    model = PracticeAttachment
    extra = 0


class ImageInline(_ReadOnly, admin.TabularInline):
    model = PracticeImage
    extra = 0
    fields = ["title", "alt_text_en", "alt_text_ja", "is_cover", "width", "height"]


class TransitionInline(_ReadOnly, admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False


class OldSlugInline(_ReadOnly, admin.TabularInline):
    model = PracticeOldSlug
    extra = 0
    fields = ["slug", "retired_at"]


@admin.register(BestPractice)
class BestPracticeAdmin(_ReadOnly, TranslationAdmin):
    list_display = ["title", "lead_city", "lead_body", "status", "stage", "published_at"]
    list_filter = ["status", "stage", "region", "themes"]
    list_select_related = ["lead_city", "lead_body"]
    search_fields = ["title_en", "title_ja", "slug"]
    inlines = [
        KeyResultInline,
        LinkInline,
        AttachmentInline,
        ImageInline,
        TransitionInline,
        OldSlugInline,
    ]


class StepInline(_ReadOnly, admin.TabularInline):
    model = TransferStep
    extra = 0
    can_delete = False


class TransferKPIInline(_ReadOnly, admin.TabularInline):
    model = TransferKPI
    extra = 0
    fields = ["label_en", "label_ja", "unit", "baseline", "target", "measured", "measured_on"]


class CommentInline(_ReadOnly, admin.TabularInline):
    model = TransferComment
    extra = 0


@admin.register(Transfer)
class TransferAdmin(_ReadOnly, admin.ModelAdmin):
    """Transfers move through their pages (``practices.transfers.services``): read-only here."""

    list_display = ["practice", "city", "stage", "stage_since", "started_on"]
    list_filter = ["stage", "city"]
    list_select_related = ["practice", "city"]
    inlines = [StepInline, TransferKPIInline, CommentInline]
