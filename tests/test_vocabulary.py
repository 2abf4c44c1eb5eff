"""One vocabulary: every status, region and strength is declared once, has words, and reads the same everywhere."""

import inspect
import re
from pathlib import Path

import pytest

from analyze.results import ProgramResult
from analyze.staleness import program_state
from peerscan.vocabulary import (
    FOUND_WORDS,
    REGION_WORDS,
    SEVERITY,
    STATUS_WORDS,
    STRENGTH_WORDS,
    UNCRAWLED,
    CrawlStatus,
    ProgramStatus,
    Region,
    Strength,
    best_strength,
    change_lines,
    describe,
    reader_status,
    strength_of_region,
    was_crawled,
    was_read,
)
from report.status import STATUS_FILTERS
from scrape.records import CRAWL_STATUSES, CrawlReport
from tests.runs_factory import program

ROOT = Path(__file__).resolve().parents[1]
GOOD = "2026-11-05T06:20:00Z"
DESIGN_STATUSES = {"ok", "partial", "stale", "failed", "blocked", "refused", "unreachable", "no_program",
                   "no_official_page", "not_crawled"}


def test_program_statuses_are_the_design_list():
    assert {s.value for s in ProgramStatus} == DESIGN_STATUSES


def test_every_status_region_and_strength_has_words_for_readers():
    assert set(STATUS_WORDS) == set(ProgramStatus)
    assert set(REGION_WORDS) == set(Region)
    assert set(STRENGTH_WORDS) == set(Strength) and set(FOUND_WORDS) == {*Strength, None}
    assert all(STATUS_WORDS.values()) and len(set(STATUS_WORDS.values())) == len(STATUS_WORDS)


def test_every_status_has_one_place_in_the_severity_order_and_one_filter():
    assert sorted(SEVERITY) == sorted(ProgramStatus)
    assert [code for code, _ in STATUS_FILTERS] == [s.value for s in SEVERITY]


def test_the_crawler_reports_only_declared_crawl_statuses():
    assert set(CRAWL_STATUSES) <= {s.value for s in CrawlStatus}


@pytest.mark.parametrize("crawl_status", [s.value for s in CrawlStatus])
@pytest.mark.parametrize("has_pages", [True, False])
@pytest.mark.parametrize("failures", [0, 1, 5])
def test_every_crawl_outcome_becomes_a_declared_program_status(crawl_status, has_pages, failures):
    report = CrawlReport(program_id="x", run_id="r", started_at=GOOD, finished_at=GOOD, status=crawl_status,
                         last_ok_at=GOOD, consecutive_failures=failures, failing_since=GOOD)
    state = program_state(report, True, has_pages)
    assert state.status in DESIGN_STATUSES
    result = ProgramResult("x", "X", 0, state.status, pages=3 if has_pages else 0, stale=state.stale,
                           last_confirmed=state.last_confirmed, unreachable_since=state.unreachable_since,
                           consecutive_failures=state.consecutive_failures, reason=state.reason)
    assert describe(result).code in ProgramStatus


def test_reader_status_keeps_unreachable_blocked_and_stale_apart():
    cases = {
        "unreachable": program("a", 30, "stale", {"ethics": "body"}, stale=True, unreachable_since=GOOD),
        "blocked": program("b", 30, "blocked", {"ethics": "body"}, stale=True, last_confirmed=GOOD),
        "ok": program("d", 30, "ok", {"ethics": "body"}),
        "stale": program("e", 30, "stale", {"ethics": "body"}, stale=True),
        "failed": program("f", 0, "failed"),
        "refused": program("r", 0, "refused"),
        "no_program": program("g", 0, "no_program"),
        "no_official_page": program("h", 0, "no_official_page"),
    }
    assert {name: reader_status(p) for name, p in cases.items()} == {name: name for name in cases}


def test_descriptions_name_the_cause_and_the_dates():
    unreachable = program("a", 30, "stale", {"ethics": "body"}, stale=True, unreachable_since="2026-11-12T06:00:00Z",
                          last_confirmed=GOOD, reason="timed out")
    assert describe(unreachable).text == "unreachable since 2026-11-12 (timed out); findings last confirmed 2026-11-05"
    assert describe(unreachable).short == "unreachable since 2026-11-12; findings last confirmed 2026-11-05"
    blocked = program("b", 30, "blocked", {"ethics": "body"}, stale=True, last_confirmed=GOOD)
    assert describe(blocked).text == "blocked by robots.txt; findings last confirmed 2026-11-05"
    failing = program("c", 30, "stale", {"ethics": "body"}, stale=True, last_confirmed=GOOD, consecutive_failures=1,
                      reason="HTTP 500")
    assert describe(failing).text == "stale: latest crawl failed (HTTP 500); findings last confirmed 2026-11-05"
    assert describe(program("n", 0, "no_program", reason="not found in research")).text == "no certification program found"


def test_a_program_counts_as_read_only_when_a_crawl_read_some_page():
    assert was_read(program("a", 0, "ok", {}, pages=1))
    assert not was_read(program("b", 0, "failed", pages=0))
    assert not was_read(program("c", 0, "no_program", pages=0))
    assert was_crawled("failed") and not any(was_crawled(s) for s in UNCRAWLED)


def test_strengths_body_beats_navigation():
    assert strength_of_region("body") == strength_of_region("heading") == Strength.BODY
    assert strength_of_region("navigation") == strength_of_region("title") == Strength.NAVIGATION
    assert best_strength(["navigation", "body"]) == "body" and best_strength([]) is None


def test_a_change_reads_as_facts_then_concepts():
    from analyze.diff import diff_runs
    from tests.runs_factory import run, state

    old = run("r1", state("OH", 40, program("oh", 40, concepts={"ethics": "body", "gifts": "navigation"})))
    new = run("r2", state("OH", 55, program("oh", 55, "stale", {"gifts": "body", "boundaries": "body"}, stale=True,
                                           last_confirmed=GOOD)))
    (change,) = diff_runs(old, new).programs
    assert change_lines(change, str.upper) == [
        "score 40 → 55", "status ok → stale", "findings last confirmed 2026-11-05",
        "+ BOUNDARIES: now found (body text)", "- ETHICS: no longer found (was body text)",
        "~ GIFTS: navigation only → body text"]


STATUS_RULE = re.compile(r"""\(\s*["']no_program["']\s*,\s*["']not_crawled["']\s*\)""")


def test_no_module_or_template_repeats_the_uncrawled_rule():
    sources = [*ROOT.glob("*/*.py"), *ROOT.glob("report_templates/*.html")]
    offenders = [str(p.relative_to(ROOT)) for p in sources
                 if "tests" not in p.parts and STATUS_RULE.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
    assert "describe" in inspect.getsource(describe)  # the rule's one home is peerscan.vocabulary
