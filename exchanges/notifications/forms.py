from typing import Any

from django import forms
from django.utils.translation import gettext_lazy, pgettext_lazy

from cooperation_portal.forms import PortalForm

from ..models import NotificationCategory, NotificationMode


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


class DigestPreferenceForm(PortalForm):
    """Whether the daily digest is sent at all (it has no "when" of its own)."""

    enabled = forms.BooleanField(
        label=gettext_lazy("Send me the daily digest"),
        required=False,
        help_text=gettext_lazy(
            "It collects the e-mails you chose to receive in a daily digest. Without it, "
            "those notices are only shown in your notifications on the portal."
        ),
    )

    def to_service(self) -> dict[str, object]:
        return {"enabled": self.cleaned_data["enabled"], "mode": NotificationMode.IMMEDIATE}


def preference_form(
    category: NotificationCategory,
    *,
    data: Any,
    prefix: str,
    initial: dict[str, Any],
) -> PreferenceForm | DigestPreferenceForm:
    """The form for one category's choice."""
    kind = DigestPreferenceForm if category == NotificationCategory.DIGEST else PreferenceForm
    return kind(data, prefix=prefix, initial=initial)
