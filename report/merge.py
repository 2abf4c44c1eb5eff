"""The results as the site shows them: the latest run completed with every registry jurisdiction and program.

A jurisdiction or program the run does not mention is "not crawled yet" (or "no certification program
found" for registry leads), so the site and downloads always list all of them.
"""

from analyze.results import JurisdictionResult, ProgramResult, RunResult
from peerscan.registry import Program, Registry


def _placeholder(program: Program) -> ProgramResult:
    if not program.program_found:
        return ProgramResult(program.id, program.name, 0, "no_program",
                             reason="no certification program found in the registry research")
    if not program.has_official_page:
        return ProgramResult(program.id, program.name, None, "no_official_page",
                             reason="no official web page found; only sources about it")
    return ProgramResult(program.id, program.name, 0, "not_crawled", reason="not crawled yet")


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
