"""Bar charts drawn as SVG on the server: no charting library, no script, nothing fetched.

A ``Chart`` holds labelled rows of numbers; the template shows its SVG (a picture for those
who look), the same numbers as a table (for screen readers and for anyone who reads rather
than looks) and a link to them as CSV. Bars are stacked when there are several series, and
a share in per cent is drawn on a 0–100 scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .spreadsheets import csv_response

WIDTH, HEIGHT = 640, 250
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 12, 42
MAX_LABELS = 12


@dataclass
class Series:
    key: str
    label: str
    colour: str


@dataclass
class Chart:
    slug: str
    title: str
    #: The category heading of the table (Quarter, Month …).
    category_label: str
    categories: list[str]
    series: list[Series]
    #: One row per category, one value per series (None: nothing to show, e.g. no share).
    values: list[list[int | None]]
    percent: bool = False
    #: Extra columns for the table and the CSV only: (heading, one value per category).
    extra: list[tuple[str, list[Any]]] = field(default_factory=list)
    #: CSV column names: the category, then the series and extra columns, in English.
    csv_columns: list[str] = field(default_factory=list)
    #: Which categories to label on the x axis (all when few).
    short: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[str, list[Any]]]:
        """The table: each category with its series values, then the extra columns."""
        return [
            (label, [*values, *(column[index] for _heading, column in self.extra)])
            for index, (label, values) in enumerate(zip(self.categories, self.values, strict=True))
        ]

    @property
    def headings(self) -> list[str]:
        return [*(s.label for s in self.series), *(heading for heading, _column in self.extra)]

    @property
    def is_empty(self) -> bool:
        return not any(v for row in self.values for v in row if v)

    def svg(self) -> SafeString:
        plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
        top = (
            100
            if self.percent
            else _nice_top(max((sum(v or 0 for v in row) for row in self.values), default=0))
        )
        step = plot_w / max(len(self.categories), 1)
        bar = max(step * 0.7, 1.0)
        parts: list[str] = []
        for tick in _ticks(top):
            y = TOP + plot_h - plot_h * tick / top
            parts.append(
                format_html(
                    '<g class="grid"><line x1="{}" x2="{}" y1="{}" y2="{}"/></g>'
                    '<text x="{}" y="{}" text-anchor="end">{}</text>',
                    LEFT,
                    WIDTH - RIGHT,
                    _n(y),
                    _n(y),
                    LEFT - 4,
                    _n(y + 4),
                    f"{tick}%" if self.percent else tick,
                )
            )
        every = max(1, -(-len(self.categories) // MAX_LABELS))
        labels = self.short or self.categories
        for index, row in enumerate(self.values):
            x = LEFT + step * index + (step - bar) / 2
            base = 0.0
            for series, value in zip(self.series, row, strict=True):
                if not value:
                    continue
                height = plot_h * value / top
                y = TOP + plot_h - base - height
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                        _n(x),
                        _n(y),
                        _n(bar),
                        _n(height),
                        series.colour,
                    )
                )
                base += height
            if index % every == 0:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" text-anchor="middle">{}</text>',
                        _n(x + bar / 2),
                        HEIGHT - BOTTOM + 16,
                        labels[index],
                    )
                )
        parts.append(
            format_html(
                '<g class="axis"><line x1="{}" x2="{}" y1="{}" y2="{}"/></g>',
                LEFT,
                WIDTH - RIGHT,
                TOP + plot_h,
                TOP + plot_h,
            )
        )
        return format_html(
            '<svg viewBox="0 0 {} {}" role="img" aria-label="{}" focusable="false">{}</svg>',
            WIDTH,
            HEIGHT,
            self.title,
            mark_safe("".join(parts)),  # noqa: S308 - every part went through format_html
        )

    def legend(self) -> SafeString:
        return format_html_join(
            "",
            '<li><span style="background:{}"></span>{}</li>',
            ((s.colour, s.label) for s in self.series),
        )

    def csv_response(self) -> HttpResponse:
        return csv_response(
            f"{self.slug}.csv",
            self.csv_columns or [self.category_label, *self.headings],
            ([label, *("" if v is None else v for v in values)] for label, values in self.rows),
        )


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _nice_top(value: int) -> int:
    """The axis maximum: 1, 2, 5, 10, 20, 50 … not below ``value``."""
    if value <= 1:
        return 1
    magnitude = 10 ** (len(str(value)) - 1)
    return next(f * magnitude for f in (1, 2, 5, 10) if f * magnitude >= value)


def _ticks(top: int) -> list[int]:
    step = max(1, top // 5) if top > 5 else 1
    return list(range(0, top + 1, step))
