"""Result files: history is read oldest first, even for several runs within one second."""

from analyze.results import RunResult, history_runs, save_run
from peerscan.runid import run_order


def test_runs_within_one_second_sort_by_their_counter_not_by_string_order(tmp_path):
    for run_id in ("2026-11-26T230101Z-2", "2026-11-26T230100Z", "2026-11-26T230101Z-10",
                   "2026-11-26T230101Z", "2026-11-26T230102Z"):
        save_run(tmp_path, RunResult(run_id, "2026-11-26T23:01:01Z"))
    assert [p.stem for p in history_runs(tmp_path)] == [
        "2026-11-26T230100Z", "2026-11-26T230101Z", "2026-11-26T230101Z-2", "2026-11-26T230101Z-10",
        "2026-11-26T230102Z"]


def test_run_order_of_a_plain_id_is_its_timestamp_and_counter_one():
    assert run_order("2026-11-26T230101Z") == ("2026-11-26T230101Z", 1)
    assert run_order("2026-11-26T230101Z-3") == ("2026-11-26T230101Z", 3)
