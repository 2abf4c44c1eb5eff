"""Online check of registry seed URLs (`peerscan registry check --online`): dead, moved, parked or soft-404 seeds.

Reads the give-away phrases from data/seed_signals.yaml; SeedCheckSettings holds the limits.
"""

import asyncio
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from peerscan import paths
from peerscan.errors import InputError
from peerscan.registry import Program
from peerscan.yamlfile import load_yaml_with_lines
from scrape.settings import USER_AGENT


@dataclass(frozen=True)
class SeedCheckSettings:
    """Limits of the online seed check."""

    timeout_s: float = 15.0
    concurrency: int = 8
    max_same_host_redirects: int = 5
    max_bytes: int = 500_000  # enough to read the title and the opening text of a page
    head_chars: int = 2_000  # where "page not found" must appear to count (not a footer link)


@dataclass(frozen=True)
class SeedSignals:
    """Phrases that mark a 200 page as a soft 404 or a parked domain."""

    soft_404: tuple[str, ...]
    parked: tuple[str, ...]


@dataclass(frozen=True)
class DeadSeed:
    """A seed that does not lead to the program's page: kind is dead, moved, parked or soft_404."""

    program_id: str
    url: str
    problem: str  # "HTTP 404", "redirects to another host: …", …
    kind: str = "dead"


@dataclass(frozen=True)
class SeedReport:
    checked: int
    dead: tuple[DeadSeed, ...]

    def text(self) -> str:
        lines = [f"online seed check: {self.checked} seed URLs requested, {len(self.dead)} failed"]
        lines += [f"  {d.program_id}: {d.url} — {d.problem}" for d in self.dead]
        return "\n".join(lines)


def load_seed_signals(path: Path = paths.SEED_SIGNALS_FILE) -> SeedSignals:
    """Read data/seed_signals.yaml."""
    doc = load_yaml_with_lines(path)
    if not isinstance(doc, dict) or not all(isinstance(doc.get(k), list) for k in ("soft_404", "parked")):
        raise InputError("expected lists 'soft_404' and 'parked'", path, 1, fix="restore the shipped file's shape")
    return SeedSignals(tuple(str(p).lower() for p in doc["soft_404"]), tuple(str(p).lower() for p in doc["parked"]))


def _site(url: str) -> tuple[str, int | None]:
    """Host identity for "another host": www. and the scheme's default port do not count."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return host.removeprefix("www."), parts.port


def _opening_text(body: str, head_chars: int) -> str:
    """Title plus the start of the visible text, lower-cased, tags and scripts dropped."""
    body = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", body)
    title = re.search(r"(?is)<title[^>]*>(.*?)</title>", body)
    text = html.unescape(re.sub(r"(?s)<[^>]+>", " ", body))
    opening = " ".join(text.split())[:head_chars]
    return f"{html.unescape(title.group(1)) if title else ''} {opening}".lower()


def classify_page(body: str, signals: SeedSignals, head_chars: int) -> tuple[str, str] | None:
    """(kind, phrase) when a 200 page reads as a parked domain or a soft 404, else None."""
    opening = _opening_text(body, head_chars)
    for kind, phrases in (("parked", signals.parked), ("soft_404", signals.soft_404)):
        for phrase in phrases:
            if phrase in opening:
                return kind, phrase
    return None


async def _probe(client: httpx.AsyncClient, gate: asyncio.Semaphore, program_id: str, url: str,
                 signals: SeedSignals, settings: SeedCheckSettings) -> DeadSeed | None:
    current = url
    async with gate:
        for _ in range(settings.max_same_host_redirects + 1):
            try:
                response = await client.get(current)
            except httpx.HTTPError as exc:
                return DeadSeed(program_id, url, f"request failed: {type(exc).__name__}: {exc}".strip(": "))
            if response.is_redirect and response.headers.get("location"):
                target = urljoin(current, response.headers["location"])
                # Another host is reported, never followed: the seed should name the page it moved to, and
                # following could reach addresses the crawler's guard refuses (DESIGN.md § Safety).
                if _site(target) != _site(current):
                    return DeadSeed(program_id, url, f"redirects to another host: {target}", "moved")
                current = target
                continue
            break
        else:
            return DeadSeed(program_id, url, "too many redirects on the same host")
    if response.status_code >= 400:
        return DeadSeed(program_id, url, f"HTTP {response.status_code}")
    if "html" in response.headers.get("content-type", "html"):
        found = classify_page(response.text[: settings.max_bytes], signals, settings.head_chars)
        if found:
            kind, phrase = found
            label = "parked domain" if kind == "parked" else "soft 404 (answers 200 but says not found)"
            return DeadSeed(program_id, url, f"{label}: “{phrase}”", kind)
    return None


async def _check_all(programs: Sequence[Program], signals: SeedSignals, settings: SeedCheckSettings) -> SeedReport:
    gate = asyncio.Semaphore(settings.concurrency)
    targets = [(p.id, url) for p in programs for url in p.seeds]
    async with httpx.AsyncClient(headers={"User-Agent": USER_AGENT}, timeout=settings.timeout_s,
                                 follow_redirects=False) as client:
        results = await asyncio.gather(*(_probe(client, gate, pid, url, signals, settings) for pid, url in targets))
    return SeedReport(len(targets), tuple(r for r in results if r is not None))


def check_seeds(programs: Sequence[Program], settings: SeedCheckSettings = SeedCheckSettings(),  # noqa: B008 - frozen
                signals: SeedSignals | None = None) -> SeedReport:
    """Request every seed once; report dead seeds, redirects to another host, parked domains and soft 404s."""
    return asyncio.run(_check_all(programs, signals or load_seed_signals(), settings))
