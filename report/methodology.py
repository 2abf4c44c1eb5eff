"""The methodology page's facts: rubric and concepts from the taxonomy, registry counts, data/eval.json accuracy."""

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from analyze.taxonomy import Concept, Taxonomy
from peerscan.citations import OFFICIAL_PUBLISHERS
from peerscan.registry import Registry
from report.reviews import AgreementView


@dataclass(frozen=True)
class AccuracyRow:
    concept_id: str
    label: str
    precision: str
    recall: str
    independent_precision: str = "—"  # on the held-out batch never used for tuning
    independent_recall: str = "—"


@dataclass(frozen=True)
class Methodology:
    concepts: tuple[Concept, ...]
    total_weight: str
    navigation_credit: str
    taxonomy_version: str
    taxonomy_sha256: str
    programs: int
    programs_found: int
    jurisdictions: int
    jurisdictions_without_program: int
    confidence: tuple[tuple[str, int], ...]
    gold_items: int | None
    accuracy: tuple[AccuracyRow, ...]
    negations: tuple[str, ...] = ()
    independent_items: int | None = None
    agreement: AgreementView | None = None  # analysts' review of the automatic findings
    programs_official: int = 0  # programs found that have at least one official seed
    seeds_by_publisher: tuple[tuple[str, int], ...] = ()  # (publisher kind, seeds), in PUBLISHER_KINDS order
    references: int = 0
    third_party_hosts: int = 0


def number(value: float) -> str:
    """A weight without a pointless '.0'."""
    return f"{value:g}"


def _percent(value: object) -> str:
    return f"{float(value) * 100:.0f}%" if isinstance(value, int | float) else "—"


def read_eval(path: Path) -> dict:
    """data/eval.json as written by `peerscan eval`; empty when absent or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def methodology(taxonomy: Taxonomy, registry: Registry, evaluation: dict,
                agreement: AgreementView | None = None, third_party_hosts: int = 0) -> Methodology:
    """Everything the methodology page states, taken from the files that define it."""
    covered = registry.covered_jurisdictions()
    found_states = {p.state for p in registry.programs if p.program_found}
    concepts = evaluation.get("concepts") if isinstance(evaluation.get("concepts"), dict) else {}
    labels = {c.id: c.label for c in taxonomy.concepts}
    independent = evaluation.get("independent") if isinstance(evaluation.get("independent"), dict) else {}
    unseen = independent.get("concepts") if isinstance(independent.get("concepts"), dict) else {}
    accuracy = tuple(
        AccuracyRow(cid, labels.get(cid, cid), _percent(scores.get("precision")), _percent(scores.get("recall")),
                    _percent(unseen.get(cid, {}).get("precision")), _percent(unseen.get(cid, {}).get("recall")))
        for cid, scores in sorted(concepts.items(), key=lambda item: (labels.get(item[0], item[0]), item[0]))
        if isinstance(scores, dict)
    )
    gold = evaluation.get("gold_items")
    independent_items = independent.get("items")
    return Methodology(
        concepts=taxonomy.concepts, total_weight=number(sum(c.weight for c in taxonomy.concepts)),
        navigation_credit=number(taxonomy.navigation_credit), taxonomy_version=taxonomy.version,
        taxonomy_sha256=taxonomy.sha256, programs=len(registry.programs),
        programs_found=sum(p.program_found for p in registry.programs), jurisdictions=len(covered),
        jurisdictions_without_program=sum(1 for j in covered if j.code not in found_states),
        confidence=tuple(sorted(Counter(p.confidence for p in registry.programs if p.program_found).items())),
        gold_items=gold if isinstance(gold, int) else None, accuracy=accuracy,
        independent_items=independent_items if isinstance(independent_items, int) else None,
        # getattr: negation cues are an optional part of the taxonomy contract (older Taxonomy objects lack them)
        negations=tuple(getattr(taxonomy, "negations", ())), agreement=agreement,
        programs_official=sum(p.program_found and p.has_official_page for p in registry.programs),
        seeds_by_publisher=tuple((kind, sum(s.publisher == kind for p in registry.programs for s in p.seed_pages))
                                 for kind in OFFICIAL_PUBLISHERS),
        references=sum(len(p.references) for p in registry.programs),
        third_party_hosts=third_party_hosts,
    )
