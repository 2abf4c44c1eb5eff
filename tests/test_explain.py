"""`peerscan explain STATE`: found concepts with one quote and URL each, missing concepts, and bad input."""

import pytest
from typer.testing import CliRunner

from analyze.run import analyze_run
from analyze.taxonomy import load_taxonomy
from peerscan.errors import InputError
from peerscan.registry import Jurisdiction, Program, Registry
from peerscan_cli.cli import app
from peerscan_cli.explain import explain_state
from scrape.records import CrawlReport, Link, PageRecord, TextBlock, write_pages, write_report

runner = CliRunner()


def make_results(data_dir):
    programs = (Program(id="oh-a", state="OH", name="Peer Recovery Supporter", credentials=("PRS",), body="Dept",
                        type="combined", seeds=("https://oh.example/",), source="https://oh.example/",
                        verified="2026-11-26"),)
    registry = Registry(programs=programs, jurisdictions=(Jurisdiction("OH", "Ohio", "state", (1, 1)),))
    write_pages(data_dir, "oh-a", [PageRecord(
        program_id="oh-a", url="https://oh.example/code", final_url="https://oh.example/code", status=200,
        content_type="text/html", fetched_at="2026-11-26T10:00:00Z", depth=1, kind="html",
        blocks=(TextBlock("Peers shall not engage in dual relationships with persons served."),),
        links=(Link("https://oh.example/b", "Boundaries", "navigation"),))])
    write_report(data_dir, CrawlReport("oh-a", "r1", "2026-11-26T10:00:00Z", "2026-11-26T10:01:00Z", "ok"))
    analyze_run(data_dir, registry, load_taxonomy())


def test_explain_lists_found_concepts_with_a_quote_and_url_and_the_missing_ones(tmp_path):
    make_results(tmp_path)
    text = explain_state(tmp_path, "oh", load_taxonomy())
    assert text.startswith("Ohio (OH): score")
    found, missing = text.split("Not found on the 1 pages and documents crawled")
    assert "Dual relationships [dual_relationships] — body" in found
    assert '"Peers shall not engage in dual relationships with persons served."' in found
    assert "https://oh.example/code" in found
    assert "Boundaries [boundaries] — navigation" in found
    assert "Peer safety [peer_safety]" in missing and "dual_relationships" not in missing


def test_explain_command_prints_the_explanation(tmp_path):
    make_results(tmp_path)
    result = runner.invoke(app, ["explain", "OH", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert "Dual relationships" in result.stdout


def test_unknown_state_is_bad_input_with_the_known_codes(tmp_path):
    make_results(tmp_path)
    with pytest.raises(InputError) as error:
        explain_state(tmp_path, "ZZ", load_taxonomy())
    assert "OH" in error.value.fix
    assert runner.invoke(app, ["explain", "ZZ", "--data-dir", str(tmp_path)]).exit_code == 2


def test_no_results_yet_is_bad_input_telling_what_to_run(tmp_path):
    result = runner.invoke(app, ["explain", "OH", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "peerscan analyze" in result.output


def test_explain_says_a_state_known_only_from_references_is_not_scored(tmp_path):
    from peerscan.citations import SourcePage

    program = Program(id="ks-cps", state="KS", name="Certified Peer Specialist", credentials=("CPS",), body="KDADS",
                      type="mental_health", seeds=(), source="https://directory.example/ks", verified="2026-11-28",
                      references=(SourcePage("https://directory.example/ks", "third_party"),))
    registry = Registry(programs=(program,), jurisdictions=(Jurisdiction("KS", "Kansas", "state", (1, 1)),))
    analyze_run(tmp_path, registry, load_taxonomy())
    text = explain_state(tmp_path, "KS", load_taxonomy())
    assert text.startswith("Kansas (KS): not scored")
    assert "ks-cps — Certified Peer Specialist: no official web page found, 0 pages and documents read, not scored" in text
    assert text.rstrip().endswith("No official web page was found for its programs: only third-party sources describe them.")
