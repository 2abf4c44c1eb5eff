"""`peerscan diff`: which two result files to compare, and the diff as text or JSON for terminals and CI logs.

Reads data/results/history/<run-id>.json (or any two result files).
"""

import json
from pathlib import Path

from analyze.diff import ProgramChange, RunDiff, diff_runs, diff_to_dict
from analyze.results import history_dir, history_runs, read_run
from peerscan.errors import InputError


def _score(old: int | None, new: int | None) -> str:
    if old is None:
        return f"new, score {new}"
    if new is None:
        return f"removed (score was {old})"
    return f"score {old} → {new}"


def _program_lines(p: ProgramChange) -> list[str]:
    facts = []
    if p.score_changed or p.old_score is None or p.new_score is None:
        facts.append(_score(p.old_score, p.new_score))
    if p.status_changed and p.old_status and p.new_status:
        facts.append(f"status {p.old_status} → {p.new_status}")
    if p.new_status == "stale" and p.last_confirmed:
        facts.append(f"findings last confirmed {p.last_confirmed[:10]}")
    if p.unreachable_since:
        facts.append(f"unreachable since {p.unreachable_since[:10]}")
    head = f"  {p.program_id} ({p.program_name})"
    lines = [head + (": " + "; ".join(facts) if facts else "")]
    for c in p.concepts:
        if c.change == "appeared":
            lines.append(f"    + {c.concept} ({c.new})")
        elif c.change == "disappeared":
            lines.append(f"    - {c.concept} (was {c.old})")
        else:
            lines.append(f"    ~ {c.concept}: {c.old} → {c.new}")
    return lines


def format_diff_text(diff: RunDiff) -> str:
    """Plain text for terminals and CI logs: one block per state, programs indented under it."""
    head = f"changes from run {diff.old_run_id} to {diff.new_run_id}"
    if diff.empty:
        return f"no changes between run {diff.old_run_id} and {diff.new_run_id}"
    lines = [head]
    for state in diff_to_dict(diff)["states"]:
        label = state["state"] + (f" {state['name']}" if state["name"] else "")
        if state["score_changed"]:
            label += f": {_score(state['old_score'], state['new_score'])}"
        lines.append(label)
        for program in diff.programs:
            if program.state == state["state"]:
                lines += _program_lines(program)
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
    diff = diff_runs(read_run(old_path, fix), read_run(new_path, fix))
    if fmt == "json":
        return json.dumps(diff_to_dict(diff), ensure_ascii=False, indent=1)
    return format_diff_text(diff)
