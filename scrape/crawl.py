"""The crawl stage: crawl_programs() crawls every program concurrently into data/pages/, crawl_program() one.

Reads CrawlSettings and data/crawl_vocabulary.yaml; writes <id>.jsonl (only after a crawl that fetched something),
<id>.crawl.json always, and data/archive/<run-id>/<id>.warc.gz when settings.archive.
"""

import asyncio
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from peerscan.registry import Program
from scrape.archive import WarcArchive, archive_path
from scrape.crawl_log import CrawlLog
from scrape.crawl_report import build_report
from scrape.fetch import Fetcher
from scrape.frontier import Entry, Frontier, Vocabulary, drain_frontier, load_vocabulary
from scrape.guard import guard_for_seeds
from scrape.page import fetch_page, page_relevance, refused_record, utc_now
from scrape.records import CrawlReport, PageRecord, read_pages, read_report, write_pages, write_report
from scrape.robots import RobotsCache
from scrape.settings import CrawlSettings
from scrape.throttle import HostThrottle
from scrape.transport import GuardedTransport
from scrape.urls import Scope, build_scope, host_key


@dataclass(frozen=True)
class CrawlSummary:
    """The reports of one crawl run, for the CLI's summary and exit status."""

    reports: tuple[CrawlReport, ...]

    @property
    def failed(self) -> bool:
        """True when any program failed or was blocked."""
        return any(r.status in ("failed", "blocked") for r in self.reports)

    def text(self) -> str:
        """One line per failed/blocked program with its reason, then totals."""
        lines = [f"{r.program_id}: {r.status} — {r.reason}" for r in self.reports if r.status in ("failed", "blocked")]
        by_status = {s: sum(1 for r in self.reports if r.status == s) for s in ("ok", "partial", "failed", "blocked", "skipped")}
        pages = sum(r.pages_ok for r in self.reports)
        requests = sum(r.counters.get("requests", 0) for r in self.reports)
        totals = ", ".join(f"{n} {s}" for s, n in by_status.items() if n)
        lines.append(f"crawled {len(self.reports)} programs ({totals or 'none'}): {pages} documents, {requests} requests")
        return "\n".join(lines)


@dataclass
class RunShared:
    """What the programs of one run share: throttle, robots cache, vocabulary, run id, archive root."""

    throttle: HostThrottle
    robots: RobotsCache
    vocabulary: Vocabulary
    run_id: str
    archive_root: Path | None = None  # the data dir whose archive/ receives WARC files; None: no archive
    on_page: Callable[[], None] = field(default=lambda: None)

    @classmethod
    def for_settings(cls, settings: CrawlSettings, archive_root: Path | None = None,
                     on_page: Callable[[], None] = lambda: None, run_id: str | None = None) -> "RunShared":
        return cls(HostThrottle(settings.delay_s if settings.polite else 0.0), RobotsCache(), load_vocabulary(),
                   run_id or make_run_id(), archive_root if settings.archive else None, on_page)


def make_run_id() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M%SZ")


def make_client(settings: CrawlSettings) -> httpx.AsyncClient:
    """The run's HTTP client: our User-Agent, our timeouts, no automatic redirects, no proxy from the environment.

    Its transport connects only to addresses the requesting program's guard checked (scrape/transport.py).
    """
    timeout = httpx.Timeout(connect=settings.connect_timeout_s, read=settings.read_timeout_s,
                            write=settings.read_timeout_s, pool=None)
    limits = httpx.Limits(max_connections=max(settings.concurrency * 2, 10), max_keepalive_connections=settings.concurrency * 2)
    headers = {"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate",
               "Accept": "text/html,application/xhtml+xml,application/pdf,*/*;q=0.8"}
    return httpx.AsyncClient(timeout=timeout, headers=headers, follow_redirects=False, trust_env=False,
                             transport=GuardedTransport(limits))


def _keep_last_good(records: list[PageRecord], failures: dict[str, str], prior_by_url: dict[str, PageRecord],
                    log: CrawlLog) -> list[PageRecord]:
    """A document that failed this time keeps its last good record (its old fetched_at shows its age)."""
    kept = []
    for record in records:
        prior = prior_by_url.get(record.url)
        if record.url in failures and prior is not None and prior.error is None:
            log.count("kept_previous")
            record = prior
        kept.append(record)
    return kept


