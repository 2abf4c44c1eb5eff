"""Redirects, followed by the crawler itself so the guard and robots.txt see every hop (Scrapy's RedirectMiddleware).

Reads settings.max_redirects; counts redirects and redirect_loops.
"""

from dataclasses import dataclass
from urllib.parse import urljoin

from scrape.crawl_log import CrawlLog
from scrape.settings import CrawlSettings
from scrape.urls import canonicalize_url

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Hop:
    """What to do after one response: stop (target and error None), go to target, or fail with error."""

    target: str | None = None
    error: str | None = None


class Redirects:
    """Decides each hop of one fetch's redirect chain; built once per program from the settings."""

    def __init__(self, settings: CrawlSettings, log: CrawlLog) -> None:
        self.max_redirects = settings.max_redirects
        self.log = log

    def next_hop(self, current: str, status: int | None, location: str | None, failed: bool,
                 seen: set[str]) -> Hop:
        """The next URL of the chain, or why it ends; seen holds the canonical URLs visited so far."""
        if status not in REDIRECT_STATUSES or failed:
            return Hop()
        if not location:
            return Hop(error=f"HTTP {status} redirect without a Location")
        self.log.count("redirects")
        target = canonicalize_url(urljoin(current, location.strip()))
        if not target:
            return Hop(error=f"redirect to unusable URL {location[:120]!r}")
        if target in seen:
            self.log.count("redirect_loops")
            return Hop(error=f"redirect loop at {target}")
        seen.add(target)
        return Hop(target=target)
