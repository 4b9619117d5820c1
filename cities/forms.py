"""Choosing a city or a coordinating body in one field, as ``city:<slug>`` or ``body:<slug>``;
the pair matrix's filters."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.permissions import Viewer
from cooperation_portal.dates import (
    FIRST_FISCAL_YEAR,
    fiscal_year,
    fiscal_year_bounds,
    fiscal_year_label,
)
from cooperation_portal.forms import PortalForm, form_field
from practices.models import Theme

from .models import City, CoordinatingBody, Membership
from .selectors import Filters


def organisation_choices(user: Viewer, *, for_host: bool) -> list:
    """Cities and bodies, grouped. With ``for_host``, an officer may choose only their own
    cities (they host meetings and lead practices for their city alone)."""
    cities = list(City.objects.all())
    if for_host and not permissions.is_coordinator(user):
        own = permissions.officer_city_ids(user)
        return [(f"city:{c.slug}", c.name) for c in cities if c.pk in own]
    return [
        (_("Cities"), [(f"city:{c.slug}", c.name) for c in cities]),
        (
            _("Coordinating bodies"),
            [(f"body:{b.slug}", b.name) for b in CoordinatingBody.objects.all()],
        ),
    ]


def organisation_value(organisation: City | CoordinatingBody | None) -> str:
    """The choice (``city:<slug>`` or ``body:<slug>``) that names ``organisation``."""
    if organisation is None:
        return ""
    kind = "city" if isinstance(organisation, City) else "body"
    return f"{kind}:{organisation.slug}"


def resolve_organisation(value: str) -> City | CoordinatingBody | None:
    """The city or body a ``city:<slug>`` / ``body:<slug>`` value names, or None."""
    kind, _sep, slug = (value or "").partition(":")
    if kind == "city":
        return City.objects.filter(slug=slug).first()
    if kind == "body":
        return CoordinatingBody.objects.filter(slug=slug).first()
    return None


class PartnershipFilterForm(PortalForm):
    """The pair matrix's filters, all optional: a fiscal year or a date range, and a theme."""

    fy = forms.TypedChoiceField(
        label=_("Fiscal year"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("April to March, as the action plan counts."),
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        required=False,
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = fiscal_year(timezone.localdate())
        years = range(FIRST_FISCAL_YEAR, this_year + 2)
        form_field(self, "fy", forms.TypedChoiceField).choices = [
            ("", _("Any")),
            *((year, fiscal_year_label(year)) for year in years),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end, year = data.get("start"), data.get("end"), data.get("fy")
        if year is not None and (start or end):
            raise forms.ValidationError(_("Choose a fiscal year or dates, not both."))
        if start and end and end < start:
            self.add_error("end", _("The end must not be before the start."))
        return data

    def filters(self) -> Filters:
        """The filters to apply; none when the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data
        if data.get("fy") is not None:
            first, last = fiscal_year_bounds(data["fy"])
            return Filters(first, last, data.get("theme"))
        return Filters(data.get("start"), data.get("end"), data.get("theme"))


def people_by_organisation(people: Any) -> list:
    """``people`` (a queryset of users) as choices grouped by the city or body each belongs to
    (their first membership), in the programme's order, then those who belong to none."""
    users = list(people)
    first: dict[int, Membership] = {}
    for row in (
        Membership.objects.filter(user__in=[u.pk for u in users])
        .select_related("city", "body")
        .order_by("pk")
    ):
        first.setdefault(row.user_id, row)
    groups: dict[Any, list[tuple[str, str]]] = {}
    for place in [*City.objects.all(), *CoordinatingBody.objects.all()]:
        groups[place] = []
    others: list[tuple[str, str]] = []
    for user in users:
        membership = first.get(user.pk)
        organisation = (membership.city or membership.body) if membership else None
        choice = (str(user.pk), str(user))
        if organisation is None or organisation not in groups:
            others.append(choice)
        else:
            groups[organisation].append(choice)
    choices: list = [(str(o.name), people) for o, people in groups.items() if people]
    if others:
        choices.append((str(_("Not in a city or body")), others))
    return choices
