from django import forms
from django.utils.translation import gettext_lazy, pgettext_lazy

from cooperation_portal.forms import PortalForm

from ..models import NotificationMode


class PreferenceForm(PortalForm):
    """A person's choice for one category (one form per category, prefixed by its name)."""

    enabled = forms.BooleanField(label=gettext_lazy("Send me these e-mails"), required=False)
    mode = forms.ChoiceField(
        label=pgettext_lazy("notification mode", "When"),
        choices=NotificationMode.choices,
        widget=forms.RadioSelect,
    )

    def to_service(self) -> dict[str, object]:
        return {"enabled": self.cleaned_data["enabled"], "mode": self.cleaned_data["mode"]}
