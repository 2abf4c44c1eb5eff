"""ProgramCrawl: one program's crawl — seeds and sitemaps into a focused frontier, then visits until budget or end.

Reads CrawlSettings; its parts (guard, robots gate, fetcher with redirects and retries, throttle, leaf policy,
renderer) are built once per program, and every decision bumps a counter of the program's CrawlLog.
"""

import asyncio
from collections.abc import Sequence
from dataclasses import replace

import httpx

from peerscan.registry import Program
from peerscan.vocabulary import CrawlStatus
from scrape.archive import WarcArchive, archive_path
from scrape.crawl_log import CrawlLog
from scrape.crawl_report import build_report
from scrape.extract_html import extract_html
from scrape.extract_settings import ExtractSettings
from scrape.fetch import Fetcher
from scrape.frontier import Entry, Frontier, drain_frontier
from scrape.guard import guard_for_seeds
from scrape.ocr import OCR_MISSING
from scrape.page import fetch_page, page_relevance, refused_record, utc_now
from scrape.records import CrawlReport, PageRecord
from scrape.render import CHROMIUM_MISSING, needs_rendering
from scrape.robots import Admission, RobotsGate, origin_of
from scrape.settings import CrawlSettings
from scrape.shared import RunShared
from scrape.sitemap import read_sitemaps
from scrape.urls import Scope, build_scope, canonicalize_url, host_key


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
            if p.error is None and p.url not in reached and p.url not in dropped and (p.leaf or scope.allows(p.url))]
    log.count("kept_from_earlier", len(kept))
    return kept


