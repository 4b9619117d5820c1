"""A meeting's time in the three zones that matter: the host's, Japan's and the viewer's.

    Mon 11 Oct 2021 · 09:00–10:30 CEST (Rotterdam) · 16:00–17:30 JST · 08:00–09:30 BST (you)

Zone abbreviations come from the tz database for the date itself (CET/CEST, GMT/BST, JST).
Two zones that give the same local time and abbreviation are shown once, with both labels.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cooperation_portal import formats as portal_formats
from cooperation_portal.text import join_list

JAPAN = "Asia/Tokyo"


@dataclass
class Segment:
    zone: str
    start: datetime
    end: datetime
    labels: list[str] = field(default_factory=list)
    show_date: bool = False

    @property
    def abbreviation(self) -> str:
        return self.start.tzname() or self.zone

    @property
    def key(self) -> tuple:
        return (self.start.replace(tzinfo=None), self.end.replace(tzinfo=None), self.abbreviation)

    def date_text(self, *, full: bool) -> str:
        name = "WEEKDAY_DATE_FORMAT" if full else "WEEKDAY_SHORT_DATE_FORMAT"
        return format_date(self.start, portal_formats.get(name))

    @property
    def date_text_full(self) -> str:
        """For templates: the full date on the first segment, day and month on others."""
        return self.date_text(full=self.is_first)

    is_first: bool = False

    @property
    def time_text(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M} {self.abbreviation}"

    @property
    def label_text(self) -> str:
        """`` (Glasgow, you)`` with its leading space, or ``（グラスゴー、ご自身）`` without."""
        if not self.labels:
            return ""
        return pgettext("labels after a time", " (%(labels)s)") % {"labels": join_list(self.labels)}


def meeting_segments(
    starts_at: datetime,
    ends_at: datetime,
    *,
    host_zone: str,
    host_label: str,
    viewer_zone: str | None,
) -> list[Segment]:
    """The segments to show, the host's first; the viewer's last, labelled "you"."""
    wanted = [(host_zone, host_label), (JAPAN, "")]
    if viewer_zone:
        wanted.append((viewer_zone, _("you")))
    segments: list[Segment] = []
    for zone_name, label in wanted:
        zone = zoneinfo.ZoneInfo(zone_name)
        candidate = Segment(zone_name, starts_at.astimezone(zone), ends_at.astimezone(zone))
        same = next((s for s in segments if s.key == candidate.key), None)
        target = same or candidate
        if label and label not in target.labels:
            target.labels.append(label)
        if same is None:
            segments.append(candidate)
    first_date = segments[0].start.date()
    segments[0].show_date = True
    segments[0].is_first = True
    for segment in segments[1:]:
        segment.show_date = segment.start.date() != first_date
    return segments


def meeting_time_text(
    starts_at: datetime,
    ends_at: datetime,
    *,
    host_zone: str,
    host_label: str,
    viewer_zone: str | None,
) -> str:
    """The same as plain text, for e-mails and calendar descriptions."""
    parts = []
    for index, segment in enumerate(
        meeting_segments(
            starts_at, ends_at, host_zone=host_zone, host_label=host_label, viewer_zone=viewer_zone
        )
    ):
        text = segment.time_text + segment.label_text
        if segment.show_date:
            text = f"{segment.date_text(full=index == 0)} · {text}"
        parts.append(text)
    return " · ".join(parts)
