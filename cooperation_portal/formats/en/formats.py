"""Dates and times in English pages (settings.FORMAT_MODULE_PATH): British order, 24-hour clock.
Django's own names, then the portal's (read through cooperation_portal.formats.get)."""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
YEAR_MONTH_FORMAT = "M Y"
MONTH_DAY_FORMAT = "j M"

#: Mon 21 Dec 2026
WEEKDAY_DATE_FORMAT = "D j M Y"
#: Mon 21 Dec
WEEKDAY_SHORT_DATE_FORMAT = "D j M"
#: Mon 21 Dec 2026, 09:00 CET
ZONED_DATETIME_FORMAT = "D j M Y, H:i T"
