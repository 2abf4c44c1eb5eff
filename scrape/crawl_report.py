"""build_report(): a program's CrawlReport — status, one-line reason, counters and failure streak.

ok / partial / failed / blocked / refused as DESIGN.md defines them: blocked only when robots.txt rules forbid the
seeds; a robots.txt that cannot be fetched (DNS, connection, 5xx) is a failure. A failed run counts the streak.
"""

from peerscan.registry import Program
from peerscan.vocabulary import CrawlStatus
from scrape.crawl_log import CrawlLog
from scrape.page import utc_now
from scrape.records import CrawlReport, PageRecord


def _one_line(text: str, limit: int = 300) -> str:
    return " ".join(text.split())[:limit]


def _first_failure(records: list[PageRecord], failures: dict[str, str]) -> str:
    for record in records:
        if record.url in failures:
            return f"{record.url}: {failures[record.url]}"
    return "no document could be fetched"


def build_report(program: Program, run_id: str, started_at: str, records: list[PageRecord],
                 failures: dict[str, str], problems: list[str], seeds_disallowed: int, log: CrawlLog,
                 previous: CrawlReport | None, refused: int = 0, notes: tuple[str, ...] = ()) -> CrawlReport:
    """Status, one-line reason and failure streak of one program's crawl.

    problems are run-level reasons (robots.txt unavailable, internal error); failures are per-document errors.
    """
    ok = [r for r in records if r.url not in failures]
    problems = [_one_line(p) for p in problems]
    now = utc_now()
    counters = log.snapshot()
    if ok:
        status = CrawlStatus.PARTIAL if failures or problems else CrawlStatus.OK
        reason = ""
        if failures:
            reason = f"{len(failures)} of {len(records)} documents failed, e.g. {_first_failure(records, failures)}"
        elif problems:
            reason = problems[0]
        return CrawlReport(program.id, run_id, started_at, now, status, len(ok), len(failures),
                           log.get("robots_blocked"), _one_line(reason), counters, last_ok_at=now, notes=notes)
    blocked = seeds_disallowed > 0 and not records
    status = CrawlStatus.BLOCKED if blocked else CrawlStatus.REFUSED if refused else CrawlStatus.FAILED
    if blocked:
        reason = "robots.txt disallows every seed URL"
    elif refused:
        reason = next(failures[r.url] for r in records if r.url in failures and "refused automated" in failures[r.url])
    elif problems:
        reason = problems[0]
    else:
        reason = _first_failure(records, failures)
    return CrawlReport(
        program.id, run_id, started_at, now, status, 0, len(failures),
        log.get("robots_blocked"), _one_line(reason), counters,
        last_ok_at=previous.last_ok_at if previous else None,
        consecutive_failures=(previous.consecutive_failures if previous else 0) + 1,
        failing_since=(previous.failing_since if previous else None) or started_at, notes=notes,
    )
