"""The methodology page's facts: the codebook and rubric from the taxonomy, registry counts, data/eval.json accuracy.

The page reads as a plain-language codebook; the machine rules go to a collapsed appendix (RuleView).
"""

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
    n: str = ""  # present labels behind the recall


@dataclass(frozen=True)
class SetFigures:
    """One evaluated gold set: what it is, its size, micro precision / recall, strength, and per-concept rows."""

    title: str
    note: str
    items: int
    precision: str
    recall: str
    n: int
    strength: str
    rows: tuple[AccuracyRow, ...] = ()
    kappa: str = ""


@dataclass(frozen=True)
class RuleView:
    """A concept's rules as the appendix lists them (each a line an analyst can read)."""

    concept_id: str
    label: str
    phrases: tuple[str, ...]
    rules: tuple[str, ...]  # near rules, audiences, implications, Spanish rules: readable sentences
    patterns: tuple[str, ...]  # regular expressions (the escape hatch)
    false_friends: tuple[str, ...]
    exclusions: tuple[str, ...]


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
    sealed: SetFigures | None = None  # the sealed real-wording test: the honest estimate
    dev: tuple[SetFigures, ...] = ()  # tuned-on sets, labelled as such
    appendix: tuple[RuleView, ...] = ()
    audiences: tuple[tuple[str, tuple[str, ...]], ...] = ()
    adopted_codes: tuple[RuleView, ...] = ()


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


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _measured(scores: dict) -> tuple[str, str]:
    """Precision and recall in words; "—" where nothing was predicted (precision) or labelled (recall)."""
    tp, fp, n = scores.get("tp"), scores.get("fp"), scores.get("n")
    precision = "—" if isinstance(tp, int) and isinstance(fp, int) and tp + fp == 0 else _percent(scores.get("precision"))
    recall = "—" if n == 0 else _percent(scores.get("recall"))
    return precision, recall


def set_figures(title: str, note: str, raw: dict, labels: dict[str, str]) -> SetFigures | None:
    """Figures of one gold set from its eval.json entry (None when it holds none)."""
    micro = _dict(raw.get("micro"))
    if not micro:
        return None
    rows = tuple(AccuracyRow(cid, labels.get(cid, cid), *_measured(s), n=str(s.get("n", "")))
                 for cid, s in _dict(raw.get("concepts")).items() if isinstance(s, dict))
    kappa = _dict(raw.get("agreement")).get("pooled_kappa")
    return SetFigures(title, note, int(raw.get("items") or 0), _percent(micro.get("precision")),
                      _percent(micro.get("recall")), int(micro.get("n") or 0),
                      _percent(_dict(raw.get("strength")).get("accuracy")), rows,
                      f"{kappa:.2f}" if isinstance(kappa, int | float) else "")


def rule_view(concept: Concept) -> RuleView:
    """A concept's rules in the appendix's words."""
    rules = [f"near: {n.describe()}" for n in concept.near]
    if concept.not_when_about:
        rules.append(f"not when the sentence is about {', '.join(a.replace('_', ' ') for a in concept.not_when_about)}"
                     " (and not about peers)")
    rules += [f"also counts as {other.replace('_', ' ')}" for other in concept.implies]
    patterns = list(concept.patterns)
    false_friends = list(concept.false_friends)
    exclusions = list(concept.exclusions)
    for lang, extra in concept.languages:
        rules += [f"({lang}) phrase: {p}" for p in extra.phrases]
        rules += [f"({lang}) near: {n.describe()}" for n in extra.near]
        patterns += extra.patterns
        false_friends += [f"({lang}) {p}" for p in extra.false_friends]
        exclusions += extra.exclusions
    return RuleView(concept.id, concept.label, concept.phrases, tuple(rules), tuple(patterns), tuple(false_friends),
                    tuple(exclusions))


def _sealed(evaluation: dict, labels: dict[str, str]) -> SetFigures | None:
    raw = _dict(evaluation.get("sealed"))
    evaluated = str(raw.get("evaluated_at", ""))[:10]
    note = (f"Sealed real-wording test: {raw.get('items', 0)} verbatim passages from public state pages, codes and "
            "handbooks, labelled by two independent coders with the codebook below, evaluated once with "
            f"`peerscan eval --sealed`{' on ' + evaluated if evaluated else ''}, before any tuning on it. These are "
            "the figures to trust; once evaluated, a test becomes a dev set and the next round seals fresh passages.")
    return set_figures("Sealed test (real wording, evaluated before tuning on it)", note, raw, labels)


def _dev(evaluation: dict, labels: dict[str, str]) -> tuple[SetFigures, ...]:
    notes = {"real_dev.yaml": "Real passages (dev part): the rules were tuned on them.",
             "gold.yaml": "Sentences written for the tests in the style of the sites: tuned on.",
             "heldout_independent.yaml": "An earlier independent batch, since used for tuning."}
    for key, record in evaluation.items():  # sealed_round<N>: a spent sealed test, now dev set real_round<N>.yaml
        micro = _dict(_dict(record).get("micro"))
        if (n := key.removeprefix("sealed_round")) != key and micro.get("tp"):
            tp, fp, fn = micro["tp"], micro.get("fp", 0), micro.get("fn", 0)
            notes[f"real_round{n}.yaml"] = (
                f"Real passages that were round {n}'s sealed test (evaluated once on "
                f"{str(record.get('evaluated_at', ''))[:10]}: precision {tp / (tp + fp):.0%}, recall "
                f"{tp / (tp + fn):.0%}, N {tp + fn}), a dev set since: tuned on.")
    found = []
    for name, raw in _dict(evaluation.get("dev")).items():
        figures = set_figures(f"{name} (tuned)", notes.get(name, "Tuned on."), _dict(raw), labels)
        if figures is not None:
            found.append(figures)
    return tuple(found)


def methodology(taxonomy: Taxonomy, registry: Registry, evaluation: dict,
                agreement: AgreementView | None = None, third_party_hosts: int = 0) -> Methodology:
    """Everything the methodology page states, taken from the files that define it."""
    covered = registry.covered_jurisdictions()
    found_states = {p.state for p in registry.programs if p.program_found}
    concepts = _dict(evaluation.get("concepts"))
    labels = {c.id: c.label for c in taxonomy.concepts}
    independent = _dict(evaluation.get("independent"))
    unseen = _dict(independent.get("concepts"))
    accuracy = tuple(
        AccuracyRow(cid, labels.get(cid, cid), _percent(scores.get("precision")), _percent(scores.get("recall")),
                    _percent(unseen.get(cid, {}).get("precision")), _percent(unseen.get(cid, {}).get("recall")),
                    str(scores.get("n", "")))
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
        sealed=_sealed(evaluation, labels), dev=_dev(evaluation, labels),
        appendix=tuple(rule_view(c) for c in taxonomy.concepts), audiences=taxonomy.audiences,
        adopted_codes=tuple(rule_view(c) for c in taxonomy.adopted_codes),
    )
