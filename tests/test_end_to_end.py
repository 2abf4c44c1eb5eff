"""End to end on the sample web (five program sites of different shapes on 127.0.0.1):
crawl → analyze → build, asserting per program which concepts are found and not found."""

import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peerscan.registry import load_registry
from peerscan_cli.cli import app
from peerscan_cli.demo import serve_sample_web, write_sample_registry
from scrape.ocr import ocr_available
from scrape.records import read_pages
from scrape.render import chromium_available
from scrape.settings import CrawlSettings
from tests.support import require

runner = CliRunner()


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    """One crawl of the sample web, analyzed and built; yields (data_dir, site_dir, results)."""
    root = tmp_path_factory.mktemp("e2e")
    data_dir, site_dir = root / "data", root / "site"
    with serve_sample_web() as sites:
        registry = write_sample_registry(sites, root / "programs.yaml")
        crawl = runner.invoke(app, ["crawl", "--registry", str(registry), "--data-dir", str(data_dir),
                                    "--delay", "0.05"])
        assert crawl.exit_code == 0, crawl.output
        analyze = runner.invoke(app, ["analyze", "--registry", str(registry), "--data-dir", str(data_dir)])
        assert analyze.exit_code == 0, analyze.output
        build = runner.invoke(app, ["build", "--registry", str(registry), "--data-dir", str(data_dir),
                                    "--site-dir", str(site_dir)])
        assert build.exit_code == 0, build.output
    results = json.loads((data_dir / "results" / "latest.json").read_text(encoding="utf-8"))
    yield data_dir, site_dir, results


def program(results: dict, program_id: str) -> dict:
    for jurisdiction in results["jurisdictions"]:
        for entry in jurisdiction["programs"]:
            if entry["id"] == program_id:
                return entry
    raise AssertionError(f"{program_id} not in results")


def state_page(site_dir: Path, code: str) -> str:
    pages = [p for p in (site_dir / "states").iterdir() if p.stem.upper() == code]
    assert pages, f"no state page for {code}"
    return pages[0].read_text(encoding="utf-8")


def test_agency_section_two_clicks_deep_yields_the_code_of_ethics(survey):
    _, _, results = survey
    found = program(results, "oh-demo-agency")["concepts"]
    for concept in ("ethics", "code_of_ethics", "ethics_training", "dual_relationships", "boundaries",
                    "confidentiality", "romantic_sexual", "gifts", "social_media"):
        assert found.get(concept, {}).get("strength") == "body", concept
    for concept in ("peer_safety", "physical_contact", "self_disclosure"):
        assert concept not in found
    quote = found["dual_relationships"]["evidence"][0]
    assert "dual relationships" in quote["quote"]
    assert quote["url"].endswith("/standards/code-of-ethics.html")


def test_content_kept_elsewhere_is_reached_one_hop_off_site_rendered_and_ocr_read(survey):
    data_dir, _, results = survey
    found = program(results, "mt-demo-reach")["concepts"]
    leaf = found["dual_relationships"]["evidence"][0]
    assert found["dual_relationships"]["strength"] == "body" and leaf["url"].endswith("/docs/code-of-ethics.pdf")
    assert leaf["linked_from"].endswith("/peer-support/")  # the board's PDF, linked from the division's page
    crawled = read_pages(data_dir, "mt-demo-reach")
    assert not any("state-ethics-commission" in r.url for r in crawled)  # never followed
    require(chromium_available(CrawlSettings()), "Chromium and Playwright render the portal")
    assert found["social_media"]["strength"] == "body" and found["social_media"]["evidence"][0]["rendered"]
    require(ocr_available(), "tesseract, pytesseract and pypdfium2 read the scanned code")
    gifts = [e for e in found["gifts"]["evidence"] if e.get("ocr")]
    assert gifts and gifts[0]["url"].endswith("/signed-code-of-conduct.pdf") and gifts[0]["page"] == 1


def test_robots_disallowed_pages_are_never_fetched(survey):
    data_dir, _, _ = survey
    urls = [json.loads(line)["url"] for line in (data_dir / "pages" / "oh-demo-agency.jsonl").open()]
    assert not any("/admin/" in url for url in urls)
    assert not any("/parks/item-" in url for url in urls[:5]), "irrelevant pages should not come first"


def test_nonprofit_teaches_self_disclosure_and_peer_safety_but_its_contact_page_is_no_evidence(survey):
    _, _, results = survey
    found = program(results, "vt-demo-nonprofit")["concepts"]
    for concept in ("ethics", "ethics_training", "boundaries", "self_disclosure", "peer_safety"):
        assert concept in found, concept
    for concept in ("dual_relationships", "social_media", "personal_contact"):
        assert concept not in found, concept


def test_board_handbook_pdf_is_read_with_page_numbers_and_mended_line_breaks(survey):
    _, _, results = survey
    found = program(results, "co-demo-board")["concepts"]
    for concept in ("code_of_ethics", "dual_relationships", "conflict_of_interest", "personal_contact"):
        assert concept in found, concept
    evidence = found["dual_relationships"]["evidence"][0]
    assert evidence["url"].endswith("/docs/cps-candidate-handbook.pdf")
    assert evidence["page"] == 2
    assert "dual relationships" in evidence["quote"]


def test_silent_and_false_friend_programs_score_zero(survey):
    _, _, results = survey
    for program_id in ("wy-demo-silent", "nm-demo-falsefriends"):
        entry = program(results, program_id)
        assert entry["concepts"] == {}, (program_id, entry["concepts"])
        assert entry["score"] == 0
        assert entry["status"] == "ok"
        assert entry["pages"] >= 1


