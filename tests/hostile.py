"""Hostile and shaped local servers for the crawler tests, built on peerscan.localweb.LocalSite.

Routes that drip bytes, bomb with gzip, loop redirects or break HTTP framing; plus small helpers.
"""

import asyncio
import gzip
import time
from pathlib import Path

from peerscan.localweb import LocalSite, Request, Response
from peerscan.registry import Program
from scrape.crawl import crawl_programs, make_client
from scrape.crawl_log import CrawlLog
from scrape.fetch import Fetched, Fetcher
from scrape.guard import AddressGuard
from scrape.settings import CrawlSettings
from scrape.throttle import HostThrottle

# Sitemaps off: these tests count the requests of other concerns; tests/test_reach.py covers sitemaps.
FAST = dict(delay_s=0.0, connect_timeout_s=2.0, read_timeout_s=2.0, total_timeout_s=3.0,
            max_retries=2, backoff_base_s=0.01, max_retry_after_s=2.0, archive=False, sitemaps=False)


def fast_settings(**overrides: object) -> CrawlSettings:
    """Settings with test-sized delays and timeouts."""
    return CrawlSettings(**{**FAST, **overrides})


class StampedRequests(list):
    """A LocalSite request list that also remembers when each request arrived (monotonic seconds)."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def append(self, request: Request) -> None:
        self.times.append(time.monotonic())
        super().append(request)


def stamped(site: LocalSite) -> LocalSite:
    site.requests = StampedRequests()
    return site


def make_program(program_id: str, seeds: list[str], **fields: object) -> Program:
    """A registry Program with placeholder facts around the given seeds."""
    return Program(id=program_id, state=program_id[:2].upper(), name=f"Program {program_id}", credentials=("CPS",),
                   body="Board", type="combined", seeds=tuple(seeds), source=seeds[0], verified="2026-11-26",
                   **fields)


def crawl(programs: list[Program], data_dir: Path, settings: CrawlSettings | None = None):
    """Run the crawl stage without a console; returns its CrawlSummary."""
    return crawl_programs(programs, data_dir, settings or fast_settings())


def fetch(url: str, settings: CrawlSettings | None = None, guard: AddressGuard | None = None,
          headers: dict[str, str] | None = None) -> tuple[Fetched, CrawlLog]:
    """Fetch one URL with a fresh client and log; the guard permits loopback like a 127.0.0.1 seed would."""
    settings = settings or fast_settings()
    log = CrawlLog()

    async def go() -> Fetched:
        async with make_client(settings) as client:
            fetcher = Fetcher(client, settings, HostThrottle(settings.delay_s), guard or AddressGuard(frozenset({"loopback"})), log)
            return await fetcher.fetch(url, headers=headers)

    return asyncio.run(go()), log


def html(body: str, title: str = "") -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


def links(*pairs: tuple[str, str]) -> str:
    return "".join(f'<a href="{href}">{text}</a> ' for href, text in pairs)


def drip(total_bytes: int = 1000, every_s: float = 0.5):
    """A route sending a valid header, then one byte every every_s seconds (a slowloris server)."""
    def route(request: Request, handler) -> None:
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.send_header("Content-Length", str(total_bytes))
            handler.end_headers()
            for _ in range(total_bytes):
                handler.wfile.write(b"x")
                handler.wfile.flush()
                time.sleep(every_s)
        except OSError:
            return None
    return route


def gzip_bomb(decoded_bytes: int) -> Response:
    """A gzip body that inflates to decoded_bytes zeros (1 GiB compresses to about 1 MB)."""
    out = gzip.compress(b"\0" * min(decoded_bytes, 64 << 20), compresslevel=9)
    if decoded_bytes > 64 << 20:
        # Concatenated gzip members are one valid stream; repeat the 64 MiB member.
        out = out * (decoded_bytes // (64 << 20))
    return Response(out, content_type="text/html", headers={"Content-Encoding": "gzip"})


def broken_framing(request: Request, handler) -> None:
    """Promises 5000 bytes, sends 10 and hangs up."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html>abcd")
    handler.wfile.flush()
    handler.close_connection = True


def closed_port_url() -> str:
    """A 127.0.0.1 URL on which nothing listens."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


__all__ = ["LocalSite", "Response"]
