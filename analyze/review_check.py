"""Validation of a filled-in review sheet: every bad row becomes an InputError naming file:line and a fix.

Good rows become ReviewDecisions; rows without a verdict are left for a later round.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import process

from analyze.review_sheet import SheetRow
from analyze.reviews import VERDICTS, VERDICTS_BY_KIND, ReviewDecision, normalize_quote, review_key
from peerscan.errors import InputError

VERDICT_WORDS = {"confirm": "confirm", "confirmed": "confirm", "reject": "reject", "rejected": "reject",
                 "missed": "missed", "miss": "missed"}


@dataclass(frozen=True)
class SheetContext:
    """What a sheet is checked against: registry, taxonomy, runs, and the latest crawl's page text."""

    programs: frozenset[str]
    concepts: tuple[str, ...]
    latest_run_id: str
    earlier_run_ids: frozenset[str]
    page_texts: Callable[[str], dict[str, str]]  # program id -> {url: normalized text} of its latest crawl
    allow_older_run: bool = False


def _suggest(value: str, choices: Iterable[str]) -> str:
    match = process.extractOne(value, list(choices))
    return f" (did you mean {match[0]!r}?)" if match and match[1] >= 70 else ""


def _run_errors(rows: list[SheetRow], path: Path, ctx: SheetContext) -> list[InputError]:
    run_ids = {r.run_id for r in rows if r.run_id}
    if not run_ids:
        return [InputError("the sheet names no run (run_id column is empty)", path, 1,
                           fix="apply the sheet `peerscan review export` wrote, with its run_id column")]
    if len(run_ids) > 1:
        line = next(r.line for r in rows if r.run_id and r.run_id != rows[0].run_id)
        return [InputError(f"rows from several runs: {', '.join(sorted(run_ids))}", path, line,
                           fix="apply one exported sheet at a time")]
    run_id = run_ids.pop()
    if run_id == ctx.latest_run_id:
        return []
    line = next(r.line for r in rows if r.run_id)
    if run_id in ctx.earlier_run_ids:
        if ctx.allow_older_run:
            return []
        return [InputError(f"the sheet is from run {run_id}, but the latest results are run {ctx.latest_run_id}",
                           path, line, fix="export a fresh sheet (`peerscan review export`) and copy your verdicts, "
                                           "or pass --allow-older-run: decisions are keyed by quote, and those whose "
                                           "quote is gone will show as stale")]
    return [InputError(f"the sheet is from run {run_id}, which is not a run of this data directory "
                       f"(latest: {ctx.latest_run_id})", path, line,
                       fix="apply it with the --data-dir it was exported from, or export a sheet from this one")]


def _page(value: str, path: Path, line: int, column: str) -> tuple[int | None, list[InputError]]:
    if not value:
        return None, []
    if value.isdigit() and int(value) > 0:
        return int(value), []
    return None, [InputError(f"{column} {value!r} is not a page number", path, line,
                             fix=f"write the PDF page as a whole number, or leave {column} empty")]


def _row_decision(row: SheetRow, path: Path, ctx: SheetContext, reviewer: str,
                  when: str) -> tuple[ReviewDecision | None, list[InputError]]:
    line = row.line
    verdict = VERDICT_WORDS.get(row.verdict.strip().lower())
    errors = []
    if verdict is None:
        errors.append(InputError(f"unknown verdict {row.verdict!r}", path, line,
                                 fix=f"write one of {', '.join(VERDICTS)}, or leave verdict empty to skip the row"))
    if row.program not in ctx.programs:
        errors.append(InputError(f"unknown program {row.program!r}{_suggest(row.program, ctx.programs)}", path, line,
                                 fix="use a program id from the registry (data/programs.yaml), as exported"))
    if row.concept not in ctx.concepts:
        errors.append(InputError(f"unknown concept {row.concept!r}{_suggest(row.concept, ctx.concepts)}", path, line,
                                 fix=f"use a concept id of data/taxonomy.yaml: {', '.join(ctx.concepts)}"))
    kind = row.kind or "added"
    if kind not in VERDICTS_BY_KIND:
        errors.append(InputError(f"unknown kind {row.kind!r}", path, line,
                                 fix="keep the exported kind (finding or near_miss); leave it empty on a row you add"))
    elif verdict and verdict not in VERDICTS_BY_KIND[kind]:
        allowed = " or ".join(VERDICTS_BY_KIND[kind])
        meaning = {"finding": "confirm (the quote shows the concept) or reject (it does not)",
                   "near_miss": "confirm (really not there) or missed (it is there: give missed_quote and "
                                "missed_url)",
                   "added": "missed, with missed_quote and missed_url"}[kind]
        errors.append(InputError(f"verdict {verdict!r} does not fit a {kind} row", path, line,
                                 fix=f"use {allowed}: {meaning}"))
    page, page_errors = _page(row.missed_page if verdict == "missed" else row.page, path, line,
                              "missed_page" if verdict == "missed" else "page")
    errors += page_errors
    url, quote = (row.missed_url, row.missed_quote) if verdict == "missed" else (row.url, row.quote)
    if verdict == "missed":
        if not url.startswith(("http://", "https://")):
            errors.append(InputError("a missed concept needs the URL where it is (missed_url)" if not url else
                                     f"missed_url {url!r} is not an http(s) address", path, line,
                                     fix="put the address of the page or document that shows the concept in "
                                         "missed_url"))
        if not normalize_quote(quote):
            errors.append(InputError("a missed concept needs the sentence that shows it (missed_quote)", path, line,
                                     fix="copy the sentence from the page into missed_quote"))
    elif not url or not quote:
        errors.append(InputError("the row has lost its quote or url", path, line,
                                 fix="keep the exported quote and url cells of the row unchanged"))
    if errors or verdict is None:
        return None, errors
    if verdict == "missed" and row.program in ctx.programs:
        text = ctx.page_texts(row.program).get(url)
        if text is not None and f" {normalize_quote(quote)} " not in f" {text} ":
            return None, [InputError("missed_quote is not on that page in the latest crawl", path, line,
                                     fix="copy the sentence exactly as the page says it (spacing and case do not "
                                         "matter), or correct missed_url")]
    also = tuple(line.strip() for line in row.other_quotes.splitlines() if line.strip()) if kind == "finding" else ()
    return ReviewDecision(program=row.program, concept=row.concept, kind=kind, verdict=verdict, url=url,
                          quote=quote, reviewer=reviewer, reviewed_at=when, run_id=row.run_id,
                          note=row.note, page=page, also=also), []


def check_sheet(rows: list[SheetRow], path: Path, ctx: SheetContext, reviewer: str,
                when: str) -> tuple[list[ReviewDecision], list[InputError]]:
    """Decisions of the judged rows, and every problem found (the sheet is applied only when there is none)."""
    errors = _run_errors(rows, path, ctx)
    decisions: list[ReviewDecision] = []
    first_line: dict[tuple[str, str, str, str], int] = {}
    for row in rows:
        if not row.verdict.strip():
            continue
        decision, problems = _row_decision(row, path, ctx, reviewer, when)
        errors += problems
        if decision is None:
            continue
        key = review_key(decision.program, decision.concept, decision.url, decision.quote)
        if key in first_line:
            errors.append(InputError(f"duplicate row: the same {decision.concept} evidence of {decision.program} "
                                     f"was judged on line {first_line[key]}", path, row.line,
                                     fix="delete one of the two rows (keep the verdict you mean)"))
            continue
        first_line[key] = row.line
        decisions.append(decision)
    return decisions, errors
