"""An agreement version's content: canonical form, content hash, readable lines, diff, movements.

Framework-free. The hash covers the canonical JSON of the content, so the two parties accept
exactly the same words, places and windows; any change is a new hash.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

RECURRENCES = ("once", "daily", "weekly")
# The fields of a person that the receiving party may get on a manifest (rule 4: a minimum).
MANIFEST_FIELD_CHOICES = (
    "family_name",
    "given_name",
    "patronymic",
    "birth_year",
    "sex",
    "settlement",
)
TEXT_FIELDS = ("who_may_pass", "vehicles", "escort", "incident_procedure", "hotlines")
MAX_OCCURRENCES = 60


def canonical(content: dict) -> str:
    """The one serialisation that is hashed: sorted keys, no spaces, UTF-8 as is."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(content: dict) -> str:
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()


def place_label(place: dict | None, language: str = "en") -> str:
    if not place:
        return ""
    primary = {"ru": place.get("ru"), "uk": place.get("uk")}.get(language) or place.get("latin", "")
    return str(primary)


def window_label(window: dict) -> str:
    text = f"{window.get('start', '')} – {window.get('end', '')}"
    recurrence = window.get("recurrence", "once")
    if recurrence != "once":
        text += f" ({recurrence} until {window.get('until', '')})"
    return text


def lines(content: dict, language: str = "en") -> list[tuple[str, str]]:
    """The content as (field, text) lines in a fixed order, places named in `language`."""
    route = content.get("route", {})
    out: list[tuple[str, str]] = [("title", str(content.get("title", "")))]
    out.append(("from_party", str(content.get("from_party", ""))))
    out += [("origin", place_label(p, language)) for p in route.get("origin", [])]
    out += [("waypoint", place_label(p, language)) for p in route.get("waypoints", [])]
    out.append(("crossing", place_label(route.get("crossing"), language)))
    out.append(("destination", place_label(route.get("destination"), language)))
    out += [("window", window_label(w)) for w in content.get("windows", [])]
    out += [(name, str(content.get(name, ""))) for name in TEXT_FIELDS]
    out.append(("manifest_fields", ", ".join(content.get("manifest_fields", []))))
    return out


@dataclass(frozen=True)
class Change:
    """One line that differs between two versions."""

    field: str
    before: str
    after: str

    @property
    def kind(self) -> str:
        if not self.before:
            return "added"
        if not self.after:
            return "removed"
        return "changed"


def diff(before: dict | None, after: dict, language: str = "en") -> list[Change]:
    """What changed from one version to the next, line by line, per field."""
    old = lines(before or {}, language) if before else []
    new = lines(after, language)
    changes: list[Change] = []
    fields = list(dict.fromkeys([f for f, _ in old] + [f for f, _ in new]))
    for name in fields:
        a = [t for f, t in old if f == name]
        b = [t for f, t in new if f == name]
        if a == b:
            continue
        gone = [t for t in a if t not in b]
        came = [t for t in b if t not in a]
        if len(gone) == len(came):
            changes += [Change(name, x, y) for x, y in zip(gone, came, strict=True)]
        else:
            changes += [Change(name, x, "") for x in gone] + [Change(name, "", y) for y in came]
        if not gone and not came:  # same lines, another order
            changes.append(Change(name, " | ".join(a), " | ".join(b)))
    return changes


def movements(content: dict) -> list[tuple[datetime, datetime]]:
    """Each movement the windows allow: one-off windows once, recurring ones up to `until`."""
    out: list[tuple[datetime, datetime]] = []
    for window in content.get("windows", []):
        start = datetime.fromisoformat(window["start"])
        end = datetime.fromisoformat(window["end"])
        recurrence = window.get("recurrence", "once")
        if recurrence == "once":
            out.append((start, end))
            continue
        step = timedelta(days=1 if recurrence == "daily" else 7)
        until = window.get("until") or start.date().isoformat()
        last = datetime.fromisoformat(until).date()
        while start.date() <= last and len(out) < MAX_OCCURRENCES:
            out.append((start, end))
            start, end = start + step, end + step
    return sorted(out)[:MAX_OCCURRENCES]


def route_points(content: dict) -> list[tuple[str, dict]]:
    """The route in travel order, each point with its role (origin, waypoint, crossing, destination)."""
    route = content.get("route", {})
    points: list[tuple[str, dict]] = [("origin", p) for p in route.get("origin", [])]
    points += [("waypoint", p) for p in route.get("waypoints", [])]
    if route.get("crossing"):
        points.append(("crossing", route["crossing"]))
    if route.get("destination"):
        points.append(("destination", route["destination"]))
    return points
