"""Result records of the analyze stage (data/results/latest.json, data/results/history/<run-id>.json).

The contract between analyze/ and report/. JSON shape: see DESIGN.md § Files.
"""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from peerscan.atomic import atomic_write
from peerscan.errors import InputError
from peerscan.runid import history_file, run_order
from peerscan.vocabulary import ProgramStatus


@dataclass(frozen=True)
class Evidence:
    """One quoted sentence that shows a concept, and where it stood."""

    url: str
    quote: str
    matched: str
    region: str = "body"
    page: int | None = None
    rule: str = ""  # the taxonomy rule that matched, as written in data/taxonomy.yaml
    before: str = ""  # the sentence before the quote, and the one after (shown collapsed on state pages)
    after: str = ""
    lang: str = ""  # the document's language (en, es)
    source: str = "crawl"  # "analyst": a quote an analyst supplied for a concept the detection missed
    ocr: bool = False  # quoted from OCR text of a scanned page
    rendered: bool = False  # quoted from a page rendered in headless Chromium
    linked_from: str | None = None  # a leaf one hop off-site: the program page that linked this document

    def to_dict(self) -> dict:
        data = asdict(self)
        # Absent rather than null/false/empty: the common case stays as the contract shows it.
        for key in ("page", "ocr", "rendered", "linked_from", "rule", "before", "after", "lang"):
            if not data[key]:
                del data[key]
        if self.source == "crawl":
            del data["source"]
        return data


@dataclass(frozen=True)
class AdoptedCode:
    """A named code of ethics a program adopts (NAADAC, IC&RC, NAPS guidelines, a board's or a state's own)."""

    code: str
    evidence: Evidence

    def to_dict(self) -> dict:
        return {"code": self.code, "evidence": self.evidence.to_dict()}


@dataclass(frozen=True)
class ConceptFinding:
    """A concept found for a program: strength is 'body' or 'navigation'."""

    strength: str
    evidence: tuple[Evidence, ...] = ()
    checked_on: str | None = None  # date (YYYY-MM-DD) an analyst confirmed the finding
    source: str = "crawl"  # "analyst" when only an analyst's evidence shows the concept


@dataclass(frozen=True)
class AppliedReview:
    """An analyst's decision (data/reviews.yaml) as it applied to this run's findings of a program."""

    concept: str
    kind: str  # finding (a row of automatic evidence) | near_miss (a sampled absence) | added (by the analyst)
    verdict: str  # confirm | reject | missed
    url: str
    quote: str
    reviewer: str
    reviewed_at: str
    note: str = ""
    page: int | None = None
    stale: bool = False  # the quote no longer appears at the URL in the latest crawl: the decision is not applied


@dataclass(frozen=True)
class ProgramResult:
    """Findings, score and crawl status of one program."""

    id: str
    name: str
    score: int | None  # None: nothing of the program's own could be read (never 0, which means "read, none found")
    status: str  # a peerscan.vocabulary.ProgramStatus value
    pages: int = 0  # documents with text analyzed
    failures: int = 0
    robots_blocked: int = 0
    concepts: dict[str, ConceptFinding] = field(default_factory=dict)
    last_checked: str | None = None  # when a crawl was last attempted
    last_confirmed: str | None = None  # when the findings were last confirmed by a good crawl
    stale: bool = False
    unreachable_since: str | None = None
    consecutive_failures: int = 0
    reason: str = ""
    adopted_code: tuple[AdoptedCode, ...] = ()  # named codes the program adopts, each with its quote
    reviews: tuple[AppliedReview, ...] = ()  # analysts' decisions on this program (rejected findings live here)


@dataclass(frozen=True)
class JurisdictionResult:
    """A state, DC or territory: its programs and its overall coverage score."""

    state: str
    name: str
    score: int | None  # from its scored programs only; None when none is scored
    programs: tuple[ProgramResult, ...] = ()
    concepts: dict[str, str] = field(default_factory=dict)  # concept id -> best strength over programs


@dataclass(frozen=True)
class RunResult:
    """One analyze run over the whole registry."""

    run_id: str
    generated_at: str
    jurisdictions: tuple[JurisdictionResult, ...] = ()
    taxonomy_sha256: str = ""


def _finding_dict(finding: ConceptFinding) -> dict:
    data: dict = {"strength": finding.strength, "evidence": [e.to_dict() for e in finding.evidence]}
    if finding.checked_on:
        data["checked_on"] = finding.checked_on
    if finding.source != "crawl":
        data["source"] = finding.source
    return data


