"""Evidence selection: from all hits of a concept, the few quotes worth showing (body first, no repeats)."""

from collections.abc import Iterable

from analyze.results import Evidence

# Display order: document content before headings before link text before page titles.
REGION_RANK = {"body": 0, "heading": 1, "navigation": 2, "title": 3}


def select_evidence(candidates: Iterable[Evidence], limit: int) -> tuple[Evidence, ...]:
    """Up to `limit` quotes, best region first, first occurrence first, identical quotes once."""
    ranked = sorted(enumerate(candidates), key=lambda pair: (REGION_RANK.get(pair[1].region, 9), pair[0]))
    chosen: list[Evidence] = []
    seen: set[str] = set()
    for _, evidence in ranked:
        key = " ".join(evidence.quote.lower().split())
        if key in seen:
            continue
        seen.add(key)
        chosen.append(evidence)
        if len(chosen) == limit:
            break
    return tuple(chosen)
