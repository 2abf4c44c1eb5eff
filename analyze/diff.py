"""What changed between two result sets: the records behind `peerscan diff`, the changes page and the feed.

Pure data (RunDiff and its JSON dict); the words people read are made in peerscan_cli.diff and report.changes.
"""

from dataclasses import asdict, dataclass

from analyze.results import JurisdictionResult, ProgramResult, RunResult

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
