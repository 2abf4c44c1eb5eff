"""The results as the site shows them: the latest run completed with every registry jurisdiction and program.

A jurisdiction or program the run does not mention is "not crawled yet" (or "no certification program
found" for registry leads), so the site and downloads always list all of them.
"""

from analyze.results import JurisdictionResult, ProgramResult, RunResult
from analyze.staleness import program_state
from peerscan.registry import Program, Registry
from peerscan.vocabulary import ProgramStatus


def _placeholder(program: Program) -> ProgramResult:
    """A program the run does not mention, with the status the analyze stage gives an uncrawled one."""
    state = program_state(None, program.program_found, has_pages=False, has_official_page=program.has_official_page)
    score = None if state.status == ProgramStatus.NO_OFFICIAL_PAGE else 0  # nothing of its own to score
    return ProgramResult(program.id, program.name, score, state.status, reason=state.reason)


def merge_run(run: RunResult | None, registry: Registry) -> RunResult:
    """Every covered jurisdiction (sorted by name) with every registry program, results filled in."""
    results = {j.state: j for j in run.jurisdictions} if run else {}
    names = {j.code: j.name for j in registry.jurisdictions}
    codes = [j.code for j in registry.covered_jurisdictions()]
    codes += sorted((c for c in results if c not in codes and c in names), key=lambda c: names[c])
    merged = []
    for code in codes:
        found = results.get(code)
        by_id = {p.id: p for p in found.programs} if found else {}
        listed = registry.programs_in(code)
        programs = [by_id.get(p.id) or _placeholder(p) for p in listed]
        programs += [p for pid, p in sorted(by_id.items()) if pid not in {q.id for q in listed}]
        merged.append(JurisdictionResult(code, names.get(code, found.name if found else code),
                                         found.score if found else 0, tuple(programs),
                                         dict(found.concepts) if found else {}))
    if run is None:
        return RunResult("", "", tuple(merged))
    return RunResult(run.run_id, run.generated_at, tuple(merged), run.taxonomy_sha256)
