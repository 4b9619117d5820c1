import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import time_zone_choices
from accounts.models import User
from accounts.permissions import Viewer
from cities.forms import (
    organisation_choices,
    organisation_value,
    people_by_organisation,
    resolve_organisation,
)
from cities.models import City, CoordinatingBody
from cooperation_portal import text
from cooperation_portal.bilingual import either
from cooperation_portal.forms import GroupedCheckboxes, PortalForm, ProgrammeDateField, form_field
from practices.models import Theme

from ..models import (
    AttendanceResponse,
    Meeting,
    MeetingFormat,
    MeetingLanguages,
    Milestone,
    Visibility,
)
from .services import AgendaItemData, DecisionData, MeetingData, MinutesData

SCHEDULABLE = [("scheduled", _("Scheduled")), ("draft", _("Draft (not shown to participants)"))]


def local_datetime(day: date, clock: time, zone_name: str) -> datetime:
    """``day`` at ``clock`` in ``zone_name`` as an aware datetime; a clock time that does not
    exist that day (skipped by a daylight-saving change) is refused."""
    zone = zoneinfo.ZoneInfo(zone_name)
    local = datetime.combine(day, clock, tzinfo=zone)
    round_trip = local.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(zone)
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise forms.ValidationError(
            _("%(time)s does not exist on that day in %(zone)s (the clocks change).")
            % {"time": f"{clock:%H:%M}", "zone": text.zone_name(zone_name)}
        )
    return local


