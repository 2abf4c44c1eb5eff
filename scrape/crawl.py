"""The crawl stage: crawl_programs() crawls every program concurrently into data/pages/, crawl_program() one.

Reads CrawlSettings and data/crawl_vocabulary.yaml; writes <id>.jsonl (only after a crawl that fetched something),
<id>.crawl.json always, and data/archive/<run-id>/<id>.warc.gz when settings.archive.
"""

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from peerscan.registry import Program
from peerscan.vocabulary import CrawlStatus
from scrape.guard import Resolver
from scrape.program import ProgramCrawl
from scrape.records import CrawlReport, PageRecord, read_pages, read_report, write_pages, write_report
from scrape.settings import CrawlSettings
from scrape.shared import RunShared
from scrape.transport import GuardedTransport


@dataclass(frozen=True)
class CrawlSummary:
    """The reports of one crawl run: the CLI words them (peerscan_cli.crawl_text) and sets the exit status."""

    reports: tuple[CrawlReport, ...]
    run_id: str = ""
    offline: bool = False  # not one seed host resolved

    @property
    def failed(self) -> bool:
        """True when any program failed, was blocked or was refused."""
        return any(r.status in PROBLEM_STATUSES for r in self.reports)


PROBLEM_STATUSES = (CrawlStatus.FAILED, CrawlStatus.BLOCKED, CrawlStatus.REFUSED)


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


async def crawl_program(program: Program, client: httpx.AsyncClient, settings: CrawlSettings,
                        shared: RunShared | None = None, previous_pages: Sequence[PageRecord] = (),
                        previous_report: CrawlReport | None = None) -> tuple[CrawlReport, list[PageRecord]]:
    """Crawl one program from its seeds within its scope and budget; failures are recorded, never raised."""
    own = shared is None
    shared = shared or RunShared.for_settings(settings)
    try:
        return await ProgramCrawl(program, client, settings, shared, previous_pages, previous_report).run()
    finally:
        if own:
            await shared.close()


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


async def _any_seed_resolves(programs: Sequence[Program], resolver: Resolver) -> bool:
    """Whether at least one seed host resolves (all looked up at once: offline, that takes one DNS timeout)."""
    hosts = {(urlsplit(seed).hostname or "", urlsplit(seed).port or (443 if seed.startswith("https") else 80))
             for p in programs if p.program_found for seed in p.seeds}
    if not hosts:
        return True
    answers = await asyncio.gather(*(resolver.resolve(host, port) for host, port in hosts), return_exceptions=True)
    return any(not isinstance(answer, BaseException) for answer in answers)


async def crawl_all(programs: Sequence[Program], data_dir: Path, settings: CrawlSettings,
                    on_page: Callable[[], None] = lambda: None,
                    on_program: Callable[[CrawlReport], None] = lambda r: None,
                    run_id: str | None = None) -> CrawlSummary:
    """Crawl programs concurrently (settings.concurrency at once), saving each as it finishes."""
    async with make_client(settings) as client:
        shared = RunShared.for_settings(settings, data_dir, on_page, run_id)
        try:
            online = await _any_seed_resolves(programs, shared.resolver)
            gate = asyncio.Semaphore(max(1, settings.concurrency))

            async def one(program: Program) -> CrawlReport:
                report = await _crawl_and_save(program, client, settings, shared, data_dir, gate)
                on_program(report)
                return report

            reports = await asyncio.gather(*(one(p) for p in programs))
        finally:
            await shared.close()
    return CrawlSummary(tuple(reports), shared.run_id, offline=not online)


def crawl_programs(programs: Sequence[Program], data_dir: Path, settings: CrawlSettings,
                   console: Console | None = None, run_id: str | None = None) -> CrawlSummary:
    """Crawl the programs into data_dir/pages/, showing progress on console when given.

    run_id names data_dir/archive/<run-id>/ (the CLI passes the run's one id; default: the current UTC time).
    """
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
