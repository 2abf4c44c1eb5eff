"""Run summary: counts by status, pages, errors and changes, on stdout and into $GITHUB_STEP_SUMMARY."""

import io

from rich.console import Console

from analyze.results import save_run
from peerscan_cli.summary import format_summary_markdown, report_run, summarize_run
from tests.runs_factory import program, run, state

FIRST = run("2026-11-19T0600Z",
            state("OH", 40, program("oh-prs", 40, concepts={"ethics": "body"}, failures=1)),
            state("PA", 70, program("pa-cps", 70, concepts={"ethics": "body", "gifts": "body"})))
SECOND = run("2026-11-26T0600Z",
             state("OH", 55, program("oh-prs", 55, concepts={"ethics": "body", "boundaries": "body"}, pages=20,
                                     failures=2),
                   program("oh-cpss", 0, "ok", {}, pages=4)),
             state("PA", 70, program("pa-cps", 70, "stale", {"ethics": "body", "gifts": "body"}, pages=9, stale=True,
                                     last_confirmed="2026-11-19T06:10:00Z", unreachable_since="2026-11-05T06:00:00Z",
                                     reason="connection refused | reset <b>")),
             state("NJ", 0, program("nj-cprs", 0, "blocked", robots_blocked=1, pages=0),
                   program("nj-x", 0, "no_program", pages=0)))


def _console() -> Console:
    return Console(record=True, width=200, file=io.StringIO())


def test_no_results_yet_is_said_plainly(tmp_path):
    console = _console()
    report_run(tmp_path, console)
    assert "no results yet" in console.export_text()


def test_counts_each_program_once_by_the_status_readers_see_plus_nothing_found(tmp_path):
    save_run(tmp_path, SECOND)
    summary = summarize_run(tmp_path)
    assert summary.counts == {"ok": 2, "partial": 0, "failed": 0, "stale": 0, "blocked": 1, "unreachable": 1,
                              "nothing_found": 1, "refused": 0, "not_crawled": 0, "no_official_page": 0,
                              "no_program": 1}
    assert (summary.programs, summary.pages, summary.errors, summary.robots_blocked) == (5, 33, 2, 1)
    assert summary.diff is None


def test_text_gives_counts_figures_changes_and_programs_that_need_attention(tmp_path):
    save_run(tmp_path, FIRST)
    save_run(tmp_path, SECOND)
    console = _console()
    report_run(tmp_path, console)
    lines = console.export_text().splitlines()
    assert lines[0] == ("run 2026-11-26T0600Z: 5 programs — 2 ok, 0 partial, 0 failed, 0 stale, 1 blocked, "
                        "1 unreachable, 1 nothing found, 1 no program")
    assert lines[1] == "documents analyzed: 33; document errors: 2; blocked by robots.txt: 1"
    assert lines[2] == ("changes since 2026-11-19T0600Z: 2 state scores and 5 programs changed "
                        "(peerscan diff for details)")
    assert "  OH oh-prs: score 40 → 55, + boundaries: now found (body text)" in lines
    assert ("  PA pa-cps: status ok → stale, findings last confirmed 2026-11-19, unreachable since 2026-11-05"
            in lines)
    attention = lines[lines.index("needs attention:") + 1:]
    assert attention == [
        "  PA pa-cps: unreachable since 2026-11-05 (connection refused | reset <b>); "
        "findings last confirmed 2026-11-19",
        "  NJ nj-cprs: blocked by robots.txt",
    ]


def test_markdown_is_appended_to_the_step_summary_file_with_table_cells_escaped(tmp_path, monkeypatch):
    save_run(tmp_path, FIRST)
    save_run(tmp_path, SECOND)
    target = tmp_path / "step_summary.md"
    target.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    report_run(tmp_path, _console())
    text = target.read_text()
    assert text.startswith("earlier step\n## peerscan run 2026-11-26T0600Z\n")
    assert "| stale | 0 |" in text and "| unreachable | 1 |" in text
    assert "| PA | `pa-cps` | unreachable since 2026-11-05 (connection refused \\| reset &lt;b&gt;)" in text


def test_without_the_variable_no_file_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    save_run(tmp_path / "data", SECOND)
    report_run(tmp_path / "data", _console())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_an_unchanged_second_run_reports_no_changes(tmp_path):
    save_run(tmp_path, FIRST)
    save_run(tmp_path, run("2026-11-26T0600Z", *FIRST.jurisdictions))
    summary = summarize_run(tmp_path)
    assert summary.diff.empty
    assert "changes since 2026-11-19T0600Z: none" in format_summary_markdown(summary)
