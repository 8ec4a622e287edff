"""Country outlines for the map, drawn server-side as SVG from Natural Earth data.

The outlines are world-atlas's ``countries-110m.json`` (TopoJSON, Natural Earth 1:110m,
public domain; packaging ISC, see ``static/LICENSE-world-atlas.md``). It ships in the
package, so the map needs no tiles and no network. The projection is equirectangular
(x = longitude, y = -latitude, in degrees), simple enough to place markers exactly.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

ANTARCTICA = "010"  # ISO 3166-1 numeric, as world-atlas ids the countries
# When nothing is on the map yet: the Middle East and North Africa.
DEFAULT_VIEW = (-20.0, 10.0, 85.0, 40.0)  # lon_min, lat_min, width, height


@dataclass(frozen=True)
class Country:
    id: str
    name: str
    path: str  # SVG path data in projected coordinates


def project(lon: float, lat: float) -> tuple[float, float]:
    return lon, -lat


def _decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded, quantised
            x += dx
            y += dy
            points.append(project(x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring cut by the antimeridian (Russia's Chukotka, Fiji) jumps from +180 to -180;
    drawn as is it would streak across the whole map, so its western part moves east."""
    if not any(abs(a[0] - b[0]) > 180 for a, b in itertools.pairwise(ring)):
        return ring
    return [(x + 360 if x < 0 else x, y) for x, y in ring]


def _path(rings: Iterable[list[tuple[float, float]]]) -> str:
    parts = []
    for ring in rings:
        if len(ring) < 3:
            continue
        head = "M{:.1f},{:.1f}".format(*ring[0])
        parts.append(head + "L" + "L".join(f"{x:.1f},{y:.1f}" for x, y in ring[1:]) + "Z")
    return "".join(parts)


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    data = resources.files("marsad.web").joinpath("static/countries-110m.json").read_text("utf-8")
    topo = json.loads(data)
    arcs = _decode_arcs(topo)
    out = []
    for geom in topo["objects"]["countries"]["geometries"]:
        if geom["type"] == "Polygon":
            polygons = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue
        if geom.get("id") == ANTARCTICA:  # a ring around the pole; no news happens there
            continue
        rings = [_unwrap(_ring(ring, arcs)) for polygon in polygons for ring in polygon]
        out.append(
            Country(
                str(geom.get("id", "")), geom.get("properties", {}).get("name", ""), _path(rings)
            )
        )
    return tuple(out)


def view_box(
    points: list[tuple[float, float]], pad: float = 4.0
) -> tuple[float, float, float, float]:
    """SVG viewBox (x, y, w, h) that fits the points (lon, lat) with a margin, 2:1 at least."""
    if not points:
        lon, lat, w, h = DEFAULT_VIEW
        return (lon, -(lat + h), w, h)
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    west, east = min(lons) - pad, max(lons) + pad
    south, north = min(lats) - pad, max(lats) + pad
    w, h = max(east - west, 30.0), max(north - south, 15.0)
    if w < 2 * h:  # keep a landscape frame so the map is not a narrow strip
        west -= (2 * h - w) / 2
        w = 2 * h
    else:
        south -= (w / 2 - h) / 2
        h = w / 2
    north = south + h
    return (round(west, 2), round(-north, 2), round(w, 2), round(h, 2))


def marker_radius(count: int, largest: int, view_width: float) -> float:
    """Area proportional to the count; the largest marker is about 1/25 of the view wide."""
    biggest = view_width / 50
    return round(max(biggest * math.sqrt(count / max(largest, 1)), biggest / 4), 3)
