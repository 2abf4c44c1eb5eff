"""Staleness rules: a failed crawl keeps the last good findings (stale), N failures flag "unreachable since"."""

import pytest

from analyze.staleness import StalenessSettings, program_state
from peerscan.vocabulary import describe
from scrape.records import CrawlReport
from tests.runs_factory import program

GOOD = "2026-11-05T06:20:00Z"


def report(status: str, failures: int = 0, last_ok: str | None = GOOD, since: str | None = None,
           reason: str = "", **extra) -> CrawlReport:
    return CrawlReport(program_id="pa-cps", run_id="2026-11-26T0600Z", started_at="2026-11-26T06:00:00Z",
                       finished_at="2026-11-26T06:30:00Z", status=status, reason=reason,
                       last_ok_at=last_ok, consecutive_failures=failures, failing_since=since, **extra)


def test_a_registry_row_without_a_program_is_not_crawled_at_all():
    assert program_state(None, program_found=False, has_pages=False).status == "no_program"


def test_a_program_never_crawled_says_so():
    assert program_state(None, program_found=True, has_pages=False).status == "not_crawled"


@pytest.mark.parametrize("status", ["ok", "partial"])
def test_a_good_crawl_confirms_the_findings_now(status):
    state = program_state(report(status), True, True)
    assert (state.status, state.stale, state.last_confirmed) == (status, False, "2026-11-26T06:30:00Z")
    assert state.last_checked == "2026-11-26T06:30:00Z"


def test_a_failed_crawl_with_earlier_pages_keeps_them_stale_with_the_date_last_confirmed():
    state = program_state(report("failed", 1, since="2026-11-26T06:00:00Z", reason="connection refused"), True, True)
    assert (state.status, state.stale, state.last_confirmed) == ("stale", True, GOOD)
    assert state.unreachable_since is None
    assert state.reason == "connection refused"


def test_a_failed_first_crawl_has_nothing_to_keep_and_is_failed():
    state = program_state(report("failed", 1, last_ok=None, since="2026-11-26T06:00:00Z"), True, False)
    assert (state.status, state.stale, state.last_confirmed) == ("failed", False, None)


def test_the_third_failure_in_a_row_flags_unreachable_since_the_first_one():
    since = "2026-11-12T06:00:00Z"
    assert program_state(report("failed", 2, since=since), True, True).unreachable_since is None
    third = program_state(report("failed", 3, since=since), True, True)
    assert (third.status, third.stale, third.unreachable_since) == ("stale", True, since)
    assert program_state(report("failed", 3, last_ok=None, since=since), True, False).unreachable_since == since


def test_the_failure_count_before_unreachable_is_a_setting():
    strict = StalenessSettings(unreachable_after_runs=1)
    state = program_state(report("failed", 1, since="2026-11-26T06:00:00Z"), True, True, strict)
    assert state.unreachable_since == "2026-11-26T06:00:00Z"


def test_robots_blocking_is_never_called_unreachable_and_keeps_its_own_status():
    state = program_state(report("blocked", 5, since="2026-10-01T06:00:00Z", reason="robots.txt disallows /"),
                          True, True)
    assert (state.status, state.stale, state.last_confirmed, state.unreachable_since) == ("blocked", True, GOOD, None)
    fresh = program_state(report("blocked", 1, last_ok=None), True, False)
    assert (fresh.status, fresh.stale) == ("blocked", False)


def test_a_robots_txt_that_cannot_be_fetched_is_an_outage_not_a_block():
    down = report("blocked", 3, since="2026-11-12T06:00:00Z", counters={"robots_unavailable": 1},
                  reason="robots.txt unavailable (HTTP 503); host not crawled this run")
    state = program_state(down, True, True)
    assert (state.status, state.stale, state.unreachable_since) == ("stale", True, "2026-11-12T06:00:00Z")


def test_a_skipped_program_keeps_earlier_findings_as_stale_without_counting_a_failure():
    state = program_state(report("skipped"), True, True)
    assert (state.status, state.stale, state.unreachable_since) == ("stale", True, None)
    assert program_state(report("skipped", last_ok=None), True, False).status == "not_crawled"


def test_a_partial_crawl_says_how_many_documents_it_kept_from_an_earlier_crawl():
    partial = report("partial", reason="1 of 4 documents failed, e.g. https://x/mid: HTTP 500",
                     counters={"kept_previous": 1, "kept_from_earlier": 2})
    state = program_state(partial, True, True)
    assert (state.status, state.last_confirmed) == ("partial", "2026-11-26T06:30:00Z")
    assert state.reason == ("1 of 4 documents failed, e.g. https://x/mid: HTTP 500; "
                            "3 documents kept from an earlier crawl")
    host_down = report("partial", reason="robots.txt unavailable (HTTP 503); host not crawled this run",
                       counters={"kept_from_earlier": 1})
    assert program_state(host_down, True, True).reason.endswith("; 1 document kept from an earlier crawl")
    assert program_state(report("partial", reason="r"), True, True).reason == "r"


def test_a_program_without_an_official_page_is_neither_crawled_nor_stale():
    state = program_state(report("failed"), program_found=True, has_pages=True, has_official_page=False)
    assert state.status == "no_official_page" and not state.stale
    assert describe(program("x", None, "no_official_page", reason=state.reason)).text == "no official web page found"
