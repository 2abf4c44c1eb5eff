"""Crawl status → program status: stale findings, unreachable flags, robots blocks (rules of DESIGN.md).

A failed crawl never erases the last good pages (scrape/ keeps them), so a failed program's findings
come from those pages and are shown as stale, with the date they were last confirmed.
"""

from dataclasses import dataclass

from scrape.records import CrawlReport


@dataclass(frozen=True)
class StalenessSettings:
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
                  settings: StalenessSettings = StalenessSettings()) -> ProgramState:
    """Decide a program's status from its last crawl report and whether older pages exist."""
    if not program_found:
        return ProgramState("no_program", reason="no certification program found in the registry research")
    if report is None:
        return ProgramState("not_crawled", reason="not crawled yet")
    common = dict(last_checked=report.finished_at, consecutive_failures=report.consecutive_failures,
                  reason=report.reason)
    if report.status in ("ok", "partial"):
        return ProgramState(report.status, last_confirmed=report.finished_at, **common)
    unreachable = (report.failing_since
                   if report.consecutive_failures >= settings.unreachable_after_runs else None)
    if has_pages and report.last_ok_at:
        return ProgramState("stale", stale=True, last_confirmed=report.last_ok_at,
                            unreachable_since=unreachable, **common)
    return ProgramState(report.status, unreachable_since=unreachable, **common)
