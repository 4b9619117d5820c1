"""Dates and times in Japanese pages (settings.FORMAT_MODULE_PATH): 2026年12月21日（月）, with the
weekday in full-width parentheses as Japanese official writing has it."""

DATE_FORMAT = "Y年n月j日"
SHORT_DATE_FORMAT = "Y/m/d"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y年n月j日 H:i"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"

#: 2026年12月21日（月）
WEEKDAY_DATE_FORMAT = "Y年n月j日（D）"
#: 12月21日（月）
WEEKDAY_SHORT_DATE_FORMAT = "n月j日（D）"
#: 2026年12月21日（月） 17:00 JST
ZONED_DATETIME_FORMAT = "Y年n月j日（D） H:i T"
