"""Specification of the site's data downloads (report/downloads.py): JSON, CSV for Excel, SQLite."""

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from analyze.results import (
    ConceptFinding,
    Evidence,
    JurisdictionResult,
    ProgramResult,
    RunResult,
    run_from_dict,
)
from report import downloads
from report.build import build_site
from report.merge import merge_run
from tests.fixtures.site_results import XSS_QUOTE, make_registry, make_run, make_taxonomy, write_data_dir


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("downloads")
    build_site(write_data_dir(root / "data"), root / "site", make_registry(), make_taxonomy())
    return root / "site"


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM missing: Excel would guess the wrong encoding"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_results_json_lists_every_registry_jurisdiction_and_program(site: Path) -> None:
    run = run_from_dict(json.loads((site / "data" / "results.json").read_text(encoding="utf-8")))
    assert [j.state for j in run.jurisdictions] == [j.code for j in make_registry().covered_jurisdictions()]
    statuses = {p.id: p.status for j in run.jurisdictions for p in j.programs}
    assert statuses["nv-cps"] == "not_crawled" and statuses["gu-none"] == "no_program"
    assert run.run_id == "2026-11-26T2142Z"


def test_results_csv_has_one_row_per_program_and_a_column_per_concept(site: Path) -> None:
    rows = read_csv(site / "data" / "results.csv")
    assert sorted(r["program_id"] for r in rows) == sorted(p.id for p in make_registry().programs)
    ohio = next(r for r in rows if r["program_id"] == "oh-prs")
    assert ohio["dual_relationships"] == "body" and ohio["ethics"] == "navigation" and ohio["gifts"] == ""
    assert ohio["state_score"] == "60" and ohio["score"] == "55"
    stale = next(r for r in rows if r["program_id"] == "oh-fam")
    assert stale["status_text"].startswith("unreachable since 2026-11-12")
    assert next(r for r in rows if r["program_id"] == "tx-cps")["program_name"] == "Peer <Specialist> & Recovery Coach"
    assert b"\r\n" in (site / "data" / "results.csv").read_bytes()


def test_evidence_csv_has_one_row_per_quote_with_its_source(site: Path) -> None:
    rows = read_csv(site / "data" / "evidence.csv")
    run = make_run()
    assert len(rows) == sum(len(f.evidence) for j in run.jurisdictions for p in j.programs for f in p.concepts.values())
    texas = next(r for r in rows if r["program_id"] == "tx-cps")
    assert texas["quote"] == XSS_QUOTE and texas["url"] == "javascript:alert(1)"
    pdf = next(r for r in rows if r["page"] == "14")
    assert pdf["concept"] == "dual_relationships" and pdf["url"].endswith("handbook.pdf")


def test_csv_cells_that_look_like_formulas_are_neutralised() -> None:
    assert downloads.cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert downloads.cell("-1") == "'-1" and downloads.cell("@SUM(A1)") == "'@SUM(A1)"
    assert downloads.cell("plain") == "plain" and downloads.cell(None) == "" and downloads.cell(3) == "3"


def test_sqlite_database_holds_the_results_in_queryable_tables(site: Path) -> None:
    db = sqlite3.connect(site / "data" / "results.sqlite")
    try:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == {"jurisdictions", "programs", "concepts", "findings", "evidence", "reviews"}
        assert db.execute("SELECT count(*) FROM jurisdictions").fetchone()[0] == 8
        assert db.execute("SELECT count(*) FROM programs").fetchone()[0] == 9
        assert db.execute("SELECT count(*) FROM concepts").fetchone()[0] == 15
        found = db.execute("SELECT p.state FROM findings f JOIN programs p USING (program_id) "
                           "WHERE f.concept_id = 'dual_relationships' AND f.strength = 'body'").fetchall()
        assert found == [("OH",)]
        assert db.execute("SELECT page FROM evidence WHERE program_id = 'tx-cps'").fetchone() == (None,)
        assert db.execute("SELECT status_text FROM programs WHERE program_id = 'pa-cps'").fetchone() == ("blocked by robots.txt",)
    finally:
        db.close()


def test_sqlite_bytes_are_identical_for_identical_results() -> None:
    run = merge_run(make_run(), make_registry())
    first = downloads.results_sqlite(run, make_registry(), make_taxonomy())
    second = downloads.results_sqlite(run, make_registry(), make_taxonomy())
    assert first == second
    assert first.startswith(b"SQLite format 3\x00")


def test_downloads_of_an_empty_run_are_still_valid() -> None:
    empty = RunResult("", "", ())
    assert downloads.results_csv(empty, make_registry(), make_taxonomy()).startswith(b"\xef\xbb\xbf")
    assert downloads.evidence_csv(empty).decode("utf-8-sig").startswith("state,program_id,concept")
    assert downloads.results_sqlite(empty, make_registry(), make_taxonomy()).startswith(b"SQLite format 3")


def test_evidence_order_follows_the_results_so_csv_diffs_stay_small() -> None:
    ev = (Evidence("https://a.example/", "one gifts", "gifts"), Evidence("https://b.example/", "two gifts", "gifts"))
    run = RunResult("r", "r", (JurisdictionResult("OH", "Ohio", 5, (ProgramResult(
        "oh-x", "X", 5, "ok", pages=1, concepts={"gifts": ConceptFinding("body", ev)}),)),))
    rows = downloads.evidence_csv(run).decode("utf-8-sig").splitlines()
    assert [r.split(",")[5] for r in rows[1:]] == ["https://a.example/", "https://b.example/"]
