"""The partner map: Europe and Japan side by side (stacked on a phone), drawn as SVG on the server.

The coastlines and borders are two static SVG files made once from Natural Earth's 1:50m
countries (npm ``world-atlas``, see ``scripts/build_map.py`` and ``make map``) in the same
projection as the places drawn here, so the page needs no tile server, no map library and no
request outside the portal. The server knows which places have met (as the viewer may see
it), so it draws the lines and the links itself; the page works without JavaScript.

Each region is a panel in Mercator projection, cut to a longitude and latitude box. A layout
places the two panels in one SVG: ``wide`` side by side, ``tall`` one above the other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.templatetags.static import static


@dataclass(frozen=True)
class Panel:
    key: str
    west: float
    east: float
    south: float
    north: float
    width: float = 400.0

    @property
    def scale(self) -> float:
        """Pixels per degree of longitude."""
        return self.width / (self.east - self.west)

    @property
    def height(self) -> float:
        return round((_mercator(self.north) - _mercator(self.south)) * self.scale, 1)

    def project(self, longitude: float, latitude: float) -> tuple[float, float]:
        """(x, y) in the panel, 0/0 at the north-west corner."""
        x = (longitude - self.west) * self.scale
        y = (_mercator(self.north) - _mercator(latitude)) * self.scale
        return x, y


def _mercator(latitude: float) -> float:
    """Mercator's y in degrees, so that it scales like longitude."""
    clamped = max(min(latitude, 85.0), -85.0)
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(clamped) / 2)))


PANELS = {
    # From Glasgow to Umeå and down to Rome; from Kyushu (Tamana) to Tokyo.
    "europe": Panel("europe", west=-11.0, east=26.0, south=40.0, north=66.5),
    "japan": Panel("japan", west=128.8, east=142.4, south=30.6, north=41.4),
}

#: Where each panel sits in a layout's SVG.
GAP = 40.0
LAYOUTS = {
    "wide": {"europe": (0.0, 0.0), "japan": (PANELS["europe"].width + GAP, 40.0)},
    "tall": {"europe": (0.0, 0.0), "japan": (0.0, PANELS["europe"].height + GAP)},
}

LABEL_ROOM = 30.0

#: Where a place's name goes, beside its marker: (dx, dy, text-anchor). Default: the right.
LABELS = {
    "kamakura": (4, 22, "middle"),
    "cabinet-office-japan": (-6, -12, "end"),
    "hamamatsu": (-11, 4, "end"),
    "isinnova": (10, 4, "start"),
    "parma": (-11, 4, "end"),
}
DEFAULT_LABEL = (11, 4, "start")


@dataclass
class Marker:
    key: tuple[str, int]
    slug: str
    name: str
    url: str
    kind: str  # "city" or "body"
    region: str
    x: float
    y: float
    label_dx: float = 0
    label_dy: float = 0
    anchor: str = "start"

    @property
    def label_x(self) -> float:
        return round(self.x + self.label_dx, 1)

    @property
    def label_y(self) -> float:
        return round(self.y + self.label_dy, 1)

    @property
    def corner_x(self) -> float:
        """The top-left corner of a body's square marker."""
        return round(self.x - 6, 1)

    @property
    def corner_y(self) -> float:
        return round(self.y - 6, 1)


@dataclass
class Line:
    d: str
    count: int
    names: tuple[str, str]

    @property
    def width(self) -> float:
        return 1.0 + min(self.count - 1, 4) * 1.25

    @property
    def opacity(self) -> float:
        """One meeting (such as the launch, where every city met) draws a faint line; more
        meetings, a stronger one."""
        return 0.3 if self.count <= 1 else min(0.45 + 0.1 * self.count, 0.9)


@dataclass
class MapView:
    layout: str
    width: float
    height: float
    panels: list[dict[str, Any]]
    markers: list[Marker]
    lines: list[Line] = field(default_factory=list)


def _region_of(place: Any) -> str:
    region = getattr(place, "region", None)
    if region:
        return str(region)
    return "japan" if place.country_code == "JP" else "europe"


def build(layout: str, places: list[Any], pairs: dict[Any, int]) -> MapView:
    """The map in ``layout`` with a marker per place (cities and bodies that have a position)
    and a line per European and Japanese city that have met (``pairs``: see
    ``cities.selectors.met_pairs``), drawn stronger the more often they met."""
    offsets = LAYOUTS[layout]
    markers: dict[tuple[str, int], Marker] = {}
    for place in places:
        if place.latitude is None or place.longitude is None:
            continue
        kind = "city" if hasattr(place, "region") else "body"
        region = _region_of(place)
        panel = PANELS[region]
        ox, oy = offsets[region]
        x, y = panel.project(float(place.longitude), float(place.latitude))
        dx, dy, anchor = LABELS.get(place.slug, DEFAULT_LABEL)
        markers[(kind, place.pk)] = Marker(
            key=(kind, place.pk),
            slug=place.slug,
            name=str(place.name if kind == "city" else place.short_name),
            url=place.get_absolute_url(),
            kind=kind,
            region=region,
            x=round(ox + x, 1),
            y=round(oy + y, 1),
            label_dx=dx,
            label_dy=dy,
            anchor=anchor,
        )
    lines = []
    for (first, second), count in sorted(pairs.items()):
        a, b = markers.get(first), markers.get(second)
        # The programme's pairs: a European and a Japanese city.
        if a is None or b is None or a.kind != "city" or b.kind != "city" or a.region == b.region:
            continue
        lines.append(Line(_arc(a, b, layout), count, (a.name, b.name)))
    # Room on the right for the names of places near the edge (Gdańsk on a phone).
    width = max(ox + PANELS[key].width for key, (ox, _oy) in offsets.items()) + LABEL_ROOM
    height = max(oy + PANELS[key].height for key, (_ox, oy) in offsets.items())
    panels = [
        {
            "key": key,
            "x": ox,
            "y": oy,
            "width": PANELS[key].width,
            "height": PANELS[key].height,
            "href": static(f"map/{key}.svg"),
        }
        for key, (ox, oy) in offsets.items()
    ]
    return MapView(layout, width, round(height, 1), panels, list(markers.values()), lines)


def _arc(a: Marker, b: Marker, layout: str) -> str:
    """A curve from ``a`` to ``b``: bowed upwards between the panels side by side, to the
    right between the stacked ones, gently within one region."""
    (x1, y1), (x2, y2) = sorted([(a.x, a.y), (b.x, b.y)])
    length = math.hypot(x2 - x1, y2 - y1)
    if a.region != b.region and layout == "tall":
        cx, cy = max(x1, x2) + 140, (y1 + y2) / 2
    else:
        bow = 0.35 if a.region != b.region else 0.2
        # The normal of the chord that points up (negative y).
        nx, ny = (y2 - y1) / length, -(x2 - x1) / length
        if ny > 0:
            nx, ny = -nx, -ny
        cx, cy = (x1 + x2) / 2 + nx * length * bow, (y1 + y2) / 2 + ny * length * bow
    return f"M{x1:.1f} {y1:.1f}Q{cx:.1f} {cy:.1f} {x2:.1f} {y2:.1f}"
