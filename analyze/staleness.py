"""Crawl status → program status: stale findings, unreachable flags, robots blocks (rules of DESIGN.md).

A failed crawl never erases the last good pages (scrape/ keeps them), so a failed program's findings
come from those pages and are shown as stale, with the date they were last confirmed.
"""

from dataclasses import dataclass

from analyze.results import ProgramResult
from scrape.records import CrawlReport

# What a reader needs to tell apart; one per program, derived from its status and flags (see condition_of).
CONDITIONS = ("ok", "partial", "nothing_found", "stale", "blocked", "refused", "unreachable", "failed",
              "not_crawled", "no_official_page", "no_program")


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
        return ProgramState("no_program", reason="no certification program found in the registry research")
    if not has_official_page:
        # Pages crawled before its seeds were found to be third parties' say nothing about the state: dropped.
        return ProgramState("no_official_page", reason="no official web page found; only sources about it")
    if report is None:
        return ProgramState("not_crawled", reason="not crawled yet")
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
        return ProgramState("not_crawled", **common)
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


def condition_of(program: ProgramResult) -> str:
    """One word for a program's situation (see CONDITIONS): unreachable, blocked and nothing found kept apart."""
    if program.status in ("no_program", "no_official_page", "not_crawled"):
        return program.status
    if program.unreachable_since:
        return "unreachable"
    if program.status in ("blocked", "refused", "stale", "failed"):
        return program.status
    if not program.concepts:
        return "nothing_found"
    return program.status


def _day(stamp: str | None) -> str:
    return (stamp or "?")[:10]


def describe_condition(program: ProgramResult) -> str:
    """A short phrase for people (CLI output, run summary): what happened and since when."""
    condition = condition_of(program)
    text = {
        "ok": "crawled",
        "partial": "crawled, some documents failed",
        "nothing_found": f"crawled {program.pages} documents, no ethics or boundary content found",
        "stale": "latest crawl failed" if program.consecutive_failures else "not confirmed by the latest crawl",
        "blocked": "blocked by robots.txt",
        "refused": "refused",  # the reason says how: "the site refused automated access (HTTP 403)"
        "unreachable": f"unreachable since {_day(program.unreachable_since)}",
        "failed": "crawl failed, no earlier findings",
        "not_crawled": "not crawled yet",
        "no_official_page": "no official web page found",
        "no_program": "no certification program found",
    }.get(condition, condition)
    if program.reason and condition not in ("ok", "nothing_found", "no_program", "no_official_page"):
        text += f" ({program.reason})"
    if program.stale and program.last_confirmed:
        text += f"; findings last confirmed {_day(program.last_confirmed)}"
    return text
