"""Detection accuracy on the labelled gold set (tests/gold/gold.yaml): per-concept precision and recall.

`peerscan eval` prints the table and writes data/eval.json for the site's methodology page.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analyze.match import Matcher, detect_concepts
from analyze.settings import AnalyzeSettings
from analyze.taxonomy import Taxonomy
from peerscan.atomic import atomic_write
from peerscan.errors import InputError


@dataclass(frozen=True)
class GoldItem:
    """One labelled text: the concepts a careful reader credits to it."""

    text: str
    concepts: frozenset[str]
    region: str = "body"
    heldout: bool = False
    note: str = ""
    reviewed: frozenset[str] | None = None  # only these concepts were judged (items from analysts' reviews)


@dataclass(frozen=True)
class ConceptScore:
    """Counts and rates for one concept; a rate with nothing to count is 1.0."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass(frozen=True)
class Mistake:
    text: str
    missed: tuple[str, ...]
    spurious: tuple[str, ...]


@dataclass(frozen=True)
class EvalReport:
    """Per-concept scores over the whole gold set and over its held-out part."""

    gold_items: int
    heldout_items: int
    concepts: dict[str, ConceptScore]
    heldout: dict[str, ConceptScore]
    mistakes: tuple[Mistake, ...] = field(default=())


def load_gold(gold_path: Path, taxonomy: Taxonomy) -> list[GoldItem]:
    """Read the gold set; unknown concept ids or malformed items are InputErrors."""
    path = Path(gold_path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("gold set not found", path, fix="run from the repository root or pass --gold") from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML syntax error: {exc}", path, fix="check the quoting of the item") from None
    items = []
    for index, raw in enumerate((doc or {}).get("items") or [], 1):
        if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
            raise InputError(f"item {index} has no text", path, fix="each item needs text: and concepts:")
        unknown = set(raw.get("concepts") or ()) - set(taxonomy.ids)
        if unknown:
            raise InputError(f"item {index} uses unknown concept ids {sorted(unknown)}", path,
                             fix="use ids from data/taxonomy.yaml")
        items.append(GoldItem(raw["text"], frozenset(raw.get("concepts") or ()), raw.get("region", "body"),
                              bool(raw.get("heldout", False)), str(raw.get("note", "")),
                              frozenset(raw["reviewed"]) if raw.get("reviewed") else None))
    return items


def _count(scores: dict[str, list[int]], expected: frozenset[str], found: set[str]) -> None:
    for cid in scores:
        tp, fp, fn = int(cid in expected and cid in found), int(cid in found and cid not in expected), \
            int(cid in expected and cid not in found)
        scores[cid] = [scores[cid][0] + tp, scores[cid][1] + fp, scores[cid][2] + fn]


def evaluate_gold(gold_path: Path, taxonomy: Taxonomy,
                  settings: AnalyzeSettings = AnalyzeSettings()) -> EvalReport:  # noqa: B008 - frozen
    """Run detection on every gold item and compare with its labels."""
    items = load_gold(gold_path, taxonomy)
    matcher = Matcher(taxonomy, settings)
    whole = {cid: [0, 0, 0] for cid in taxonomy.ids}
    heldout = {cid: [0, 0, 0] for cid in taxonomy.ids}
    mistakes = []
    for item in items:
        found = {hit.concept for hit in detect_concepts(matcher, item.text)}
        if item.reviewed is not None:  # the other concepts of the text were not judged: neither right nor wrong
            found &= item.reviewed
        _count(whole, item.concepts, found)
        if item.heldout:
            _count(heldout, item.concepts, found)
        if found != item.concepts:
            mistakes.append(Mistake(item.text, tuple(sorted(item.concepts - found)), tuple(sorted(found - item.concepts))))
    return EvalReport(len(items), sum(i.heldout for i in items),
                      {cid: ConceptScore(*c) for cid, c in whole.items()},
                      {cid: ConceptScore(*c) for cid, c in heldout.items()}, tuple(mistakes))


def _rates(scores: dict[str, ConceptScore]) -> dict:
    return {cid: {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "tp": s.tp, "fp": s.fp,
                  "fn": s.fn} for cid, s in scores.items()}


def eval_to_dict(report: EvalReport, independent: EvalReport | None = None) -> dict:
    """The data/eval.json shape read by the methodology page."""
    data = {"gold_items": report.gold_items, "heldout_items": report.heldout_items,
            "concepts": _rates(report.concepts), "heldout": _rates(report.heldout)}
    if independent is not None:
        data["independent"] = {"items": independent.gold_items, "concepts": _rates(independent.concepts)}
    return data


def write_eval(report: EvalReport, path: Path, independent: EvalReport | None = None) -> None:
    """Write data/eval.json atomically."""
    atomic_write(path, json.dumps(eval_to_dict(report, independent), indent=1) + "\n")
