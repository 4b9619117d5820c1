"""Dates as the programme counts them."""

from datetime import date


def fiscal_year(day: date) -> int:
    """Japan's fiscal year (April to March): 11 October 2021 is in FY2021, March 2022 too."""
    return day.year if day.month >= 4 else day.year - 1