class MeetingForm(PortalForm):
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
    host = forms.ChoiceField(
        label=_("Host"), help_text=_("One of the participating cities or bodies below.")
    )
    cities = forms.ModelMultipleChoiceField(
        label=_("Participating cities"),
        queryset=City.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bodies = forms.ModelMultipleChoiceField(
        label=_("Participating coordinating bodies"),
        queryset=CoordinatingBody.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the meeting is about; the partnership pages filter by theme."),
    )
    invitees = forms.ModelMultipleChoiceField(
        label=_("Invited individuals"),
        # Site admins run the portal; they are not participants of the programme.
        queryset=User.objects.filter(is_active=True, is_superuser=False, is_staff=False).order_by(
            "full_name", "email"
        ),
        required=False,
        widget=GroupedCheckboxes(filter_label=_("Find a person")),
        help_text=_("People who are not members of a participating city or body."),
    )
    date = ProgrammeDateField(label=_("Date"))
    start_time = forms.TimeField(
        label=_("Start"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("End"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone of these times"),
        help_text=_("The times above are read in this zone; the meeting keeps the host’s."),
    )
    format = forms.ChoiceField(label=_("Format"), choices=MeetingFormat.choices)
    online_link = forms.URLField(
        label=_("Online link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Shown to participants only."),
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    languages = forms.ChoiceField(label=_("Languages"), choices=MeetingLanguages.choices)
    interpretation = forms.BooleanField(label=_("EN↔JA interpretation needed"), required=False)
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        help_text=_("Public: anyone sees the title, time and agenda. Internal: members only."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=SCHEDULABLE)
    reminder_hours = forms.IntegerField(
        label=_("Reminder (hours before)"), min_value=0, max_value=336, initial=24
    )

    def __init__(
        self, *args: Any, user: User, meeting: Meeting | None = None, **kwargs: Any
    ) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        hosts = organisation_choices(user, for_host=True)
        # No host is chosen silently: the first city of the list is nobody's choice.
        form_field(self, "host", forms.ChoiceField).choices = [
            ("", _("Choose the host")),
            *hosts,
        ]
        if not self.initial.get("host") and len(hosts) == 1 and isinstance(hosts[0][1], str):
            self.initial["host"] = hosts[0][0]  # an officer of one city hosts for it
        form_field(self, "time_zone", forms.ChoiceField).choices = time_zone_choices(
            "—", keep=self.initial.get("time_zone")
        )[1:]
        invitees = form_field(self, "invitees", forms.ModelMultipleChoiceField)
        invitees.choices = people_by_organisation(invitees.queryset)
        if meeting is not None:
            form_field(self, "status", forms.ChoiceField).choices = [
                *SCHEDULABLE,
                ("held", _("Held")),
            ]
            if not self.is_bound:
                self.initial.update(initial_from(meeting, self.initial.get("time_zone")))

    def clean_host(self) -> City | CoordinatingBody:
        found = resolve_organisation(self.cleaned_data["host"])
        if found is None:
            raise forms.ValidationError(_("Choose the host city or coordinating body."))
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end, zone = (
            data.get(k) for k in ("date", "start_time", "end_time", "time_zone")
        )
        if day and start and end and zone:
            try:
                data["starts_at"] = local_datetime(day, start, zone)
                end_day = day if end > start else day + timedelta(days=1)
                if end <= start:
                    self.add_error("end_time", _("The end must be after the start."))
                data["ends_at"] = local_datetime(end_day, end, zone)
            except forms.ValidationError as error:
                self.add_error("start_time", error)
        return data

    def service_data(self) -> MeetingData:
        data = self.cleaned_data
        host = data["host"]
        return MeetingData(
            title_en=data["title_en"],
            title_ja=data["title_ja"],
            description_en=data["description_en"],
            description_ja=data["description_ja"],
            starts_at=data["starts_at"].astimezone(UTC),
            ends_at=data["ends_at"].astimezone(UTC),
            time_zone=host.time_zone,
            host_city=host if isinstance(host, City) else None,
            host_body=host if isinstance(host, CoordinatingBody) else None,
            cities=list(data["cities"]),
            bodies=list(data["bodies"]),
            invitees=list(data["invitees"]),
            themes=list(data["themes"]),
            format=data["format"],
            online_link=data["online_link"],
            place=data["place"],
            languages=data["languages"],
            interpretation=data["interpretation"],
            visibility=data["visibility"],
            status=data["status"],
            reminder_hours=data["reminder_hours"],
        )


def initial_from(meeting: Meeting, zone_name: str | None) -> dict[str, Any]:
    zone = zoneinfo.ZoneInfo(zone_name or meeting.time_zone)
    start, end = meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone)
    return {
        "title_en": meeting.title_en,
        "title_ja": meeting.title_ja,
        "description_en": meeting.description_en,
        "description_ja": meeting.description_ja,
        "host": organisation_value(meeting.host),
        "cities": list(meeting.cities.all()),
        "bodies": list(meeting.bodies.all()),
        "invitees": list(meeting.invitees.all()),
        "themes": list(meeting.themes.all()),
        "date": start.date(),
        "start_time": start.time(),
        "end_time": end.time(),
        "time_zone": zone_name or meeting.time_zone,
        "format": meeting.format,
        "online_link": meeting.online_link,
        "place": meeting.place,
        "languages": meeting.languages,
        "interpretation": meeting.interpretation,
        "visibility": meeting.visibility,
        "status": meeting.status,
        "reminder_hours": meeting.reminder_hours,
    }


class SlotSearchForm(PortalForm):
    """Who meets, between which days, for how long."""

    participants = forms.MultipleChoiceField(
        label=_("Participants"), widget=forms.CheckboxSelectMultiple
    )
    first_day = ProgrammeDateField(label=_("From"))
    last_day = ProgrammeDateField(label=_("To"))
    duration = forms.IntegerField(
        label=_("Duration in minutes"), min_value=15, max_value=480, initial=60
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "participants", forms.ChoiceField).choices = organisation_choices(
            user, for_host=False
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_day"), data.get("last_day")
        if first and last:
            if last < first:
                self.add_error("last_day", _("The last day cannot be before the first."))
            elif (last - first).days > 61:
                self.add_error("last_day", _("Search at most two months at a time."))
        chosen = data.get("participants") or []
        if len(chosen) < 2:
            self.add_error("participants", _("Choose at least two participants."))
        data["organisations"] = [o for o in map(resolve_organisation, chosen) if o]
        return data


class AgendaItemForm(PortalForm):
    title_en = forms.CharField(label=_("Item (English)"), max_length=300, required=False)
    title_ja = forms.CharField(
        label=_("Item (Japanese)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"lang": "ja"}),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=480, initial=15
    )
    presenter = forms.ChoiceField(label=_("Presented by"), required=False)

    def __init__(self, *args: Any, user: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "presenter", forms.ChoiceField).choices = [
            ("", "—"),
            *organisation_choices(user, for_host=False),
        ]

    def clean_presenter(self) -> City | CoordinatingBody | None:
        value = self.cleaned_data.get("presenter")
        return resolve_organisation(value) if value else None

    def service_data(self) -> AgendaItemData:
        data = self.cleaned_data
        return AgendaItemData(
            title_en=data["title_en"],
            title_ja=data["title_ja"],
            duration_minutes=data["duration_minutes"],
            presenter=data["presenter"],
        )


class AttendanceForm(PortalForm):
    response = forms.ChoiceField(
        label=_("Will you attend?"), choices=AttendanceResponse.choices, widget=forms.RadioSelect
    )


class MinutesForm(PortalForm):
    minutes_en = forms.CharField(
        label=_("Minutes (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown."),
    )
    minutes_ja = forms.CharField(
        label=_("Minutes (Japanese)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "lang": "ja"}),
        help_text=_("Markdown."),
    )


class DecisionForm(PortalForm):
    text_en = forms.CharField(
        label=_("Decision (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    text_ja = forms.CharField(
        label=_("Decision (Japanese)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "ja"}),
    )

    milestone = forms.ModelChoiceField(
        label=_("Concerns the milestone"),
        required=False,
        queryset=Milestone.objects.filter(plan__is_current=True).order_by("code"),
    )

    def service_data(self) -> DecisionData | None:
        """The decision, or None for a row left empty."""
        data = self.cleaned_data
        if not either(data, "text"):
            return None
        return DecisionData(
            text_en=data.get("text_en", ""),
            text_ja=data.get("text_ja", ""),
            milestone=data.get("milestone"),
        )


DecisionFormSet = forms.formset_factory(DecisionForm, extra=3, max_num=50, validate_max=True)


def minutes_data(form: MinutesForm, decisions: forms.BaseFormSet) -> MinutesData:
    """The minutes form and its decisions as one input for ``minutes_publish``."""
    return MinutesData(
        minutes_en=form.cleaned_data["minutes_en"],
        minutes_ja=form.cleaned_data["minutes_ja"],
        decisions=[row for f in decisions.forms if (row := f.service_data())],
    )


class MeetingAttachmentForm(PortalForm):
    title = forms.CharField(label=_("Title of the file"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"), help_text=_("Slides or minutes: a PDF or an image, at most 10 MB.")
    )
