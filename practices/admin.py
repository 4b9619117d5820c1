from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import (
    BestPractice,
    KeyResult,
    PracticeAttachment,
    PracticeLink,
    SustainableDevelopmentGoal,
    Theme,
    Transition,
)


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(SustainableDevelopmentGoal)
class SDGAdmin(TranslationAdmin):
    list_display = ["number", "name"]


class KeyResultInline(TranslationTabularInline):
    model = KeyResult
    extra = 0


class LinkInline(admin.TabularInline):
    model = PracticeLink
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = PracticeAttachment
    extra = 0
    readonly_fields = ["content_type", "size", "uploaded_by", "uploaded_at"]


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "at", "comment", "on_revision"]


@admin.register(BestPractice)
class BestPracticeAdmin(TranslationAdmin):
    """Read-mostly: the workflow runs through the portal's pages, which record every step."""

    list_display = ["title", "lead_city", "lead_body", "status", "stage", "published_at"]
    list_filter = ["status", "stage", "region", "themes"]
    list_select_related = ["lead_city", "lead_body"]
    search_fields = ["title_en", "title_ja", "slug"]
    readonly_fields = ["status", "revision_of", "published_at", "author", "region"]
    filter_horizontal = ["cities", "themes", "sdgs"]
    inlines = [KeyResultInline, LinkInline, AttachmentInline, TransitionInline]
