"""Coverage scores (0-100) from concept strengths, by the rubric stated in data/taxonomy.yaml."""

from collections.abc import Iterable, Mapping

from analyze.taxonomy import Taxonomy

BODY, NAVIGATION = "body", "navigation"
# Regions whose text is the content of a document; the others (link text, titles, menus) are navigation.
BODY_REGIONS = frozenset({"body", "heading"})


def region_strength(region: str) -> str:
    """'body' for body/heading text, 'navigation' for link text, titles and menus."""
    return BODY if region in BODY_REGIONS else NAVIGATION


def best_strength(strengths: Iterable[str]) -> str | None:
    """The strongest of several strengths ('body' beats 'navigation'); None when there are none."""
    found = set(strengths)
    if BODY in found:
        return BODY
    return NAVIGATION if NAVIGATION in found else None


def merge_strengths(per_program: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """Union of several programs' findings, each concept at its best strength."""
    merged: dict[str, list[str]] = {}
    for strengths in per_program:
        for cid, strength in strengths.items():
            merged.setdefault(cid, []).append(strength)
    return {cid: best_strength(values) or NAVIGATION for cid, values in merged.items()}


def score_concepts(strengths: Mapping[str, str], taxonomy: Taxonomy) -> int:
    """100 × (body weights + navigation_credit × navigation-only weights) ÷ all weights, rounded."""
    total = sum(c.weight for c in taxonomy.concepts)
    if total <= 0:
        return 0
    earned = 0.0
    for concept in taxonomy.concepts:
        strength = strengths.get(concept.id)
        if strength == BODY:
            earned += concept.weight
        elif strength == NAVIGATION:
            earned += concept.weight * taxonomy.navigation_credit
    return int(round(100 * earned / total + 1e-9))
