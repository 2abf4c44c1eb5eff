"""Score history and the changes between consecutive runs (data/results/history/*.json) for the site.

The diff itself is analyze.diff.diff_runs; this module turns it into sentences for changes.html and feed.xml.
"""

from dataclasses import dataclass

from analyze.diff import ConceptChange, ProgramChange, diff_runs, review_change_text
from analyze.results import RunResult
from analyze.taxonomy import Taxonomy
from report.context import HistoryPoint, state_href
from report.status import STRENGTH_TEXT, UNCRAWLED, short_date


@dataclass(frozen=True)
class ProgramChangeView:
    state: str
    state_name: str
    href: str
    program_name: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class RunChangeView:
    """What changed in one run compared with the run before it."""

    run_id: str
    old_run_id: str
    generated_at: str
    date: str
    anchor: str
    states: tuple[str, ...]  # score change sentences
    programs: tuple[ProgramChangeView, ...]  # what the crawl and detection changed
    reviews: tuple[ProgramChangeView, ...] = ()  # what analysts' decisions changed, reported apart

    @property
    def empty(self) -> bool:
        return not self.states and not self.programs and not self.reviews


def _strength(value: str | None) -> str:
    return {"body": "body text", "navigation": "navigation only"}.get(value or "", STRENGTH_TEXT.get(value, str(value)))


def _concept_line(change: ConceptChange, taxonomy: Taxonomy) -> str:
    label = taxonomy.concept(change.concept).label if change.concept in taxonomy.ids else change.concept
    if change.change == "appeared":
        return f"{label}: now found ({_strength(change.new)})"
    if change.change == "disappeared":
        return f"{label}: no longer found (was {_strength(change.old)})"
    return f"{label}: changed from {_strength(change.old)} to {_strength(change.new)}"


def _review_lines(change: ProgramChange, taxonomy: Taxonomy) -> tuple[str, ...]:
    lines = [] if change.crawl_changed or not change.score_changed else [
        f"score {_score(change.old_score)} → {_score(change.new_score)}"]
    lines += [review_change_text(r) for r in change.reviews]
    return tuple(lines + [_concept_line(c, taxonomy) for c in change.review_concepts])


def _program_lines(change: ProgramChange, taxonomy: Taxonomy) -> tuple[str, ...]:
    lines = []
    if change.old_score != change.new_score and change.crawl_changed:
        lines.append(f"score {_score(change.old_score)} → {_score(change.new_score)}")
    if change.old_status != change.new_status:
        lines.append(f"crawl status {change.old_status or 'none'} → {change.new_status or 'none'}")
    lines += [_concept_line(c, taxonomy) for c in change.concepts]
    return tuple(lines)


def _score(value: int | None) -> str:
    return "none" if value is None else str(value)


def run_changes(runs: list[RunResult], taxonomy: Taxonomy, names: dict[str, str]) -> tuple[RunChangeView, ...]:
    """Changes of each run against the one before it, newest first (runs are given oldest first)."""
    views = []
    for old, new in zip(runs, runs[1:], strict=False):
        diff = diff_runs(old, new)
        states = tuple(
            f"{names.get(s.state, s.name)}: score {_score(s.old_score)} → {_score(s.new_score)}"
            for s in sorted(diff.states, key=lambda s: names.get(s.state, s.name))
        )
        ordered = sorted(diff.programs, key=lambda p: (names.get(p.state, p.state), p.program_id))
        programs = tuple(
            ProgramChangeView(p.state, names.get(p.state, p.state), state_href(p.state), p.program_name,
                              _program_lines(p, taxonomy))
            for p in ordered if p.crawl_changed
        )
        reviews = tuple(
            ProgramChangeView(p.state, names.get(p.state, p.state), state_href(p.state), p.program_name,
                              _review_lines(p, taxonomy))
            for p in ordered if p.reviews
        )
        views.append(RunChangeView(new.run_id, old.run_id, new.generated_at, short_date(new.generated_at),
                                   "run-" + "".join(ch if ch.isalnum() else "-" for ch in new.run_id),
                                   states, programs, reviews))
    return tuple(reversed(views))


def score_history(runs: list[RunResult]) -> dict[str, tuple[HistoryPoint, ...]]:
    """Per jurisdiction code, its score in each run that crawled it, oldest first."""
    history: dict[str, list[HistoryPoint]] = {}
    for run in runs:
        for j in run.jurisdictions:
            if j.score is not None and any(p.status not in UNCRAWLED for p in j.programs):
                history.setdefault(j.state, []).append(HistoryPoint(run.run_id, short_date(run.generated_at), j.score))
    return {code: tuple(points) for code, points in history.items()}
