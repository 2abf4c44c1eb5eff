"""robots.txt per origin, fetched once per run and parsed by protego (longest match, wildcards, $, crawl-delay).

A 4xx robots.txt allows everything; a 5xx or unreachable one blocks the whole host for this run.
"""

import asyncio
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from scrape.fetch import Fetcher
from scrape.guard import AddressGuard, DNSFailure, Refused
from scrape.settings import CrawlSettings
from scrape.throttle import HostThrottle
from scrape.urls import host_key

MAX_ROBOTS_BYTES = 500_000  # Google's documented limit: rules past 500 KiB are ignored


@dataclass(frozen=True)
class RobotsRules:
    """What robots.txt says for one origin; unavailable_reason set means: crawl nothing there."""

    origin: str
    parser: Protego | None = None  # None: no rules, everything allowed
    unavailable_reason: str | None = None
    refused_reason: str | None = None  # the address guard refused the host itself: its URLs fail, not the host's robots

    def allows(self, url: str, user_agent: str) -> bool:
        """True when the URL may be fetched by this user agent."""
        if self.unavailable_reason is not None:
            return False
        return self.parser is None or self.parser.can_fetch(url, user_agent)

    def sitemaps(self) -> list[str]:
        """The Sitemap: lines of robots.txt."""
        return list(self.parser.sitemaps) if self.parser is not None else []

    def crawl_delay_s(self, user_agent: str) -> float | None:
        """The crawl-delay (or 1/request-rate) for this user agent, in seconds."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        rate = self.parser.request_rate(user_agent)
        if rate and rate.requests:
            delay = max(delay or 0.0, rate.seconds / rate.requests)
        return float(delay) if delay else None


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def parse_robots(origin: str, status: int | None, body: bytes, error: str | None) -> RobotsRules:
    """Rules from a robots.txt response: 2xx parsed, 4xx allow all, 5xx or no response block the host."""
    if status is not None and 200 <= status < 300:
        text = body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
        return RobotsRules(origin, Protego.parse(text))
    if status is not None and 400 <= status < 500:
        return RobotsRules(origin)
    reason = f"HTTP {status}" if status is not None else (error or "no response")
    return RobotsRules(origin, unavailable_reason=f"robots.txt unavailable ({reason}); host not crawled this run")


@dataclass(frozen=True)
class Admission:
    """Whether one URL may be fetched now: kind is ok, refused (guard), unavailable, disallowed or slow_host."""

    kind: str
    reason: str | None = None

    @property
    def allowed(self) -> bool:
        return self.kind == "ok"


class RobotsGate:
    """One program's robots.txt decisions (Scrapy's RobotsTxtMiddleware): admit URLs and redirect hops.

    Built once per program from the settings; every decision bumps a named counter, and an admitted host's
    crawl-delay is handed to the run's throttle.
    """

    def __init__(self, cache: "RobotsCache", fetcher: Fetcher, throttle: HostThrottle, settings: CrawlSettings) -> None:
        self.cache = cache
        self.fetcher = fetcher
        self.throttle = throttle
        self.user_agent = settings.user_agent
        self.max_crawl_delay_s = settings.max_crawl_delay_s
        self.log = fetcher.log

    async def rules(self, url: str) -> RobotsRules:
        return await self.cache.rules_for(url, self.fetcher)

    async def admit(self, url: str, depth: int) -> Admission:
        """May url be fetched? Seeds are fetched even on a host whose crawl-delay is too long for more."""
        rules = await self.rules(url)
        if rules.refused_reason:
            return Admission("refused", rules.refused_reason)
        if rules.unavailable_reason:
            self.log.count("robots_unavailable")
            return Admission("unavailable", rules.unavailable_reason)
        if not rules.allows(url, self.user_agent):
            self.log.count("robots_blocked")
            return Admission("disallowed")
        crawl_delay_s = rules.crawl_delay_s(self.user_agent) or 0.0
        if crawl_delay_s > self.max_crawl_delay_s and depth > 0:
            # Waiting that long per page would stall the run; the site asked for few visits, so: seeds only.
            self.log.count("skipped_crawl_delay_too_long")
            return Admission("slow_host")
        self.throttle.set_crawl_delay(host_key(url), min(crawl_delay_s, self.max_crawl_delay_s))
        return Admission("ok")

    async def check_hop(self, url: str) -> str | None:
        """A redirect hop to another host obeys that host's robots.txt too: a reason to stop, or None."""
        rules = await self.rules(url)
        if rules.unavailable_reason or rules.refused_reason or not rules.allows(url, self.user_agent):
            self.log.count("robots_blocked_redirects")
            return f"redirect to {url} not followed: robots.txt " + (
                "disallows it" if not (rules.unavailable_reason or rules.refused_reason) else "unavailable")
        self.throttle.set_crawl_delay(host_key(url), min(rules.crawl_delay_s(self.user_agent) or 0.0,
                                                         self.max_crawl_delay_s))
        return None


class RobotsCache:
    """Shared by a run's programs: each origin's robots.txt is requested at most once.

    Whether a program may reach the origin at all is its own guard's decision, made per program and origin:
    one program's refusal never stands in for another whose seed permits that kind of address.
    """

    def __init__(self) -> None:
        self._rules: dict[str, RobotsRules] = {}
        self._refusals: dict[tuple[str, AddressGuard], str | None] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules_for(self, url: str, fetcher: Fetcher) -> RobotsRules:
        """The rules of the URL's origin, fetching robots.txt through the program's fetcher when new."""
        origin = origin_of(url)
        key = (origin, fetcher.guard)
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if key not in self._refusals:
                self._refusals[key] = await _guard_refusal(origin, fetcher)
            if self._refusals[key]:
                return RobotsRules(origin, refused_reason=self._refusals[key])
            if origin not in self._rules:
                fetched = await fetcher.fetch(origin + "/robots.txt", max_bytes=MAX_ROBOTS_BYTES * 4,
                                             count_status_errors=False, check_hops=False)
                fetcher.log.count("robots_fetches")
                if fetched.error_kind == "refused":
                    # A redirect hop (or a changed DNS answer) this guard refuses: this program's verdict only.
                    self._refusals[key] = fetched.error
                    return RobotsRules(origin, refused_reason=fetched.error)
                # A bot wall answering 403 for robots.txt too is a 4xx: the pages themselves then say refused.
                status = fetched.status if fetched.error_kind in (None, "http_status", "access_refused") else None
                self._rules[origin] = parse_robots(origin, status, fetched.body, fetched.error)
            return self._rules[origin]


async def _guard_refusal(origin: str, fetcher: Fetcher) -> str | None:
    """The program's guard's one-line refusal of the origin's host, or None (a DNS failure is left to the fetch)."""
    try:
        await fetcher.guard.check(origin + "/")
    except Refused as exc:
        fetcher.log.count("guard_refused")
        return str(exc)
    except DNSFailure:
        return None
    return None
