"""Score history and the changes between consecutive runs (data/results/history/*.json) for the site.

The diff itself is analyze.diff.diff_runs; this module turns it into sentences for changes.html and feed.xml.
"""

from dataclasses import dataclass

from analyze.diff import diff_runs
from analyze.results import RunResult
from analyze.taxonomy import Taxonomy
from peerscan.vocabulary import change_lines, day, review_lines, was_read
from report.context import HistoryPoint, state_href


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


def _score(value: int | None) -> str:
    return "none" if value is None else str(value)


def run_changes(runs: list[RunResult], taxonomy: Taxonomy, names: dict[str, str]) -> tuple[RunChangeView, ...]:
    """Changes of each run against the one before it, newest first (runs are given oldest first)."""
    def label(cid: str) -> str:
        return taxonomy.concept(cid).label if cid in taxonomy.ids else cid

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
                              tuple(change_lines(p, label)))
            for p in ordered if p.crawl_changed
        )
        reviews = tuple(
            ProgramChangeView(p.state, names.get(p.state, p.state), state_href(p.state), p.program_name,
                              tuple(review_lines(p, label)))
            for p in ordered if p.reviews
        )
        views.append(RunChangeView(new.run_id, old.run_id, new.generated_at, day(new.generated_at),
                                   "run-" + "".join(ch if ch.isalnum() else "-" for ch in new.run_id),
                                   states, programs, reviews))
    return tuple(reversed(views))


def score_history(runs: list[RunResult]) -> dict[str, tuple[HistoryPoint, ...]]:
    """Per jurisdiction code, its score in each run that crawled it, oldest first."""
    history: dict[str, list[HistoryPoint]] = {}
    for run in runs:
        for j in run.jurisdictions:
            if any(was_read(p) for p in j.programs):
                history.setdefault(j.state, []).append(HistoryPoint(run.run_id, day(run.generated_at), j.score))
    return {code: tuple(points) for code, points in history.items()}
