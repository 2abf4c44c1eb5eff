"""Fetch one URL politely and defensively: address guard on every connection, own redirects, retries, caps, deadline.

Reads CrawlSettings timeouts, max_bytes, max_redirects and the retry settings; every decision bumps a counter.
"""

import asyncio
import re
import time
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from scrape.crawl_log import CrawlLog
from scrape.guard import AddressGuard, DNSFailure, Refused
from scrape.redirects import REDIRECT_STATUSES, Redirects
from scrape.retry import RetryPolicy, parse_retry_after
from scrape.settings import CrawlSettings
from scrape.throttle import HostThrottle
from scrape.transport import GUARD_EXTENSION
from scrape.urls import canonicalize_url, host_key

REFUSAL_STATUSES = frozenset({401, 403})
# Titles of bot walls and CDN challenge pages (Cloudflare, Akamai, Imperva); never evaded, reported as refused.
CHALLENGE_TITLES = ("just a moment", "attention required", "access denied", "checking your browser",
                    "please verify you are a human", "request unsuccessful")
_TITLE = re.compile(rb"<title[^>]*>(.{0,200}?)</title>", re.I | re.S)


def is_refusal(status: int | None, body: bytes) -> bool:
    """401/403, or a challenge page by its title (whatever its status): the site refused automated access."""
    if status in REFUSAL_STATUSES:
        return True
    if status is None:
        return False
    match = _TITLE.search(body[:8192])
    title = match.group(1).decode("utf-8", "replace").lower() if match else ""
    return any(marker in title for marker in CHALLENGE_TITLES)
# Asked before following a redirect to a URL: a one-line reason to stop there (robots.txt), or None.
HopCheck = Callable[[str], Awaitable[str | None]]


@dataclass(frozen=True)
class Fetched:
    """The outcome of fetching one URL (after redirects and retries); error is a one-line reason or None."""

    url: str
    final_url: str
    status: int | None = None
    reason_phrase: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    error: str | None = None
    # dns, connect, timeout, too_large, redirects, refused (the guard), robots, protocol, http, http_status,
    # access_refused (401/403/challenge page: the site refused automated access)
    error_kind: str | None = None
    seconds: float = 0.0
    retries: int = 0
    redirects: tuple[str, ...] = ()

    def header(self, name: str) -> str | None:
        """The first value of a response header, case-insensitively."""
        lower = name.lower()
        return next((v for k, v in self.headers if k.lower() == lower), None)


class _TooLarge(Exception):
    pass


