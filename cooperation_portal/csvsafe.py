"""CSV cells a spreadsheet cannot run (OWASP "CSV injection").

A local helper of the figures, matrix and dashboard exports: a shared one for every CSV the
portal writes is being added separately, and replaces these two functions where they are
imported (``csv_safe_cell``, ``csv_safe_row``).
"""

from collections.abc import Iterable
from typing import Any

#: A cell starting with one of these is read as a formula by Excel, LibreOffice or Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe_cell(value: Any) -> Any:
    """``value`` with a ``'`` in front when it is text that a spreadsheet would run; numbers
    (negative ones too) stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_safe_row(values: Iterable[Any]) -> list[Any]:
    return [csv_safe_cell(value) for value in values]
