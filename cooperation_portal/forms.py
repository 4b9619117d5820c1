from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from .dates import FIRST_DAY, LAST_DAY, validate_programme_date


class PortalFormMixin:
    """Labels without a trailing colon: it reads oddly in Japanese and in screen readers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PortalForm(PortalFormMixin, forms.Form):
    pass


class PortalModelForm(PortalFormMixin, forms.ModelForm):
    pass


def form_field[F: forms.Field](form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """The form's own copy of field ``name``, as the ``kind`` of field it is, to set its choices
    or queryset. django-stubs types ``form.fields`` as plain ``Field``s; the check makes the
    narrowing true rather than assumed."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{name!r} is a {type(field).__name__}, not a {kind.__name__}")
    return field


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one by that
    name, otherwise at the top of the form."""
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


class ProgrammeDateField(forms.DateField):
    """A date from 2015 to 2100 (``cooperation_portal.dates``), with the bounds also given to
    the browser's date picker."""

    default_validators = [validate_programme_date]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("min", FIRST_DAY.isoformat())
        self.widget.attrs.setdefault("max", LAST_DAY.isoformat())
