"""An analyst's review round on the sample web, end to end: export a sheet, reject one finding, confirm one,
report one miss, apply, analyze, build; then crawl again and see the decisions kept, one gone stale.
Bad sheets are refused with file:line errors and change nothing."""

import csv
import datetime as dt
import io
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from analyze.review_sheet import read_sheet, write_sheet
from analyze.score import score_concepts
from analyze.taxonomy import load_taxonomy
from peerscan import paths
from peerscan.localweb import Response
from peerscan_cli.cli import app
from peerscan_cli.demo import serve_sample_web, write_sample_registry

runner = CliRunner()
OH = "oh-demo-agency"
ETHICS_PAGE = "/behavioral-health/peer-support/standards/code-of-ethics.html"
TODAY = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")


def cli(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def program(results: dict, program_id: str) -> dict:
    return next(p for j in results["jurisdictions"] for p in j["programs"] if p["id"] == program_id)


def latest(data_dir: Path) -> dict:
    return json.loads((data_dir / "results" / "latest.json").read_text(encoding="utf-8"))


def csv_rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


@pytest.fixture(scope="module")
def web():
    with serve_sample_web() as sites:
        yield sites


@pytest.fixture(scope="module")
def survey(web, tmp_path_factory):
    """Crawl + analyze of the sample web; the servers stay up so a second crawl sees the same URLs."""
    root = tmp_path_factory.mktemp("review")
    data_dir = root / "data"
    registry = write_sample_registry(web, root / "programs.yaml")
    common = ("--registry", registry, "--data-dir", data_dir)
    crawl = cli("crawl", *common, "--delay", "0.05")
    assert crawl.exit_code == 0, crawl.output
    assert cli("analyze", *common).exit_code == 0
    return root, data_dir, registry, common


@pytest.fixture(scope="module")
def round_trip(survey):
    """Export, mark one reject, one confirm and one missed, apply, analyze, build."""
    root, data_dir, registry, common = survey
    before = latest(data_dir)
    sheet = root / "review.csv"
    export = cli("review", "export", *common, "--out", sheet, "--sample", "100", "--seed", "7")
    assert export.exit_code == 0, export.output
    rows = read_sheet(sheet)
    # A miss on another page than the confirmed finding's, so the second crawl can remove one and not the other.
    miss = next(r for r in rows if r.program == OH and r.kind == "near_miss" and not r.url.endswith(ETHICS_PAGE))
    marked = []
    for row in rows:
        if row.program == OH and row.kind == "finding" and row.concept == "social_media":
            row = replace(row, verdict="reject", note="a link to the agency's social-media policy, not guidance")
        elif row.program == OH and row.kind == "finding" and row.concept == "dual_relationships":
            row = replace(row, verdict="confirm")
        elif row == miss:
            row = replace(row, verdict="missed", missed_quote=row.quote, missed_url=row.url,
                          note="the analyst reads the concept in this sentence")
        marked.append(row)
    assert sum(1 for r in marked if r.verdict) == 3
    write_sheet(sheet, marked)
    applied = cli("review", "apply", sheet, "--reviewer", "Jane Analyst", *common)
    assert applied.exit_code == 0, applied.output
    assert cli("analyze", *common).exit_code == 0
    site = root / "site"
    build = cli("build", *common, "--site-dir", site)
    assert build.exit_code == 0, build.output
    missed = next(r for r in marked if r.verdict == "missed")
    return {"before": before, "after": latest(data_dir), "site": site, "sheet": sheet, "missed": missed,
            "data_dir": data_dir, "diff": cli("diff", "--data-dir", data_dir).output}


def test_the_sheet_opens_in_excel_and_carries_the_run_id(survey, round_trip):
    raw = round_trip["sheet"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the file as UTF-8
    assert b"\r\n" in raw
    rows = read_sheet(round_trip["sheet"])
    assert {r.run_id for r in rows} == {round_trip["before"]["run_id"]}
    findings = [r for r in rows if r.kind == "finding"]
    expected = sum(len(p["concepts"]) for j in round_trip["before"]["jurisdictions"] for p in j["programs"])
    assert len(findings) == expected  # one row per finding
    assert all(r.quote and r.url.startswith("http://127.0.0.1:") for r in findings)
    near = [r for r in rows if r.kind == "near_miss"]
    assert near and all(r.concept not in program(round_trip["before"], r.program)["concepts"] for r in near)
    # The false-friend program's near misses show the sentences that nearly fooled the detection.
    assert any(r.program == "nm-demo-falsefriends" and r.concept == "boundaries" and "county boundaries" in r.quote
               for r in near)


def test_a_rejected_finding_no_longer_counts_and_a_miss_counts_as_analyst_evidence(round_trip):
    before, after = program(round_trip["before"], OH), program(round_trip["after"], OH)
    assert "social_media" in before["concepts"] and "social_media" not in after["concepts"]
    missed = round_trip["missed"].concept
    assert missed not in before["concepts"]
    safety = after["concepts"][missed]
    assert safety["strength"] == "body" and safety["source"] == "analyst"
    assert safety["evidence"][0]["source"] == "analyst"
    assert safety["evidence"][0]["quote"] == round_trip["missed"].missed_quote
    assert after["concepts"]["dual_relationships"]["checked_on"] == TODAY
    taxonomy = load_taxonomy()
    strengths = {cid: f["strength"] for cid, f in after["concepts"].items()}
    assert after["score"] == score_concepts(strengths, taxonomy) != before["score"]
    verdicts = {(r["concept"], r["verdict"], r["stale"], r["reviewer"]) for r in after["reviews"]}
    assert verdicts == {("social_media", "reject", False, "Jane Analyst"),
                        ("dual_relationships", "confirm", False, "Jane Analyst"),
                        (missed, "missed", False, "Jane Analyst")}
    ohio = next(j for j in round_trip["after"]["jurisdictions"] if j["state"] == "OH")
    assert ohio["score"] == after["score"]


def test_csv_and_sqlite_downloads_reflect_the_three_decisions(round_trip):
    data = round_trip["site"] / "data"
    missed = round_trip["missed"].concept
    row = next(r for r in csv_rows(data / "results.csv") if r["program_id"] == OH)
    assert row["social_media"] == "" and row[missed] == "body"
    assert row["analyst_reviews"] == "3" and row["score"] == str(program(round_trip["after"], OH)["score"])
    evidence = [r for r in csv_rows(data / "evidence.csv") if r["program_id"] == OH]
    assert not any(r["concept"] == "social_media" for r in evidence)
    assert {r["source"] for r in evidence if r["concept"] == missed} == {"analyst"}
    assert {r["checked_on"] for r in evidence if r["concept"] == "dual_relationships"} == {TODAY}
    db = sqlite3.connect(data / "results.sqlite")
    try:
        findings = dict(db.execute("SELECT concept_id, source FROM findings WHERE program_id = ?", (OH,)))
        assert "social_media" not in findings and findings[missed] == "analyst"
        assert db.execute("SELECT checked_on FROM findings WHERE program_id = ? AND concept_id = 'dual_relationships'",
                          (OH,)).fetchone() == (TODAY,)
        reviews = set(db.execute("SELECT concept_id, verdict, reviewer, stale FROM reviews"))
        assert reviews == {("social_media", "reject", "Jane Analyst", 0), ("dual_relationships", "confirm", "Jane Analyst", 0),
                           (missed, "missed", "Jane Analyst", 0)}
    finally:
        db.close()


def test_the_state_page_shows_checked_analyst_sourced_and_rejected(round_trip):
    page = (round_trip["site"] / "states" / "oh.html").read_text(encoding="utf-8")
    assert f"checked by an analyst on {TODAY}" in page
    assert "analyst-sourced" in page
    assert f"rejected by an analyst on {TODAY}" in page
    assert "a link to the agency&#39;s social-media policy, not guidance" in page


def test_explain_names_the_checked_and_the_rejected_findings(round_trip):
    text = cli("explain", "OH", "--data-dir", round_trip["data_dir"]).output
    assert f"checked by an analyst on {TODAY}" in text and "analyst-sourced" in text
    assert f"! social_media ({OH}): reject by Jane Analyst on {TODAY} — rejected, not counted" in text


def test_to_gold_turns_the_decisions_into_development_items(round_trip, tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text("items:\n")
    result = cli("review", "to-gold", "--out", gold, "--data-dir", round_trip["data_dir"])
    assert result.exit_code == 0, result.output
    items = {(tuple(i["reviewed"]), tuple(i["concepts"])) for i in yaml.safe_load(gold.read_text())["items"]}
    missed = round_trip["missed"].concept
    assert items >= {(("social_media",), ()), (("dual_relationships",), ("dual_relationships",)),
                     ((missed,), (missed,))}
    sealed = cli("review", "to-gold", "--out", paths.INDEPENDENT_GOLD_FILE, "--data-dir", round_trip["data_dir"])
    assert sealed.exit_code == 2 and "sealed" in sealed.output


def test_methodology_publishes_precision_with_n_and_wilson_interval(round_trip):
    page = (round_trip["site"] / "methodology.html").read_text(encoding="utf-8")
    # 1 confirmed of 2 reviewed findings; 1 real miss of 1 near miss judged.
    assert "Precision of the automatic findings on the reviewed sample: 50% (1 of N = 2; 95% Wilson interval 9%–91%)" in page
    assert "Near misses that were real misses: 100% (1 of N = 1; 95% Wilson interval 21%–100%)" in page


def test_diff_and_changes_page_report_reviews_apart_from_the_crawl(round_trip):
    text = round_trip["diff"]
    assert "review changes (analysts' decisions):" in text
    reviews = text.split("review changes (analysts' decisions):", 1)[1]
    assert "social_media: new decision: reject (by Jane Analyst" in reviews
    assert f"{round_trip['missed'].concept}: new decision: missed" in reviews
    crawl = text.split("review changes", 1)[0]
    assert "social_media" not in crawl and round_trip["missed"].concept not in crawl
    changes = (round_trip["site"] / "changes.html").read_text(encoding="utf-8")
    assert "Analyst reviews" in changes and "new decision: confirm" in changes


def test_a_second_crawl_keeps_the_decisions_and_marks_a_vanished_quote_stale(web, survey, round_trip, tmp_path):
    root, data_dir, registry, common = survey
    confirmed = next(r for r in program(round_trip["after"], OH)["reviews"] if r["verdict"] == "confirm")
    agency = web["agency"]
    original = agency.routes[ETHICS_PAGE]
    html = original.body.decode("utf-8")
    sentence = confirmed["quote"].replace("'", "&#39;") if confirmed["quote"] not in html else confirmed["quote"]
    assert sentence in html
    agency.routes[ETHICS_PAGE] = Response(html.replace(sentence, "Peer recovery supporters act with integrity."),
                                          content_type=original.content_type)
    try:
        assert cli("crawl", *common, "--delay", "0.05").exit_code == 0
        analyzed = cli("analyze", *common)
        assert analyzed.exit_code == 0
        assert cli("build", *common, "--site-dir", tmp_path / "site").exit_code == 0
    finally:
        agency.routes[ETHICS_PAGE] = original
    assert "analyst reviews: 2 applied, 1 stale" in analyzed.output
    after = program(latest(data_dir), OH)
    states = {r["concept"]: r["stale"] for r in after["reviews"]}
    missed = round_trip["missed"].concept
    assert states == {"social_media": False, missed: False, "dual_relationships": True}
    assert "social_media" not in after["concepts"]  # the rejection is still in force
    assert after["concepts"][missed]["source"] == "analyst"
    assert "checked_on" not in after["concepts"].get("dual_relationships", {})
    page = (tmp_path / "site" / "states" / "oh.html").read_text(encoding="utf-8")
    assert "the review is stale" in page
    assert "is stale: the quote no longer appears" in cli("diff", "--data-dir", data_dir).output


def test_a_new_quote_for_a_rejected_concept_counts_and_goes_on_the_next_sheet(web, survey, round_trip, tmp_path):
    """The rejection judged the quotes its row showed; a sentence a later crawl finds was never judged."""
    root, data_dir, registry, common = survey
    agency = web["agency"]
    original = agency.routes[ETHICS_PAGE]
    new = "Peer supporters never send friend requests to participants on social media."
    html = original.body.decode("utf-8").replace("</main>", f"<p>{new}</p></main>", 1)
    assert new in html
    agency.routes[ETHICS_PAGE] = Response(html, content_type=original.content_type)
    try:
        assert cli("crawl", *common, "--delay", "0.05").exit_code == 0
        assert cli("analyze", *common).exit_code == 0
        sheet = tmp_path / "next.csv"
        assert cli("review", "export", *common, "--out", sheet, "--sample", "0", "--state", "OH").exit_code == 0
    finally:
        agency.routes[ETHICS_PAGE] = original
    after = program(latest(data_dir), OH)
    rejection = next(r for r in after["reviews"] if r["concept"] == "social_media")
    assert rejection["verdict"] == "reject" and not rejection["stale"]  # the rejected quote is still on its page
    quotes = [e["quote"] for e in after["concepts"]["social_media"]["evidence"]]
    assert quotes == [new]  # the rejected quote stays withdrawn, the new one counts
    row = next(r for r in read_sheet(sheet) if r.program == OH and r.concept == "social_media")
    assert row.kind == "finding" and row.quote == new


# --- bad sheets: every one is refused with file:line and a fix, and data/reviews.yaml stays as it was --------

def bad_sheet(survey, tmp_path, change) -> tuple[str, Path, int]:
    """A one-row sheet from the current run with `change` applied; returns (output, sheet, line of the row)."""
    root, data_dir, registry, common = survey
    sheet = tmp_path / "bad.csv"
    assert cli("review", "export", *common, "--out", sheet, "--sample", "3", "--state", "CO").exit_code == 0
    rows = [r for r in read_sheet(sheet) if r.kind == "finding"][:2]
    rows = [replace(r, other_quotes="", verdict="confirm") for r in rows]
    write_sheet(sheet, change(rows))
    reviews = data_dir / "reviews.yaml"
    before = reviews.read_bytes() if reviews.exists() else None
    result = cli("review", "apply", sheet, "--reviewer", "Jane Analyst", *common)
    assert result.exit_code == 2, result.output
    assert (reviews.read_bytes() if reviews.exists() else None) == before  # nothing changed
    assert "fix:" in result.output
    return " ".join(result.output.split()), sheet, 3  # header on line 1; the changed row is the second


def test_an_unknown_program_is_refused(survey, tmp_path):
    output, sheet, line = bad_sheet(survey, tmp_path, lambda rows: [rows[0], replace(rows[1], program="co-demo-bord")])
    assert f"{sheet}:{line}: unknown program 'co-demo-bord' (did you mean 'co-demo-board'?)" in output


def test_an_unknown_verdict_is_refused(survey, tmp_path):
    output, sheet, line = bad_sheet(survey, tmp_path, lambda rows: [rows[0], replace(rows[1], verdict="maybe")])
    assert f"{sheet}:{line}: unknown verdict 'maybe'" in output
    assert "write one of confirm, reject, missed" in output


def test_a_miss_without_its_url_is_refused(survey, tmp_path):
    def miss(rows):
        return [rows[0], replace(rows[1], kind="", concept="peer_safety", verdict="missed",
                                 missed_quote="Peers may end a contact that threatens their safety.")]
    output, sheet, line = bad_sheet(survey, tmp_path, miss)
    assert f"{sheet}:{line}: a missed concept needs the URL where it is (missed_url)" in output


def test_a_duplicate_row_is_refused(survey, tmp_path):
    output, sheet, line = bad_sheet(survey, tmp_path, lambda rows: [rows[0], replace(rows[0], verdict="reject")])
    assert f"{sheet}:{line}: duplicate row" in output and "judged on line 2" in output


def test_a_sheet_from_another_run_is_refused(survey, tmp_path):
    output, sheet, _ = bad_sheet(survey, tmp_path, lambda rows: [replace(r, run_id="2020-01-01T000000Z") for r in rows])
    assert f"{sheet}:2: the sheet is from run 2020-01-01T000000Z, which is not a run of this data directory" in output


def test_a_yaml_sheet_round_trips(survey, tmp_path):
    root, data_dir, registry, common = survey
    sheet = tmp_path / "review.yaml"
    assert cli("review", "export", *common, "--out", sheet, "--sample", "2", "--state", "VT").exit_code == 0
    rows = read_sheet(sheet)
    assert rows and all(r.line > 1 and r.program == "vt-demo-nonprofit" for r in rows)
    write_sheet(sheet, [replace(rows[0], verdict="confirm")])
    result = cli("review", "apply", sheet, "--reviewer", "Sam", *common)
    assert result.exit_code == 0, result.output
    assert "stored 1 decisions (1 confirm" in " ".join(result.output.split())


def test_a_sheet_from_an_earlier_run_needs_allow_older_run_and_changes_nothing_when_reapplied(survey, round_trip):
    root, data_dir, registry, common = survey
    sheet = round_trip["sheet"]  # exported before the analyze runs that followed it
    reviews = (data_dir / "reviews.yaml").read_bytes()
    refused = cli("review", "apply", sheet, "--reviewer", "Jane Analyst", *common)
    assert refused.exit_code == 2
    assert "but the latest results are run" in refused.output and "--allow-older-run" in refused.output
    accepted = cli("review", "apply", sheet, "--reviewer", "Jane Analyst", "--allow-older-run", *common)
    assert accepted.exit_code == 0, accepted.output
    assert "0 replace earlier ones, 3 unchanged" in " ".join(accepted.output.split())
    assert (data_dir / "reviews.yaml").read_bytes() == reviews
