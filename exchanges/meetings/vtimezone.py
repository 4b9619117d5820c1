"""VTIMEZONE components (RFC 5545, 3.6.5) that every calendar program reads the same way.

A zone's current daylight-saving rule is written as one STANDARD and one DAYLIGHT observance,
each with a yearly RRULE (``FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU``): the form Outlook, Google
Calendar, Apple Calendar and Thunderbird (ical.js) all expand alike. The rule comes from the
POSIX TZ string at the end of the zone's tz database file (``GMT0BST,M3.5.0/1,M10.5.0``) and
starts in the year since which the zone's real transitions have followed it (1996 for the EU's
rule, 1970 at the earliest), so the same zone is written the same way in every file. Events in
years before that (a zone that changed its rules) get those years' real transitions, one
observance per transition, each with its own DTSTART and no multi-valued RDATE.
"""

from __future__ import annotations

import calendar
import functools
import importlib.resources
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

DAY = timedelta(days=1)
WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # POSIX numbers them from Sunday = 0


@dataclass(frozen=True)
class State:
    offset: timedelta
    dst: bool
    name: str


@dataclass(frozen=True)
class Change:
    """A transition: at ``at`` (UTC) the zone goes from ``before`` to ``after``."""

    at: datetime
    before: State
    after: State

    @property
    def local_onset(self) -> datetime:
        """The onset in the local time in force before it, as DTSTART wants it."""
        return (self.at + self.before.offset).replace(tzinfo=None)


@dataclass(frozen=True)
class Onset:
    """``Mm.w.d/time`` of a POSIX TZ rule: the w-th (5 = last) weekday d of month m."""

    month: int
    week: int
    weekday: int
    seconds: int

    def local(self, year: int) -> datetime:
        """The onset in ``year``, in the local time in force before it."""
        first = date(year, self.month, 1)
        python_weekday = (self.weekday - 1) % 7  # Monday = 0
        day = 1 + (python_weekday - first.weekday()) % 7 + (self.week - 1) * 7
        while day > calendar.monthrange(year, self.month)[1]:
            day -= 7
        # A local wall time with no zone, as DTSTART is in a VTIMEZONE (RFC 5545, 3.6.5).
        onset = datetime(year, self.month, day)  # noqa: DTZ001
        return onset + timedelta(seconds=self.seconds)

    @property
    def byday(self) -> str:
        return f"{-1 if self.week == 5 else self.week}{WEEKDAYS[self.weekday]}"


@dataclass(frozen=True)
class Rule:
    """The zone's rule from its POSIX TZ string: a fixed offset, or DST between two onsets."""

    dst_start: Onset | None = None
    dst_end: Onset | None = None


def _tzif(key: str) -> bytes:
    for root in zoneinfo.TZPATH:
        path = Path(root) / key
        if path.is_file():
            return path.read_bytes()
    return importlib.resources.files("tzdata.zoneinfo").joinpath(*key.split("/")).read_bytes()


_NAME = r"(?:<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"[+-]?\d{1,2}(?::\d{2}){0,2}"
_POSIX = re.compile(
    rf"^{_NAME}{_OFFSET}(?:{_NAME}(?:{_OFFSET})?(?:,(?P<start>[^,]+),(?P<end>[^,]+))?)?$"
)
_ONSET = re.compile(r"^M(\d{1,2})\.([1-5])\.([0-6])(?:/(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?$")


def _onset(text: str) -> Onset | None:
    """An ``Mm.w.d[/h[:mm[:ss]]]`` onset whose time lies within its day; None otherwise (the
    ``Jn`` and ``n`` forms and times like ``/26`` or ``/-1``, which no RRULE BYDAY can say)."""
    found = _ONSET.match(text)
    if found is None:
        return None
    month, week, weekday, hours, minutes, seconds = found.groups()
    if not 1 <= int(month) <= 12:
        return None
    total = int(hours or 2) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    if total >= 24 * 3600:
        return None
    return Onset(int(month), int(week), int(weekday), total)


@functools.cache
def _rule(key: str) -> Rule | None:
    """The rule of the zone's POSIX TZ string (the last line of its TZif file), or None when it
    cannot be written as RRULEs."""
    try:
        footer = _tzif(key).rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii")
    except (OSError, UnicodeDecodeError, ModuleNotFoundError):
        return None
    found = _POSIX.match(footer)
    if found is None:
        return None
    if found["start"] is None:
        return Rule()
    start, end = _onset(found["start"]), _onset(found["end"])
    if start is None or end is None:
        return None
    return Rule(dst_start=start, dst_end=end)


def _state(zone: zoneinfo.ZoneInfo, moment: datetime) -> State:
    local = moment.astimezone(zone)
    return State(
        offset=local.utcoffset() or timedelta(0),
        dst=bool(local.dst()),
        name=local.tzname() or "",
    )


