"""Run summary for people and CI: printed after `peerscan run`, and as Markdown to $GITHUB_STEP_SUMMARY.

Reads data/results/latest.json and the history folder (changes against the run before).
"""

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from analyze.diff import RunDiff, diff_runs
from analyze.results import ProgramResult, RunResult, history_runs, latest_path, load_run
from peerscan.runid import run_order
from peerscan.vocabulary import ProgramStatus as S
from peerscan.vocabulary import change_lines, describe, reader_status, review_lines, was_read

# Counted in this order, each program once by the status readers see; the first six always show, the rest
# only when some program has them. "nothing found" counts read programs without findings (also in ok/partial).
COUNTED = (S.OK, S.PARTIAL, S.FAILED, S.STALE, S.BLOCKED, S.UNREACHABLE, "nothing_found", S.REFUSED,
           S.NOT_CRAWLED, S.NO_OFFICIAL_PAGE, S.NO_PROGRAM)
ALWAYS_SHOWN = 6
LABELS = {"nothing_found": "nothing found", S.NOT_CRAWLED: "not crawled", S.NO_PROGRAM: "no program",
          S.NO_OFFICIAL_PAGE: "no official page"}
ATTENTION = (S.FAILED, S.STALE, S.BLOCKED, S.REFUSED, S.UNREACHABLE)
MAX_LISTED = 40  # rows per list, so a bad night does not bury the log


@dataclass(frozen=True)
class Attention:
    """A program whose crawl did not confirm its findings this run."""

    state: str
    program_id: str
    text: str


@dataclass(frozen=True)
class RunSummary:
    """Figures of the latest run, and its diff against the run before (None for a first run)."""

    run_id: str
    programs: int
    counts: dict[str, int]
    pages: int
    errors: int
    robots_blocked: int
    attention: tuple[Attention, ...]
    diff: RunDiff | None
    previous_run_id: str | None = None


def _count(programs: list[ProgramResult]) -> dict[str, int]:
    """Programs by the status readers see, plus those read without any finding."""
    counts: Counter[str] = Counter(reader_status(p) for p in programs)
    counts["nothing_found"] = sum(1 for p in programs if was_read(p) and not p.concepts)
    return {str(key): counts.get(key, 0) for key in COUNTED}


def _previous(data_dir: Path, run: RunResult) -> RunResult | None:
    """The history run just before `run`, skipping unreadable files."""
    older = [p for p in history_runs(data_dir) if run_order(p.stem) < run_order(run.run_id)]
    for path in reversed(older):
        try:
            return load_run(path)
        except (ValueError, KeyError, TypeError):
            continue
    return None


def summarize_run(data_dir: Path) -> RunSummary | None:
    """The summary of data/results/latest.json; None when there are no results yet."""
    path = latest_path(data_dir)
    if not path.exists():
        return None
    run = load_run(path)
    programs = [(j.state, p) for j in run.jurisdictions for p in j.programs]
    attention = tuple(Attention(state, p.id, describe(p).text)
                      for state, p in programs if reader_status(p) in ATTENTION)
    previous = _previous(data_dir, run)
    return RunSummary(
        run_id=run.run_id, programs=len(programs), counts=_count([p for _, p in programs]),
        pages=sum(p.pages for _, p in programs), errors=sum(p.failures for _, p in programs),
        robots_blocked=sum(p.robots_blocked for _, p in programs), attention=attention,
        diff=diff_runs(previous, run) if previous else None,
        previous_run_id=previous.run_id if previous else None,
    )


def _shown_counts(summary: RunSummary) -> list[tuple[str, int]]:
    return [(LABELS.get(key, key), summary.counts[key]) for i, key in enumerate(map(str, COUNTED))
            if i < ALWAYS_SHOWN or summary.counts[key]]


def _change_lines(diff: RunDiff) -> list[str]:
    """One line per changed program: score, status and concept changes."""
    return [f"{p.state} {p.program_id}: " + ", ".join(change_lines(p) + review_lines(p)) for p in diff.programs]


def _changes_headline(summary: RunSummary) -> str:
    if summary.diff is None:
        return "changes: first run in the history, nothing to compare"
    d = summary.diff
    if d.empty:
        return f"changes since {d.old_run_id}: none"
    states = f"{len(d.states)} state score" + ("s" if len(d.states) != 1 else "")
    programs = f"{len(d.programs)} program" + ("s" if len(d.programs) != 1 else "")
    return f"changes since {d.old_run_id}: {states} and {programs} changed (peerscan diff for details)"


def format_summary_text(summary: RunSummary) -> str:
    """Plain text for the terminal and the CI log."""
    counts = ", ".join(f"{n} {label}" for label, n in _shown_counts(summary))
    lines = [f"run {summary.run_id}: {summary.programs} programs — {counts}",
             f"documents analyzed: {summary.pages}; document errors: {summary.errors}; "
             f"blocked by robots.txt: {summary.robots_blocked}",
             _changes_headline(summary)]
    if summary.diff is not None:
        lines += [f"  {line}" for line in _change_lines(summary.diff)[:MAX_LISTED]]
    if summary.attention:
        lines.append("needs attention:")
        lines += [f"  {a.state} {a.program_id}: {a.text}" for a in summary.attention[:MAX_LISTED]]
        if len(summary.attention) > MAX_LISTED:
            lines.append(f"  … and {len(summary.attention) - MAX_LISTED} more")
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Markdown table cell: scraped or server text must not break the table or inject markup."""
    return (text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", " "))


def format_summary_markdown(summary: RunSummary) -> str:
    """GitHub-flavoured Markdown for the job's step summary page."""
    rows = "\n".join(f"| {label} | {n} |" for label, n in _shown_counts(summary))
    parts = [f"## peerscan run {summary.run_id}",
             f"**{summary.programs} programs**, {summary.pages} documents analyzed, "
             f"{summary.errors} document errors, {summary.robots_blocked} blocked by robots.txt.",
             f"| programs | count |\n|---|---:|\n{rows}",
             f"### Changes\n{_cell(_changes_headline(summary))}"]
    if summary.diff is not None and summary.diff.programs:
        parts.append("\n".join(f"- {_cell(line)}" for line in _change_lines(summary.diff)[:MAX_LISTED]))
    if summary.attention:
        table = "\n".join(f"| {a.state} | `{a.program_id}` | {_cell(a.text)} |"
                          for a in summary.attention[:MAX_LISTED])
        parts.append(f"### Needs attention\n| state | program | what happened |\n|---|---|---|\n{table}")
    return "\n\n".join(parts) + "\n"


def report_run(data_dir: Path, out: Console) -> None:
    """Print the summary of the latest run (programs ok / partial / failed / stale, pages, errors, changes)."""
    summary = summarize_run(Path(data_dir))
    if summary is None:
        out.print(f"no results yet in {latest_path(data_dir)}", markup=False)
        return
    out.print(format_summary_text(summary), markup=False, emoji=False, highlight=False)
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        # The runner owns this file and documents appending as its protocol, so no atomic_write here:
        # replacing it would drop what earlier steps wrote.
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(format_summary_markdown(summary))