def _keep_unreached(records: list[PageRecord], previous_pages: Sequence[PageRecord], dropped: set[str],
                    scope: Scope, log: CrawlLog) -> list[PageRecord]:
    """Earlier good records a partial crawl did not reach (behind a failed page or host), unchanged.

    Their old fetched_at says they were not confirmed now; documents robots.txt now disallows, or out of scope, go.
    """
    reached = {r.url for r in records} | {r.final_url for r in records}
    kept = [p for p in previous_pages
            if p.error is None and p.url not in reached and p.url not in dropped and scope.allows(p.url)]
    log.count("kept_from_earlier", len(kept))
    return kept


async def crawl_program(program: Program, client: httpx.AsyncClient, settings: CrawlSettings,
                        shared: RunShared | None = None, previous_pages: Sequence[PageRecord] = (),
                        previous_report: CrawlReport | None = None) -> tuple[CrawlReport, list[PageRecord]]:
    """Crawl one program from its seeds within its scope and budget; failures are recorded, never raised."""
    shared = shared or RunShared.for_settings(settings)
    started_at, log = utc_now(), CrawlLog()
    if not program.program_found:
        return CrawlReport(program.id, shared.run_id, started_at, started_at, "skipped",
                           reason="registry lists no certification program here",
                           last_ok_at=previous_report.last_ok_at if previous_report else None), []
    if not program.has_official_page:
        # Only references are known for it (third-party pages): they are never crawled as its site.
        return CrawlReport(program.id, shared.run_id, started_at, started_at, "skipped",
                           reason="no official web page found; references are not crawled"), []
    scope = build_scope(program.seeds, program.allow)
    guard = await guard_for_seeds(program.seeds, settings.allow_private_addresses)
    fetcher = Fetcher(client, settings, shared.throttle, guard, log)

    async def robots_allow_hop(url: str) -> str | None:
        """A redirect hop to another host obeys that host's robots.txt too."""
        rules = await shared.robots.rules_for(url, fetcher)
        if rules.unavailable_reason or rules.refused_reason or not rules.allows(url, settings.user_agent):
            log.count("robots_blocked_redirects")
            return f"redirect to {url} not followed: robots.txt " + (
                "disallows it" if not (rules.unavailable_reason or rules.refused_reason) else "unavailable")
        shared.throttle.set_crawl_delay(host_key(url), min(rules.crawl_delay_s(settings.user_agent) or 0.0,
                                                           settings.max_crawl_delay_s))
        return None

    fetcher.hop_check = robots_allow_hop
    frontier = Frontier(scope, shared.vocabulary, program.max_depth or settings.max_depth,
                        settings.max_pages_per_pattern, settings.max_url_chars)
    for seed in program.seeds:
        frontier.add(seed, 0, seed=True)
    prior_by_url = {r.url: r for r in previous_pages}
    budget = program.max_pages or settings.max_pages
    archive = None
    if shared.archive_root is not None:
        archive = WarcArchive(archive_path(shared.archive_root, shared.run_id, program.id))
    records: list[PageRecord] = []
    failures: dict[str, str] = {}
    problems: list[str] = []
    seeds_disallowed = 0
    disallowed: set[str] = set()  # robots.txt forbids these now: an earlier record of them is not kept

    async def visit(entry: Entry) -> None:
        """Robots, fetch, extract one frontier entry, and queue its links."""
        nonlocal seeds_disallowed, scope
        rules = await shared.robots.rules_for(entry.url, fetcher)
        if rules.refused_reason:
            records.append(refused_record(program.id, entry, rules.refused_reason))
            failures[entry.url] = rules.refused_reason
            return
        if rules.unavailable_reason:
            log.count("robots_unavailable")
            if rules.unavailable_reason not in problems:
                problems.append(rules.unavailable_reason)
            return
        if not rules.allows(entry.url, settings.user_agent):
            log.count("robots_blocked")
            seeds_disallowed += entry.depth == 0
            disallowed.add(entry.url)
            return
        crawl_delay_s = rules.crawl_delay_s(settings.user_agent) or 0.0
        if crawl_delay_s > settings.max_crawl_delay_s and entry.depth > 0:
            # Waiting that long per page would stall the run; the site asked for few visits, so: seeds only.
            log.count("skipped_crawl_delay_too_long")
            return
        shared.throttle.set_crawl_delay(host_key(entry.url), min(crawl_delay_s, settings.max_crawl_delay_s))
        record, fetched = await fetch_page(fetcher, program.id, entry, prior_by_url.get(entry.url), archive)
        records.append(record)
        shared.on_page()
        if fetched.error is not None:
            failures[record.url] = fetched.error
            prior = prior_by_url.get(entry.url)
            if prior is not None and prior.error is None:
                # The pages below a page that failed this time are still worth a visit: follow its last known links.
                queue_links(prior, entry.depth)
            return
        frontier.mark_seen(fetched.final_url)
        if entry.depth == 0 and host_key(fetched.final_url) not in scope.hosts:
            # A seed that moved to another host takes its scope along (agencies rename domains).
            scope = build_scope(program.seeds + (fetched.final_url,), program.allow)
            frontier.scope = scope
        queue_links(record, entry.depth)

    def queue_links(record: PageRecord, depth: int) -> None:
        relevance = page_relevance(record, shared.vocabulary)
        for link in record.links:
            frontier.add(link.url, depth + 1, link.text, relevance)

    def on_bug(exc: Exception) -> None:
        log.count("internal_errors")
        reason = f"internal error: {type(exc).__name__}: {exc}"
        if reason not in problems:
            problems.append(reason)

    try:
        await drain_frontier(frontier, visit, lambda: budget - len(records), settings.pages_in_progress, on_bug)
    finally:
        if archive is not None:
            archive.commit()
    for why, count in frontier.skipped.items():
        log.count(f"skipped_{why}", count)
    records = _keep_last_good(records, failures, prior_by_url, log)
    report = build_report(program, shared.run_id, started_at, records, failures, problems, seeds_disallowed,
                          log, previous_report)
    if report.status != "partial":
        return report, records
    # What a partial crawl did not reach may sit behind its failure: it keeps its last good record.
    kept = _keep_unreached(records, previous_pages, disallowed, scope, log)
    return replace(report, counters=log.snapshot()), records + kept


