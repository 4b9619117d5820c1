"""CSV files that spreadsheet programs open as data, never as formulas.

Excel and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, after
trimming, a tab or a carriage return) as a formula: ``=HYPERLINK(…)`` or ``=cmd|' /C calc'!A0``
typed into a title would run on the coordinator's computer. Every text cell that starts with
one of them is written with a ``'`` before it (OWASP, "CSV Injection"), which spreadsheets read
as "this is text". Files start with a byte order mark, so that Excel on Japanese Windows reads
them as UTF-8 rather than Shift_JIS.
"""

import csv
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` as a cell no spreadsheet runs: text starting with a formula character gets a
    leading ``'``; numbers, dates and other text are kept as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable[Any]]) -> HttpResponse:
    """A CSV download in UTF-8 with a BOM, every cell neutralised."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([safe_cell(name) for name in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return response
