"""The analyze stage: data/pages/<id>.jsonl + <id>.crawl.json (+ data/reviews.yaml) per program → data/results/.

Entry point analyze_run(); reads AnalyzeSettings and the taxonomy; writes latest.json and a history copy.
"""

import datetime as dt
from pathlib import Path

from analyze.findings import Source, build_findings, collect_adopted_codes, collect_evidence
from analyze.match import Matcher
from analyze.results import ConceptFinding, JurisdictionResult, ProgramResult, RunResult, save_run
from analyze.review_effects import apply_reviews, page_texts
from analyze.reviews import ReviewDecision, load_reviews, reviews_path
from analyze.score import merge_strengths, score_concepts
from analyze.settings import AnalyzeSettings
from analyze.staleness import program_state
from analyze.taxonomy import Taxonomy
from peerscan.registry import Program, Registry
from peerscan.runid import new_run_id
from scrape.records import PageRecord, TextBlock, read_pages, read_report


def page_sources(records: list[PageRecord]) -> list[Source]:
    """What to read from a program's pages: their text blocks, titles, and link texts (as navigation)."""
    sources = []
    seen_links: set[str] = set()
    for record in records:
        url = record.final_url or record.url
        blocks = list(record.blocks)
        if record.title and not any(b.region == "title" for b in blocks):
            blocks.append(TextBlock(record.title, "title"))
        sources.append(Source(url, tuple(blocks), record.rendered, record.linked_from, record.lang))
        # A menu link "Code of Ethics" counts as a navigation mention even when its page was never fetched;
        # the same menu on every page is read once.
        links = []
        for link in record.links:
            text = " ".join(link.text.split())
            if text and text.lower() not in seen_links:
                seen_links.add(text.lower())
                links.append(TextBlock(text, "navigation"))
        if links:
            sources.append(Source(url, tuple(links), record.rendered, record.linked_from, record.lang))
    return sources


def analyze_program(data_dir: Path, program: Program, matcher: Matcher, taxonomy: Taxonomy,
                    settings: AnalyzeSettings, decisions: tuple[ReviewDecision, ...] = (),
                    codes: Matcher | None = None) -> ProgramResult:
    """Findings, score, adopted codes and crawl status of one program from its pages, crawl report and reviews."""
    readable = program.program_found and program.has_official_page
    records = read_pages(data_dir, program.id) if readable else []
    report = read_report(data_dir, program.id)
    state = program_state(report, program.program_found, bool(records), settings.staleness,
                          has_official_page=program.has_official_page)
    sources = page_sources(records)
    findings: dict[str, ConceptFinding] = build_findings(collect_evidence(matcher, sources),
                                                         settings.max_evidence_per_concept)
    findings, reviews = apply_reviews(findings, decisions, page_texts(records)) if decisions else (findings, ())
    adopted = collect_adopted_codes(codes, sources) if codes is not None and taxonomy.adopted_codes else ()
    strengths = {cid: f.strength for cid, f in findings.items()}
    pages = sum(1 for r in records if r.blocks)
    return ProgramResult(
        # Nothing read, nothing to score: null, never 0 (0 means read, and nothing found).
        id=program.id, name=program.name, score=score_concepts(strengths, taxonomy) if readable and pages else None,
        status=state.status, pages=pages, failures=sum(1 for r in records if r.error),
        robots_blocked=report.robots_blocked if report else 0, concepts=findings,
        last_checked=state.last_checked, last_confirmed=state.last_confirmed, stale=state.stale,
        unreachable_since=state.unreachable_since, consecutive_failures=state.consecutive_failures,
        reason=state.reason, reviews=reviews, adopted_code=adopted,
    )


def analyze_run(data_dir: Path, registry: Registry, taxonomy: Taxonomy,
                settings: AnalyzeSettings = AnalyzeSettings(),  # noqa: B008 - frozen
                run_id: str | None = None) -> RunResult:
    """Analyze every registry program, score programs and jurisdictions, and save the run as run_id.

    The CLI passes the run id it gave the crawl, so archive, history file and feed entry share it.
    """
    data_dir = Path(data_dir)
    matcher = Matcher(taxonomy, settings)
    codes = Matcher(taxonomy.code_taxonomy(), settings)
    decisions: dict[str, list[ReviewDecision]] = {}
    for decision in load_reviews(reviews_path(data_dir)):
        decisions.setdefault(decision.program, []).append(decision)
    jurisdictions = []
    for jurisdiction in registry.covered_jurisdictions():
        programs = tuple(analyze_program(data_dir, p, matcher, taxonomy, settings, tuple(decisions.get(p.id, ())),
                                         codes)
                         for p in registry.programs_in(jurisdiction.code))
        found = [p for p, row in zip(programs, registry.programs_in(jurisdiction.code), strict=True)
                 if row.program_found]
        scored = [p for p in found if p.score is not None]
        strengths = merge_strengths({cid: f.strength for cid, f in p.concepts.items()} for p in scored)
        # A state is scored from its scored programs only; with none of its own pages it has no score.
        score = score_concepts(strengths, taxonomy) if scored else (None if found else 0)
        jurisdictions.append(JurisdictionResult(jurisdiction.code, jurisdiction.name, score, programs, strengths))
    now = dt.datetime.now(dt.UTC)
    run = RunResult(run_id or new_run_id(data_dir, now), now.strftime("%Y-%m-%dT%H:%M:%SZ"), tuple(jurisdictions),
                    taxonomy.sha256)
    save_run(data_dir, run)
    return run
