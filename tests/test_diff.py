"""peerscan diff: what changed between two result sets, per state and program, as text and JSON."""

import json

import pytest
from typer.testing import CliRunner

from analyze.diff import ConceptChange, diff_runs
from analyze.results import save_run
from peerscan.errors import InputError
from peerscan_cli.cli import app
from peerscan_cli.diff import diff_command, format_diff_text
from tests.runs_factory import program, run, state

OLD = run("2026-11-19T0600Z",
          state("OH", 40, program("oh-prs", 40, concepts={"ethics": "body", "gifts": "navigation",
                                                          "boundaries": "navigation"})),
          state("PA", 70, program("pa-cps", 70, concepts={"ethics": "body"})))
NEW = run("2026-11-26T0600Z",
          state("OH", 55, program("oh-prs", 55, concepts={"ethics": "body", "boundaries": "body",
                                                          "dual_relationships": "body"})),
          state("PA", 70, program("pa-cps", 70, "stale", concepts={"ethics": "body"},
                                  last_confirmed="2026-11-19T06:10:00Z", stale=True)))


def test_identical_runs_have_an_empty_diff():
    diff = diff_runs(OLD, OLD)
    assert diff.empty
    assert diff.old_run_id == diff.new_run_id == "2026-11-19T0600Z"


def test_concepts_that_appear_disappear_or_change_strength_are_reported_in_concept_order():
    diff = diff_runs(OLD, NEW)
    (oh,) = [p for p in diff.programs if p.program_id == "oh-prs"]
    assert oh.concepts == (
        ConceptChange("boundaries", "strength", "navigation", "body"),
        ConceptChange("dual_relationships", "appeared", None, "body"),
        ConceptChange("gifts", "disappeared", "navigation", None),
    )
    assert (oh.old_score, oh.new_score) == (40, 55)


def test_only_states_whose_score_changed_are_listed_with_old_and_new_score():
    diff = diff_runs(OLD, NEW)
    assert [(s.state, s.old_score, s.new_score) for s in diff.states] == [("OH", 40, 55)]


def test_a_status_change_alone_makes_a_program_change_and_carries_the_last_confirmed_date():
    diff = diff_runs(OLD, NEW)
    (pa,) = [p for p in diff.programs if p.program_id == "pa-cps"]
    assert (pa.old_status, pa.new_status) == ("ok", "stale")
    assert pa.concepts == () and not pa.score_changed
    assert pa.last_confirmed == "2026-11-19T06:10:00Z"


def test_programs_and_states_that_come_or_go_have_none_on_the_missing_side():
    newer = run("2026-11-26T0600Z", state("OH", 40, OLD.jurisdictions[0].programs[0],
                                          program("oh-cpss", 10, concepts={"ethics": "navigation"})))
    diff = diff_runs(OLD, newer)
    added = [p for p in diff.programs if p.program_id == "oh-cpss"][0]
    assert (added.old_score, added.new_score, added.old_status) == (None, 10, None)
    assert added.concepts == (ConceptChange("ethics", "appeared", None, "navigation"),)
    gone = [p for p in diff.programs if p.program_id == "pa-cps"][0]
    assert (gone.old_score, gone.new_score, gone.new_status) == (70, None, None)
    assert [(s.state, s.new_score) for s in diff.states] == [("PA", None)]


def test_unreachable_date_rides_along_but_alone_is_no_change():
    before = run("a", state("PA", 70, program("pa-cps", 70, "ok", concepts={"ethics": "body"})))
    after = run("b", state("PA", 70, program("pa-cps", 70, "stale", concepts={"ethics": "body"},
                                             unreachable_since="2026-11-05T06:00:00Z")))
    (change,) = diff_runs(before, after).programs
    assert change.unreachable_since == "2026-11-05T06:00:00Z"
    again = run("c", state("PA", 70, program("pa-cps", 70, "stale", concepts={"ethics": "body"},
                                             unreachable_since="2026-11-05T06:00:00Z")))
    assert diff_runs(after, again).empty


def test_text_lists_each_state_then_its_programs_with_marks_for_concept_changes():
    text = format_diff_text(diff_runs(OLD, NEW))
    assert text.splitlines() == [
        "changes from run 2026-11-19T0600Z to 2026-11-26T0600Z",
        "OH State OH: score 40 → 55",
        "  oh-prs (Program oh-prs): score 40 → 55",
        "    ~ boundaries: navigation only → body text",
        "    + dual_relationships: now found (body text)",
        "    - gifts: no longer found (was navigation only)",
        "PA",
        "  pa-cps (Program pa-cps): status ok → stale; findings last confirmed 2026-11-19",
    ]


def test_text_says_so_when_nothing_changed():
    assert format_diff_text(diff_runs(OLD, OLD)) == "no changes between run 2026-11-19T0600Z and 2026-11-19T0600Z"


