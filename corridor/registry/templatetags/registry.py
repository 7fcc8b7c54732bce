"""Template filters for registry records, in the reader's language."""

from django import template
from django.utils.translation import get_language

from corridor.registry.models import Settlement, Vulnerability

register = template.Library()


@register.filter
def local_name(settlement: Settlement | None) -> str:
    """A settlement's name in the reader's language (Latin script for English)."""
    if settlement is None:
        return ""
    return settlement.local_name(get_language() or "en")


@register.filter
def vulnerability_labels(codes: list[str] | None) -> str:
    labels = dict(Vulnerability.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or [])


@register.filter
def evidence_rows(evidence) -> list[dict]:
    """A match's field-by-field evidence as translated rows."""
    from corridor.matching.evidence import present_evidence

    items = [e if isinstance(e, dict) else vars(e) for e in evidence or []]
    return present_evidence(items)


@register.filter
def percent(probability: float) -> str:
    return f"{100 * float(probability):.0f}%"
