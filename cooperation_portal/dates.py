"""Dates as the programme counts them, and the bounds of every date the portal stores or accepts.

The programme was launched in 2021; the portal takes any date from 2015 to the end of 2100. The
bounds are checked where a date comes in (forms, filters, services) and held by the database
(model validators plus a check constraint), so that no stored row can make a page overflow
(a meeting on 31 December 9999 shown in Japan's zone is past the end of Python's calendar).
"""

from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

FIRST_DAY = date(2015, 1, 1)
LAST_DAY = date(2100, 12, 31)
#: The same bounds as moments: from the first day's start to the end of the last day, in UTC.
FIRST_MOMENT = datetime(2015, 1, 1, tzinfo=UTC)
END_MOMENT = datetime(2101, 1, 1, tzinfo=UTC)


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
