"""Every write on meetings: scheduling, changes (recorded, with a growing SEQUENCE), the agenda,
attendance, minutes and decisions, documents, and calendar feed tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from cities.forms import organisation_value
from cities.models import City, CoordinatingBody
from cooperation_portal.bilingual import either
from cooperation_portal.dates import FIRST_DAY, LAST_DAY, in_range
from cooperation_portal.uploads import document_from_upload

from ..models import (
    AgendaItem,
    Attendance,
    AttendanceResponse,
    CalendarFeedToken,
    Decision,
    Meeting,
    MeetingAttachment,
    MeetingChange,
    MeetingFormat,
    MeetingLanguages,
    MeetingStatus,
    Milestone,
    NotificationKind,
    Visibility,
)
from ..notifications import selectors as recipients
from ..notifications import services as notifications

if TYPE_CHECKING:
    from practices.models import Theme

#: Changes that matter to a participant's calendar: each one records a MeetingChange and
#: raises the SEQUENCE of the .ics file.
#: ``host`` is the host city or body (``city:<slug>`` or ``body:<slug>``).
TRACKED_FIELDS = (
    "starts_at",
    "ends_at",
    "time_zone",
    "host",
    "place",
    "online_link",
    "format",
    "status",
)
#: The changes participants are told about (time, host, place, link).
NOTICE_FIELDS = {"starts_at", "ends_at", "host", "place", "online_link", "format"}


@dataclass
class MeetingData:
    """A meeting as a form (or the admin) describes it, times already in UTC."""

    title_en: str
    title_ja: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    host_city: City | None = None
    host_body: CoordinatingBody | None = None
    cities: list[City] = field(default_factory=list)
    bodies: list[CoordinatingBody] = field(default_factory=list)
    invitees: list[User] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    description_en: str = ""
    description_ja: str = ""
    format: str = MeetingFormat.VIRTUAL
    online_link: str = ""
    place: str = ""
    languages: str = MeetingLanguages.BOTH
    interpretation: bool = False
    visibility: str = Visibility.PUBLIC
    status: str = MeetingStatus.SCHEDULED
    reminder_hours: int = 24


@dataclass
class AgendaItemData:
    title_en: str
    title_ja: str
    duration_minutes: int
    presenter: City | CoordinatingBody | None = None


@dataclass
class DecisionData:
    text_en: str
    text_ja: str
    milestone: Milestone | None = None


@dataclass
class MinutesData:
    minutes_en: str
    minutes_ja: str
    decisions: list[DecisionData] = field(default_factory=list)


def meeting_check(data: MeetingData, *, meeting: Meeting | None) -> None:
    """Raise a ValidationError naming every rule ``data`` breaks (for a new meeting when
    ``meeting`` is None). The services call it; the admin's form too, to show the errors."""
    errors: dict[str, list[str]] = {}
    if not either(data, "title"):
        errors["title_en"] = [_("Give a title in English or in Japanese (or both).")]
    if not (in_range(data.starts_at) and in_range(data.ends_at)):
        errors["date"] = [
            _("Give a date between %(first)s and %(last)s.")
            % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
        ]
    if data.ends_at <= data.starts_at:
        errors["end_time"] = [_("The end must be after the start.")]
    starts_changed = meeting is None or meeting.starts_at != data.starts_at
    if (
        data.status == MeetingStatus.SCHEDULED
        and starts_changed
        and data.starts_at < timezone.now()
    ):
        errors["start_time"] = [_("A scheduled meeting cannot start in the past.")]
    if (data.host_city is None) == (data.host_body is None):
        errors["host"] = [_("Choose the host city or coordinating body.")]
    elif not host_takes_part(data):
        errors["host"] = [
            _(
                "The host must be one of the participants: tick %(host)s among the participating"
                " cities or bodies, or choose another host."
            )
            % {"host": (data.host_city or data.host_body).name}  # type: ignore[union-attr]
        ]
    if not data.cities and not data.bodies:
        errors["cities"] = [_("Choose at least one participating city or body.")]
    if data.format in (MeetingFormat.IN_PERSON, MeetingFormat.HYBRID) and not data.place.strip():
        errors["place"] = [_("Say where the meeting takes place.")]
    if meeting is not None and data.ends_at > data.starts_at:
        agenda = meeting.agenda_minutes()
        length = int((data.ends_at - data.starts_at).total_seconds() // 60)
        if agenda > length:
            errors["end_time"] = [
                _("The agenda takes %(agenda)s minutes; the meeting would last %(length)s.")
                % {"agenda": agenda, "length": length}
            ]
    if errors:
        raise ValidationError(errors)


def host_takes_part(data: MeetingData) -> bool:
    """The host is among the participating cities or bodies (the slot finder and the form
    choose it from them: a host who does not take part would be invited to someone else's
    meeting "hosted by" them)."""
    if data.host_city is not None:
        return data.host_city.pk in {c.pk for c in data.cities}
    if data.host_body is not None:
        return data.host_body.pk in {b.pk for b in data.bodies}
    return False


def _apply(meeting: Meeting, data: MeetingData) -> None:
    for name in (
        "title_en",
        "title_ja",
        "description_en",
        "description_ja",
        "starts_at",
        "ends_at",
        "time_zone",
        "host_city",
        "host_body",
        "format",
        "online_link",
        "place",
        "languages",
        "interpretation",
        "visibility",
        "status",
        "reminder_hours",
    ):
        setattr(meeting, name, getattr(data, name))
    meeting.full_clean(exclude=["created_by"])
    meeting.save()
    meeting.cities.set(data.cities)
    meeting.bodies.set(data.bodies)
    meeting.invitees.set(data.invitees)
    meeting.themes.set(data.themes)


@transaction.atomic
def meeting_create(*, by: User, data: MeetingData) -> Meeting:
    if not permissions.can_create_meeting(by, host_city=data.host_city, host_body=data.host_body):
        raise PermissionDenied
    meeting_check(data, meeting=None)
    meeting = Meeting(created_by=by)
    _apply(meeting, data)
    if meeting.status == MeetingStatus.SCHEDULED:
        _invite(meeting, by)
    return meeting


def _invite(meeting: Meeting, by: User) -> None:
    """Everyone who takes part gets the invitation once, with its .ics: the organiser too when
    their city or body takes part (their calendar needs the meeting like anyone's)."""
    notifications.notify(
        NotificationKind.MEETING_INVITATION,
        recipients.meeting_participants(meeting),
        key=f"meeting-invitation:{meeting.pk}",
        meeting=meeting,
    )


def _tracked(meeting: Meeting) -> dict[str, str]:
    values = {name: _display(getattr(meeting, name)) for name in TRACKED_FIELDS if name != "host"}
    return values | {"host": organisation_value(meeting.host)}


def _display(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value or "")


@transaction.atomic
def meeting_update(*, meeting: Meeting, by: User, data: MeetingData) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not permissions.can_edit_meeting(by, meeting):
        raise PermissionDenied
    if not permissions.can_create_meeting(by, host_city=data.host_city, host_body=data.host_body):
        raise PermissionDenied
    meeting_check(data, meeting=meeting)
    before = _tracked(meeting)
    was_draft = meeting.status == MeetingStatus.DRAFT
    _apply(meeting, data)
    changes = _record_changes(meeting, before, by)
    if meeting.status == MeetingStatus.SCHEDULED:
        # New participants, or everybody when a draft is scheduled, get the invitation once.
        _invite(meeting, by)
        if not was_draft and any(c.field in NOTICE_FIELDS for c in changes):
            _notify_changed(meeting, by, {"fields": sorted({c.field for c in changes})})
    return meeting


def _notify_changed(meeting: Meeting, by: User, context: dict[str, Any]) -> None:
    """The participants hear of a change once per version of the meeting (its SEQUENCE)."""
    notifications.notify(
        NotificationKind.MEETING_CHANGED,
        recipients.meeting_participants(meeting),
        key=f"meeting-changed:{meeting.pk}:{meeting.sequence}",
        exclude=by,
        meeting=meeting,
        context=context,
    )


def _record_changes(meeting: Meeting, before: dict[str, str], by: User) -> list[MeetingChange]:
    after = _tracked(meeting)
    changes = [
        MeetingChange(
            meeting=meeting, field=name, old_value=before[name], new_value=after[name], by=by
        )
        for name in TRACKED_FIELDS
        if before[name] != after[name]
    ]
    if changes:
        MeetingChange.objects.bulk_create(changes)
        Meeting.objects.filter(pk=meeting.pk).update(sequence=meeting.sequence + 1)
        meeting.sequence += 1
    return changes


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not permissions.can_edit_meeting(by, meeting):
        raise PermissionDenied
    if meeting.status == MeetingStatus.CANCELLED:
        return meeting
    before = _tracked(meeting)
    was_scheduled = meeting.status == MeetingStatus.SCHEDULED
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status", "updated_at"])
    _record_changes(meeting, before, by)
    if was_scheduled:
        notifications.notify(
            NotificationKind.MEETING_CANCELLED,
            recipients.meeting_participants(meeting),
            key=f"meeting-cancelled:{meeting.pk}",
            exclude=by,
            meeting=meeting,
        )
    return meeting


@transaction.atomic
def meeting_restore(*, meeting: Meeting, by: User) -> Meeting:
    """Undo a cancellation: the meeting goes back to the status it had (recorded as a change,
    with a higher SEQUENCE). When it goes back to scheduled, the participants are told as of
    a change, and the .ics puts it back in their calendars."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not permissions.can_restore_meeting(by, meeting):
        raise PermissionDenied
    cancelled = meeting.changes.filter(field="status", new_value=MeetingStatus.CANCELLED).last()
    previous = cancelled.old_value if cancelled else MeetingStatus.SCHEDULED
    if previous not in (MeetingStatus.SCHEDULED, MeetingStatus.DRAFT, MeetingStatus.HELD):
        previous = MeetingStatus.SCHEDULED
    if previous == MeetingStatus.SCHEDULED and meeting.ends_at <= timezone.now():
        raise ValidationError(
            _("This meeting’s time has passed: schedule a new meeting instead of restoring it.")
        )
    before = _tracked(meeting)
    meeting.status = previous
    meeting.save(update_fields=["status", "updated_at"])
    _record_changes(meeting, before, by)
    if meeting.status == MeetingStatus.SCHEDULED:
        _notify_changed(meeting, by, {"fields": ["status"], "restored": True})
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, by: User, data: AgendaItemData) -> AgendaItem:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not permissions.can_add_agenda_item(by, meeting):
        raise PermissionDenied
    _agenda_check(meeting, data, others=meeting.agenda_minutes())
    item = AgendaItem(meeting=meeting, position=meeting.agenda.count() + 1, added_by=by)
    return _agenda_apply(item, data)


def _agenda_check(meeting: Meeting, data: AgendaItemData, *, others: int) -> None:
    """The item's own rules, and the agenda (``others`` minutes besides this item) within the
    meeting's length."""
    errors: dict[str, list[str]] = {}
    if not either(data, "title"):
        errors["title_en"] = [_("Give a title in English or in Japanese (or both).")]
    if data.duration_minutes < 1:
        errors["duration_minutes"] = [_("An item takes at least a minute.")]
    elif others + data.duration_minutes > meeting.duration_minutes:
        errors["duration_minutes"] = [
            _("The agenda would be longer than the meeting (%(length)s minutes).")
            % {"length": meeting.duration_minutes}
        ]
    if errors:
        raise ValidationError(errors)


def _agenda_apply(item: AgendaItem, data: AgendaItemData) -> AgendaItem:
    presenter = data.presenter
    item.title_en = data.title_en.strip()
    item.title_ja = data.title_ja.strip()
    item.duration_minutes = data.duration_minutes
    item.presenter_city = presenter if isinstance(presenter, City) else None
    item.presenter_body = presenter if isinstance(presenter, CoordinatingBody) else None
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, by: User, data: AgendaItemData) -> AgendaItem:
    """Change an item's title, length or presenter: the meeting's organisers, or whoever
    added the item."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    item = AgendaItem.objects.get(pk=item.pk)
    if not permissions.can_edit_agenda_item(by, item, meeting):
        raise PermissionDenied
    others = meeting.agenda_minutes() - item.duration_minutes
    _agenda_check(meeting, data, others=others)
    return _agenda_apply(item, data)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, by: User, direction: str) -> None:
    """Swap the item with its neighbour (``up`` or ``down``): the meeting's organisers."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    if not permissions.can_reorder_agenda(by, meeting):
        raise PermissionDenied
    items = list(meeting.agenda.order_by("position", "pk"))
    index = next(i for i, row in enumerate(items) if row.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, row in enumerate(items, start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by: User) -> None:
    if not (permissions.can_edit_meeting(by, item.meeting) or item.added_by_id == by.pk):
        raise PermissionDenied
    item.delete()


@transaction.atomic
def attendance_answer(
    *, meeting: Meeting, by: User, response: AttendanceResponse | str
) -> Attendance:
    if not permissions.can_answer_attendance(by, meeting):
        raise PermissionDenied
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting,
        user=by,
        defaults={"response": AttendanceResponse(response), "responded_at": timezone.now()},
    )
    return attendance


