"""A review round: export_sheet() writes findings and a sample of near misses; apply_sheet() stores verdicts.

Reads data/results/latest.json, data/pages/ and the registry and taxonomy; writes the sheet and data/reviews.yaml.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from analyze.near_miss import (
    NearMissSettings,
    Sentence,
    closest_sentences,
    program_sentences,
    stratified_sample,
)
from analyze.results import ProgramResult, RunResult, history_runs, latest_path, read_run
from analyze.review_check import SheetContext, check_sheet
from analyze.review_effects import page_texts
from analyze.review_sheet import SheetRow, read_sheet, write_sheet
from analyze.reviews import (
    load_reviews,
    merge_decisions,
    quote_line,
    reviews_path,
    same_judgement,
    save_reviews,
)
from analyze.taxonomy import Taxonomy
from peerscan.errors import InputError, InputErrors
from peerscan.registry import Registry
from peerscan.vocabulary import was_read
from scrape.records import read_pages

NO_RESULTS_FIX = "run `peerscan crawl` and `peerscan analyze` first"


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    run_id: str
    findings: int
    near_misses: int
    already_reviewed: int  # findings left out because an analyst's decision on them is in force


@dataclass(frozen=True)
class ApplySummary:
    path: Path
    decisions: int
    replaced: int  # earlier, different decisions on the same evidence that these replace
    unchanged: int  # the same decisions as before (a sheet applied twice)
    skipped: int  # rows without a verdict
    verdicts: dict[str, int]


def latest_run(data_dir: Path) -> RunResult:
    path = latest_path(data_dir)
    if not path.exists():
        raise InputError("no results to review", path, fix=NO_RESULTS_FIX)
    return read_run(path)


def _programs(run: RunResult, states: list[str] | None) -> list[tuple[str, ProgramResult]]:
    wanted = {s.upper() for s in states or ()}
    return [(j.state, p) for j in run.jurisdictions if not wanted or j.state in wanted for p in j.programs]


def _finding_rows(run: RunResult, programs: list[tuple[str, ProgramResult]],
                  concepts: set[str]) -> tuple[list[SheetRow], int]:
    rows, reviewed = [], 0
    for state, program in programs:
        # A finding still standing after a rejection stands on quotes nobody judged: it goes on the sheet again.
        decided = {r.concept for r in program.reviews if r.kind == "finding" and not r.stale and r.verdict != "reject"}
        for cid, finding in sorted(program.concepts.items()):
            automatic = [e for e in finding.evidence if e.source == "crawl"]
            if cid not in concepts or not automatic:
                continue
            if cid in decided:
                reviewed += 1
                continue
            top, others = automatic[0], automatic[1:]
            rows.append(SheetRow(run.run_id, "finding", state, program.id, cid, finding.strength, top.quote, top.url,
                                 str(top.page or ""), "\n".join(quote_line(e.quote, e.url) for e in others)))
    return rows, reviewed


def _near_miss_rows(run: RunResult, data_dir: Path, programs: list[tuple[str, ProgramResult]], taxonomy: Taxonomy,
                    concepts: set[str], size: int, seed: int, settings: NearMissSettings) -> list[SheetRow]:
    states = {p.id: state for state, p in programs}
    pairs = []
    for _, program in programs:
        if not was_read(program):
            continue
        judged = {r.concept for r in program.reviews if r.kind in ("near_miss", "added") and not r.stale}
        pairs += [(program.id, cid) for cid in taxonomy.ids
                  if cid in concepts and cid not in program.concepts and cid not in judged]
    rows: list[SheetRow] = []
    sentences: dict[str, list[Sentence]] = {}
    for program_id, cid in stratified_sample(pairs, len(pairs), seed):  # all, in sample order; take the first size
        if len(rows) >= size:
            break
        if program_id not in sentences:
            sentences[program_id] = program_sentences(read_pages(data_dir, program_id), settings.max_sentence_chars,
                                                        settings.min_words)
        closest = closest_sentences(sentences[program_id], taxonomy.concept(cid), settings)
        if not closest:
            continue
        top, others = closest[0].sentence, closest[1:]
        rows.append(SheetRow(run.run_id, "near_miss", states[program_id], program_id, cid, "", top.text,
                             top.url, str(top.page or ""),
                             "\n".join(quote_line(c.sentence.text, c.sentence.url) for c in others)))
    return rows


def export_sheet(data_dir: Path, out: Path, taxonomy: Taxonomy, states: list[str] | None = None,
                 concepts: list[str] | None = None, sample: int = 30, seed: int = 0,
                 settings: NearMissSettings = NearMissSettings()) -> ExportSummary:  # noqa: B008 - frozen
    """Write a review sheet of the latest run: one row per unreviewed finding, plus `sample` near misses."""
    unknown = [c for c in concepts or () if c not in taxonomy.ids]
    if unknown:
        raise InputError(f"unknown concept {unknown[0]!r}", taxonomy.path,
                         fix=f"use concept ids of the taxonomy: {', '.join(taxonomy.ids)}")
    run = latest_run(data_dir)
    programs = _programs(run, states)
    if states and not programs:
        raise InputError(f"no results for {', '.join(states)}", latest_path(data_dir),
                         fix="give USPS codes of jurisdictions in the registry, e.g. --state OH")
    wanted = set(concepts or taxonomy.ids)
    findings, reviewed = _finding_rows(run, programs, wanted)
    near = _near_miss_rows(run, data_dir, programs, taxonomy, wanted, sample, seed, settings)
    write_sheet(out, findings + near)
    return ExportSummary(Path(out), run.run_id, len(findings), len(near), reviewed)


def sheet_context(data_dir: Path, registry: Registry, taxonomy: Taxonomy, allow_older_run: bool) -> SheetContext:
    run = latest_run(data_dir)
    cache: dict[str, dict[str, str]] = {}

    def texts(program_id: str) -> dict[str, str]:
        if program_id not in cache:
            cache[program_id] = page_texts(read_pages(data_dir, program_id))
        return cache[program_id]

    return SheetContext(frozenset(p.id for p in registry.programs), taxonomy.ids, run.run_id,
                        frozenset(p.stem for p in history_runs(data_dir)), texts, allow_older_run)


def apply_sheet(sheet: Path, data_dir: Path, registry: Registry, taxonomy: Taxonomy, reviewer: str,
                allow_older_run: bool = False, now: Callable[[], dt.datetime] | None = None) -> ApplySummary:
    """Validate the sheet and merge its verdicts into data/reviews.yaml; any bad row changes nothing."""
    if not reviewer.strip():
        raise InputError("--reviewer is empty", fix="say who reviewed: --reviewer 'Jane Doe'")
    rows = read_sheet(sheet)
    stamp = (now or (lambda: dt.datetime.now(dt.UTC)))().strftime("%Y-%m-%dT%H:%M:%SZ")
    ctx = sheet_context(data_dir, registry, taxonomy, allow_older_run)
    decisions, errors = check_sheet(rows, Path(sheet), ctx, reviewer.strip(), stamp)
    if errors:
        raise InputErrors(errors)
    target = reviews_path(data_dir)
    old = load_reviews(target)
    earlier = {d.key: d for d in old}
    save_reviews(target, merge_decisions(old, decisions))
    unchanged = sum(1 for d in decisions if d.key in earlier and same_judgement(earlier[d.key], d))
    verdicts: dict[str, int] = {}
    for decision in decisions:
        verdicts[decision.verdict] = verdicts.get(decision.verdict, 0) + 1
    return ApplySummary(target, len(decisions), sum(1 for d in decisions if d.key in earlier) - unchanged, unchanged,
                        sum(1 for r in rows if not r.verdict.strip()), verdicts)
