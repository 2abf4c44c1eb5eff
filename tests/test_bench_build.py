"""Benchmark: building the site for all 54 jurisdictions of the real registry from results (goal < 2 s)."""

import time
from dataclasses import replace
from pathlib import Path

import pytest

from analyze.results import JurisdictionResult, save_run
from peerscan.registry import load_registry
from report.build import build_site
from tests.fixtures.site_results import make_taxonomy, synthetic_run

GOAL_S = 2.0
HISTORY_RUNS = 8  # two months of weekly runs


def without(j: JurisdictionResult, concept: str) -> JurisdictionResult:
    """The jurisdiction as an earlier run saw it: one concept not yet found, so diffs have work to do."""
    programs = tuple(replace(p, concepts={c: f for c, f in p.concepts.items() if c != concept}, score=max(0, p.score - 5))
                     for p in j.programs)
    return replace(j, programs=programs, score=max(0, j.score - 5))


@pytest.mark.bench
def test_build_of_54_jurisdictions_from_results(tmp_path: Path) -> None:
    registry = load_registry()
    taxonomy = make_taxonomy()
    run = synthetic_run(registry, taxonomy)
    for week in range(HISTORY_RUNS - 1):
        stamp = f"2026-{9 + week // 4:02d}-{1 + (week % 4) * 7:02d}"
        older = replace(run, run_id=f"{stamp}T2100Z", generated_at=f"{stamp}T21:00:00Z",
                        jurisdictions=tuple(without(j, taxonomy.ids[week]) for j in run.jurisdictions))
        save_run(tmp_path / "data", older)
    save_run(tmp_path / "data", run)
    timings, cpu = [], []
    for _ in range(3):
        started, started_cpu = time.perf_counter(), time.process_time()
        summary = build_site(tmp_path / "data", tmp_path / f"site{len(timings)}", registry, taxonomy)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    evidence = sum(len(f.evidence) for j in run.jurisdictions for p in j.programs for f in p.concepts.values())
    print(f"\nbuild_site: {summary.jurisdictions} jurisdictions, {len(registry.programs)} programs, {evidence} quotes, "
          f"{HISTORY_RUNS} history runs → {summary.files} files; best {min(timings):.2f} s, "
          f"worst {max(timings):.2f} s wall, best {min(cpu):.2f} s CPU (goal < {GOAL_S:.0f} s)")
    assert summary.jurisdictions == 54
