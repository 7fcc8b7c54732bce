"""Field-by-field explanations of a match a caseworker can read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corridor.linkage.model import Parameters


@dataclass(frozen=True)
class FieldEvidence:
    """How one field compared and how much that moved the odds."""

    comparison: str
    label: str
    level: str
    level_label: str
    bayes_factor: float

    def in_words(self) -> str:
        bf = self.bayes_factor
        if self.level == "missing":
            strength = "no evidence"
        elif bf >= 100:
            strength = "strong evidence for"
        elif bf >= 4:
            strength = "evidence for"
        elif bf > 1.25:
            strength = "weak evidence for"
        elif bf >= 0.8:
            strength = "neutral"
        elif bf >= 0.25:
            strength = "weak evidence against"
        elif bf >= 0.01:
            strength = "evidence against"
        else:
            strength = "strong evidence against"
        return f"{self.label}: {self.level_label} ({strength}, ×{bf:.3g})"


def explain_pair(params: Parameters, levels: np.ndarray, log_bf: np.ndarray) -> list[FieldEvidence]:
    """The evidence of each comparison for one pair: its level and its (adjusted) Bayes factor."""
    out = []
    for c, comp in enumerate(params.comparisons):
        lvl = int(levels[c])
        bf = float(2.0 ** log_bf[c])
        out.append(
            FieldEvidence(comp.name, comp.label, comp.levels[lvl].name, comp.levels[lvl].label, bf)
        )
    return out
