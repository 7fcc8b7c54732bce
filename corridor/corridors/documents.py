"""Printed documents: the agreed text as a PDF in Russian, Ukrainian or English, and the
manifests (PDF with a QR code per person carrying only the opaque code, and CSV)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from corridor.corridors import text

FONT = "CorridorSans"
DEFAULT_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


def _font() -> str:
    """A TrueType font with Cyrillic, registered once (Debian's fonts-dejavu-core)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    candidates = [getattr(settings, "CORRIDOR_PDF_FONT", ""), *DEFAULT_FONTS]
    path = next((p for p in candidates if p and Path(p).is_file()), None)
    if path is None:
        raise RuntimeError("no TrueType font with Cyrillic found: install fonts-dejavu-core")
    pdfmetrics.registerFont(TTFont(FONT, path))
    return FONT


def _styles():
    from reportlab.lib.styles import ParagraphStyle

    font = _font()
    return (
        ParagraphStyle("h", fontName=font, fontSize=15, leading=19, spaceAfter=8),
        ParagraphStyle("b", fontName=font, fontSize=9.5, leading=12.5),
        ParagraphStyle("s", fontName=font, fontSize=7.5, leading=9.5),
    )


def _p(value: object, style):
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    return Paragraph(escape(str(value)).replace("\n", "<br/>"), style)


def labels() -> dict[str, str]:
    return {
        "title": _("Title"),
        "from_party": _("Civilians leave territory controlled by"),
        "origin": _("Settlement of origin"),
        "waypoint": _("Waypoint"),
        "crossing": _("Crossing point"),
        "destination": _("Destination"),
        "window": _("Time window"),
        "who_may_pass": _("Who may pass"),
        "vehicles": _("Vehicles and markings"),
        "escort": _("Escort"),
        "incident_procedure": _("Incident procedure"),
        "hotlines": _("Hotlines"),
        "manifest_fields": _("Fields on the manifest"),
    }


def agreement_pdf(agreement, version, language: str) -> bytes:
    """The version's text in one language, with its hash: what both parties accepted."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    with translation.override(language):
        head, body, small = _styles()
        names = labels()
        parties = {"party_a": _("Party A"), "party_b": _("Party B")}
        rows = []
        for field, value in text.lines(version.content, language):
            if field == "from_party":
                value = parties.get(value, value)
            rows.append([_p(names.get(field, field), body), _p(value, body)])
        story = [
            _p(_("Humanitarian corridor agreement %(ref)s") % {"ref": agreement.reference}, head),
            _p(
                _("Version %(n)s · state: %(state)s")
                % {"n": version.number, "state": agreement.get_state_display()},
                body,
            ),
            Spacer(1, 4 * mm),
            Table(
                rows,
                colWidths=[55 * mm, 115 * mm],
                style=TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                ),
            ),
            Spacer(1, 6 * mm),
            _p(_("Content hash (SHA-256): %(hash)s") % {"hash": version.content_hash}, small),
            _p(
                _("The agreement is valid only when both parties have accepted this same hash."),
                small,
            ),
        ]
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer, pagesize=A4, title=agreement.reference, leftMargin=18 * mm, rightMargin=18 * mm
        )
        doc.build(story)
    return buffer.getvalue()


def _qr(code: str, size_mm: float = 22):
    """A QR of the opaque code only, drawn as vector squares."""
    import segno
    from reportlab.graphics.shapes import Drawing, Rect
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    matrix = segno.make(code, error="m", micro=False).matrix
    n = len(matrix) + 8
    cell = size_mm * mm / n
    drawing = Drawing(size_mm * mm, size_mm * mm)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                drawing.add(
                    Rect(
                        (x + 4) * cell,
                        (n - y - 5) * cell,
                        cell,
                        cell,
                        fillColor=colors.black,
                        strokeColor=None,
                    )
                )
    return drawing


def manifest_pdf(convoy, rows: list[dict], columns: list[tuple[str, str]], title: str) -> bytes:
    """One line per person: place, the fields this reader may see, the code and its QR."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    head, body, small = _styles()
    header = [_p(label, small) for _, label in columns] + [_p(_("Code"), small), _p("QR", small)]
    data = [header]
    for row in rows:
        data.append(
            [_p(row.get(key, ""), body) for key, _ in columns]
            + [_p(row["code"], body), _qr(row["code"])]
        )
    story = [
        _p(title, head),
        _p(
            _("Convoy %(ref)s, departs %(when)s")
            % {
                "ref": convoy.reference,
                "when": timezone.localtime(convoy.departs_at).strftime("%d.%m.%Y %H:%M %Z"),
            },
            body,
        ),
        Spacer(1, 4 * mm),
        Table(
            data,
            repeatRows=1,
            style=TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            ),
        ),
        Spacer(1, 4 * mm),
        _p(_("The QR codes carry only the hand-over code, no personal data."), small),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4), title=convoy.reference).build(story)
    return buffer.getvalue()


def manifest_csv(rows: list[dict], columns: list[tuple[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([key for key, _ in columns] + ["code"])
    for row in rows:
        # Cells that a spreadsheet would run as a formula are quoted with a leading apostrophe.
        cells = [str(row.get(key, "")) for key, _ in columns] + [row["code"]]
        writer.writerow(["'" + c if c[:1] in ("=", "+", "-", "@") else c for c in cells])
    return out.getvalue()
