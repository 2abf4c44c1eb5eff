"""`peerscan explain STATE`: which concepts were found for a state (one quote each, with URL) and which not.

Reads data/results/latest.json and the taxonomy (labels, weights).
"""

from pathlib import Path

from analyze.results import Evidence, JurisdictionResult, RunResult, latest_path, read_run
from analyze.taxonomy import Taxonomy
from peerscan.errors import InputError
from peerscan.vocabulary import ProgramStatus, Strength, describe


def _load_latest(data_dir: Path) -> RunResult:
    path = latest_path(data_dir)
    if not path.exists():
        raise InputError("no results yet", path, fix="run `peerscan analyze` (or `peerscan run`) first")
    return read_run(path)


def _find(run: RunResult, state: str, data_dir: Path) -> JurisdictionResult:
    for jurisdiction in run.jurisdictions:
        if jurisdiction.state == state:
            return jurisdiction
    codes = ", ".join(sorted(j.state for j in run.jurisdictions))
    raise InputError(f"no results for {state!r}", latest_path(data_dir),
                     fix=f"use the USPS code of a jurisdiction in the results: {codes}")


def _best_quote(jurisdiction: JurisdictionResult, cid: str) -> tuple[str, Evidence] | None:
    """The first quote of the strongest finding among the programs, with the program id."""
    ranked = []
    for program in jurisdiction.programs:
        finding = program.concepts.get(cid)
        if finding and finding.evidence:
            ranked.append((finding.strength != Strength.BODY, program.id, finding.evidence[0]))
    if not ranked:
        return None
    _, program_id, evidence = min(ranked, key=lambda item: item[0])
    return program_id, evidence


def _score_text(score: int | None) -> str:
    """'score 55/100', or 'not scored' when nothing of the program's own could be read (null, never 0)."""
    return "not scored" if score is None else f"score {score}/100"


def explain_state(data_dir: Path, state: str, taxonomy: Taxonomy) -> str:
    """Plain-text explanation of one jurisdiction's score."""
    run = _load_latest(Path(data_dir))
    jurisdiction = _find(run, state.upper(), Path(data_dir))
    lines = [f"{jurisdiction.name} ({jurisdiction.state}): {_score_text(jurisdiction.score)} (results of run {run.run_id})"]
    for program in jurisdiction.programs:
        lines.append(f"  program {program.id} — {program.name}: {describe(program).text}, "
                     f"{program.pages} pages and documents read, {_score_text(program.score)}")
    found = [c for c in taxonomy.concepts if c.id in jurisdiction.concepts]
    missing = [c for c in taxonomy.concepts if c.id not in jurisdiction.concepts]
    lines.append("")
    lines.append(f"Found ({len(found)} of {len(taxonomy.concepts)} concepts):")
    for concept in found:
        strength = jurisdiction.concepts[concept.id]
        lines.append(f"  + {concept.label} [{concept.id}] — {strength} "
                     f"({concept.weight:g} points{'' if strength == Strength.BODY else f' × {taxonomy.navigation_credit:g}'})")
        best = _best_quote(jurisdiction, concept.id)
        if best:
            program_id, evidence = best
            page = f", page {evidence.page}" if evidence.page else ""
            finding = next(p.concepts[concept.id] for p in jurisdiction.programs if p.id == program_id)
            review = "; analyst-sourced" if evidence.source == "analyst" else \
                f"; checked by an analyst on {finding.checked_on}" if finding.checked_on else ""
            lines.append(f"      \"{evidence.quote}\"")
            lines.append(f"      {evidence.url}{page} ({evidence.region}, program {program_id}{review})")
    rejected = [(p.id, r) for p in jurisdiction.programs for r in p.reviews
                if (r.verdict == "reject" and not r.stale and r.concept not in p.concepts) or r.stale]
    if rejected:
        lines.append("")
        lines.append("Analyst reviews not shown above:")
        for program_id, r in rejected:
            what = "stale (the quote no longer appears), not applied" if r.stale else "rejected, not counted"
            lines.append(f"  ! {r.concept} ({program_id}): {r.verdict} by {r.reviewer} on {r.reviewed_at[:10]} — {what}")
    pages = sum(p.pages for p in jurisdiction.programs)
    lines.append("")
    lines.append(f"Not found on the {pages} pages and documents crawled ({len(missing)}):")
    for concept in missing:
        lines.append(f"  - {concept.label} [{concept.id}] ({concept.weight:g} points)")
    if all(p.status == ProgramStatus.NO_PROGRAM for p in jurisdiction.programs):
        lines.append("")
        lines.append("No certification program was found for this jurisdiction in the registry research.")
    elif all(p.status in (ProgramStatus.NO_PROGRAM, ProgramStatus.NO_OFFICIAL_PAGE) for p in jurisdiction.programs):
        lines.append("")
        lines.append("No official web page was found for its programs: only third-party sources describe them.")
    return "\n".join(lines)
