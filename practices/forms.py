from typing import Any

from django import forms
from django.conf import settings
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cities.forms import organisation_choices, organisation_value, resolve_organisation
from cities.models import City, CoordinatingBody
from cooperation_portal.bilingual import either
from cooperation_portal.forms import PortalForm, form_field

from .models import (
    LANGUAGE_CODES,
    TRANSLATED_FIELDS,
    BestPractice,
    Stage,
    SustainableDevelopmentGoal,
    Theme,
)
from .services import ImageData, PracticeData

LANGUAGE_NAMES = {"en": _("English"), "ja": _("Japanese")}
FIELD_LABELS = {
    "title": _("Title"),
    "summary": _("Summary"),
    "problem": _("The problem"),
    "solution": _("The solution"),
    "partners": _("People and partners"),
    "costs": _("Costs and funding"),
    "outcomes": _("Results"),
    "transferability": _("Transferability"),
    "lessons_learned": _("Lessons learned"),
}
_MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists, links, ## headings.")
FIELD_HELP = {
    "summary": _("Two or three sentences shown in the catalogue."),
    "problem": _("The challenge the city faced, and for whom."),
    "solution": _("What was done, how it works. Markdown: **bold**, *italic*, lists, links."),
    "partners": _("Who took part: departments, companies, residents, researchers."),
    "costs": _("What it cost and who paid: budgets, grants, savings."),
    "outcomes": _("What changed, in words; the figures go in the results table below."),
    "transferability": _("What another city needs to re-use it: conditions, skills, data."),
    "lessons_learned": _MARKDOWN_HELP,
}


def _year_now() -> int:
    return timezone.now().year


