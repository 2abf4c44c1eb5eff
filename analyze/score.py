"""Coverage scores (0-100) from concept strengths, by the rubric stated in data/taxonomy.yaml."""

from collections.abc import Iterable, Mapping

from analyze.taxonomy import Taxonomy
from peerscan.vocabulary import Strength, best_strength


def merge_strengths(per_program: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """Union of several programs' findings, each concept at its best strength."""
    merged: dict[str, list[str]] = {}
    for strengths in per_program:
        for cid, strength in strengths.items():
            merged.setdefault(cid, []).append(strength)
    return {cid: best_strength(values) or Strength.NAVIGATION for cid, values in merged.items()}


def score_concepts(strengths: Mapping[str, str], taxonomy: Taxonomy) -> int:
    """100 × (body weights + navigation_credit × navigation-only weights) ÷ all weights, rounded."""
    total = sum(c.weight for c in taxonomy.concepts)
    if total <= 0:
        return 0
    earned = 0.0
    for concept in taxonomy.concepts:
        strength = strengths.get(concept.id)
        if strength == Strength.BODY:
            earned += concept.weight
        elif strength == Strength.NAVIGATION:
            earned += concept.weight * taxonomy.navigation_credit
    return int(round(100 * earned / total + 1e-9))
