"""The admin is a client of the services like any page (HackSoft's styleguide): a meeting saved
here goes through ``meeting_create``/``meeting_update``, so a change of time is recorded, raises
the calendar SEQUENCE and tells the participants. What has its own page flow in the portal (the
agenda, the minutes and decisions, attendance) is shown here read-only."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from accounts.http import staff_user

from .meetings import services
from .models import AgendaItem, Attendance, Decision, Meeting, MeetingChange

#: Where the service's errors belong on the admin's form (the portal's form names differ).
_ERROR_FIELDS = {"start_time": "starts_at", "end_time": "ends_at", "host": "host_city"}


class MeetingAdminForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "starts_at",
            "ends_at",
            "time_zone",
            "host_city",
            "host_body",
            "cities",
            "bodies",
            "invitees",
            "themes",
            "format",
            "online_link",
            "place",
            "languages",
            "interpretation",
            "visibility",
            "status",
            "reminder_hours",
        ]

    def service_data(self) -> services.MeetingData:
        data = self.cleaned_data
        return services.MeetingData(
            **{
                name: data.get(name) or ""
                for name in ("title_en", "title_ja", "description_en", "description_ja")
            },
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            time_zone=data["time_zone"],
            host_city=data.get("host_city"),
            host_body=data.get("host_body"),
            cities=list(data.get("cities") or []),
            bodies=list(data.get("bodies") or []),
            invitees=list(data.get("invitees") or []),
            themes=list(data.get("themes") or []),
            format=data["format"],
            online_link=data.get("online_link") or "",
            place=data.get("place") or "",
            languages=data["languages"],
            interpretation=bool(data.get("interpretation")),
            visibility=data["visibility"],
            status=data["status"],
            reminder_hours=data["reminder_hours"],
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                services.meeting_check(
                    self.service_data(), meeting=self.instance if self.instance.pk else None
                )
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    field = _ERROR_FIELDS.get(name, name)
                    self.add_error(field if field in self.fields else None, messages)
        return cleaned


class _ReadOnlyInline(TranslationTabularInline):
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AgendaInline(_ReadOnlyInline):
    model = AgendaItem


class DecisionInline(_ReadOnlyInline):
    model = Decision


class ChangeInline(admin.TabularInline):
    model = MeetingChange
    extra = 0
    can_delete = False
    #: What changed in words (Host, Time zone), as on the meeting's page.
    fields = ["what_changed", "old_value", "new_value", "by", "at"]
    readonly_fields = ["what_changed", "old_value", "new_value", "by", "at"]

    @admin.display(description=_("what changed"))
    def what_changed(self, change: MeetingChange) -> str:
        return change.label

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(TranslationAdmin):
    form = MeetingAdminForm
    list_display = ["title", "starts_at", "time_zone", "host_city", "host_body", "status"]
    list_filter = ["status", "format", "visibility"]
    list_select_related = ["host_city", "host_body"]
    search_fields = ["title_en", "title_ja"]
    filter_horizontal = ["cities", "bodies", "invitees", "themes"]
    #: What ``MeetingData`` holds; the minutes are written on the meeting's page.
    fields = [
        "title",
        "description",
        "starts_at",
        "ends_at",
        "time_zone",
        "host_city",
        "host_body",
        "cities",
        "bodies",
        "invitees",
        "themes",
        "format",
        "online_link",
        "place",
        "languages",
        "interpretation",
        "visibility",
        "status",
        "reminder_hours",
        "uid",
        "sequence",
    ]
    readonly_fields = ["uid", "sequence"]
    inlines = [AgendaInline, DecisionInline, ChangeInline]

    def save_model(self, request: HttpRequest, obj: Meeting, form: Any, change: bool) -> None:
        data = form.service_data()
        if change:
            saved = services.meeting_update(meeting=obj, by=staff_user(request), data=data)
        else:
            saved = services.meeting_create(by=staff_user(request), data=data)
        # The admin goes on with ``obj`` (log entry, redirect): make it the saved row.
        obj.pk = saved.pk
        obj._state.adding = False
        obj.sequence = saved.sequence

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The service has set the participants; only the (read-only) inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    """Answers are given by the people themselves, on the meeting's page."""

    list_display = ["meeting", "user", "response", "responded_at"]
    list_select_related = ["meeting", "user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