def _history(tmp_path, *runs):
    for r in runs:
        save_run(tmp_path, r)
    return tmp_path


def test_command_defaults_to_the_last_two_runs_of_the_history(tmp_path):
    older = run("2026-11-12T0600Z", state("OH", 0, program("oh-prs", 0)))
    data = _history(tmp_path, older, OLD, NEW)
    payload = json.loads(diff_command(data, None, None, "json"))
    assert (payload["old_run_id"], payload["new_run_id"]) == ("2026-11-19T0600Z", "2026-11-26T0600Z")


def test_json_groups_program_changes_under_their_state(tmp_path):
    data = _history(tmp_path, OLD, NEW)
    payload = json.loads(diff_command(data, None, None, "json"))
    assert payload["empty"] is False
    oh, pa = payload["states"]
    assert (oh["state"], oh["old_score"], oh["new_score"], oh["score_changed"]) == ("OH", 40, 55, True)
    assert [c["concept"] for c in oh["programs"][0]["concepts"]] == ["boundaries", "dual_relationships", "gifts"]
    assert oh["programs"][0]["concepts"][1] == {"concept": "dual_relationships", "change": "appeared",
                                                "old": None, "new": "body",
                                                "evidence_url": "http://example.test/ethics", "warc": None}
    assert (pa["score_changed"], pa["programs"][0]["new_status"]) == (False, "stale")


def test_explicit_files_and_bare_run_ids_both_work(tmp_path):
    data = _history(tmp_path, OLD, NEW, run("2026-12-03T0600Z"))
    by_id = diff_command(data, tmp_path / "2026-11-19T0600Z", tmp_path / "2026-11-26T0600Z.json", "text")
    by_path = diff_command(data, data / "results/history/2026-11-19T0600Z.json",
                           data / "results/history/2026-11-26T0600Z.json", "text")
    assert by_id == by_path
    assert by_id.startswith("changes from run 2026-11-19T0600Z to 2026-11-26T0600Z")


def test_one_argument_compares_it_with_the_newest_run(tmp_path):
    data = _history(tmp_path, OLD, NEW)
    assert diff_command(data, tmp_path / "2026-11-19T0600Z", None, "text").startswith(
        "changes from run 2026-11-19T0600Z to 2026-11-26T0600Z")


def test_fewer_than_two_runs_is_bad_input_with_a_fix(tmp_path):
    _history(tmp_path, OLD)
    with pytest.raises(InputError) as caught:
        diff_command(tmp_path, None, None, "text")
    assert "found 1" in caught.value.message and "peerscan run" in caught.value.fix


def test_a_file_that_is_not_a_result_set_is_bad_input(tmp_path):
    junk = tmp_path / "junk.json"
    junk.write_text('{"hello": 1}')
    with pytest.raises(InputError) as caught:
        diff_command(tmp_path, junk, junk, "text")
    assert caught.value.path == junk


def test_cli_prints_json_and_exits_2_without_history(tmp_path):
    runner = CliRunner()
    data = _history(tmp_path / "ok", OLD, NEW)
    result = runner.invoke(app, ["diff", "--data-dir", str(data), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["new_run_id"] == "2026-11-26T0600Z"
    empty = runner.invoke(app, ["diff", "--data-dir", str(tmp_path / "empty")])
    assert empty.exit_code == 2
    assert "need two runs" in empty.output


@pytest.mark.bench
def test_bench_a_year_of_weekly_history_loads_and_diffs(tmp_path):
    import random
    import time

    from analyze.results import history_runs, load_run

    concepts = ["ethics", "code_of_ethics", "boundaries", "dual_relationships", "gifts", "confidentiality",
                "self_disclosure", "peer_safety"]
    rng = random.Random(6)
    for week in range(52):
        states = []
        for s in range(54):
            programs = [program(f"s{s}-p{i}", rng.randrange(100),
                                concepts={c: rng.choice(["body", "navigation"]) for c in concepts
                                          if rng.random() < 0.6})
                        for i in range(2)]
            states.append(state(f"S{s:02d}", rng.randrange(100), *programs))
        save_run(tmp_path, run(f"2026-{1 + week // 5:02d}-{1 + week % 5:02d}T0600Z", *states))
    started = time.perf_counter()
    runs = [load_run(p) for p in history_runs(tmp_path)]
    loaded = time.perf_counter()
    diffs = [diff_runs(a, b) for a, b in zip(runs, runs[1:], strict=False)]
    done = time.perf_counter()
    print(f"\n52 runs × 108 programs: load {loaded - started:.3f} s, 51 diffs {done - loaded:.3f} s, "
          f"{sum(len(d.programs) for d in diffs)} program changes")
    assert len(diffs) == 51
