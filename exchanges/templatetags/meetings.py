from typing import Any

from django import template
from django.utils import timezone

from exchanges.timefmt import meeting_segments

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

    return format_date(value.astimezone(zoneinfo.ZoneInfo(zone)), "D j M")
