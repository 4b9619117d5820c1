"""The slot finder: start times that fall inside every participant's working day.

Each participant (a city, or a coordinating body) has working hours in local time (08:00–18:00
by default, per city in the admin), works Monday to Friday, and is off on its country's public
holidays (the ``holidays`` package; Glasgow with Scotland's). Japanese offices also close for
Obon and the New Year, which are not public holidays but empty the offices all the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

import holidays
from django.utils.translation import get_language
from django.utils.translation import gettext as _

STEP = timedelta(minutes=30)
MAX_DAYS = 62

#: Closures that are not public holidays (month, day, English name, Japanese name).
CUSTOMARY_CLOSURES = {
    "JP": [
        *((8, d, "Obon", "お盆") for d in (13, 14, 15, 16)),
        *((12, d, "Year-end holidays", "年末年始") for d in (29, 30, 31)),
        *((1, d, "New Year holidays", "年末年始") for d in (2, 3)),
    ],
}


@dataclass
class Participant:
    name: str
    time_zone: str
    country_code: str
    subdivision: str = ""
    day_start: time = time(8, 0)
    day_end: time = time(18, 0)

    @classmethod
    def of(cls, organisation: Any) -> Participant:
        return cls(
            name=str(organisation.name),
            time_zone=organisation.time_zone,
            country_code=organisation.country_code,
            subdivision=getattr(organisation, "holiday_subdivision", "") or "",
            day_start=organisation.working_day_start,
            day_end=organisation.working_day_end,
        )

    def problem(self, start: datetime, end: datetime) -> str | None:
        """Why this participant cannot meet from ``start`` to ``end`` (UTC), or None."""
        import zoneinfo

        zone = zoneinfo.ZoneInfo(self.time_zone)
        local_start, local_end = start.astimezone(zone), end.astimezone(zone)
        day = local_start.date()
        closed = day_off(self.country_code, self.subdivision, day)
        if closed:
            return closed
        if local_start.weekday() >= 5:
            return _("weekend")
        if (
            local_end.date() != day
            or local_start.time() < self.day_start
            or local_end.time() > self.day_end
        ):
            return _("outside working hours (%(start)s–%(end)s local, %(time)s)") % {
                "start": f"{self.day_start:%H:%M}",
                "end": f"{self.day_end:%H:%M}",
                "time": f"{local_start:%H:%M}",
            }
        return None


def _holidays(country: str, subdivision: str, year: int) -> dict[date, str]:
    """The days off of a year, named in the viewer's language where the package has it."""
    language = "ja" if (get_language() or "en").startswith("ja") and country == "JP" else None
    return _holidays_in(country, subdivision, year, language)


@lru_cache(maxsize=256)
def _holidays_in(
    country: str, subdivision: str, year: int, language: str | None
) -> dict[date, str]:
    try:
        found = holidays.country_holidays(
            country, subdiv=subdivision or None, years=year, language=language or "en_US"
        )
    except NotImplementedError:
        found = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    table = dict(found.items())
    for month, day, name_en, name_ja in CUSTOMARY_CLOSURES.get(country, []):
        table.setdefault(date(year, month, day), name_ja if language == "ja" else name_en)
    return table


def day_off(country: str, subdivision: str, day: date) -> str | None:
    name = _holidays(country, subdivision, day.year).get(day)
    return _("public holiday: %(name)s") % {"name": name} if name else None


def days_off(organisation: Any, first: date, last: date) -> list[tuple[date, str]]:
    """The public holidays and customary closures of a city or body from ``first`` to
    ``last``, in date order, named in the viewer's language where the package has it."""
    subdivision = getattr(organisation, "holiday_subdivision", "") or ""
    found: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        found |= _holidays(organisation.country_code, subdivision, year)
    return sorted((day, name) for day, name in found.items() if first <= day <= last)


@dataclass
class Slot:
    start: datetime
    end: datetime
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (participant, why)

    @property
    def fits(self) -> bool:
        return not self.conflicts


@dataclass
class SlotSearch:
    days: list[tuple[date, list[Slot]]]  # the UTC days that have fitting slots
    nearest: list[Slot]  # when nothing fits: the candidates with the fewest conflicts

    @property
    def found(self) -> bool:
        return bool(self.days)


def find_slots(
    participants: list[Participant], first_day: date, last_day: date, duration: timedelta
) -> SlotSearch:
    """Every start on the half hour between ``first_day`` and ``last_day`` (UTC dates) at which
    the whole meeting falls inside every participant's working day."""
    if last_day < first_day:
        raise ValueError("last_day before first_day")
    last_day = min(last_day, first_day + timedelta(days=MAX_DAYS - 1))
    days: list[tuple[date, list[Slot]]] = []
    candidates: list[Slot] = []
    day = first_day
    while day <= last_day:
        fitting = []
        start = datetime.combine(day, time(0, 0), tzinfo=UTC)
        while start.date() == day:
            slot = Slot(start, start + duration)
            for participant in participants:
                why = participant.problem(slot.start, slot.end)
                if why:
                    slot.conflicts.append((participant.name, why))
            if slot.fits:
                fitting.append(slot)
            else:
                candidates.append(slot)
            start += STEP
        if fitting:
            days.append((day, fitting))
        day += timedelta(days=1)
    nearest: list[Slot] = []
    if not days:
        # Weekend and holiday conflicts are not worth proposing: prefer hours-only conflicts.
        candidates.sort(key=lambda s: (len(s.conflicts), s.start))
        nearest = candidates[:8]
    return SlotSearch(days=days, nearest=nearest)
