from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cities.models import Membership

from . import permissions, services
from .http import staff_user
from .models import Invitation, SecurityEvent, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["city", "body", "job_title"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "preferred_language",
        "time_zone",
        "is_active",
        "is_staff",
    ]
    list_filter = ["is_active", "is_staff", "is_superuser", "preferred_language"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("full_name", "preferred_language", "time_zone")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class InvitationAdminForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "full_name", "city", "body", "language"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                services.invitation_check(
                    email=cleaned["email"], city=cleaned.get("city"), body=cleaned.get("body")
                )
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    self.add_error(name if name in self.fields else None, errors)
        return cleaned


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """New invitations go through ``invitation_create``, which e-mails the link; an invitation
    cannot be edited afterwards, only revoked (the action below)."""

    form = InvitationAdminForm
    list_display = ["email", "city", "body", "invited_by", "created_at", "expires_at", "status"]
    list_select_related = ["city", "body", "invited_by"]
    search_fields = ["email"]
    actions = ["revoke"]

    def get_fields(self, request: HttpRequest, obj: Invitation | None = None) -> tuple[str, ...]:
        if obj is None:
            return ("email", "full_name", "city", "body", "language")
        return (
            "email",
            "full_name",
            "city",
            "body",
            "language",
            "invited_by",
            "created_at",
            "expires_at",
            "accepted_at",
            "accepted_user",
            "revoked_at",
            "revoked_by",
        )

    def get_readonly_fields(
        self, request: HttpRequest, obj: Invitation | None = None
    ) -> tuple[str, ...]:
        return () if obj is None else self.get_fields(request, obj)

    def save_model(self, request: HttpRequest, obj: Invitation, form: Any, change: bool) -> None:
        if change:
            return  # nothing is editable once sent
        data = form.cleaned_data
        saved = services.invitation_create(
            email=data["email"],
            by=staff_user(request),
            city=data.get("city"),
            body=data.get("body"),
            full_name=data.get("full_name", ""),
            language=data["language"],
        )
        obj.pk = saved.pk
        obj._state.adding = False

    @admin.action(description=_("Revoke the selected pending invitations"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        by = staff_user(request)
        revoked = 0
        for invitation in queryset:
            if permissions.can_revoke_invitation(by, invitation):
                try:
                    services.invitation_revoke(invitation=invitation, by=by)
                except PermissionDenied:
                    continue
                revoked += 1
        self.message_user(
            request, _("%(count)s invitation(s) revoked.") % {"count": revoked}, messages.SUCCESS
        )


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The security log, for site admins, read-only: nothing in the portal adds, changes or
    deletes a line of it (the services and the log-in signals write it)."""

    list_display = ["at", "kind", "actor_email", "subject", "ip"]
    list_filter = ["kind", "at"]
    search_fields = ["actor_email", "subject", "ip"]
    date_hierarchy = "at"
    list_per_page = 100
    show_full_result_count = False
    fields = ("at", "kind", "actor", "actor_email", "subject", "ip", "user_agent", "details")
    readonly_fields = fields
    actions = None

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_see_security_log(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_see_security_log(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