class ProgramCrawl:
    """One program's crawl: seeds and sitemaps into a focused frontier, then visit until budget or frontier ends.

    The parts are built once from the settings: guard (address checks), robots gate, fetcher (redirects,
    retries, throttle), leaf policy, renderer; each decision bumps a counter of the program's CrawlLog.
    """

    def __init__(self, program: Program, client: httpx.AsyncClient, settings: CrawlSettings, shared: RunShared,
                 previous_pages: Sequence[PageRecord], previous_report: CrawlReport | None) -> None:
        self.program, self.client, self.settings, self.shared = program, client, settings, shared
        self.previous_pages, self.previous_report = previous_pages, previous_report
        self.prior_by_url = {r.url: r for r in previous_pages}
        self.budget = program.max_pages or settings.max_pages
        self.started_at, self.log = utc_now(), CrawlLog()
        self.scope = build_scope(program.seeds, program.allow)
        self.frontier = Frontier(self.scope, shared.vocabulary, program.max_depth or settings.max_depth,
                                 settings.max_pages_per_pattern, settings.max_url_chars)
        self.records: list[PageRecord] = []
        self.failures: dict[str, str] = {}  # url -> one-line error of documents that could not be fetched
        self.refused: set[str] = set()  # urls whose site refused automated access
        self.problems: list[str] = []  # run-level reasons (robots.txt unavailable, internal error)
        self.notes: list[str] = []  # what could not be read here (no Chromium, no OCR)
        self.seeds_disallowed = 0
        self.disallowed: set[str] = set()  # robots.txt forbids these now: an earlier record of them is not kept
        self.archive: WarcArchive | None = None

    async def run(self) -> tuple[CrawlReport, list[PageRecord]]:
        """Crawl the program; failures are recorded, never raised."""
        if not self.program.program_found:
            return CrawlReport(self.program.id, self.shared.run_id, self.started_at, self.started_at, CrawlStatus.SKIPPED,
                               reason="registry lists no certification program here",
                               last_ok_at=self.previous_report.last_ok_at if self.previous_report else None), []
        if not self.program.has_official_page:
            # Only references are known for it (third-party pages): they are never crawled as its site.
            return CrawlReport(self.program.id, self.shared.run_id, self.started_at, self.started_at, CrawlStatus.SKIPPED,
                               reason="no official web page found; references are not crawled"), []
        guard = await guard_for_seeds(self.program.seeds, self.settings.allow_private_addresses, self.shared.resolver)
        self.fetcher = Fetcher(self.client, self.settings, self.shared.throttle, guard, self.log)
        self.gate = RobotsGate(self.shared.robots, self.fetcher, self.shared.throttle, self.settings)
        self.fetcher.hop_check = self.gate.check_hop
        if self.shared.archive_root is not None:
            self.archive = WarcArchive(archive_path(self.shared.archive_root, self.shared.run_id, self.program.id))
        for seed in self.program.seeds:
            self.frontier.add(seed, 0, seed=True)
        try:
            await self.queue_sitemaps()
            await drain_frontier(self.frontier, self.visit, lambda: self.budget - len(self.records),
                                 self.settings.pages_in_progress, self.on_bug)
        finally:
            if self.archive is not None:
                self.archive.commit()
        return self.finish()

    async def visit(self, entry: Entry) -> None:
        """Robots, fetch, render or OCR, extract one frontier entry, and queue its links (a leaf's are not)."""
        admission = await self.gate.admit(entry.url, entry.depth)
        if not admission.allowed:
            self.turn_away(entry, admission)
            return
        record, fetched = await fetch_page(self.fetcher, self.program.id, entry, self.prior_by_url.get(entry.url),
                                           self.archive)
        record = replace(record, linked_from=entry.linked_from, via_sitemap=entry.via_sitemap)
        if fetched.error is None and not record.reused:
            record = await self.render_if_needed(record, fetched.body)
        self.note(record)
        self.records.append(record)
        self.shared.on_page()
        if fetched.error is not None:
            self.failures[record.url] = fetched.error
            if fetched.error_kind == "access_refused" and not entry.leaf:
                # Only the program's own hosts refusing says the site refused us; a leaf's host (a Drive file,
                # a partner) answering 403 says nothing about the program's site.
                self.refused.add(record.url)
            prior = self.prior_by_url.get(entry.url)
            if prior is not None and prior.error is None and not entry.leaf:
                # The pages below a page that failed this time are still worth a visit: follow its last known links.
                self.queue_links(prior, entry.depth)
            return
        self.frontier.mark_seen(fetched.final_url)
        if entry.depth == 0 and host_key(fetched.final_url) not in self.scope.hosts:
            # A seed that moved to another host takes its scope along (agencies rename domains).
            self.scope = build_scope(self.program.seeds + (fetched.final_url,), self.program.allow)
            self.frontier.scope = self.scope
        if not entry.leaf:
            self.queue_links(record, entry.depth)

    def turn_away(self, entry: Entry, admission: Admission) -> None:
        """Record why a URL was not fetched: the guard refused its host, robots.txt was unavailable or forbids it."""
        if admission.kind == "refused":
            self.records.append(refused_record(self.program.id, entry, admission.reason or "refused"))
            self.failures[entry.url] = admission.reason or "refused"
        elif admission.kind == "unavailable":
            if admission.reason not in self.problems:
                self.problems.append(admission.reason or "robots.txt unavailable")
        elif admission.kind == "disallowed":
            self.seeds_disallowed += entry.depth == 0
            self.disallowed.add(entry.url)

    async def render_if_needed(self, record: PageRecord, body: bytes) -> PageRecord:
        """A page that needs JavaScript, rendered in Chromium: its DOM's text and links replace the HTML's."""
        if not needs_rendering(record, body, self.settings.render):
            return record
        renderer = self.shared.renderer
        if renderer is None or not renderer.available:
            self.log.count("render_unavailable")
            return replace(record, error=CHROMIUM_MISSING)
        # Not inside the page host's throttle turn: the page's own scripts take their turns on that host.
        rendered = await renderer.render(record.final_url, body, record.content_type, self.fetch_for_browser,
                                         self.log)
        if rendered.error:
            self.log.count("render_errors")
            return replace(record, error=rendered.error)
        self.log.count("rendered")
        if self.archive is not None:
            self.archive.write_rendered(record.final_url, rendered.html, record.fetched_at)
        extracted = extract_html(rendered.html, record.final_url, ExtractSettings())
        return replace(record, rendered=True, title=extracted.title or record.title, blocks=extracted.blocks,
                       links=extracted.links, error=extracted.error)

    async def fetch_for_browser(self, url: str) -> tuple[int, str | None, bytes] | None:
        """A rendering page's request, fetched like any document: guard, robots.txt, delay, caps; None if not."""
        admission = await self.gate.admit(url, 1)
        if not admission.allowed:
            return None
        fetched = await self.fetcher.fetch(url, count_status_errors=False)
        if fetched.status is None or fetched.error_kind not in (None, "http_status"):
            return None
        if self.archive is not None:  # what the script saw, so the rendered text can be traced to its bytes
            self.archive.write_response(fetched.final_url, fetched.status, fetched.reason_phrase, fetched.headers,
                                        fetched.body, utc_now())
        return fetched.status, fetched.header("content-type"), fetched.body

    def note(self, record: PageRecord) -> None:
        if record.error in (CHROMIUM_MISSING, OCR_MISSING) and record.error not in self.notes:
            self.notes.append(record.error)
        if any(block.ocr for block in record.blocks):
            self.log.count("ocr_documents")

    def queue_links(self, record: PageRecord, depth: int) -> None:
        """Links in scope join the frontier; links off-site join as leaves when the leaf policy picks them."""
        relevance = page_relevance(record, self.shared.vocabulary)
        for link in record.links:
            # Most links stay on the page's host: the cheap test first (canonicalizing every link costs ~20 µs).
            if (not self.settings.leaves or host_key(link.url) in self.scope.hosts
                    or self.scope.allows(canonicalize_url(link.url))):
                self.frontier.add(link.url, depth + 1, link.text, relevance)
                continue
            leaf, why = self.shared.leaf_policy.choose(link)
            if leaf is not None and self.frontier.add(leaf.url, depth + 1, link.text, relevance,
                                                      linked_from=record.final_url):
                self.log.count(why)
            elif why in ("leaf_never_follow", "leaf_third_party"):
                self.log.count(why)

    async def queue_sitemaps(self) -> None:
        """URLs of the seed hosts' sitemaps join the frontier at depth 1, ranked by their URL words."""
        if not self.settings.sitemaps:
            return
        for origin in dict.fromkeys(origin_of(seed) for seed in self.program.seeds):
            for url in await self.sitemap_urls(origin):
                if self.frontier.add(url, 1, via_sitemap=True):
                    self.log.count("sitemap_queued")

    async def sitemap_urls(self, origin: str) -> list[str]:
        """The origin's sitemap URLs, read once per run (programs on one host share them)."""
        if origin not in self.shared.sitemaps:
            self.shared.sitemaps[origin] = asyncio.ensure_future(self._read_sitemaps(origin))
        try:
            return await asyncio.shield(self.shared.sitemaps[origin])
        except Exception as exc:  # noqa: BLE001 - a broken sitemap costs its URLs, never the crawl
            self.on_bug(exc)
            return []

    async def _read_sitemaps(self, origin: str) -> list[str]:
        rules = await self.gate.rules(origin + "/")
        if rules.unavailable_reason or rules.refused_reason:
            return []
        return await read_sitemaps(origin, rules.sitemaps(), self.fetcher, self.settings,
                                   lambda url: rules.allows(url, self.settings.user_agent), self.log)

    def on_bug(self, exc: Exception) -> None:
        self.log.count("internal_errors")
        reason = f"internal error: {type(exc).__name__}: {exc}"
        if reason not in self.problems:
            self.problems.append(reason)

    def finish(self) -> tuple[CrawlReport, list[PageRecord]]:
        """The program's report, and its records with last good ones kept where this crawl failed."""
        for why, count in self.frontier.skipped.items():
            self.log.count(f"skipped_{why}", count)
        records = _keep_last_good(self.records, self.failures, self.prior_by_url, self.log)
        report = build_report(self.program, self.shared.run_id, self.started_at, records, self.failures,
                              self.problems, self.seeds_disallowed, self.log, self.previous_report,
                              refused=len(self.refused), notes=tuple(self.notes))
        if report.status != "partial":
            return report, records
        # What a partial crawl did not reach may sit behind its failure: it keeps its last good record.
        kept = _keep_unreached(records, self.previous_pages, self.disallowed, self.scope, self.log)
        return replace(report, counters=self.log.snapshot()), records + kept
