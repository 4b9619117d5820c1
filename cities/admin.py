from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import City, CoordinatingBody, Membership


@admin.register(City)
class CityAdmin(TranslationAdmin):
    list_display = ["name", "country", "region", "programme_role", "time_zone", "position"]
    list_filter = ["region", "programme_role"]
    prepopulated_fields = {"slug": ["name_en"]}
    search_fields = ["name_en", "name_ja", "local_name"]


@admin.register(CoordinatingBody)
class CoordinatingBodyAdmin(TranslationAdmin):
    list_display = ["short_name", "name", "kind", "country", "time_zone"]
    search_fields = ["name_en", "name_ja", "short_name_en", "short_name_ja"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "city", "body", "job_title", "created_at"]
    list_filter = ["city", "body"]
    list_select_related = ["user", "city", "body"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]
