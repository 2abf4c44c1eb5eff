"""The crawl summary as a person reads it after `peerscan crawl` or `peerscan run` (the stage returns data only)."""

from peerscan.vocabulary import CrawlStatus
from scrape.crawl import PROBLEM_STATUSES, CrawlSummary

OFFLINE_HINT = ("no host resolved: this machine seems to have no network or DNS, so nothing was crawled. "
                "For an offline tour, run `peerscan demo`.")


def crawl_summary_text(summary: CrawlSummary) -> str:
    """One line per failed/blocked/refused program with its reason, the notes, then totals."""
    reports = summary.reports
    lines = [] if summary.offline else [f"{r.program_id}: {r.status} — {r.reason}" for r in reports
                                        if r.status in PROBLEM_STATUSES]
    lines += [f"{r.program_id}: {note}" for r in reports for note in r.notes]
    by_status = {s: sum(1 for r in reports if r.status == s) for s in CrawlStatus}
    pages = sum(r.pages_ok for r in reports)
    requests = sum(r.counters.get("requests", 0) for r in reports)
    totals = ", ".join(f"{n} {s}" for s, n in by_status.items() if n)
    lines.append(f"crawled {len(reports)} programs ({totals or 'none'}): {pages} documents, {requests} requests")
    if summary.offline:
        lines.append(OFFLINE_HINT)
    return "\n".join(lines)