def test_scores_rank_the_programs_that_say_more_higher(survey):
    _, _, results = survey
    scores = {j["state"]: j["score"] for j in results["jurisdictions"]}
    assert scores["OH"] > scores["VT"] > 0
    assert scores["CO"] > 0
    assert scores["WY"] == scores["NM"] == 0
    assert scores["AK"] is None  # known only from a reference: not scored, never 0
    assert all(0 <= score <= 100 for code, score in scores.items() if code != "AK")


def test_site_index_lists_every_program_state_with_its_score(survey):
    _, site_dir, results = survey
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    for jurisdiction in results["jurisdictions"]:
        assert jurisdiction["name"] in index
    assert (site_dir / "data" / "results.json").exists()
    assert (site_dir / "data" / "results.csv").exists()


def test_state_pages_quote_the_evidence_and_say_what_was_not_found(survey):
    _, site_dir, _ = survey
    ohio = state_page(site_dir, "OH")
    assert "shall not enter into" in ohio and "dual relationships" in ohio
    assert "code-of-ethics.html" in ohio
    wyoming = state_page(site_dir, "WY")
    assert "not found on" in wyoming


def test_offline_run_fails_every_program_with_a_reason_and_still_builds_the_site(tmp_path, monkeypatch):
    """No network at all: DNS fails for every real host; nothing leaves this machine."""
    real_getaddrinfo = socket.getaddrinfo

    def offline(host, *args, **kwargs):
        if host in ("127.0.0.1", "localhost", "::1"):
            return real_getaddrinfo(host, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (test: offline)")

    monkeypatch.setattr(socket, "getaddrinfo", offline)
    data_dir, site_dir = tmp_path / "data", tmp_path / "site"
    result = runner.invoke(app, ["run", "--data-dir", str(data_dir), "--site-dir", str(site_dir)])
    assert result.exit_code == 1, result.output
    reports = [json.loads(p.read_text()) for p in (data_dir / "pages").glob("*.crawl.json")]
    crawled = [r for r in reports if r["status"] != "skipped"]
    official = [p for p in load_registry().programs if p.program_found and p.has_official_page]
    assert len(crawled) == len(official) >= 90  # programs known only from references are never requested
    assert all(r["status"] == "failed" for r in crawled)  # a DNS failure is never "blocked" (robots.txt rules)
    assert all(r["reason"] and "\n" not in r["reason"] for r in crawled)
    assert all(r["counters"].get("requests", 0) <= 3 for r in crawled)  # one robots.txt attempt per seed host
    assert "no host resolved" in result.output and "peerscan demo" in result.output.splitlines()[-1]
    latest = json.loads((data_dir / "results" / "latest.json").read_text(encoding="utf-8"))
    assert {p["score"] for j in latest["jurisdictions"] for p in j["programs"]} == {None}  # nothing read: not scored
    with_programs = [j for j in latest["jurisdictions"] if any(p["status"] != "no_program" for p in j["programs"])]
    assert {j["score"] for j in with_programs} == {None}  # a state is scored from its scored programs only
    assert "not scored" in (site_dir / "index.html").read_text(encoding="utf-8")
    assert (site_dir / "index.html").exists()


def test_a_program_known_only_from_a_reference_is_not_crawled_and_not_scored(survey):
    data_dir, site_dir, results = survey
    entry = program(results, "ak-demo-reference")
    assert entry["status"] == "no_official_page"
    assert entry["score"] is None and entry["concepts"] == {} and entry["pages"] == 0
    alaska = next(j for j in results["jurisdictions"] if j["state"] == "AK")
    assert alaska["score"] is None  # the news story's ethics words are never credited to the state
    assert not (data_dir / "pages" / "ak-demo-reference.jsonl").exists()
    page = state_page(site_dir, "AK")
    assert "No official web page found" in page and "no official web page found" in page
    assert "Sources about this program" in page
    assert "/2026/peer-support-professionals.html" in page and "third party" in page
    assert "Coverage score" not in page


def test_the_reference_site_receives_no_request_from_the_crawl(tmp_path):
    with serve_sample_web() as sites:
        registry = write_sample_registry(sites, tmp_path / "programs.yaml")
        result = runner.invoke(app, ["crawl", "--registry", str(registry), "--data-dir", str(tmp_path / "data"),
                                     "--only", "AK", "--delay", "0"])
        assert result.exit_code == 0, result.output
        assert sites["news"].requests == []


def test_state_pages_say_who_publishes_each_quoted_page(survey):
    _, site_dir, _ = survey
    ohio = state_page(site_dir, "OH")
    assert "(published by: state agency)" in ohio
    colorado = state_page(site_dir, "CO")
    assert "(published by: certification board)" in colorado  # the handbook PDF sits on the board's host
    assert "(certification board)" in colorado  # next to the official page crawled


def test_crawl_then_analyze_share_one_run_id_for_archive_and_history(survey):
    data_dir, _, results = survey
    run_id = results["run_id"]
    assert [p.name for p in (data_dir / "archive").iterdir()] == [run_id]
    assert [p.stem for p in (data_dir / "results" / "history").iterdir()] == [run_id]


def test_state_pages_name_the_warc_record_behind_each_quote(survey):
    _, site_dir, results = survey
    page = state_page(site_dir, "OH")
    assert f"archived as WARC record <code>archive/{results['run_id']}/oh-demo-agency.warc.gz &lt;urn:uuid:" in page
