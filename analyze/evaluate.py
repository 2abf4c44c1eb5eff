"""Detection accuracy on labelled gold sets, measured through the pipeline: per-concept and micro P/R, strength.

Each item becomes a document (analyze.gold_documents) that goes through extraction → evidence → findings.
`peerscan eval` prints the tables and writes data/eval.json for the methodology page; `--sealed` reads the
sealed real-wording test only when its SHA-256 matches the pinned value.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analyze.findings import build_findings, collect_evidence
from analyze.gold_documents import GoldDocument, documents_for
from analyze.match import Matcher
from analyze.run import page_sources
from analyze.settings import AnalyzeSettings
from analyze.taxonomy import Taxonomy
from peerscan.atomic import atomic_write
from peerscan.errors import InputError
from scrape.extract import extract_document
from scrape.records import PageRecord


@dataclass(frozen=True)
class GoldItem:
    """One labelled text: the concepts a careful reader credits to it, and those left unsure (not scored)."""

    text: str
    concepts: frozenset[str]
    region: str = "body"
    heldout: bool = False
    note: str = ""
    id: str = ""
    lang: str = ""
    source_url: str = ""
    unsure: frozenset[str] = frozenset()
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

    @property
    def present(self) -> int:
        """N: the present labels of this concept."""
        return self.tp + self.fn


@dataclass(frozen=True)
class Mistake:
    text: str
    missed: tuple[str, ...]
    spurious: tuple[str, ...]
    id: str = ""
    kind: str = ""  # html or pdf: the document the item became


@dataclass(frozen=True)
class EvalReport:
    """Per-concept scores over a gold set and its held-out part, micro totals, and strength accuracy."""

    gold_items: int
    heldout_items: int
    concepts: dict[str, ConceptScore]
    heldout: dict[str, ConceptScore]
    mistakes: tuple[Mistake, ...] = field(default=())
    strength_checked: int = 0  # concept findings whose strength was compared with the expected one
    strength_right: int = 0
    languages: dict[str, int] = field(default_factory=dict)  # items per language

    @property
    def micro(self) -> ConceptScore:
        return ConceptScore(sum(s.tp for s in self.concepts.values()), sum(s.fp for s in self.concepts.values()),
                            sum(s.fn for s in self.concepts.values()))

    @property
    def strength_accuracy(self) -> float:
        return self.strength_right / self.strength_checked if self.strength_checked else 1.0


def load_gold(gold_path: Path, taxonomy: Taxonomy) -> list[GoldItem]:
    """Read a gold set; unknown concept ids or malformed items are InputErrors."""
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
        unknown = (set(raw.get("concepts") or ()) | set(raw.get("unsure") or ())) - set(taxonomy.ids)
        if unknown:
            raise InputError(f"item {index} uses unknown concept ids {sorted(unknown)}", path,
                             fix="use ids from data/taxonomy.yaml")
        concepts = frozenset(raw.get("concepts") or ())
        items.append(GoldItem(raw["text"], concepts, raw.get("region", "body"), bool(raw.get("heldout", False)),
                              str(raw.get("note", "")), str(raw.get("id") or f"{path.stem}-{index}"),
                              str(raw.get("lang") or ""), str(raw.get("source_url") or ""),
                              frozenset(raw.get("unsure") or ()) - concepts,
                              frozenset(raw["reviewed"]) if raw.get("reviewed") else None))
    return items


def read_document(document: GoldDocument) -> PageRecord:
    """The page record a crawl would store for the document (extraction as in scrape/page.py)."""
    extracted = extract_document(document.body, document.content_type, document.url)
    return PageRecord(program_id="gold", url=document.url, final_url=document.url, status=200,
                      content_type=document.content_type, fetched_at="", depth=0, title=extracted.title,
                      kind=extracted.kind, blocks=extracted.blocks, links=extracted.links, error=extracted.error,
                      lang=extracted.lang)


def find_strengths(matcher: Matcher, document: GoldDocument, settings: AnalyzeSettings) -> dict[str, str]:
    """Concept id → strength (body / navigation) found in one document, through extraction and findings."""
    evidence = collect_evidence(matcher, page_sources([read_document(document)]))
    return {cid: f.strength for cid, f in build_findings(evidence, settings.max_evidence_per_concept).items()}


def _judged(item: GoldItem, cid: str) -> bool:
    """Whether an item's label for a concept is scored: not unsure, and reviewed when it comes from a review."""
    return cid not in item.unsure and (item.reviewed is None or cid in item.reviewed)


def _count(scores: dict[str, list[int]], item: GoldItem, found: set[str]) -> None:
    for cid in scores:
        if not _judged(item, cid):
            continue
        expected = cid in item.concepts
        scores[cid][0] += int(expected and cid in found)
        scores[cid][1] += int(cid in found and not expected)
        scores[cid][2] += int(expected and cid not in found)


