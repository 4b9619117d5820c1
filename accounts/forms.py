from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from cities.forms import resolve_organisation
from cities.models import City, CoordinatingBody
from cities.validators import available_time_zones
from cities.zones import canonical_zones, zone_choices
from cooperation_portal.forms import PortalForm, PortalModelForm, form_field
from cooperation_portal.text import zone_name

from .models import Invitation, User


def time_zone_choices(blank_label: str, *, keep: str | None = None) -> list:
    """The empty choice, then the partners' zones, then every canonical zone (cities.zones).
    ``keep``: a zone already chosen (or the browser's) that is not canonical stays choosable."""
    partners: dict[str, list[str]] = {}
    organisations: list[City | CoordinatingBody] = [*City.objects.all()]
    organisations += CoordinatingBody.objects.all()
    for organisation in organisations:
        partners.setdefault(organisation.time_zone, []).append(organisation.name)
    choices = [("", blank_label), *zone_choices(partners)]
    if keep and keep not in canonical_zones() and keep in available_time_zones():
        choices.append((keep, keep.replace("_", " ")))
    return choices


class InvitationForm(PortalForm):
    """Invite a person to a city (as its officer) or to a body (as a coordinator)."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    organisation = forms.ChoiceField(
        label=_("Invite to"),
        help_text=_("A city makes the person its officer; a body makes them a coordinator."),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation e-mail"), choices=settings.LANGUAGES
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "organisation", forms.ChoiceField).choices = [
            ("", "—"),
            (
                _("Cities (officer)"),
                [(f"city:{c.slug}", c.name) for c in City.objects.all()],
            ),
            (
                _("Coordinating bodies (coordinator)"),
                [(f"body:{b.slug}", b.short_name) for b in CoordinatingBody.objects.all()],
            ),
        ]

    def clean_organisation(self) -> City | CoordinatingBody:
        found = resolve_organisation(self.cleaned_data["organisation"])
        if found is None:
            raise forms.ValidationError(_("Choose a city or a coordinating body."))
        return found


class AcceptInvitationForm(PortalForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, invitation: Invitation, **kwargs: Any) -> None:
        self.invitation = invitation
        kwargs.setdefault("initial", {"full_name": invitation.full_name})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        elif p1:
            candidate = User(email=self.invitation.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class PreferencesForm(PortalModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), required=False)

    class Meta:
        model = User
        fields = ["full_name", "preferred_language", "time_zone"]

    def __init__(self, *args: Any, default_zone: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        blank = (
            _("My city’s or body’s time zone (%(zone)s)") % {"zone": zone_name(default_zone)}
            if default_zone
            else _("My city’s or body’s time zone")
        )
        form_field(self, "time_zone", forms.ChoiceField).choices = time_zone_choices(
            str(blank), keep=self.instance.time_zone
        )
