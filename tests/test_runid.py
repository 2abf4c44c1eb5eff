"""Run ids: unique within a data dir, sortable, made by the CLI; `peerscan --version`."""

import datetime as dt

from typer.testing import CliRunner

from peerscan.registry import Program
from peerscan.runid import archive_dir, history_file, new_run_id, run_order
from peerscan_cli.cli import app
from peerscan_cli.runs import analysis_run_id
from scrape.archive import archive_path
from scrape.records import CrawlReport, write_report

NOW = dt.datetime(2026, 11, 26, 21, 42, 5, tzinfo=dt.UTC)


def test_a_run_id_is_the_utc_second_and_stays_unique_against_archive_and_history(tmp_path):
    assert new_run_id(tmp_path, NOW) == "2026-11-26T214205Z"
    archive_dir(tmp_path, "2026-11-26T214205Z").mkdir(parents=True)
    assert new_run_id(tmp_path, NOW) == "2026-11-26T214205Z-2"
    history_file(tmp_path, "2026-11-26T214205Z-2").parent.mkdir(parents=True)
    history_file(tmp_path, "2026-11-26T214205Z-2").write_text("{}")
    assert new_run_id(tmp_path, NOW) == "2026-11-26T214205Z-3"
    assert run_order("2026-11-26T214205Z-3") > run_order("2026-11-26T214205Z-2") > run_order("2026-11-26T214205Z")


def test_the_crawl_writes_its_warc_where_the_run_id_says():
    assert archive_path("data", "r1", "oh-prs").parent == archive_dir("data", "r1")


def test_an_analysis_takes_the_id_of_the_crawl_it_reads_unless_that_crawl_was_analyzed(tmp_path):
    program = Program(id="oh-prs", state="OH", name="x", credentials=(), body="b", type="combined",
                      seeds=("http://127.0.0.1/",), source="http://127.0.0.1/", verified="2026-11-26")
    write_report(tmp_path, CrawlReport("oh-prs", "2026-11-26T214205Z", "s", "f", "ok"))
    assert analysis_run_id(tmp_path, [program]) == "2026-11-26T214205Z"
    latest = tmp_path / "results" / "latest.json"
    latest.parent.mkdir(parents=True)
    latest.write_text('{"run_id": "2026-11-26T214205Z", "jurisdictions": []}')
    assert analysis_run_id(tmp_path, [program]) != "2026-11-26T214205Z"


def test_version_prints_the_package_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("peerscan 0.")
