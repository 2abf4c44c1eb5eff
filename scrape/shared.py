"""RunShared: what the programs of one crawl run share (throttle, DNS, robots, sitemaps, browser, run id, archive)."""

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from peerscan.third_parties import load_third_party_hosts
from scrape.frontier import Vocabulary, load_vocabulary
from scrape.guard import Resolver
from scrape.leaves import LeafPolicy
from scrape.render import Renderer
from scrape.robots import RobotsCache
from scrape.settings import CrawlSettings
from scrape.throttle import HostThrottle


@dataclass
class RunShared:
    """What the programs of one run share: throttle, DNS, robots, sitemaps, browser, vocabulary, run id, archive."""

    throttle: HostThrottle
    robots: RobotsCache
    vocabulary: Vocabulary
    run_id: str
    archive_root: Path | None = None  # the data dir whose archive/ receives WARC files; None: no archive
    on_page: Callable[[], None] = field(default=lambda: None)
    resolver: Resolver | None = None
    renderer: Renderer | None = None
    leaf_policy: LeafPolicy | None = None
    sitemaps: dict[str, asyncio.Future] = field(default_factory=dict)  # origin -> its sitemap URLs

    @classmethod
    def for_settings(cls, settings: CrawlSettings, archive_root: Path | None = None,
                     on_page: Callable[[], None] = lambda: None, run_id: str | None = None) -> "RunShared":
        vocabulary = load_vocabulary()
        return cls(HostThrottle(settings.delay_s if settings.polite else 0.0), RobotsCache(), vocabulary,
                   run_id or make_run_id(), archive_root if settings.archive else None, on_page,
                   Resolver(settings.dns_workers), Renderer(settings),
                   LeafPolicy(vocabulary, settings.leaf_min_relevance, vocabulary.never_follow,
                              load_third_party_hosts()))

    async def close(self) -> None:
        if self.renderer is not None:
            await self.renderer.close()
        if self.resolver is not None:
            self.resolver.close()


def make_run_id() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M%SZ")
