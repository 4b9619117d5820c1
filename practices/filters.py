import django_filters
from django import forms
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cities.models import City, Region

from . import search
from .models import BestPractice, Stage, SustainableDevelopmentGoal, Theme


class PracticeFilter(django_filters.FilterSet):
    """The catalogue's filters, all in the URL so that a filtered list can be shared."""

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", max_length=search.MAX_QUERY_LENGTH
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Theme"),
        field_name="themes__slug",
        to_field_name="slug",
        method="filter_related",
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    city = django_filters.ModelMultipleChoiceFilter(
        label=_("City"),
        field_name="cities__slug",
        to_field_name="slug",
        method="filter_related",
        queryset=City.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices)
    stage = django_filters.MultipleChoiceFilter(
        label=_("Stage"),
        choices=Stage.choices,
        widget=forms.CheckboxSelectMultiple,
        # One value per practice: no join, so no DISTINCT (which sorted every match).
        distinct=False,
    )
    sdg = django_filters.ModelMultipleChoiceFilter(
        label=_("SDG"),
        field_name="sdgs__number",
        to_field_name="number",
        method="filter_related",
        queryset=SustainableDevelopmentGoal.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    year = django_filters.NumberFilter(
        label=_("Start year"), field_name="start_year", min_value=1990, max_value=2100
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="filter_sort",
        empty_label=None,
        choices=[("", _("Relevance or newest")), ("newest", _("Newest")), ("title", _("Title"))],
    )

    class Meta:
        model = BestPractice
        fields: list[str] = []

    def filter_related(self, queryset, name, value):
        """Any of the chosen themes (cities, SDGs), as a semi-join on the link table: no join
        that multiplies rows, so no DISTINCT, and the default order can walk its index."""
        if not value:
            return queryset
        relation = name.split("__")[0]  # the filter's field_name: themes__slug, …
        through = getattr(BestPractice, relation).through
        target = {"themes": "theme", "cities": "city", "sdgs": "sustainabledevelopmentgoal"}[
            relation
        ]
        links = through.objects.filter(**{f"{target}__in": value}).values("bestpractice_id")
        return queryset.filter(pk__in=links)

    def filter_search(self, queryset, name, value):
        return search.search(queryset, value)

    def filter_sort(self, queryset, name, value):
        return queryset

    @property
    def qs(self):
        queryset = super().qs
        data = getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
        sort = data.get("sort") or ""
        if sort == "title":
            language = (get_language() or "en")[:2]
            other = "ja" if language == "en" else "en"
            title = Lower(Coalesce(NullIf(F(f"title_{language}"), Value("")), F(f"title_{other}")))
            return queryset.order_by(title, "pk")
        if data.get("q") and sort != "newest":
            return search.relevance_order(queryset)
        return queryset.order_by("-published_at", "-pk")
