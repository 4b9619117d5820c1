"""Template helpers for allauth's pages, so that they read like the portal's own."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def portal_labels(form: Any) -> Any:
    """The form with labels as the portal writes them: without Django's trailing colon (see
    ``cooperation_portal.forms.PortalFormMixin``; allauth's forms keep the default)."""
    if form is not None and hasattr(form, "label_suffix"):
        form.label_suffix = ""
    return form