class PracticeForm(PortalForm):
    """A practice in both languages. Either language may be left empty, not both."""

    original_language = forms.ChoiceField(
        label=_("Original language"),
        choices=settings.LANGUAGES,
        help_text=_("The language the practice was first written in."),
    )
    lead = forms.ChoiceField(label=_("Lead city or body"))
    partner_cities = forms.ModelMultipleChoiceField(
        label=_("Other implementing cities"),
        queryset=City.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    sdgs = forms.ModelMultipleChoiceField(
        label=_("Sustainable Development Goals"),
        queryset=SustainableDevelopmentGoal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stage = forms.ChoiceField(label=_("Implementation stage"), choices=Stage.choices)
    start_year = forms.IntegerField(label=_("Start year"), min_value=1990, max_value=2100)
    end_year = forms.IntegerField(
        label=_("End year"),
        min_value=1990,
        max_value=2100,
        required=False,
        help_text=_("Leave empty while it is running."),
    )
    contact_name = forms.CharField(
        label=_("Contact person"),
        max_length=200,
        required=False,
        help_text=_("Shown to signed-in members only."),
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)

    def __init__(
        self, *args: Any, user: User, instance: BestPractice | None = None, **kwargs: Any
    ) -> None:
        self.user = user
        if instance is not None:
            kwargs.setdefault("initial", initial_from(instance))
        super().__init__(*args, **kwargs)
        for field in TRANSLATED_FIELDS:
            for language in LANGUAGE_CODES:
                widget = (
                    forms.TextInput()
                    if field == "title"
                    else forms.Textarea(attrs={"rows": 3 if field == "summary" else 5})
                )
                widget.attrs["lang"] = language
                self.fields[f"{field}_{language}"] = forms.CharField(
                    label=f"{FIELD_LABELS[field]} ({LANGUAGE_NAMES[language]})",
                    required=False,
                    max_length=200 if field == "title" else (1000 if field == "summary" else 20000),
                    widget=widget,
                    help_text=FIELD_HELP.get(field, ""),
                )
        form_field(self, "lead", forms.ChoiceField).choices = organisation_choices(
            user, for_host=True
        )
        self.order_fields(
            [f"{f}_{lang}" for f in TRANSLATED_FIELDS for lang in LANGUAGE_CODES]
            + ["original_language", "lead", "partner_cities", "themes", "sdgs", "stage"]
        )
        if not self.is_bound and instance is None:
            self.initial.setdefault("start_year", _year_now())
            self.initial.setdefault("original_language", (get_language() or "en")[:2])

    def clean_lead(self) -> City | CoordinatingBody:
        found = resolve_organisation(self.cleaned_data["lead"])
        if found is None:
            raise forms.ValidationError(_("Choose the lead city or coordinating body."))
        return found

    def service_data(self, results: list[dict], links: list[dict]) -> PracticeData:
        data = self.cleaned_data
        lead = data["lead"]
        return PracticeData(
            texts={
                f"{f}_{lang}": data.get(f"{f}_{lang}", "")
                for f in TRANSLATED_FIELDS
                for lang in LANGUAGE_CODES
            },
            original_language=data["original_language"],
            stage=data["stage"],
            start_year=data["start_year"],
            end_year=data.get("end_year"),
            lead_city=lead if isinstance(lead, City) else None,
            lead_body=lead if isinstance(lead, CoordinatingBody) else None,
            partner_cities=list(data.get("partner_cities") or []),
            themes=list(data.get("themes") or []),
            sdgs=list(data.get("sdgs") or []),
            contact_name=data.get("contact_name", ""),
            contact_email=data.get("contact_email", ""),
            results=results,
            links=links,
        )


def initial_from(practice: BestPractice) -> dict[str, Any]:
    initial: dict[str, Any] = {
        f"{f}_{lang}": getattr(practice, f"{f}_{lang}")
        for f in TRANSLATED_FIELDS
        for lang in LANGUAGE_CODES
    }
    initial.update(
        original_language=practice.original_language,
        lead=organisation_value(practice.lead),
        partner_cities=[c for c in practice.cities.all() if c.pk != practice.lead_city_id],
        themes=list(practice.themes.all()),
        sdgs=list(practice.sdgs.all()),
        stage=practice.stage,
        start_year=practice.start_year,
        end_year=practice.end_year,
        contact_name=practice.contact_name,
        contact_email=practice.contact_email,
    )
    return initial


class KeyResultForm(PortalForm):
    label_en = forms.CharField(label=_("Indicator (English)"), max_length=200, required=False)
    label_ja = forms.CharField(label=_("Indicator (Japanese)"), max_length=200, required=False)
    baseline = forms.DecimalField(
        label=_("Baseline"), max_digits=14, decimal_places=2, required=False
    )
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(
            data.get(k) not in (None, "")
            for k in ("label_en", "label_ja", "value", "baseline", "unit")
        )
        if filled:
            if not either(data, "label"):
                self.add_error("label_en", _("Name the indicator in English or Japanese."))
            if data.get("value") is None:
                self.add_error("value", _("Give the value reached."))
        return data

    def service_data(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not either(data, "label"):
            return None
        return {
            "label_en": data.get("label_en", ""),
            "label_ja": data.get("label_ja", ""),
            "baseline": data.get("baseline"),
            "value": data["value"],
            "unit": data.get("unit", ""),
            "year": data.get("year"),
        }


class LinkForm(PortalForm):
    title = forms.CharField(label=_("Link text"), max_length=200, required=False)
    url = forms.URLField(label=_("Address"), max_length=500, required=False, assume_scheme="https")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("title") and not data.get("url"):
            self.add_error("url", _("Give the address of the link."))
        return data

    def service_data(self) -> dict[str, str] | None:
        data = self.cleaned_data
        if not data.get("url"):
            return None
        return {"title": data.get("title") or data["url"], "url": data["url"]}


KeyResultFormSet = formset_factory(KeyResultForm, extra=2, max_num=30, validate_max=True)
LinkFormSet = formset_factory(LinkForm, extra=2, max_num=30, validate_max=True)


def results_initial(practice: BestPractice) -> list[dict[str, Any]]:
    return [
        {
            "label_en": r.label_en,
            "label_ja": r.label_ja,
            "baseline": r.baseline,
            "value": r.value,
            "unit": r.unit,
            "year": r.year,
        }
        for r in practice.results.all()
    ]


def links_initial(practice: BestPractice) -> list[dict[str, Any]]:
    return [{"title": link.title, "url": link.url} for link in practice.links.all()]


class AttachmentForm(PortalForm):
    title = forms.CharField(label=_("Title of the file"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"), help_text=_("A PDF or an image (PNG, JPEG, WebP, GIF), at most 10 MB.")
    )


class ImageForm(PortalForm):
    file = forms.FileField(
        label=_("Image"), help_text=_("A PNG, JPEG, WebP or GIF image, at most 10 MB.")
    )
    alt_text_en = forms.CharField(
        label=_("Text alternative (English)"),
        max_length=300,
        required=False,
        help_text=_(
            "What the image shows, for people who cannot see it. English or Japanese "
            "(or both) is required."
        ),
    )
    alt_text_ja = forms.CharField(
        label=_("Text alternative (Japanese)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"lang": "ja"}),
    )
    title = forms.CharField(label=_("Caption"), max_length=200, required=False)
    is_cover = forms.BooleanField(label=_("Use as the cover image"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The editor shows this form beside the attachment form: ids of its own.
        kwargs.setdefault("auto_id", "id_image_%s")
        super().__init__(*args, **kwargs)

    def service_data(self) -> ImageData:
        data = self.cleaned_data
        return ImageData(
            upload=data["file"],
            alt_text_en=data.get("alt_text_en", ""),
            alt_text_ja=data.get("alt_text_ja", ""),
            title=data.get("title", ""),
            is_cover=bool(data.get("is_cover")),
        )


class SendBackForm(PortalForm):
    comment = forms.CharField(
        label=_("What should the author change?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class ThemeForm(PortalForm):
    name_en = forms.CharField(label=_("Name (English)"), max_length=100)
    name_ja = forms.CharField(label=_("Name (Japanese)"), max_length=100)
    slug = forms.SlugField(label=_("Short name in URLs"), max_length=50)
