from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import AgendaItem, Attendance, Decision, Meeting, MeetingChange


class AgendaInline(TranslationTabularInline):
    model = AgendaItem
    extra = 0


class DecisionInline(TranslationTabularInline):
    model = Decision
    extra = 0


class ChangeInline(admin.TabularInline):
    model = MeetingChange
    extra = 0
    can_delete = False
    readonly_fields = ["field", "old_value", "new_value", "by", "at"]


@admin.register(Meeting)
class MeetingAdmin(TranslationAdmin):
    list_display = ["title", "starts_at", "time_zone", "host_city", "host_body", "status"]
    list_filter = ["status", "format", "visibility"]
    list_select_related = ["host_city", "host_body"]
    search_fields = ["title_en", "title_ja"]
    filter_horizontal = ["cities", "bodies", "invitees"]
    readonly_fields = ["uid", "sequence"]
    inlines = [AgendaInline, DecisionInline, ChangeInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "response", "responded_at"]
    list_select_related = ["meeting", "user"]
