"""Template helpers shared by every app: times that always say which zone they are in."""

import re
import zoneinfo
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cooperation_portal import dates, text
from cooperation_portal import formats as portal_formats

register = template.Library()

# Per language (cooperation_portal/formats), because Japanese writes dates as 2021年10月11日（月）.
_TIME_FORMAT = "H:i T"


def _language() -> str:
    return (get_language() or "en").split("-")[0]


@register.filter
def zoned(value: datetime | None, zone: str | None = None) -> str:
    """A date and time in the viewer's zone (or ``zone``), always with the zone's abbreviation:
    ``Mon 11 Oct 2021, 09:00 CEST``."""
    if not value:
        return ""
    tz = zoneinfo.ZoneInfo(zone) if zone else timezone.get_current_timezone()
    local = timezone.localtime(value, tz)
    return format_date(local, portal_formats.get("ZONED_DATETIME_FORMAT"))


@register.filter
def zoned_time(value: datetime | None, zone: str | None = None) -> str:
    """Only the clock time, with the zone: ``16:00 JST``."""
    if not value:
        return ""
    tz = zoneinfo.ZoneInfo(zone) if zone else timezone.get_current_timezone()
    return format_date(timezone.localtime(value, tz), _TIME_FORMAT)


@register.filter
def local_date(value: date | None) -> str:
    if not value:
        return ""
    return format_date(value, portal_formats.get("DATE_FORMAT"))


@register.filter
def weekday_date(value: date | None) -> str:
    """A day with its weekday: ``Mon 21 Dec 2026`` / ``2026年12月21日（月）``."""
    if not value:
        return ""
    return format_date(value, portal_formats.get("WEEKDAY_DATE_FORMAT"))


@register.simple_tag
def current_zone_name() -> str:
    return timezone.get_current_timezone_name()


_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@register.filter
def lang_of(value: str | None) -> str:
    """`` lang="ja"`` for text written in Japanese on an English page, `` lang="en"`` for
    text without Japanese on a Japanese page, else nothing: free text (a note, a message)
    has no language of its own, and screen readers need it (WCAG 3.1.2)."""
    if not value:
        return ""
    japanese = bool(_JAPANESE.search(value))
    page = _language()
    if japanese and page != "ja":
        return mark_safe(' lang="ja"')
    if not japanese and page == "ja":
        return mark_safe(' lang="en"')
    return ""


@register.filter
def markdown(value: str) -> str:
    """User-written Markdown as sanitised HTML (see cooperation_portal.markdown)."""
    from cooperation_portal.markdown import render_markdown

    return render_markdown(value)


@register.filter
def fiscal_year(value: date | None) -> str:
    """Japan's fiscal year (April–March) of a date: FY2021, or 2021年度 in Japanese."""
    if not value:
        return ""
    return dates.fiscal_year_label(dates.fiscal_year(value))


@register.filter
def month(value: date | None) -> str:
    """Month and year only, as the public summary of the plan shows due dates."""
    if not value:
        return ""
    return dates.month_label(value)


@register.filter
def html_datetime(value: datetime | None) -> str:
    """A moment as HTML's ``datetime`` attribute wants it: in UTC, to the second
    (``2026-11-16T09:00:07Z``). Python's ``isoformat()`` writes six decimals, which HTML does not
    allow (at most three)."""
    if value is None:
        return ""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@register.simple_tag
def label_sep() -> str:
    """``{% translate "Host" %}{% label_sep %}{{ host }}``: ``Host: Rome`` / ``主催：ローマ``."""
    return text.label_separator()


@register.simple_tag
def list_sep() -> str:
    """Between the items of a list written out in a loop: ``, `` / ``、``."""
    return text.list_separator()


@register.filter(needs_autoescape=True)
def join_list(value: Iterable[Any], autoescape: bool = True) -> str:
    """``{{ names|join_list }}``: ``Glasgow, Kamakura`` / ``グラスゴー、鎌倉市``, items escaped."""
    items = [conditional_escape(item) if autoescape else str(item) for item in value]
    return mark_safe(text.join_list(items))  # noqa: S308 — every item is escaped above


@register.filter(needs_autoescape=True)
def in_parens(value: Any, autoescape: bool = True) -> str:
    """``{{ year|in_parens }}``: `` (FY2021)`` / ``（2021年度）``, the note escaped."""
    if value is None or value == "":
        return ""
    note = conditional_escape(value) if autoescape else str(value)
    return mark_safe(text.in_parentheses(note))  # noqa: S308 — the note is escaped above


@register.filter(name="zone_name")
def zone_name_filter(value: str | None) -> str:
    """``{{ city.time_zone|zone_name }}``: ``日本時間`` for Asia/Tokyo on a Japanese page."""
    return text.zone_name(value)
