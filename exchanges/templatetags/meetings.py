from typing import Any

from django import template
from django.utils import timezone

from exchanges.meetings.timefmt import meeting_segments

register = template.Library()


@register.inclusion_tag("exchanges/_times.html")
def meeting_times(meeting: Any) -> dict[str, Any]:
    """The meeting's time in the host's zone, Japan's and the viewer's (see timefmt)."""
    return {
        "segments": meeting_segments(
            meeting.starts_at,
            meeting.ends_at,
            host_zone=meeting.time_zone,
            host_label=meeting.host_label,
            viewer_zone=timezone.get_current_timezone_name(),
        )
    }


@register.filter
def clock(value: Any, zone: str) -> str:
    """``HH:MM`` in ``zone``, without the template's own conversion to the viewer's zone."""
    import zoneinfo

    return f"{value.astimezone(zoneinfo.ZoneInfo(zone)):%H:%M}"


@register.filter
def day_in(value: Any, zone: str) -> str:
    import zoneinfo

    from django.utils.dateformat import format as format_date

    from cooperation_portal import formats as portal_formats

    return format_date(
        value.astimezone(zoneinfo.ZoneInfo(zone)), portal_formats.get("WEEKDAY_SHORT_DATE_FORMAT")
    )


@register.filter
def history_field(name: str, instance: Any) -> str:
    """The translated label of a field named in a history record."""
    try:
        return str(instance._meta.get_field(name).verbose_name)
    except Exception:  # an unknown name is shown as it is
        return name


@register.filter
def history_value(value: Any) -> str:
    """A history value for people: statuses translated, empty values as a dash."""
    from exchanges.models import MilestoneStatus

    if value in (None, ""):
        return "—"
    if isinstance(value, str) and value in MilestoneStatus.values:
        return str(MilestoneStatus(value).label)
    return str(value)
