"""`peerscan diff`: which two result files to compare, and the diff as text or JSON for terminals and CI logs.

Reads data/results/history/<run-id>.json (or any two result files).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from analyze.diff import ProgramChange, RunDiff, diff_runs, diff_to_dict
from analyze.results import RunResult, history_dir, history_runs, read_run
from peerscan.errors import InputError
from peerscan.vocabulary import change_facts, concept_change_line, review_facts, review_lines
from scrape.archive_index import ArchivedRecord, ArchiveIndex


def _score(old: int | None, new: int | None) -> str:
    if old is None:
        return f"new, score {new}"
    if new is None:
        return f"removed (score was {old})"
    return f"score {old} → {new}"


@dataclass(frozen=True)
class Pointer:
    """Where a finding of the newer run came from: its first quote's URL and the WARC record of its bytes."""

    url: str
    record: ArchivedRecord | None

    def text(self) -> str:
        return f"evidence: {self.url}" + (f" — WARC {self.record.cite()}" if self.record else " (not archived)")

    def to_dict(self) -> dict:
        warc = {"file": self.record.file, "record_id": self.record.record_id} if self.record else None
        return {"evidence_url": self.url, "warc": warc}


Locate = Callable[[str, str], Pointer | None]  # (program id, concept id) → pointer


def pointers(run: RunResult, data_dir: Path) -> Locate:
    """Finds, for a program's concept in run, the URL of its first quote and the WARC record in data_dir."""
    programs = {p.id: p for j in run.jurisdictions for p in j.programs}
    archive = ArchiveIndex(data_dir)

    def locate(program_id: str, concept: str) -> Pointer | None:
        program = programs.get(program_id)
        finding = program.concepts.get(concept) if program else None
        if not finding or not finding.evidence:
            return None
        url = finding.evidence[0].url
        return Pointer(url, archive.find(program_id, url))

    return locate


def _program_lines(p: ProgramChange, locate: Locate) -> list[str]:
    facts = change_facts(p)
    lines = [f"  {p.program_id} ({p.program_name})" + (": " + "; ".join(facts) if facts else "")]
    for change in p.concepts:
        lines.append(f"    {concept_change_line(change)}")
        pointer = locate(p.program_id, change.concept) if change.change != "disappeared" else None
        if pointer:
            lines.append(f"      {pointer.text()}")
    return lines


def format_diff_text(diff: RunDiff, locate: Locate = lambda program_id, concept: None) -> str:
    """Plain text for terminals and CI logs: crawl changes (a block per state), then analysts' review changes.

    locate (see pointers()) adds under each found concept the URL and WARC record of its evidence.
    """
    head = f"changes from run {diff.old_run_id} to {diff.new_run_id}"
    if diff.empty:
        return f"no changes between run {diff.old_run_id} and {diff.new_run_id}"
    lines = [head]
    reviewed = [p for p in diff.programs if p.reviews]
    crawled = {p.state for p in diff.programs if p.crawl_changed}
    if reviewed:
        lines.append("crawl changes:" if crawled or diff.states else "crawl changes: none")
    for state in diff_to_dict(diff)["states"]:
        if state["state"] not in crawled and not state["score_changed"]:
            continue  # only review changes here: they are listed below
        label = state["state"] + (f" {state['name']}" if state["name"] else "")
        if state["score_changed"]:
            label += f": {_score(state['old_score'], state['new_score'])}"
        lines.append(label)
        for program in diff.programs:
            if program.state == state["state"] and program.crawl_changed:
                lines += _program_lines(program, locate)
    if reviewed:
        lines.append("review changes (analysts' decisions):")
        for p in reviewed:
            facts = review_facts(p)
            lines.append(f"  {p.state} {p.program_id} ({p.program_name})" + (": " + "; ".join(facts) if facts else ""))
            lines += [f"    {line}" for line in review_lines(p, bullet="* ")[len(facts):]]
    return "\n".join(lines)


def _resolve(data_dir: Path, given: Path) -> Path:
    """A result file path, or a bare run id found in the history folder."""
    if given.exists():
        return given
    by_id = history_dir(data_dir) / f"{given.name.removesuffix('.json')}.json"
    if by_id.exists():
        return by_id
    raise InputError(f"no result file {str(given)!r}", given,
                     fix=f"give a path to a result JSON or a run id from {history_dir(data_dir)}")


def choose_runs(data_dir: Path, old: Path | None, new: Path | None) -> tuple[Path, Path]:
    """The two result files to compare: given ones, else the last two (or the one before NEW) in history."""
    runs = history_runs(data_dir)
    if old is not None and new is not None:
        return _resolve(data_dir, old), _resolve(data_dir, new)
    if old is not None:
        if not runs:
            raise InputError("no runs in the history folder to compare with", history_dir(data_dir),
                             fix="give both files: peerscan diff OLD NEW")
        return _resolve(data_dir, old), runs[-1]
    if len(runs) < 2:
        raise InputError(f"need two runs to compare, found {len(runs)} in the history folder", history_dir(data_dir),
                         fix="run `peerscan run` (or `peerscan analyze`) again, or name two result files: "
                             "peerscan diff OLD NEW")
    return runs[-2], runs[-1]


def diff_command(data_dir: Path, old: Path | None, new: Path | None, fmt: str) -> str:
    """The text or JSON that `peerscan diff` prints."""
    old_path, new_path = choose_runs(Path(data_dir), old, new)
    fix = "pass data/results/latest.json or a file from data/results/history/"
    newer = read_run(new_path, fix)
    diff = diff_runs(read_run(old_path, fix), newer)
    locate = pointers(newer, Path(data_dir))
    if fmt == "json":
        return json.dumps(_with_pointers(diff_to_dict(diff), locate), ensure_ascii=False, indent=1)
    return format_diff_text(diff, locate)


def _with_pointers(data: dict, locate: Locate) -> dict:
    """The diff dict with evidence_url and warc ({file, record_id} or null) on each concept still found."""
    for state in data["states"]:
        for program in state["programs"]:
            for concept in program["concepts"]:
                pointer = locate(program["program_id"], concept["concept"]) if concept["new"] else None
                if pointer:
                    concept.update(pointer.to_dict())
    return data
