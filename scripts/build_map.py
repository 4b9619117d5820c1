"""Make the partner map's base maps, static/map/europe.svg and static/map/japan.svg, from
Natural Earth's 1:50m countries as npm's ``world-atlas`` ships them (TopoJSON).

    make map        # npm ci, then this script

The projection and the two panels are the portal's own (``cities.map``), so the cities the
server draws fall where they belong. Countries are cut to the panel (with a margin), points
closer than half a pixel dropped and coordinates rounded to a tenth of a pixel; the programme's
countries are shaded. The files are committed: the portal needs neither npm nor this script to
run, and serves the result from its own static files.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cities.map import PANELS, Panel  # noqa: E402 - after the path is set

SOURCE = ROOT / "node_modules" / "world-atlas" / "countries-50m.json"
TARGET = ROOT / "static" / "map"
#: ISO 3166 numeric codes of the programme's countries (NL, SE, GB, PL, IT, CZ, JP).
PARTNERS = {"528", "752", "826", "616", "380", "203", "392"}
MARGIN = 30.0
MIN_STEP = 0.8

type Point = tuple[float, float]
type Ring = list[Point]


def decode_arcs(topology: dict) -> list[list[Point]]:
    """The arcs in longitude/latitude: TopoJSON stores them quantised and delta-encoded."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: Iterable[int], arcs: list[list[Point]]) -> Ring:
    """A closed ring from arc indexes; ``~i`` is arc ``i`` reversed."""
    points: Ring = []
    for index in indexes:
        arc = arcs[~index][::-1] if index < 0 else arcs[index]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry: dict, arcs: list[list[Point]]) -> list[list[Ring]]:
    if geometry.get("type") == "Polygon":
        return [[ring(r, arcs) for r in geometry["arcs"]]]
    if geometry.get("type") == "MultiPolygon":
        return [[ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
    return []


def unwrap(points: Ring) -> Ring:
    """Longitudes made continuous across the antimeridian (Russia's Chukotka follows its
    Siberia at 190° rather than jumping to -170°), so that no edge crosses the world."""
    out: Ring = []
    shift = 0.0
    for longitude, latitude in points:
        if out:
            previous = out[-1][0] - shift
            if longitude - previous > 180:
                shift -= 360
            elif previous - longitude > 180:
                shift += 360
        out.append((longitude + shift, latitude))
    return out


def project_ring(points: Ring, panel: Panel) -> Ring:
    """Projected, or empty when the ring misses the panel; clamped to the panel plus a margin
    (edges are short at 1:50m, so clamping moves no visible edge), near duplicates dropped."""
    projected = [panel.project(lon, lat) for lon, lat in unwrap(points)]
    if not visible(projected, panel):
        return []
    out: Ring = []
    low_x, low_y = -MARGIN, -MARGIN
    high_x, high_y = panel.width + MARGIN, panel.height + MARGIN
    for x, y in projected:
        x, y = min(max(x, low_x), high_x), min(max(y, low_y), high_y)
        if out and abs(x - out[-1][0]) < MIN_STEP and abs(y - out[-1][1]) < MIN_STEP:
            continue
        out.append((x, y))
    return out


def visible(points: Ring, panel: Panel) -> bool:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (
        len(points) >= 3
        and max(xs) > 0
        and min(xs) < panel.width
        and max(ys) > 0
        and min(ys) < panel.height
        and (max(xs) - min(xs) > 1 or max(ys) - min(ys) > 1)
    )


def path_data(rings: list[Ring]) -> str:
    parts = []
    for points in rings:
        first, *rest = points
        parts.append(
            f"M{first[0]:.1f} {first[1]:.1f}" + "".join(f"L{x:.1f} {y:.1f}" for x, y in rest) + "Z"
        )
    return "".join(parts).replace(".0 ", " ").replace(".0L", "L").replace(".0Z", "Z")


def panel_svg(topology: dict, panel: Panel) -> str:
    arcs = decode_arcs(topology)
    paths = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        rings = [
            projected
            for polygon in polygons(geometry, arcs)
            for r in polygon
            if len(projected := project_ring(r, panel)) >= 3
        ]
        if rings:
            shade = "p" if str(geometry.get("id")) in PARTNERS else "c"
            paths.append(f'<path class="{shade}" d="{path_data(rings)}"/>')
    width, height = f"{panel.width:g}", f"{panel.height:g}"
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        "<!-- Natural Earth 1:50m countries (public domain) via world-atlas (ISC); "
        "made by scripts/build_map.py -->"
        "<style>.c{fill:#ece8df}.p{fill:#d9d1bf}path{stroke:#fff;stroke-width:.7;"
        "stroke-linejoin:round}</style>"
        f'<rect width="{width}" height="{height}" fill="#e4eef7"/>' + "".join(paths) + "</svg>\n"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--target", type=Path, default=TARGET)
    arguments = parser.parse_args()
    if not arguments.source.exists():
        print(f"{arguments.source} is missing: run `npm ci` first (make map does).")
        return 1
    topology = json.loads(arguments.source.read_text())
    arguments.target.mkdir(parents=True, exist_ok=True)
    for key, panel in PANELS.items():
        svg = panel_svg(topology, panel)
        (arguments.target / f"{key}.svg").write_text(svg)
        print(f"{key}.svg: {len(svg) / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
