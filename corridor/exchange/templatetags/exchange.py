"""Words for the codes in exchange reports."""

from django import template
from django.utils.translation import gettext_lazy as _

from corridor.exchange.models import PARTY_STATE_LABELS, EntryState, RoundCategory

register = template.Library()

_CATEGORIES = {c.value: c.label for c in RoundCategory} | {"other": _("other")}
_STATES = {s.value: s.label for s in EntryState} | PARTY_STATE_LABELS


@register.filter
def category_label(code: str) -> str:
    return str(_CATEGORIES.get(code, code))


@register.filter
def state_word(code: str) -> str:
    """A state code (the intermediary's, or a party's view of it) in words."""
    return str(_STATES.get(code, code))
