import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cities.models import City

from ..models import Meeting, MeetingFormat, MeetingQuerySet


class MeetingFilter(django_filters.FilterSet):
    city = django_filters.ModelChoiceFilter(
        label=_("City"),
        queryset=City.objects.all(),
        to_field_name="slug",
        method="filter_city",
        empty_label=_("All cities"),
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=MeetingFormat.choices, empty_label=_("All formats")
    )
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        method="filter_when",
        empty_label=None,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Meeting
        fields: list[str] = []

    def filter_city(self, queryset: MeetingQuerySet, name: str, value: City) -> MeetingQuerySet:
        """Hosted by the city or with it among the participants."""
        ids = Meeting.objects.filter(Q(host_city=value) | Q(cities=value)).values("pk")
        return queryset.filter(pk__in=ids)

    def filter_when(self, queryset: MeetingQuerySet, name: str, value: str) -> MeetingQuerySet:
        return queryset.past() if value == "past" else queryset.upcoming()