class _BodyDecoder:
    """Decodes gzip/deflate ourselves with a bounded output, so a compression bomb never inflates in memory."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding.strip().lower()
        self.raw_deflate_tried = False
        if self.encoding in ("gzip", "x-gzip"):
            self.inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.encoding == "deflate":
            self.inflater = zlib.decompressobj()
        elif self.encoding in ("", "identity"):
            self.inflater = None
        else:
            raise ValueError(f"unsupported Content-Encoding {encoding!r}")

    def decode(self, data: bytes, room: int) -> bytes:
        """Up to room+1 decoded bytes of this chunk (room+1 means: over the cap)."""
        if self.inflater is None:
            return data[: room + 1]
        try:
            return self.inflater.decompress(data, room + 1)
        except zlib.error:
            if self.encoding != "deflate" or self.raw_deflate_tried:
                raise
            # Some servers send raw deflate without the zlib wrapper the RFC asks for.
            self.raw_deflate_tried = True
            self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            return self.inflater.decompress(data, room + 1)


async def _read_capped(response: httpx.Response, max_bytes: int) -> tuple[bytes, int]:
    """The decoded body and the raw byte count; raises _TooLarge past max_bytes decoded bytes."""
    length = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding", "")
    if length.isdigit() and not encoding and int(length) > max_bytes:
        raise _TooLarge(f"Content-Length {length} exceeds {max_bytes} bytes")
    decoder = _BodyDecoder(encoding)
    parts: list[bytes] = []
    total = raw = 0
    async for chunk in response.aiter_raw():
        raw += len(chunk)
        decoded = decoder.decode(chunk, max_bytes - total)
        total += len(decoded)
        if total > max_bytes:
            raise _TooLarge(f"decoded body exceeds {max_bytes} bytes")
        parts.append(decoded)
    return b"".join(parts), raw


class Fetcher:
    """Fetches URLs for one program: shared client and throttle, the program's guard and log."""

    def __init__(self, client: httpx.AsyncClient, settings: CrawlSettings, throttle: HostThrottle,
                 guard: AddressGuard, log: CrawlLog, hop_check: HopCheck | None = None) -> None:
        self.client = client
        self.hop_check = hop_check
        self.settings = settings
        self.throttle = throttle
        self.guard = guard
        self.log = log
        self.policy = RetryPolicy.from_settings(settings)
        self.redirects = Redirects(settings, log)

    async def fetch(self, url: str, headers: dict[str, str] | None = None, max_bytes: int | None = None,
                    count_status_errors: bool = True, check_hops: bool = True) -> Fetched:
        """Fetch url with retries for transient failures; never raises for network or server trouble.

        count_status_errors=False keeps an expected 4xx (a missing robots.txt) out of the error counters;
        check_hops=False skips the hop check (robots.txt requests themselves).
        """
        started = time.monotonic()
        attempt = 0
        while True:
            result = await self._follow(url, headers or {}, max_bytes or self.settings.max_bytes,
                                        self.hop_check if check_hops else None)
            retry_after = parse_retry_after(result.header("retry-after"))
            if result.status is not None and is_refusal(result.status, result.body):
                result = _with_error(result, f"the site refused automated access (HTTP {result.status})",
                                     "access_refused")
                if attempt >= self.settings.refused_retries:
                    break
                self.log.count("retries")
                await asyncio.sleep(self.policy.backoff_s(attempt, None if retry_after is None else min(retry_after, 5.0)))
                attempt += 1
                continue
            if not self.policy.should_retry(attempt, result.status, result.error_kind if result.status is None else None):
                break
            if self.policy.retry_after_too_long(retry_after):
                self.log.count("retry_after_too_long")
                result = _with_error(result, f"gave up: Retry-After {retry_after:.0f} s exceeds "
                                             f"{self.settings.max_retry_after_s:.0f} s", result.error_kind or "http_status")
                break
            self.log.count("retries")
            await asyncio.sleep(self.policy.backoff_s(attempt, retry_after))
            attempt += 1
        if attempt and result.error and result.error_kind != "access_refused":
            result = _with_error(result, f"{result.error} (after {attempt} retries)", result.error_kind)
        if result.error_kind and (count_status_errors or result.error_kind != "http_status"):
            self.log.count(f"error_{result.error_kind}")
        return Fetched(**{**result.__dict__, "seconds": round(time.monotonic() - started, 3), "retries": attempt})

    async def _follow(self, url: str, headers: dict[str, str], max_bytes: int, hop_check: HopCheck | None) -> Fetched:
        """One attempt: request, then follow redirects ourselves so the guard sees every hop."""
        current, chain, seen = url, [], {canonicalize_url(url)}
        for _ in range(self.settings.max_redirects + 1):
            result = await self._request(url, current, headers if not chain else {}, max_bytes)
            hop = self.redirects.next_hop(current, result.status, result.header("location"), bool(result.error), seen)
            if hop.error:
                return _failed(url, current, hop.error, "redirects", chain)
            if hop.target is None:
                return Fetched(**{**result.__dict__, "redirects": tuple(chain)})
            chain.append(current)
            current = hop.target
            stop = await hop_check(current) if hop_check else None
            if stop:
                return _failed(url, current, stop, "robots", chain)
        return _failed(url, current, f"more than {self.settings.max_redirects} redirects", "redirects", chain)

    async def _request(self, url: str, current: str, headers: dict[str, str], max_bytes: int) -> Fetched:
        # The client's transport (scrape/transport.py) has this guard check the very addresses it connects to.
        extensions = {GUARD_EXTENSION: self.guard}
        async with self.throttle.turn(host_key(current)):
            self.log.count("requests")
            try:
                async with asyncio.timeout(self.settings.total_timeout_s):
                    async with self.client.stream("GET", current, headers=headers, extensions=extensions) as response:
                        pairs = tuple((k, v) for k, v in response.headers.multi_items())
                        body, raw = b"", 0
                        if response.status_code not in REDIRECT_STATUSES and response.status_code != 304:
                            body, raw = await _read_capped(response, max_bytes)
                        self.log.count("bytes", raw)
            except Refused as exc:
                self.log.count("guard_refused")
                return _failed(url, current, str(exc), "refused")
            except DNSFailure as exc:
                return _failed(url, current, str(exc), "dns")
            except TimeoutError:
                return _failed(url, current, f"no complete response within {self.settings.total_timeout_s:g} s", "timeout")
            except _TooLarge as exc:
                self.log.count("too_large")
                return _failed(url, current, str(exc), "too_large")
            except httpx.ConnectTimeout:
                return _failed(url, current, "connect timeout", "connect")
            except httpx.ConnectError as exc:
                return _failed(url, current, f"connection failed: {_one_line(exc)}", "connect")
            except httpx.TimeoutException:
                return _failed(url, current, f"read timeout ({self.settings.read_timeout_s:g} s without data)", "timeout")
            except httpx.RemoteProtocolError as exc:
                return _failed(url, current, f"broken HTTP response: {_one_line(exc)}", "protocol")
            except zlib.error as exc:
                return _failed(url, current, f"corrupt compressed body: {_one_line(exc)}", "http")
            except (httpx.HTTPError, ValueError) as exc:
                return _failed(url, current, f"{type(exc).__name__}: {_one_line(exc)}", "http")
        status = response.status_code
        error, kind = None, None
        if status >= 400:
            error, kind = f"HTTP {status} {response.reason_phrase}".strip(), "http_status"
        return Fetched(url, current, status, response.reason_phrase, pairs, body, error, kind)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def _failed(url: str, current: str, error: str, kind: str, chain: list[str] | tuple[str, ...] = ()) -> Fetched:
    return Fetched(url, current, error=error, error_kind=kind, redirects=tuple(chain))


def _with_error(result: Fetched, error: str, kind: str | None) -> Fetched:
    return Fetched(**{**result.__dict__, "error": error, "error_kind": kind})
