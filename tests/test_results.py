"""Result files: history is read oldest first, even for several runs within one second; it records changes only."""

import json
from dataclasses import replace

from analyze.results import ProgramResult, RunResult, history_runs, run_content, save_run
from peerscan.runid import run_order
from tests.runs_factory import state


def test_runs_within_one_second_sort_by_their_counter_not_by_string_order(tmp_path):
    for run_id in ("2026-11-26T230101Z-2", "2026-11-26T230100Z", "2026-11-26T230101Z-10",
                   "2026-11-26T230101Z", "2026-11-26T230102Z"):
        save_run(tmp_path, RunResult(run_id, "2026-11-26T23:01:01Z", taxonomy_sha256=run_id))  # each one differs
    assert [p.stem for p in history_runs(tmp_path)] == [
        "2026-11-26T230100Z", "2026-11-26T230101Z", "2026-11-26T230101Z-2", "2026-11-26T230101Z-10",
        "2026-11-26T230102Z"]


def test_run_order_of_a_plain_id_is_its_timestamp_and_counter_one():
    assert run_order("2026-11-26T230101Z") == ("2026-11-26T230101Z", 1)
    assert run_order("2026-11-26T230101Z-3") == ("2026-11-26T230101Z", 3)


def _with(run: RunResult, **changes) -> RunResult:
    (j,) = run.jurisdictions
    (p,) = j.programs
    return replace(run, jurisdictions=(replace(j, programs=(replace(p, **changes),)),))


def test_a_history_file_is_written_only_when_the_content_of_the_run_changed(tmp_path):
    base = RunResult("2026-11-19T0600Z", "2026-11-19T06:00:00Z",
                     (state("OH", 40, ProgramResult("oh", "OH", 40, "ok", pages=3, last_checked="a", last_confirmed="a")),))
    assert save_run(tmp_path, base) is not None
    # Times and run ids change every run without changing what it found.
    later = _with(replace_run(base, "2026-11-26T0600Z"), last_checked="b", last_confirmed="b")
    assert run_content(later) == run_content(base)
    assert save_run(tmp_path, later) is None
    assert json.loads((tmp_path / "results" / "latest.json").read_text())["run_id"] == "2026-11-26T0600Z"
    # A failure streak is content until the program is flagged unreachable; a blocked one never counts.
    failing = _with(replace_run(base, "2026-12-03T0600Z"), status="stale", stale=True, consecutive_failures=1)
    assert save_run(tmp_path, failing) is not None
    again = _with(replace_run(base, "2026-12-10T0600Z"), status="stale", stale=True, consecutive_failures=2)
    assert save_run(tmp_path, again) is not None
    flagged = _with(replace_run(base, "2026-12-17T0600Z"), status="stale", stale=True, consecutive_failures=3,
                    unreachable_since="x")
    assert save_run(tmp_path, flagged) is not None
    still = _with(replace_run(base, "2026-12-24T0600Z"), status="stale", stale=True, consecutive_failures=4,
                  unreachable_since="x")
    assert save_run(tmp_path, still) is None
    assert run_content(_with(base, status="blocked", consecutive_failures=1)) == \
        run_content(_with(base, status="blocked", consecutive_failures=9))
    assert [p.stem for p in history_runs(tmp_path)] == ["2026-11-19T0600Z", "2026-12-03T0600Z", "2026-12-10T0600Z",
                                                         "2026-12-17T0600Z"]


def replace_run(run: RunResult, run_id: str) -> RunResult:
    return replace(run, run_id=run_id, generated_at=run_id)
