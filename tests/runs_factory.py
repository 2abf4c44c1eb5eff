"""Hand-made RunResults for the history tests: compact builders instead of JSON fixtures."""

from analyze.results import ConceptFinding, Evidence, JurisdictionResult, ProgramResult, RunResult


def finding(strength: str = "body", url: str = "http://example.test/ethics") -> ConceptFinding:
    """A concept finding with one quote."""
    return ConceptFinding(strength, (Evidence(url, "Peers avoid dual relationships.", "dual relationships",
                                              "body" if strength == "body" else "navigation"),))


def program(pid: str, score: int, status: str = "ok", concepts: dict[str, str] | None = None,
            **extra) -> ProgramResult:
    """A program with concepts given as {concept id: strength}."""
    found = {cid: finding(strength) for cid, strength in (concepts or {}).items()}
    return ProgramResult(id=pid, name=f"Program {pid}", score=score, status=status, pages=extra.pop("pages", 5),
                         concepts=found, **extra)


def state(code: str, score: int, *programs: ProgramResult, name: str | None = None) -> JurisdictionResult:
    return JurisdictionResult(code, name or f"State {code}", score, tuple(programs))


def run(run_id: str, *states: JurisdictionResult) -> RunResult:
    return RunResult(run_id=run_id, generated_at=run_id, jurisdictions=tuple(states))