def minutes_too_early_message() -> str:
    return _("The minutes can be published once the meeting has ended, not before.")


@transaction.atomic
def minutes_publish(*, meeting: Meeting, by: User, data: MinutesData) -> Meeting:
    """Write the minutes and the decisions (replacing earlier ones) and publish them, once the
    meeting has ended."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not permissions.can_edit_meeting(by, meeting):
        raise PermissionDenied
    if meeting.ends_at > timezone.now():
        raise ValidationError({NON_FIELD_ERRORS: [minutes_too_early_message()]})
    if not either(data, "minutes"):
        raise ValidationError({"minutes_en": [_("Write the minutes in English or Japanese.")]})
    meeting.minutes_en, meeting.minutes_ja = data.minutes_en.strip(), data.minutes_ja.strip()
    first_time = meeting.minutes_published_at is None
    meeting.minutes_published_at = meeting.minutes_published_at or timezone.now()
    if meeting.status == MeetingStatus.SCHEDULED and meeting.ends_at <= timezone.now():
        meeting.status = MeetingStatus.HELD
    meeting.save()
    meeting.decisions.all().delete()
    for position, row in enumerate(data.decisions, start=1):
        decision = Decision(
            meeting=meeting,
            position=position,
            text_en=row.text_en.strip(),
            text_ja=row.text_ja.strip(),
            milestone=row.milestone,
        )
        decision.full_clean(exclude=["meeting", "milestone"])
        decision.save()
        if decision.milestone is not None:
            _notify_decision(decision, by)
    if first_time:
        notifications.notify(
            NotificationKind.MINUTES_PUBLISHED,
            recipients.meeting_participants(meeting),
            key=f"minutes-published:{meeting.pk}",
            exclude=by,
            meeting=meeting,
        )
    return meeting


def _notify_decision(decision: Decision, by: User) -> None:
    """A decision that concerns a milestone is news for those who answer for the milestone:
    the coordinators and the officers of its owner cities. Publishing the same decision again
    (the minutes are edited) tells no one twice."""
    milestone = decision.milestone
    assert milestone is not None
    text = f"{decision.text_en}\n{decision.text_ja}".encode()
    notifications.notify(
        NotificationKind.MILESTONE_DECISION,
        recipients.milestone_owners_and_coordinators(milestone),
        key=f"milestone-decision:{decision.meeting_id}:{milestone.pk}:"
        f"{hashlib.sha256(text).hexdigest()[:16]}",
        exclude=by,
        milestone=milestone,
        context={
            "meeting_id": decision.meeting_id,
            "text_en": decision.text_en,
            "text_ja": decision.text_ja,
        },
    )


@transaction.atomic
def meeting_attachment_add(
    *, meeting: Meeting, by: User, upload: UploadedFile, title: str
) -> MeetingAttachment:
    if not permissions.can_edit_meeting(by, meeting):
        raise PermissionDenied
    return document_from_upload(
        MeetingAttachment, upload=upload, title=title, by=by, meeting=meeting
    )


@transaction.atomic
def calendar_token_reset(*, user: User) -> CalendarFeedToken:
    """A new secret for the person's calendar feeds (the first one, or a replacement): an old
    feed URL stops working at once."""
    CalendarFeedToken.objects.filter(user=user).delete()
    return CalendarFeedToken.objects.create(user=user, token=secrets.token_urlsafe(32))
