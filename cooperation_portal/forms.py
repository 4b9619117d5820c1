import re
from collections.abc import Callable
from datetime import date, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from .dates import FIRST_DAY, LAST_DAY, validate_programme_date


def _valid_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _valid_time(text: str) -> bool:
    try:
        time.fromisoformat(text)
    except ValueError:
        return False
    return True


#: What HTML allows in the value attribute of these inputs (HTML, 2.3.5 and 4.10.5.1): a date
#: written YYYY-MM-DD that exists, a time HH:MM[:SS[.sss]] that exists, a decimal number.
_HTML_VALUES: dict[str, Callable[[str], bool]] = {
    "date": lambda text: bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)) and _valid_date(text),
    "time": lambda text: (
        bool(re.fullmatch(r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?", text)) and _valid_time(text)
    ),
    "number": lambda text: bool(re.fullmatch(r"-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?", text)),
}


#: Django's label of an empty choice (django.db.models.fields.BLANK_CHOICE_LABEL) is newer than
#: Django's Japanese catalogue: named here so that makemessages puts it in ours.
BLANK_CHOICE_LABEL = gettext_lazy("- Select an option -")


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in a fieldset per group (a city, a body), with a box that filters them by
    name (shown by js/portal.js: without JavaScript every choice is simply listed)."""

    template_name = "widgets/grouped_checkboxes.html"

    def __init__(self, *args: Any, filter_label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filter_label = filter_label

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["filter_label"] = self.filter_label
        return context


class PortalBoundField(forms.BoundField):
    """A field whose input shows back only a value HTML allows for its type. A form sent back
    with its errors would otherwise write ``value="2030-02-30"`` or ``value="abc"`` into an
    ``<input type="date">`` or ``type="number"``, which no browser can show (it shows the
    field empty) and which is invalid HTML. The error message still says what was wrong."""

    def value(self) -> Any:
        value = super().value()
        check = _HTML_VALUES.get(getattr(self.field.widget, "input_type", ""))
        if check is not None and isinstance(value, str) and value and not check(value):
            return None
        return value


class PortalFormMixin:
    """Labels without a trailing colon: it reads oddly in Japanese and in screen readers."""

    bound_field_class: type[forms.BoundField] | None = PortalBoundField

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
