"""Crawl status → program status: stale findings, unreachable flags, robots blocks (DESIGN.md; words in vocabulary).

A failed crawl never erases the last good pages (scrape/ keeps them), so a failed program's findings
come from those pages and are shown as stale, with the date they were last confirmed.
"""

from dataclasses import dataclass

from peerscan.vocabulary import ProgramStatus
from scrape.records import CrawlReport


@dataclass(frozen=True)
class StalenessSettings:
    """How long failures are tolerated; the one home of these rules' knobs (analyze settings embed it)."""

    unreachable_after_runs: int = 3  # consecutive failed crawls before the site says "unreachable since"


@dataclass(frozen=True)
class ProgramState:
    """What the results say about a program's crawl."""

    status: str
    stale: bool = False
    last_checked: str | None = None
    last_confirmed: str | None = None
    unreachable_since: str | None = None
    consecutive_failures: int = 0
    reason: str = ""


def program_state(report: CrawlReport | None, program_found: bool, has_pages: bool,
                  settings: StalenessSettings = StalenessSettings(), has_official_page: bool = True) -> ProgramState:
    """Decide a program's status from its last crawl report and whether older pages exist."""
    if not program_found:
        return ProgramState(ProgramStatus.NO_PROGRAM, reason="no certification program found in the registry research")
    if not has_official_page:
        # Pages crawled before its seeds were found to be third parties' say nothing about the state: dropped.
        return ProgramState(ProgramStatus.NO_OFFICIAL_PAGE, reason="no official web page found; only sources about it")
    if report is None:
        return ProgramState(ProgramStatus.NOT_CRAWLED, reason="not crawled yet")
    common = dict(last_checked=report.finished_at, consecutive_failures=report.consecutive_failures,
                  reason=report.reason)
    if report.status in ("ok", "partial"):
        return ProgramState(report.status, last_confirmed=report.finished_at,
                            **{**common, "reason": _with_kept(report)})
    kept = has_pages and bool(report.last_ok_at)
    crawl_status = report.status
    if crawl_status == "blocked" and report.counters.get("robots_unavailable") and not report.robots_blocked:
        # The crawler stops at a robots.txt that errors or times out (5xx, network): that is an outage of
        # the site, not a rule against us, so it counts toward "unreachable".
        crawl_status = "failed"
    if crawl_status == "skipped":
        # Not attempted this run (e.g. --only): nothing failed, but the findings were not re-confirmed.
        if kept:
            return ProgramState("stale", stale=True, last_confirmed=report.last_ok_at, **common)
        return ProgramState(ProgramStatus.NOT_CRAWLED, **common)
    # A robots.txt block is the site's choice, not an outage: never call it unreachable.
    unreachable = None
    if crawl_status == "failed" and report.consecutive_failures >= settings.unreachable_after_runs:
        unreachable = report.failing_since or report.started_at
    # Blocked and refused keep their own status (with stale findings) so readers see why the data is old.
    status = crawl_status if crawl_status in ("blocked", "refused") else "stale" if kept else crawl_status
    if kept:
        return ProgramState(status, stale=True, last_confirmed=report.last_ok_at,
                            unreachable_since=unreachable, **common)
    return ProgramState(status, unreachable_since=unreachable, **common)


def _with_kept(report: CrawlReport) -> str:
    """The report's reason, plus how many documents a partial crawl kept from earlier crawls (not confirmed now)."""
    kept = report.counters.get("kept_previous", 0) + report.counters.get("kept_from_earlier", 0)
    if report.status != "partial" or not kept:
        return report.reason
    note = f"{kept} document{'s' if kept != 1 else ''} kept from an earlier crawl"
    return f"{report.reason}; {note}" if report.reason else note
