"""What changed between two result sets (peerscan diff, the site's changes page and feed).

Interface fixed here; implementation owned by the history work (issue 6).
"""

from dataclasses import dataclass
from pathlib import Path

from analyze.results import RunResult


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
    old_score: int | None
    new_score: int | None
    old_status: str | None
    new_status: str | None
    concepts: tuple[ConceptChange, ...] = ()


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


def diff_runs(old: RunResult, new: RunResult) -> RunDiff:
    """Per state and program: concepts appeared / disappeared / changed strength; score changes."""
    raise NotImplementedError


def diff_command(data_dir: Path, old: Path | None, new: Path | None, fmt: str) -> str:
    """The text or JSON that `peerscan diff` prints."""
    raise NotImplementedError