@functools.cache
def _changes_in(key: str, year: int) -> tuple[Change, ...]:
    """Every transition of the zone in ``year`` (UTC), to the second."""
    zone = zoneinfo.ZoneInfo(key)
    found = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    state = _state(zone, moment)
    while moment < end:
        following = min(moment + DAY, end)
        after = _state(zone, following)
        if after != state:
            low, high = moment, following  # the change is in (low, high]
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _state(zone, middle) == state:
                    low = middle
                else:
                    high = middle
            at = high.replace(microsecond=0)
            found.append(Change(at, state, _state(zone, at)))
            state = _state(zone, at)
            moment = at
            continue
        moment = following
    return tuple(found)


def _rule_holds(key: str, rule: Rule, year: int) -> bool:
    """Whether the zone's real transitions in ``year`` are exactly the rule's."""
    changes = _changes_in(key, year)
    if rule.dst_start is None or rule.dst_end is None:
        return not changes
    if len(changes) != 2:
        return False
    for change in changes:
        onset = rule.dst_start if change.after.dst else rule.dst_end
        if change.before.dst == change.after.dst or change.local_onset != onset.local(year):
            return False
    return True


def _observance(
    state: State, before: State, onset: datetime, rrule: dict | None = None
) -> TimezoneStandard | TimezoneDaylight:
    component = TimezoneDaylight() if state.dst else TimezoneStandard()
    component.add("dtstart", onset)
    component.add("tzoffsetfrom", before.offset)
    component.add("tzoffsetto", state.offset)
    if state.name:
        component.add("tzname", state.name)
    if rrule:
        component.add("rrule", rrule)
    return component


#: How far back a rule's first year is looked for: calendar programs' own zone data starts
#: about then, and a VTIMEZONE that does not depend on the events in the file is the same in
#: every file, whatever a program keeps of the first one it read.
EARLIEST_RULE_YEAR = 1970


def _rule_start(key: str, rule: Rule, last: int) -> int | None:
    """The first year from which the rule has held every year up to ``last`` (None if it does
    not hold in ``last``)."""
    if not _rule_holds(key, rule, last):
        return None
    year = last
    while year > EARLIEST_RULE_YEAR and _rule_holds(key, rule, year - 1):
        year -= 1
    return year


def _new_year(zone: zoneinfo.ZoneInfo, year: int) -> TimezoneStandard | TimezoneDaylight:
    """An observance of the zone's state at midnight on 1 January of ``year``."""
    midnight = datetime(year, 1, 1)  # noqa: DTZ001 (a local wall time, as above)
    state = _state(zone, midnight.replace(tzinfo=zone))
    return _observance(state, state, midnight)


@functools.cache
def _vtimezone(key: str, years: frozenset[int]) -> bytes:
    zone = zoneinfo.ZoneInfo(key)
    # datetime reaches from year 1 to 9999; a year's scan needs the start of the next one.
    needed = sorted(y for y in years | {year - 1 for year in years} if 1 <= y <= 9998)
    rule = _rule(key)
    ruled_from = _rule_start(key, rule, needed[-1]) if rule is not None and needed else None
    timezone_ = Timezone()
    timezone_.add("tzid", key)
    # Years before that: their real transitions, each block of years opened by its state on
    # 1 January.
    previous_year = None
    for year in needed:
        if ruled_from is not None and year >= ruled_from:
            break
        if previous_year != year - 1:
            timezone_.add_component(_new_year(zone, year))
        for change in _changes_in(key, year):
            timezone_.add_component(_observance(change.after, change.before, change.local_onset))
        previous_year = year
    if ruled_from is not None and rule is not None:
        if rule.dst_start is None or rule.dst_end is None:
            timezone_.add_component(_new_year(zone, ruled_from))
        else:
            for change in _changes_in(key, ruled_from):
                onset = rule.dst_start if change.after.dst else rule.dst_end
                timezone_.add_component(
                    _observance(
                        change.after,
                        change.before,
                        change.local_onset,
                        {"freq": "yearly", "bymonth": onset.month, "byday": onset.byday},
                    )
                )
    return timezone_.to_ical()


def vtimezone(key: str, moments: Iterable[datetime]) -> Timezone:
    """The VTIMEZONE of zone ``key`` for events at these moments."""
    zone = zoneinfo.ZoneInfo(key)
    years = frozenset(moment.astimezone(zone).year for moment in moments)
    # Built once per zone and set of years (the scan of the tz database is the slow part),
    # then parsed into a component of its own for each calendar.
    found = Timezone.from_ical(_vtimezone(key, years))
    if not isinstance(found, Timezone):
        raise TypeError(f"not a VTIMEZONE: {found!r}")
    return found
