"""What changed between two result sets (peerscan diff, the site's changes page and feed).

Reads data/results/history/<run-id>.json (or any two result files); prints text or JSON.
"""

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from analyze.results import JurisdictionResult, ProgramResult, RunResult, history_dir, history_runs, read_run
from peerscan.errors import InputError

CHANGE_KINDS = ("appeared", "disappeared", "strength")


@dataclass(frozen=True)
class ConceptChange:
    concept: str
    change: str  # appeared | disappeared | strength
    old: str | None  # old strength (body / navigation) or None
    new: str | None


@dataclass(frozen=True)
class ProgramChange:
    state: str
    program_id: str
    program_name: str
    old_score: int | None  # None: the program is new in this run
    new_score: int | None  # None: the program left the registry
    old_status: str | None
    new_status: str | None
    concepts: tuple[ConceptChange, ...] = ()
    last_confirmed: str | None = None  # new run's value, so a stale program's date shows with its change
    unreachable_since: str | None = None

    @property
    def score_changed(self) -> bool:
        return self.old_score != self.new_score

    @property
    def status_changed(self) -> bool:
        return self.old_status != self.new_status


@dataclass(frozen=True)
class StateChange:
    state: str
    name: str
    old_score: int | None
    new_score: int | None


@dataclass(frozen=True)
class RunDiff:
    old_run_id: str
    new_run_id: str
    generated_at: str  # the new run's generated_at
    states: tuple[StateChange, ...] = ()  # only states whose score changed
    programs: tuple[ProgramChange, ...] = ()  # only programs with some change

    @property
    def empty(self) -> bool:
        return not self.states and not self.programs


def diff_concepts(old: ProgramResult | None, new: ProgramResult | None) -> tuple[ConceptChange, ...]:
    """Concepts that appeared, disappeared or changed strength, sorted by concept id."""
    before = {cid: f.strength for cid, f in (old.concepts if old else {}).items()}
    after = {cid: f.strength for cid, f in (new.concepts if new else {}).items()}
    changes = []
    for cid in sorted(before.keys() | after.keys()):
        was, now = before.get(cid), after.get(cid)
        if was == now:
            continue
        kind = "appeared" if was is None else "disappeared" if now is None else "strength"
        changes.append(ConceptChange(cid, kind, was, now))
    return tuple(changes)


def _diff_program(state: str, old: ProgramResult | None, new: ProgramResult | None) -> ProgramChange | None:
    concepts = diff_concepts(old, new)
    either = new or old
    assert either is not None
    change = ProgramChange(
        state=state, program_id=either.id, program_name=either.name,
        old_score=old.score if old else None, new_score=new.score if new else None,
        old_status=old.status if old else None, new_status=new.status if new else None,
        concepts=concepts,
        last_confirmed=new.last_confirmed if new else None,
        unreachable_since=new.unreachable_since if new else None,
    )
    if concepts or change.score_changed or change.status_changed:
        return change
    return None


def diff_runs(old: RunResult, new: RunResult) -> RunDiff:
    """Per state and program: concepts appeared / disappeared / changed strength; score changes."""
    old_states = {j.state: j for j in old.jurisdictions}
    new_states = {j.state: j for j in new.jurisdictions}
    order = [j.state for j in new.jurisdictions] + [s for s in old_states if s not in new_states]
    states: list[StateChange] = []
    programs: list[ProgramChange] = []
    for code in order:
        was, now = old_states.get(code), new_states.get(code)
        either: JurisdictionResult = now or was  # type: ignore[assignment]
        old_score, new_score = (was.score if was else None), (now.score if now else None)
        if old_score != new_score:
            states.append(StateChange(code, either.name, old_score, new_score))
        before = {p.id: p for p in (was.programs if was else ())}
        after = {p.id: p for p in (now.programs if now else ())}
        ids = list(after) + [pid for pid in before if pid not in after]
        for pid in ids:
            change = _diff_program(code, before.get(pid), after.get(pid))
            if change is not None:
                programs.append(change)
    return RunDiff(old.run_id, new.run_id, new.generated_at, tuple(states), tuple(programs))


def diff_to_dict(diff: RunDiff) -> dict:
    """JSON-ready dict: run ids, then states with their score change and their programs' changes."""
    by_state: dict[str, list[dict]] = {}
    for program in diff.programs:
        by_state.setdefault(program.state, []).append(asdict(program))
    names = {s.state: s for s in diff.states}
    states = []
    for code in dict.fromkeys([s.state for s in diff.states] + list(by_state)):
        score = names.get(code)
        states.append({
            "state": code,
            "name": score.name if score else "",
            "old_score": score.old_score if score else None,
            "new_score": score.new_score if score else None,
            "score_changed": score is not None,
            "programs": by_state.get(code, []),
        })
    return {"old_run_id": diff.old_run_id, "new_run_id": diff.new_run_id,
            "generated_at": diff.generated_at, "empty": diff.empty, "states": states}


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