def evaluate_gold(gold_path: Path, taxonomy: Taxonomy,
                  settings: AnalyzeSettings = AnalyzeSettings()) -> EvalReport:  # noqa: B008 - frozen
    """Run every gold item through extraction and detection as a document and compare with its labels."""
    items = load_gold(gold_path, taxonomy)
    matcher = Matcher(taxonomy, settings)
    whole = {cid: [0, 0, 0] for cid in taxonomy.ids}
    heldout = {cid: [0, 0, 0] for cid in taxonomy.ids}
    mistakes = []
    checked = right = 0
    languages: dict[str, int] = {}
    for index, item in enumerate(items):
        languages[item.lang or "unlabelled"] = languages.get(item.lang or "unlabelled", 0) + 1
        documents = documents_for(item.id, item.text, item.lang, item.region, index)
        for number, document in enumerate(documents):
            strengths = find_strengths(matcher, document, settings)
            for cid in item.concepts & set(strengths):
                checked += 1
                right += strengths[cid] == document.expected_strength
            if number:
                continue  # a menu-link copy of a short passage is scored for strength only
            found = set(strengths)
            _count(whole, item, found)
            if item.heldout:
                _count(heldout, item, found)
            scored = {cid for cid in found if _judged(item, cid)}
            expected = {cid for cid in item.concepts if _judged(item, cid)}
            if scored != expected:
                mistakes.append(Mistake(item.text, tuple(sorted(expected - scored)), tuple(sorted(scored - expected)),
                                        item.id, document.kind))
    return EvalReport(len(items), sum(i.heldout for i in items),
                      {cid: ConceptScore(*c) for cid, c in whole.items()},
                      {cid: ConceptScore(*c) for cid, c in heldout.items()}, tuple(mistakes), checked, right,
                      languages)


def pinned_digest(pin_path: Path) -> str:
    """The SHA-256 pinned for the sealed test (first word of the pin file)."""
    try:
        words = Path(pin_path).read_text(encoding="utf-8").split()
    except FileNotFoundError:
        raise InputError("no pinned SHA-256 for the sealed test", pin_path,
                         fix="the lead pins it when the test set is sealed (tests/gold/real_test.sha256)") from None
    if not words or len(words[0]) != 64:
        raise InputError("the pin file does not start with a SHA-256 (64 hex digits)", pin_path, 1,
                         fix="write '<sha256>  real_test.yaml'")
    return words[0].lower()


def check_sealed(test_path: Path, pin_path: Path) -> str:
    """The sealed test's SHA-256 when it equals the pinned one; InputError (nothing read) otherwise."""
    if not Path(test_path).is_file():  # between rounds: the last test became a dev set, the next is not added yet
        raise InputError("sealed test set not found: no sealed test is present (the last round's became "
                         "a dev set, tests/gold/real_round<N>.yaml)", test_path,
                         fix="the lead adds the next sealed test as tests/gold/real_test.yaml and pins it in "
                             "tests/gold/real_test.sha256")
    expected = pinned_digest(pin_path)
    try:
        actual = hashlib.sha256(Path(test_path).read_bytes()).hexdigest()
    except FileNotFoundError:
        raise InputError("sealed test set not found", test_path, fix="the lead adds tests/gold/real_test.yaml") from None
    if actual != expected:
        raise InputError(f"sealed test set changed: SHA-256 {actual} ≠ pinned {expected}", test_path,
                         fix="restore the sealed file exactly (git checkout it); a sealed set is never edited")
    return actual


def _rates(scores: dict[str, ConceptScore]) -> dict:
    return {cid: {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "n": s.present, "tp": s.tp,
                  "fp": s.fp, "fn": s.fn} for cid, s in scores.items()}


def report_to_dict(report: EvalReport) -> dict:
    """One gold set's figures as stored in data/eval.json."""
    micro = report.micro
    return {"items": report.gold_items, "languages": report.languages, "concepts": _rates(report.concepts),
            "micro": {"precision": round(micro.precision, 3), "recall": round(micro.recall, 3), "n": micro.present,
                      "tp": micro.tp, "fp": micro.fp, "fn": micro.fn},
            "strength": {"accuracy": round(report.strength_accuracy, 3), "checked": report.strength_checked}}


def eval_to_dict(report: EvalReport, independent: EvalReport | None = None) -> dict:
    """The dev part of data/eval.json: the tuned gold set (with its held-out part) and the older batches."""
    data = {"gold_items": report.gold_items, "heldout_items": report.heldout_items,
            "concepts": _rates(report.concepts), "heldout": _rates(report.heldout), "gold": report_to_dict(report)}
    if independent is not None:
        data["independent"] = {"items": independent.gold_items, "concepts": _rates(independent.concepts)}
    return data


def read_agreement(path: Path | None) -> dict | None:
    """Inter-coder agreement written by the lead (pooled and per-concept Cohen's kappa); None when absent."""
    if path is None or not Path(path).is_file():
        return None
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"agreement file is not JSON ({exc})", path, fix="write it with gold_agreement.py") from None
    per = {cid: row.get("kappa") for cid, row in (raw.get("per_concept") or {}).items()}
    return {"pooled_kappa": raw.get("pooled_kappa"), "passages": raw.get("n_passages"), "per_concept": per}


def write_eval(path: Path, updates: dict) -> None:
    """Merge figures into data/eval.json atomically: dev runs never erase the sealed figures, nor the reverse."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except json.JSONDecodeError:
        data = {}
    data.update(updates)
    atomic_write(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
