"""Evidence of a match in the reader's language: the engine's field and level words, translated."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The engine (framework-free) speaks English; these are its words, for the translators.
WORDS = {
    "family name": _("family name"),
    "not comparable: missing on one side": _("not comparable: missing on one side"),
    "family names differ": _("family names differ"),
    "family names similar (two letters apart)": _("family names similar (two letters apart)"),
    "family names nearly the same (one letter apart)": _(
        "family names nearly the same (one letter apart)"
    ),
    "same family name (any script, gender form or case)": _(
        "same family name (any script, gender form or case)"
    ),
    "given name": _("given name"),
    "given names differ": _("given names differ"),
    "only the initials agree": _("only the initials agree"),
    "given names similar (two letters apart)": _("given names similar (two letters apart)"),
    "given names nearly the same (one letter apart)": _(
        "given names nearly the same (one letter apart)"
    ),
    "same given name (Russian, Ukrainian, Latin or diminutive form)": _(
        "same given name (Russian, Ukrainian, Latin or diminutive form)"
    ),
    "patronymic (father's given name)": _("patronymic (father's given name)"),
    "patronymics differ: different fathers": _("patronymics differ: different fathers"),
    "patronymics nearly the same, or only their initials agree": _(
        "patronymics nearly the same, or only their initials agree"
    ),
    "same patronymic: same father's name": _("same patronymic: same father's name"),
    "parent and child": _("parent and child"),
    "one's patronymic is the other's given name: looks like parent and child": _(
        "one's patronymic is the other's given name: looks like parent and child"
    ),
    "no sign of parent and child": _("no sign of parent and child"),
    "date of birth": _("date of birth"),
    "born more than five years apart": _("born more than five years apart"),
    "born two to five years apart": _("born two to five years apart"),
    "years of birth one year apart": _("years of birth one year apart"),
    "same year but different months of birth": _("same year but different months of birth"),
    "approximate dates or ranges overlap": _("approximate dates or ranges overlap"),
    "same year of birth (month unknown on one side)": _(
        "same year of birth (month unknown on one side)"
    ),
    "same year and month, different day": _("same year and month, different day"),
    "same year and month (day unknown on one side)": _(
        "same year and month (day unknown on one side)"
    ),
    "same date with day and month swapped": _("same date with day and month swapped"),
    "same full date of birth": _("same full date of birth"),
    "sex": _("sex"),
    "different sex": _("different sex"),
    "same sex": _("same sex"),
    "settlement": _("settlement"),
    "different settlements": _("different settlements"),
    "settlement names nearly the same": _("settlement names nearly the same"),
    "same settlement (Russian, Ukrainian or Latin name)": _(
        "same settlement (Russian, Ukrainian or Latin name)"
    ),
    "given and family name swapped": _("given and family name swapped"),
    "names not swapped": _("names not swapped"),
    "the given name of one is the family name of the other, and back": _(
        "the given name of one is the family name of the other, and back"
    ),
    "document or serial number": _("document or serial number"),
    "different numbers": _("different numbers"),
    "numbers one or two characters apart": _("numbers one or two characters apart"),
    "same number": _("same number"),
}


def strength(bayes_factor: float, level: str) -> str:
    """How strongly one field speaks for or against, in words."""
    bf = bayes_factor
    if level == "missing":
        return gettext("no evidence")
    if bf >= 100:
        return gettext("strong evidence for")
    if bf >= 4:
        return gettext("evidence for")
    if bf > 1.25:
        return gettext("weak evidence for")
    if bf >= 0.8:
        return gettext("neutral")
    if bf >= 0.25:
        return gettext("weak evidence against")
    if bf >= 0.01:
        return gettext("evidence against")
    return gettext("strong evidence against")


def present_evidence(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for a page: field, what was found, how strongly it counts, and its direction."""
    rows = []
    for e in evidence:
        bf = float(e.get("bayes_factor", 1.0))
        rows.append(
            {
                "field": str(WORDS.get(e.get("label", ""), e.get("label", ""))),
                "finding": str(WORDS.get(e.get("level_label", ""), e.get("level_label", ""))),
                "strength": strength(bf, e.get("level", "")),
                "direction": "for" if bf > 1.25 else "against" if bf < 0.8 else "neutral",
                "factor": f"{bf:.3g}",
            }
        )
    return rows
