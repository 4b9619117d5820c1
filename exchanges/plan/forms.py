from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import time_zone_choices
from accounts.models import User
from accounts.permissions import Viewer
from cities.forms import organisation_choices, resolve_organisation
from cities.models import City, CoordinatingBody
from cooperation_portal.dates import validate_programme_date
from cooperation_portal.forms import PortalForm, ProgrammeDateField, form_field
from practices.forms import LinkFormSet
from practices.models import Theme

from ..models import ActionPlan, Meeting, Milestone, MilestoneStatus, Workstream
from .services import MilestoneData, PlanData, ProgressData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

__all__ = [
    "LinkFormSet",
    "MilestoneFilter",
    "MilestoneForm",
    "PlanForm",
    "ProgressForm",
    "QuickProgressForm",
]


class MilestoneForm(PortalForm):
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("e.g. AP-2.3"))
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    title_ja = forms.CharField(
        label=_("Title (Japanese)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"lang": "ja"}),
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_ja = forms.CharField(
        label=_("Description (Japanese)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "ja"}),
    )
    workstream = forms.ModelChoiceField(label=_("Workstream"), queryset=Workstream.objects.none())
    owner_cities = forms.ModelMultipleChoiceField(
        label=_("Owner cities"),
        queryset=City.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    owner_bodies = forms.ModelMultipleChoiceField(
        label=_("Owner bodies"),
        queryset=CoordinatingBody.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the milestone is about; the partnership pages filter by theme."),
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible person"),
        required=False,
        queryset=User.objects.filter(is_active=True, memberships__isnull=False)
        .distinct()
        .order_by("full_name", "email"),
    )
    start_date = ProgrammeDateField(label=_("Start date"))
    due_date = ProgrammeDateField(label=_("Due date"))
    due_time_zone = forms.ChoiceField(label=_("Due at the end of the day in"), initial="Asia/Tokyo")
    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), initial=0)
    completed_on = ProgrammeDateField(label=_("Completed on"), required=False)
    dependencies = forms.ModelMultipleChoiceField(
        label=_("Depends on"),
        queryset=Milestone.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    meeting = forms.ModelChoiceField(
        label=_("Agreed or last discussed at"),
        required=False,
        queryset=Meeting.objects.order_by("-starts_at"),
    )
    accept_warnings = forms.BooleanField(
        label=_("I have read the warnings above and want to save anyway"), required=False
    )

    def __init__(self, *args: Any, plan: ActionPlan, milestone: Milestone | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        form_field(self, "workstream", forms.ModelChoiceField).queryset = plan.workstreams.all()
        others = plan.milestones.order_by("code")
        if milestone is not None:
            others = others.exclude(pk=milestone.pk)
        form_field(self, "dependencies", forms.ModelChoiceField).queryset = others
        form_field(self, "due_time_zone", forms.ChoiceField).choices = time_zone_choices("—")[1:]
        if milestone is not None and not self.is_bound:
            self.initial.update(
                {
                    name: getattr(milestone, name)
                    for name in (
                        "code",
                        "title_en",
                        "title_ja",
                        "description_en",
                        "description_ja",
                        "workstream",
                        "responsible",
                        "start_date",
                        "due_date",
                        "due_time_zone",
                        "status",
                        "progress",
                        "completed_on",
                        "meeting",
                    )
                }
                | {
                    "owner_cities": list(milestone.owner_cities.all()),
                    "owner_bodies": list(milestone.owner_bodies.all()),
                    "themes": list(milestone.themes.all()),
                    "dependencies": list(milestone.dependencies.all()),
                }
            )

    def service_data(self) -> MilestoneData:
        data = self.cleaned_data
        return MilestoneData(
            code=data["code"],
            title_en=data["title_en"],
            title_ja=data["title_ja"],
            description_en=data["description_en"],
            description_ja=data["description_ja"],
            workstream=data["workstream"],
            start_date=data["start_date"],
            due_date=data["due_date"],
            due_time_zone=data["due_time_zone"],
            owner_cities=list(data["owner_cities"]),
            owner_bodies=list(data["owner_bodies"]),
            themes=list(data["themes"]),
            responsible=data["responsible"],
            status=data["status"],
            progress=data["progress"],
            completed_on=data["completed_on"],
            dependencies=list(data["dependencies"]),
            meeting=data["meeting"],
        )


class ProgressForm(PortalForm):
    status = forms.ChoiceField(label=_("Status"))
    progress = forms.IntegerField(label=_("Progress (%)"))
    completed_on = ProgrammeDateField(label=_("Completed on"), required=False)
    progress_note = forms.CharField(
        label=_("Progress note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, can_cancel: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        form_field(self, "status", forms.ChoiceField).choices = [
            c for c in MilestoneStatus.choices if can_cancel or c[0] != "cancelled"
        ]

    def service_data(self, evidence: list[dict[str, str]]) -> ProgressData:
        data = self.cleaned_data
        return ProgressData(
            status=data["status"],
            progress=data["progress"],
            completed_on=data["completed_on"],
            progress_note=data["progress_note"],
            evidence=evidence,
        )


class QuickProgressForm(PortalForm):
    """Progress in one step, from a list such as “My portal”: the status and the percentage.
    The note and the evidence stay as they are; a milestone marked done is completed today."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[c for c in MilestoneStatus.choices if c[0] != MilestoneStatus.CANCELLED],
    )
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)

    def service_data(self, milestone: Milestone) -> ProgressData:
        data = self.cleaned_data
        done = data["status"] == MilestoneStatus.DONE
        return ProgressData(
            status=data["status"],
            progress=data["progress"],
            completed_on=(milestone.completed_on or timezone.localdate()) if done else None,
            progress_note=milestone.progress_note,
            evidence=None,
        )


class PlanForm(PortalForm):
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    title_ja = forms.CharField(label=_("Title (Japanese)"), max_length=200, required=False)
    objectives_en = forms.CharField(
        label=_("Objectives (English)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    objectives_ja = forms.CharField(
        label=_("Objectives (Japanese)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "ja"}),
    )
    period_start = ProgrammeDateField(label=_("Period starts"))
    period_end = ProgrammeDateField(label=_("Period ends"))

    def __init__(self, *args: Any, plan: ActionPlan | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plan is not None and not self.is_bound:
            self.initial.update({name: getattr(plan, name) for name in self.fields})

    def service_data(self) -> PlanData:
        return PlanData(**{name: self.cleaned_data[name] for name in self.fields})


class MilestoneFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=MilestoneStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    owner = django_filters.ChoiceFilter(label=_("Owner"), method="filter_owner", choices=[])
    workstream = django_filters.ModelChoiceFilter(
        label=_("Workstream"), queryset=Workstream.objects.none(), empty_label=_("All")
    )
    due_after = django_filters.DateFilter(
        label=_("Due from"),
        field_name="due_date",
        lookup_expr="gte",
        widget=DATE,
        validators=[validate_programme_date],
    )
    due_before = django_filters.DateFilter(
        label=_("Due until"),
        field_name="due_date",
        lookup_expr="lte",
        widget=DATE,
        validators=[validate_programme_date],
    )

    class Meta:
        model = Milestone
        fields: list[str] = []

    def __init__(self, *args: Any, plan: ActionPlan, user: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workstreams = plan.workstreams.all()
        workstream = self.filters["workstream"]
        assert isinstance(workstream, django_filters.ModelChoiceFilter)
        workstream.queryset = workstreams
        form_field(self.form, "workstream", forms.ModelChoiceField).queryset = workstreams.all()
        choices = [("", _("All")), *organisation_choices(user, for_host=False)]
        self.filters["owner"].extra["choices"] = choices
        form_field(self.form, "owner", forms.ChoiceField).choices = choices

    def filter_owner(
        self, queryset: QuerySet[Milestone], name: str, value: str
    ) -> QuerySet[Milestone]:
        owner = resolve_organisation(value)
        if owner is None:
            return queryset.none()
        relation = "owner_cities" if isinstance(owner, City) else "owner_bodies"
        ids = Milestone.objects.filter(**{relation: owner}).values("pk")
        return queryset.filter(pk__in=ids)