async def _crawl_and_save(program: Program, client: httpx.AsyncClient, settings: CrawlSettings, shared: RunShared,
                          data_dir: Path, gate: asyncio.Semaphore) -> CrawlReport:
    async with gate:
        previous_report = read_report(data_dir, program.id)
        report, records = await crawl_program(program, client, settings, shared, read_pages(data_dir, program.id),
                                              previous_report)
        if report.status in ("ok", "partial"):
            write_pages(data_dir, program.id, records)
        write_report(data_dir, report)
        return report


async def crawl_all(programs: Sequence[Program], data_dir: Path, settings: CrawlSettings,
                    on_page: Callable[[], None] = lambda: None,
                    on_program: Callable[[CrawlReport], None] = lambda r: None,
                    run_id: str | None = None) -> CrawlSummary:
    """Crawl programs concurrently (settings.concurrency at once), saving each as it finishes."""
    async with make_client(settings) as client:
        shared = RunShared.for_settings(settings, data_dir, on_page, run_id)
        gate = asyncio.Semaphore(max(1, settings.concurrency))

        async def one(program: Program) -> CrawlReport:
            report = await _crawl_and_save(program, client, settings, shared, data_dir, gate)
            on_program(report)
            return report

        reports = await asyncio.gather(*(one(p) for p in programs))
    return CrawlSummary(tuple(reports))


def crawl_programs(programs: Sequence[Program], data_dir: Path, settings: CrawlSettings,
                   console: Console | None = None, run_id: str | None = None) -> CrawlSummary:
    """Crawl the programs into data_dir/pages/ (WARC into archive/<run_id>/), with progress on console when given."""
    data_dir = Path(data_dir)
    if console is None:
        return asyncio.run(crawl_all(programs, data_dir, settings, run_id=run_id))
    columns = (TextColumn("[bold]crawl[/]"), BarColumn(), MofNCompleteColumn(), TextColumn("programs"),
               TextColumn("· {task.fields[pages]} pages"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("crawl", total=len(programs), pages=0)
        pages = [0]

        def on_page() -> None:
            pages[0] += 1
            progress.update(task, pages=pages[0])

        return asyncio.run(crawl_all(programs, data_dir, settings, on_page,
                                     lambda report: progress.advance(task), run_id))