def run_to_dict(run: RunResult) -> dict:
    """The JSON-ready dict of a run (Evidence.page omitted when None)."""
    def program(p: ProgramResult) -> dict:
        data = asdict(p)
        data["adopted_code"] = [a.to_dict() for a in p.adopted_code]
        data["concepts"] = {cid: _finding_dict(f) for cid, f in sorted(p.concepts.items())}
        if not p.reviews:
            del data["reviews"]  # unreviewed programs keep the contract's shape
        return data

    return {
        "run_id": run.run_id,
        "generated_at": run.generated_at,
        "taxonomy_sha256": run.taxonomy_sha256,
        "jurisdictions": [
            {"state": j.state, "name": j.name, "score": j.score, "concepts": dict(sorted(j.concepts.items())),
             "programs": [program(p) for p in j.programs]}
            for j in run.jurisdictions
        ],
    }


def run_from_dict(raw: dict) -> RunResult:
    """Inverse of run_to_dict; tolerant of missing optional keys and of evidence keys it does not know."""
    known_evidence = Evidence.__dataclass_fields__

    def evidence(e: dict) -> Evidence:
        return Evidence(**{k: v for k, v in e.items() if k in known_evidence})

    def program(p: dict) -> ProgramResult:
        concepts = {
            cid: ConceptFinding(f["strength"], tuple(evidence(e) for e in f.get("evidence", ())),
                                f.get("checked_on"), f.get("source", "crawl"))
            for cid, f in p.get("concepts", {}).items()
        }
        known_review = AppliedReview.__dataclass_fields__
        reviews = tuple(AppliedReview(**{k: v for k, v in r.items() if k in known_review}) for r in p.get("reviews", ()))
        known = ProgramResult.__dataclass_fields__
        fields = {k: v for k, v in p.items() if k in known and k not in ("concepts", "reviews", "adopted_code")}
        adopted = tuple(AdoptedCode(a["code"], evidence(a["evidence"])) for a in p.get("adopted_code") or ())
        return ProgramResult(concepts=concepts, reviews=reviews, adopted_code=adopted, **fields)

    return RunResult(
        run_id=raw["run_id"],
        generated_at=raw.get("generated_at", raw["run_id"]),
        taxonomy_sha256=raw.get("taxonomy_sha256", ""),
        jurisdictions=tuple(
            JurisdictionResult(j["state"], j["name"], j.get("score"),
                               tuple(program(p) for p in j.get("programs", ())), dict(j.get("concepts", {})))
            for j in raw.get("jurisdictions", ())
        ),
    )


def latest_path(data_dir: Path) -> Path:
    return Path(data_dir) / "results" / "latest.json"


def history_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "results" / "history"


# Program statuses whose failure streak still counts toward "unreachable": the counter is content until then.
COUNTING_STATUSES = frozenset({ProgramStatus.FAILED, ProgramStatus.STALE})


def run_content(run: RunResult) -> dict:
    """What a run found, without what changes every run anyway (run id, times, a streak that no longer matters).

    Two runs with equal content differ for no reader: no history file, no commit, no feed entry.
    """
    data = run_to_dict(run)
    del data["run_id"], data["generated_at"]
    for jurisdiction in data["jurisdictions"]:
        for program in jurisdiction["programs"]:
            del program["last_checked"]
            if not program["stale"]:
                del program["last_confirmed"]  # a fresh crawl confirms every run: its date is not news
            if program["unreachable_since"] or program["status"] not in COUNTING_STATUSES:
                del program["consecutive_failures"]  # blocked programs and flagged ones count on forever
    return data


def save_run(data_dir: Path, run: RunResult) -> Path | None:
    """Write latest.json, and history/<run-id>.json when the run's content differs from the newest history file.

    Returns the history path, or None when nothing changed since the last recorded run.
    """
    text = json.dumps(run_to_dict(run), indent=1, ensure_ascii=False, sort_keys=False) + "\n"
    atomic_write(latest_path(data_dir), text)
    previous = [p for p in history_runs(data_dir) if p.stem != run.run_id]
    if previous:
        try:
            if run_content(load_run(previous[-1])) == run_content(run):
                return None
        except (ValueError, KeyError, TypeError):
            pass  # an unreadable last file is no reason to lose this run
    history = history_file(data_dir, run.run_id)
    atomic_write(history, text)
    return history


def load_run(path: Path) -> RunResult:
    """Read one result file."""
    return run_from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def read_run(path: Path, fix: str = "re-run `peerscan analyze`") -> RunResult:
    """Read one result file; a file that is not valid results JSON is bad input (exit 2) naming it."""
    try:
        return load_run(path)
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"not a readable peerscan result file ({exc.__class__.__name__}: {exc})", path,
                         fix=fix) from None


def history_runs(data_dir: Path) -> list[Path]:
    """History files, oldest first."""
    folder = history_dir(data_dir)
    return sorted(folder.glob("*.json"), key=lambda path: run_order(path.stem)) if folder.exists() else []
