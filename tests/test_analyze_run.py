"""analyze_run: stored pages and crawl reports → findings with evidence, strengths, scores, statuses."""

import json

import pytest

from analyze.results import history_runs, latest_path
from analyze.run import analyze_run
from analyze.settings import AnalyzeSettings
from analyze.staleness import StalenessSettings
from analyze.taxonomy import load_taxonomy
from peerscan.registry import Jurisdiction, Program, Registry
from scrape.records import CrawlReport, Link, PageRecord, TextBlock, write_pages, write_report

JURISDICTIONS = (Jurisdiction("OH", "Ohio", "state", (1, 1)), Jurisdiction("VT", "Vermont", "state", (1, 2)),
                 Jurisdiction("WY", "Wyoming", "state", (1, 3)), Jurisdiction("TX", "Texas", "state", (1, 4)))


def program(pid: str, state: str, found: bool = True) -> Program:
    return Program(id=pid, state=state, name=f"{pid} program", credentials=("CPS",), body="Board", type="combined",
                   seeds=("https://example.org/",), source="https://example.org/", verified="2026-11-26",
                   program_found=found)


def page(pid: str, url: str, blocks: list[TextBlock], links: tuple[Link, ...] = (), title: str = "") -> PageRecord:
    return PageRecord(program_id=pid, url=url, final_url=url, status=200, content_type="text/html",
                      fetched_at="2026-11-26T10:00:00Z", depth=0, title=title, kind="html", blocks=tuple(blocks),
                      links=links)


def report(pid: str, status: str = "ok", **extra) -> CrawlReport:
    return CrawlReport(program_id=pid, run_id="r1", started_at="2026-11-26T10:00:00Z",
                       finished_at="2026-11-26T10:05:00Z", status=status, **extra)


@pytest.fixture
def data_dir(tmp_path):
    write_pages(tmp_path, "oh-a", [
        page("oh-a", "https://oh.example/ethics", [
            TextBlock("Code of Ethics", "heading"),
            TextBlock("Peer specialists shall not enter into dual relationships with persons served."),
            TextBlock("Peer specialists shall not enter into dual relationships with persons served."),
        ], links=(Link("https://oh.example/handbook.pdf", "Boundaries handbook", "navigation"),)),
        page("oh-a", "https://oh.example/handbook.pdf", [
            TextBlock("Peers keep professional bound-\naries and protect confidentiality.", "body", 4)]),
    ])
    write_report(tmp_path, report("oh-a"))
    write_pages(tmp_path, "oh-b", [page("oh-b", "https://oh2.example/", [TextBlock("Welcome.")],
                                        links=(Link("https://oh2.example/soc", "Social Media Guidelines for Peers"),),
                                        title="Peer Safety and Self-Care")])
    write_report(tmp_path, report("oh-b"))
    write_pages(tmp_path, "vt-a", [page("vt-a", "https://vt.example/", [TextBlock("Ethics training is required.")])])
    write_report(tmp_path, report("vt-a", status="failed", last_ok_at="2026-10-01T00:00:00Z",
                                  consecutive_failures=1, reason="timeout"))
    return tmp_path


REGISTRY = Registry(programs=(program("oh-a", "OH"), program("oh-b", "OH"), program("vt-a", "VT"),
                              program("wy-none", "WY", found=False)), jurisdictions=JURISDICTIONS)


@pytest.fixture
def run(data_dir):
    return analyze_run(data_dir, REGISTRY, load_taxonomy())


def programs(run) -> dict:
    return {p.id: p for j in run.jurisdictions for p in j.programs}


def test_every_jurisdiction_with_registry_rows_is_in_the_results_and_no_other(run):
    assert [j.state for j in run.jurisdictions] == ["OH", "VT", "WY"]
    assert run.jurisdictions[0].name == "Ohio"


def test_body_findings_carry_url_quote_matched_words_and_region(run):
    finding = programs(run)["oh-a"].concepts["dual_relationships"]
    assert finding.strength == "body"
    [evidence] = finding.evidence  # the repeated sentence is quoted once
    assert evidence.url == "https://oh.example/ethics"
    assert evidence.matched == "dual relationships"
    assert evidence.region == "body" and evidence.page is None


def test_pdf_evidence_carries_its_page_and_mended_line_breaks(run):
    evidence = programs(run)["oh-a"].concepts["confidentiality"].evidence[0]
    assert evidence.page == 4
    assert "professional boundaries" in evidence.quote


def test_body_evidence_is_listed_before_navigation_evidence(run):
    evidence = programs(run)["oh-a"].concepts["boundaries"].evidence
    assert [e.region for e in evidence] == ["body", "navigation"]
    assert programs(run)["oh-a"].concepts["code_of_ethics"].strength == "body"  # a heading is content


def test_titles_and_link_texts_alone_give_navigation_strength(run):
    concepts = programs(run)["oh-b"].concepts
    assert concepts["peer_safety"].strength == "navigation"
    assert concepts["peer_safety"].evidence[0].region == "title"
    assert concepts["social_media"].strength == "navigation"
    assert concepts["social_media"].evidence[0].quote == "Social Media Guidelines for Peers"


def test_program_and_state_scores_follow_the_rubric(run):
    taxonomy = load_taxonomy()
    weight = {c.id: c.weight for c in taxonomy.concepts}
    oh_a = programs(run)["oh-a"]
    assert oh_a.score == round(sum(weight[c] for c in oh_a.concepts))
    ohio = run.jurisdictions[0]
    assert ohio.concepts["peer_safety"] == "navigation"
    expected = sum(weight[c] if s == "body" else weight[c] * taxonomy.navigation_credit
                   for c, s in ohio.concepts.items())
    assert ohio.score == round(expected)
    assert ohio.score > oh_a.score


