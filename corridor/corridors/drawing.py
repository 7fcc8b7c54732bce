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
    lats = [float(p["lat"]) for _, p in located]
    lons = [float(p["lon"]) for _, p in located]
    # Degrees of longitude shrink towards the poles: scale them by the cosine of the latitude.
    squeeze = math.cos(math.radians(sum(lats) / len(lats)))
    span_lat = max(max(lats) - min(lats), 1e-3)
    span_lon = max((max(lons) - min(lons)) * squeeze, 1e-3)
    scale = min((WIDTH - 2 * PAD) / span_lon, (HEIGHT - 2 * PAD) / span_lat)

    def xy(p: dict) -> tuple[float, float]:
        x = PAD + (float(p["lon"]) - min(lons)) * squeeze * scale
        y = HEIGHT - PAD - (float(p["lat"]) - min(lats)) * scale
        return round(x, 1), round(y, 1)

    path = " ".join(f"{x},{y}" for x, y in (xy(p) for _, p in located))
    out = [
        f'<svg class="route-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="route-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="route-title">{escape(title)}</title>',
        f'<rect class="map-bg" x="0" y="0" width="{WIDTH}" height="{HEIGHT}"/>',
        f'<polyline class="route-line" points="{path}"/>',
    ]
    for role, p in located:
        x, y = xy(p)
        name = p.get({"ru": "ru", "uk": "uk"}.get(language, "latin")) or p.get("latin", "")
        radius = 9 if role in ("crossing", "destination") else 6
        out.append(
            f'<g class="point {escape(role)}"><circle cx="{x}" cy="{y}" r="{radius}"/>'
            f'<text x="{x + 11}" y="{y + 4}">{escape(str(name))}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)


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
