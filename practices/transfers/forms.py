from datetime import date
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.models import User
from cities.models import City
from cooperation_portal.forms import PortalForm, form_field
from exchanges.models import Meeting, Milestone

from ..models import STAGE_ORDER, Transfer, TransferStage
from .services import DetailsData, EvidenceFile, InterestData, KPIData, StepData

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InterestForm(PortalForm):
    """A city's interest in a practice: which city (an officer's own, or any for a
    coordinator) and why."""

    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.none())
    interest = forms.CharField(
        label=_("Why is the city interested?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few sentences: what the city hopes to learn or achieve."),
    )

    def __init__(self, *args: Any, user: User, cities: list[City], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = form_field(self, "city", forms.ModelChoiceField)
        field.queryset = City.objects.filter(pk__in=[c.pk for c in cities])
        if len(cities) == 1:
            field.initial = cities[0].pk
        self.practice_cities = cities
        self.user = user

    def service_data(self, practice: Any) -> InterestData:
        return InterestData(
            practice=practice,
            city=self.cleaned_data["city"],
            interest=self.cleaned_data["interest"],
        )


def interest_cities(user: User, practice: Any) -> list[City]:
    """The cities ``user`` may mark the practice "of interest" for, leaving out its own."""
    own = {c.pk for c in practice.city_list()} | {practice.lead_city_id}
    if permissions.can_pair_cities(user):
        cities = list(City.objects.all())
    else:
        cities = list(City.objects.filter(pk__in=permissions.officer_city_ids(user)))
    return [c for c in cities if c.pk not in own]


class EvidenceLinkForm(PortalForm):
    title = forms.CharField(label=_("Link text"), max_length=200, required=False)
    url = forms.URLField(label=_("Address"), max_length=500, required=False, assume_scheme="https")


class MoveForm(PortalForm):
    """A stage change: where to, on which day, a note and evidence, and what the new stage
    needs (meetings for a study, dates for a pilot)."""

    to_stage = forms.ChoiceField(label=_("New stage"), widget=forms.RadioSelect)
    on = forms.DateField(
        label=_("Reached on"),
        widget=DATE_WIDGET,
        help_text=_("The day the transfer reached this stage."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What happened. Needed when a stage is skipped, when moving back and when stopping "
            "(the reason is kept as a lesson)."
        ),
    )
    link_title = forms.CharField(label=_("Evidence: link text"), max_length=200, required=False)
    link_url = forms.URLField(
        label=_("Evidence: address"), max_length=500, required=False, assume_scheme="https"
    )
    file = forms.FileField(
        label=_("Evidence: file"),
        required=False,
        help_text=_("A PDF or an image (PNG, JPEG, WebP, GIF), at most 10 MB."),
    )
    file_title = forms.CharField(label=_("Title of the file"), max_length=200, required=False)
    meetings = forms.ModelMultipleChoiceField(
        label=_("Study visits and exchange meetings"),
        queryset=Meeting.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a study: the meetings where the cities met."),
    )
    pilot_starts_on = forms.DateField(
        label=_("Pilot starts on"), required=False, widget=DATE_WIDGET, help_text=_("For a pilot.")
    )
    pilot_ends_on = forms.DateField(label=_("Pilot ends on"), required=False, widget=DATE_WIDGET)
    milestones = forms.ModelMultipleChoiceField(
        label=_("Milestones of the pilot"),
        queryset=Milestone.objects.none(),
        required=False,
        help_text=_("Milestones of the action plan the pilot delivers."),
    )

    def __init__(
        self,
        *args: Any,
        transfer: Transfer,
        meetings: Any,
        milestones: Any,
        today: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        stages = [*STAGE_ORDER, TransferStage.STOPPED]
        form_field(self, "to_stage", forms.ChoiceField).choices = [
            (s.value, s.label) for s in stages if s != transfer.stage
        ]
        form_field(self, "meetings", forms.ModelMultipleChoiceField).queryset = meetings
        form_field(self, "milestones", forms.ModelMultipleChoiceField).queryset = milestones
        self.fields["on"].initial = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("link_title") and not data.get("link_url"):
            self.add_error("link_url", _("Give the address of the link."))
        return data

    def service_data(self) -> StepData:
        data = self.cleaned_data
        links = []
        if data.get("link_url"):
            links.append(
                {"title": data.get("link_title") or data["link_url"], "url": data["link_url"]}
            )
        files = []
        if data.get("file"):
            files.append(EvidenceFile(upload=data["file"], title=data.get("file_title", "")))
        return StepData(
            to_stage=data["to_stage"],
            on=data["on"],
            note=data.get("note", ""),
            links=links,
            files=files,
            meetings=list(data.get("meetings") or []),
            milestones=list(data.get("milestones") or []),
            pilot_starts_on=data.get("pilot_starts_on"),
            pilot_ends_on=data.get("pilot_ends_on"),
        )


class DetailsForm(PortalForm):
    plan_changes = forms.CharField(
        label=_("What changes for the local context"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    plan_costs = forms.CharField(
        label=_("Costs and funding"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    plan_partners = forms.CharField(
        label=_("Partners"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    plan_risks = forms.CharField(
        label=_("Risks"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    pilot_starts_on = forms.DateField(
        label=_("Pilot starts on"), required=False, widget=DATE_WIDGET
    )
    pilot_ends_on = forms.DateField(label=_("Pilot ends on"), required=False, widget=DATE_WIDGET)
    meetings = forms.ModelMultipleChoiceField(
        label=_("Study visits and exchange meetings"),
        queryset=Meeting.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    milestones = forms.ModelMultipleChoiceField(
        label=_("Milestones of the pilot"), queryset=Milestone.objects.none(), required=False
    )

    def __init__(self, *args: Any, meetings: Any, milestones: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "meetings", forms.ModelMultipleChoiceField).queryset = meetings
        form_field(self, "milestones", forms.ModelMultipleChoiceField).queryset = milestones

    def service_data(self) -> DetailsData:
        data = self.cleaned_data
        return DetailsData(
            plan_changes=data.get("plan_changes", ""),
            plan_costs=data.get("plan_costs", ""),
            plan_partners=data.get("plan_partners", ""),
            plan_risks=data.get("plan_risks", ""),
            pilot_starts_on=data.get("pilot_starts_on"),
            pilot_ends_on=data.get("pilot_ends_on"),
            meetings=list(data.get("meetings") or []),
            milestones=list(data.get("milestones") or []),
        )


def details_initial(transfer: Transfer) -> dict[str, Any]:
    return {
        "plan_changes": transfer.plan_changes,
        "plan_costs": transfer.plan_costs,
        "plan_partners": transfer.plan_partners,
        "plan_risks": transfer.plan_risks,
        "pilot_starts_on": transfer.pilot_starts_on,
        "pilot_ends_on": transfer.pilot_ends_on,
        "meetings": list(transfer.meetings.all()),
        "milestones": list(transfer.milestones.all()),
    }


class KPIForm(PortalForm):
    label_en = forms.CharField(label=_("Indicator (English)"), max_length=200, required=False)
    label_ja = forms.CharField(
        label=_("Indicator (Japanese)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"lang": "ja"}),
    )
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    baseline = forms.DecimalField(
        label=_("Baseline"), max_digits=14, decimal_places=2, required=False
    )
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2, required=False)
    measured = forms.DecimalField(
        label=_("Measured"), max_digits=14, decimal_places=2, required=False
    )
    measured_on = forms.DateField(label=_("Measured on"), required=False, widget=DATE_WIDGET)

    def service_data(self) -> KPIData | None:
        """The row, or None for a row left empty."""
        data = self.cleaned_data
        if not any(data.get(k) not in (None, "") for k in self.fields):
            return None
        return KPIData(
            label_en=data.get("label_en", ""),
            label_ja=data.get("label_ja", ""),
            unit=data.get("unit", ""),
            baseline=data.get("baseline"),
            target=data.get("target"),
            measured=data.get("measured"),
            measured_on=data.get("measured_on"),
        )


KPIFormSet = formset_factory(KPIForm, extra=2, max_num=30, validate_max=True)


def kpis_initial(transfer: Transfer) -> list[dict[str, Any]]:
    return [
        {
            "label_en": k.label_en,
            "label_ja": k.label_ja,
            "unit": k.unit,
            "baseline": k.baseline,
            "target": k.target,
            "measured": k.measured,
            "measured_on": k.measured_on,
        }
        for k in transfer.kpis.all()
    ]


class CommentForm(PortalForm):
    text = forms.CharField(
        label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
