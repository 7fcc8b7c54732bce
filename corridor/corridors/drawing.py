"""Inline SVG for the operations dashboard: the route from lat/lon and a timeline chart.

Framework-free and script-free (the page's CSP forbids inline scripts and styles): shapes
carry classes that the corridors stylesheet colours; text is escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

WIDTH, HEIGHT, PAD = 640, 360, 48


def route_svg(points: Sequence[tuple[str, dict]], language: str, title: str) -> str:
    """The route in travel order; each point a circle by role, named in `language`."""
    located = [
        (role, p) for role, p in points if p.get("lat") is not None and p.get("lon") is not None
    ]
    if not located:
        return ""
    # Local plane (degrees of longitude shrink with the cosine of the latitude), then a
    # fish-eye around the settlements of origin: distances r become sqrt(r), so a destination
    # far away does not crush the settlements near the line into one dot. Directions are kept.
    lat0 = sum(float(p["lat"]) for _, p in located) / len(located)
    squeeze = math.cos(math.radians(lat0))
    plane = [(float(p["lon"]) * squeeze, float(p["lat"])) for _, p in located]
    origins = [
        xy for (role, _), xy in zip(located, plane, strict=True) if role == "origin"
    ] or plane
    cx = sum(x for x, _ in origins) / len(origins)
    cy = sum(y for _, y in origins) / len(origins)

    def fisheye(x: float, y: float) -> tuple[float, float]:
        dx, dy = x - cx, y - cy
        r = math.hypot(dx, dy)
        if r == 0:
            return 0.0, 0.0
        k = math.sqrt(r) / r
        return dx * k, dy * k

    bent = [fisheye(x, y) for x, y in plane]
    xs, ys = [x for x, _ in bent], [y for _, y in bent]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-6)
    scale = min(WIDTH - 2 * PAD, HEIGHT - 2 * PAD) / span
    off_x = (WIDTH - (max(xs) - min(xs)) * scale) / 2
    off_y = (HEIGHT - (max(ys) - min(ys)) * scale) / 2
    screen = {
        id(p): (
            round(off_x + (x - min(xs)) * scale, 1),
            round(HEIGHT - off_y - (y - min(ys)) * scale, 1),
        )
        for (_, p), (x, y) in zip(located, bent, strict=True)
    }

    def xy(p: dict) -> tuple[float, float]:
        return screen[id(p)]

    path = " ".join(f"{x},{y}" for x, y in (xy(p) for _, p in located))
    out = [
        f'<svg class="route-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="route-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="route-title">{escape(title)}</title>',
        f'<rect class="map-bg" x="0" y="0" width="{WIDTH}" height="{HEIGHT}"/>',
        f'<polyline class="route-line" points="{path}"/>',
    ]
    # Points are numbered (names can crowd where settlements lie close); the page lists the
    # numbers with the names beside the map. The name is the point's tooltip too.
    for n, (role, p) in enumerate(located, start=1):
        x, y = xy(p)
        name = p.get({"ru": "ru", "uk": "uk"}.get(language, "latin")) or p.get("latin", "")
        radius = 9 if role in ("crossing", "destination") else 6
        out.append(
            f'<g class="point {escape(role)}"><title>{n}. {escape(str(name))}</title>'
            f'<circle cx="{x}" cy="{y}" r="{radius}"/>'
            f'<text x="{x + 10}" y="{y - 6 if n % 2 else y + 18}">{n}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)


def legend(points: Sequence[tuple[str, dict]], language: str) -> list[tuple[int, str, str]]:
    """(number, role, name) of each point drawn by route_svg, in the same order."""
    located = [
        (role, p) for role, p in points if p.get("lat") is not None and p.get("lon") is not None
    ]
    key = {"ru": "ru", "uk": "uk"}.get(language, "latin")
    return [
        (n, role, str(p.get(key) or p.get("latin", ""))) for n, (role, p) in enumerate(located, 1)
    ]


def timeline_svg(series: dict[str, dict[date, int]], labels: dict[str, str], title: str) -> str:
    """Grouped bars per day, one series per kind of event (registered, checked in, arrived…)."""
    days = sorted({d for counts in series.values() for d in counts})
    if not days:
        return ""
    peak = max(max(counts.values(), default=0) for counts in series.values()) or 1
    kinds = list(series)
    group = (WIDTH - 2 * PAD) / len(days)
    bar = min(max(group / (len(kinds) + 1), 2), 36)
    out = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT // 2 + 40}" role="img" '
        f'aria-labelledby="timeline-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="timeline-title">{escape(title)}</title>',
    ]
    base = HEIGHT // 2
    for n, day in enumerate(days):
        x0 = PAD + n * group
        for k, kind in enumerate(kinds):
            value = series[kind].get(day, 0)
            h = round((base - 20) * value / peak, 1)
            out.append(
                f'<rect class="bar s{k}" x="{round(x0 + k * bar, 1)}" y="{base - h}" '
                f'width="{round(bar - 1, 1)}" height="{h}"><title>{escape(labels[kind])}: {value}</title></rect>'
            )
        out.append(
            f'<text class="axis" x="{round(x0, 1)}" y="{base + 16}">{day.strftime("%d.%m")}</text>'
        )
    for k, kind in enumerate(kinds):
        out.append(
            f'<rect class="bar s{k}" x="{PAD + k * 150}" y="{base + 26}" width="12" height="12"/>'
            f'<text class="axis" x="{PAD + k * 150 + 16}" y="{base + 37}">{escape(labels[kind])}</text>'
        )
    out.append("</svg>")
    return "".join(out)
