import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    """Accept only IANA zone names that this machine's tz database knows (``Asia/Tokyo``)."""
    if value not in available_time_zones():
        raise ValidationError(
            _("“%(value)s” is not a known time zone. Use an IANA name such as Asia/Tokyo."),
            code="invalid_time_zone",
            params={"value": value},
        )


def available_time_zones() -> frozenset[str]:
    return _ZONES


# "localtime" and "Factory" are files in the tz database, not places anybody lives in.
_ZONES = frozenset(
    z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))
) | {"UTC"}