def test_failed_crawl_keeps_old_findings_marked_stale(run):
    vt = programs(run)["vt-a"]
    assert vt.status == "stale" and vt.stale
    assert vt.last_confirmed == "2026-10-01T00:00:00Z"
    assert "ethics_training" in vt.concepts


def test_jurisdiction_without_a_program_scores_zero(run):
    wyoming = run.jurisdictions[2]
    assert wyoming.score == 0 and wyoming.concepts == {}
    assert wyoming.programs[0].status == "no_program"


def test_results_are_saved_as_latest_and_history_only_when_they_changed(data_dir):
    first = analyze_run(data_dir, REGISTRY, load_taxonomy())
    second = analyze_run(data_dir, REGISTRY, load_taxonomy())
    assert first.run_id != second.run_id
    assert [p.stem for p in history_runs(data_dir)] == [first.run_id]  # same findings: no second history file
    saved = json.loads(latest_path(data_dir).read_text(encoding="utf-8"))
    assert saved["run_id"] == second.run_id
    oh = saved["jurisdictions"][0]["programs"][0]["concepts"]["dual_relationships"]
    assert oh["strength"] == "body" and "page" not in oh["evidence"][0]


def test_evidence_per_concept_is_capped_by_settings(data_dir):
    run = analyze_run(data_dir, REGISTRY, load_taxonomy(), AnalyzeSettings(max_evidence_per_concept=1))
    assert all(len(f.evidence) <= 1 for p in programs(run).values() for f in p.concepts.values())


def test_a_program_never_crawled_is_reported_as_such(tmp_path):
    registry = Registry(programs=(program("tx-new", "TX"),), jurisdictions=JURISDICTIONS)
    run = analyze_run(tmp_path, registry, load_taxonomy())
    entry = run.jurisdictions[0].programs[0]
    assert entry.status == "not_crawled" and entry.concepts == {} and entry.score is None  # nothing read: no score


def test_unreachable_threshold_comes_from_the_settings(data_dir):
    write_report(data_dir, report("vt-a", status="failed", last_ok_at="2026-10-01T00:00:00Z",
                                  consecutive_failures=2, failing_since="2026-11-12T00:00:00Z", reason="timeout"))
    taxonomy = load_taxonomy()
    default = analyze_run(data_dir, REGISTRY, taxonomy)
    strict = analyze_run(data_dir, REGISTRY, taxonomy,
                         AnalyzeSettings(staleness=StalenessSettings(unreachable_after_runs=2)))

    def vermont(run):
        return next(p for j in run.jurisdictions for p in j.programs if p.id == "vt-a")

    assert vermont(default).unreachable_since is None
    assert vermont(strict).unreachable_since == "2026-11-12T00:00:00Z"
    assert vermont(strict).stale and vermont(strict).last_confirmed == "2026-10-01T00:00:00Z"


def test_cli_unreachable_after_option_reaches_the_results(data_dir, tmp_path):
    from typer.testing import CliRunner

    from peerscan_cli.cli import app

    registry = tmp_path / "programs.yaml"
    registry.write_text(
        "programs:\n  - {id: vt-a, state: VT, name: A, credentials: [CPS], body: Board, type: combined,\n"
        "     seeds: [{url: 'https://example.org/', publisher: board}], source: 'https://example.org/', verified: 2026-11-26}\n")
    write_report(data_dir, report("vt-a", status="failed", last_ok_at="2026-10-01T00:00:00Z",
                                  consecutive_failures=1, failing_since="2026-11-20T00:00:00Z", reason="timeout"))
    result = CliRunner().invoke(app, ["analyze", "--registry", str(registry), "--data-dir", str(data_dir),
                                      "--unreachable-after", "1"])
    assert result.exit_code == 0, result.output
    latest = json.loads(latest_path(data_dir).read_text())
    assert latest["jurisdictions"][0]["programs"][0]["unreachable_since"] == "2026-11-20T00:00:00Z"


def test_a_program_with_only_references_is_no_official_page_with_no_score(data_dir):
    from peerscan.citations import SourcePage

    # Pages crawled back when its seed was a third party's article must not count as the program's own.
    write_pages(data_dir, "tx-ref", [page("tx-ref", "https://news.example/story", [
        TextBlock("Peers shall not enter into dual relationships and must keep a code of ethics.")])])
    write_report(data_dir, report("tx-ref"))
    only_reference = Program(
        id="tx-ref", state="TX", name="Referenced program", credentials=("CPS",), body="Board", type="combined",
        seeds=(), source="https://news.example/story", verified="2026-11-28",
        references=(SourcePage("https://news.example/story", "third_party", "a newspaper story"),))
    with_page = program("tx-own", "TX")
    write_pages(data_dir, "tx-own", [page("tx-own", "https://tx.example/", [TextBlock("Ethics training is required.")])])
    write_report(data_dir, report("tx-own"))
    alone = Registry(programs=(only_reference,), jurisdictions=JURISDICTIONS)
    [texas] = analyze_run(data_dir, alone, load_taxonomy()).jurisdictions
    [result] = texas.programs
    assert result.status == "no_official_page" and result.score is None
    assert result.concepts == {} and result.pages == 0
    assert texas.score is None  # not 0: nothing of the state's own was read
    mixed = Registry(programs=(only_reference, with_page), jurisdictions=JURISDICTIONS)
    [texas] = analyze_run(data_dir, mixed, load_taxonomy()).jurisdictions
    own = {p.id: p for p in texas.programs}["tx-own"]
    assert texas.score == own.score > 0  # scored from its scored programs only
    assert "dual_relationships" not in texas.concepts
    latest = json.loads(latest_path(data_dir).read_text())
    assert latest["jurisdictions"][0]["programs"][0]["score"] is None
