"""The programme in figures: the charts of the figures page and the coordinator's dashboard,
each built from a selector, labelled in the reader's language (FY2026 Q3 / 2026年度第3四半期,
Nov 2026 / 2026年11月)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.permissions import Viewer

from . import dates
from .charts import Chart, Series

CHARTS = ("milestone-status", "done-on-time", "meetings-per-month")

STATE_COLOURS = {
    "not_started": "#8c96a0",
    "under_way": "#0b4f8a",
    "overdue": "#a4102a",
    "done": "#1d6b34",
    "cancelled": "#d8a31a",
}


def _state_labels() -> dict[str, str]:
    return {
        "not_started": pgettext("milestone state", "Not started"),
        "under_way": pgettext("milestone state", "Under way"),
        "overdue": pgettext("milestone state", "Overdue"),
        "done": pgettext("milestone state", "Done"),
        "cancelled": pgettext("milestone state", "Cancelled"),
    }


def _quarters(rows: list[Any]) -> tuple[list[str], list[str]]:
    full = [dates.quarter_label(r.year, r.quarter) for r in rows]
    short = [
        dates.fiscal_year_label(r.year) if r.quarter == 1 or i == 0 else ""
        for i, r in enumerate(rows)
    ]
    return full, short


def milestone_status(plan: Any) -> Chart:
    from exchanges.plan.selectors import QUARTER_STATES, by_quarter

    rows = by_quarter(plan)
    labels = _state_labels()
    full, short = _quarters(rows)
    return Chart(
        slug="milestone-status",
        title=_("Milestones by state at the end of each quarter"),
        category_label=_("Quarter"),
        categories=full,
        short=short,
        series=[Series(s, labels[s], STATE_COLOURS[s]) for s in QUARTER_STATES],
        values=[[r.states[s] for s in QUARTER_STATES] for r in rows],
        csv_columns=["quarter", *QUARTER_STATES],
    )


def done_on_time(plan: Any) -> Chart:
    from exchanges.plan.selectors import by_quarter

    rows = by_quarter(plan)
    full, short = _quarters(rows)
    return Chart(
        slug="done-on-time",
        title=_("Share of the milestones completed in each quarter that were done on time"),
        category_label=_("Quarter"),
        categories=full,
        short=short,
        series=[Series("share", _("Done on time (%)"), STATE_COLOURS["done"])],
        values=[[r.on_time_share] for r in rows],
        percent=True,
        extra=[
            (_("Completed"), [r.completed for r in rows]),
            (_("On time"), [r.on_time for r in rows]),
        ],
        csv_columns=["quarter", "on_time_percent", "completed", "on_time"],
    )


def meetings_per_month(viewer: Viewer) -> Chart:
    from exchanges.meetings.selectors import per_month

    rows = per_month(viewer)
    full = [dates.month_label(r["month"]) for r in rows]
    short = [
        dates.month_label(r["month"]) if r["month"].month in (1, 4, 7, 10) else "" for r in rows
    ]
    return Chart(
        slug="meetings-per-month",
        title=_("Meetings per month"),
        category_label=_("Month"),
        categories=full,
        short=short,
        series=[
            Series("held", _("Held"), STATE_COLOURS["under_way"]),
            Series("scheduled", _("Scheduled"), "#74a5d6"),
        ],
        values=[[r["held"], r["scheduled"]] for r in rows],
        csv_columns=["month", "held", "scheduled"],
    )


@dataclass
class Heat:
    """Practices by theme (rows) and lead city (columns), with a colour step per cell."""

    themes: list[Any]
    cities: list[Any]
    rows: list[tuple[Any, list[tuple[int, int]], int]]
    totals: list[int]

    def csv_response(self) -> Any:
        from .charts import Chart

        chart = Chart(
            slug="practices-by-theme-and-city",
            title="",
            category_label="theme",
            categories=[str(t.name) for t in self.themes],
            series=[],
            values=[[] for _t in self.themes],
            extra=[
                (str(c.name), [row[1][index][0] for row in self.rows])
                for index, c in enumerate(self.cities)
            ],
            csv_columns=["theme", *(c.slug for c in self.cities)],
        )
        return chart.csv_response()


def practices_by_theme_and_city() -> Heat:
    from practices.selectors import by_theme_and_city

    themes, cities, counts = by_theme_and_city()
    top = max(counts.values(), default=0)
    rows = []
    for theme in themes:
        cells = [(n := counts.get((theme.pk, city.pk), 0), _level(n, top)) for city in cities]
        rows.append((theme, cells, sum(n for n, _level_ in cells)))
    totals = [sum(counts.get((t.pk, c.pk), 0) for t in themes) for c in cities]
    return Heat(themes, cities, rows, totals)


def _level(value: int, top: int) -> int:
    if not value or not top:
        return 0
    return max(1, min(4, round(4 * value / top)))
