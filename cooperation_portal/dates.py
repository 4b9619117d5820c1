"""Dates as the programme counts them: Japan's fiscal year (April to March) and its quarters,
and months, each labelled for the reader's language (FY2026 / 2026年度, Nov 2026 / 2026年11月);
and the bounds of every date the portal stores or accepts.

The programme was launched in 2021; the portal takes any date from 2015 to the end of 2100. The
bounds are checked where a date comes in (forms, filters, services) and held by the database
(model validators plus a check constraint), so that no stored row can make a page overflow
(a meeting on 31 December 9999 shown in Japan's zone is past the end of Python's calendar).
"""

from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

FIRST_DAY = date(2015, 1, 1)
LAST_DAY = date(2100, 12, 31)
#: The same bounds as moments: from the first day's start to the end of the last day, in UTC.
FIRST_MOMENT = datetime(2015, 1, 1, tzinfo=UTC)
END_MOMENT = datetime(2101, 1, 1, tzinfo=UTC)
#: The programme started on 11 October 2021, in FY2021.
FIRST_FISCAL_YEAR = 2021


def fiscal_year(day: date) -> int:
    """Japan's fiscal year (April to March): 11 October 2021 is in FY2021, March 2022 too."""
    return day.year if day.month >= 4 else day.year - 1


def _out_of_range() -> ValidationError:
    return ValidationError(
        _("Give a date between %(first)s and %(last)s.")
        % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
        code="date_out_of_range",
    )


def validate_programme_date(value: date) -> None:
    """A day from 2015-01-01 to 2100-12-31 (a datetime: a moment in that span, in UTC)."""
    if isinstance(value, datetime):
        validate_programme_moment(value)
    elif not FIRST_DAY <= value <= LAST_DAY:
        raise _out_of_range()


def validate_programme_moment(value: datetime) -> None:
    if value.tzinfo is None or not FIRST_MOMENT <= value < END_MOMENT:
        raise _out_of_range()


def in_range(value: date | None) -> bool:
    if value is None:
        return True
    try:
        validate_programme_date(value)
    except ValidationError:
        return False
    return True


def date_bounds(field: str) -> Q:
    """The condition of a check constraint keeping ``field`` (a DateField) in the bounds."""
    return Q(**{f"{field}__gte": FIRST_DAY, f"{field}__lte": LAST_DAY})


def moment_bounds(field: str) -> Q:
    """The condition of a check constraint keeping ``field`` (a DateTimeField) in the bounds."""
    return Q(**{f"{field}__gte": FIRST_MOMENT, f"{field}__lt": END_MOMENT})


def fiscal_year_bounds(year: int) -> tuple[date, date]:
    """The first and the last day of fiscal year ``year``: 1 April to 31 March."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def _japanese() -> bool:
    return (get_language() or "en").startswith("ja")


def fiscal_year_label(year: int) -> str:
    return f"{year}年度" if _japanese() else f"FY{year}"


def fiscal_quarter(day: date) -> tuple[int, int]:
    """(fiscal year, quarter 1–4): April–June is the first quarter."""
    return fiscal_year(day), (day.month - 4) % 12 // 3 + 1


def quarter_start(year: int, quarter: int) -> date:
    month = 4 + (quarter - 1) * 3
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def quarter_end(year: int, quarter: int) -> date:
    """The last day of a fiscal quarter."""
    next_year, next_quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    start = quarter_start(next_year, next_quarter)
    return date.fromordinal(start.toordinal() - 1)


def quarters_between(first: date, last: date) -> list[tuple[int, int]]:
    """Every fiscal quarter from the one of ``first`` to the one of ``last``."""
    found: list[tuple[int, int]] = []
    year, quarter = fiscal_quarter(first)
    end = fiscal_quarter(last)
    while (year, quarter) <= end:
        found.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return found


def quarter_label(year: int, quarter: int) -> str:
    """FY2026 Q3, or 2026年度第3四半期."""
    return _("%(year)s Q%(quarter)s") % {"year": fiscal_year_label(year), "quarter": quarter}


def month_label(day: date) -> str:
    """Nov 2026, or 2026年11月."""
    return format_date(day, get_format("YEAR_MONTH_FORMAT"))


def months_between(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s to ``last``'s."""
    found = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        found.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found
