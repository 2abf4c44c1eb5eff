"""Online check of registry seed URLs (`peerscan registry check --online`): which ones fail, and how."""

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from peerscan.registry import Program
from scrape.settings import USER_AGENT


@dataclass(frozen=True)
class DeadSeed:
    program_id: str
    url: str
    problem: str  # "HTTP 404", "connection failed: …"


@dataclass(frozen=True)
class SeedReport:
    checked: int
    dead: tuple[DeadSeed, ...]

    def text(self) -> str:
        lines = [f"online seed check: {self.checked} seed URLs requested, {len(self.dead)} failed"]
        lines += [f"  {d.program_id}: {d.url} — {d.problem}" for d in self.dead]
        return "\n".join(lines)


async def _probe(client: httpx.AsyncClient, gate: asyncio.Semaphore, program_id: str, url: str) -> DeadSeed | None:
    async with gate:
        try:
            response = await client.get(url)
        except httpx.HTTPError as exc:
            return DeadSeed(program_id, url, f"request failed: {type(exc).__name__}: {exc}".strip(": "))
    if response.status_code >= 400:
        return DeadSeed(program_id, url, f"HTTP {response.status_code}")
    return None


async def _check_all(programs: Sequence[Program], timeout_s: float, concurrency: int) -> SeedReport:
    gate = asyncio.Semaphore(concurrency)
    targets = [(p.id, url) for p in programs for url in p.seeds]
    # Redirects are not followed: a redirect answers that the seed is alive, and following it could
    # reach addresses the crawler's guard would refuse (DESIGN.md § Safety).
    async with httpx.AsyncClient(headers={"User-Agent": USER_AGENT}, timeout=timeout_s,
                                 follow_redirects=False) as client:
        results = await asyncio.gather(*(_probe(client, gate, pid, url) for pid, url in targets))
    return SeedReport(len(targets), tuple(r for r in results if r is not None))


def check_seeds(programs: Sequence[Program], timeout_s: float = 15.0, concurrency: int = 8) -> SeedReport:
    """Request every seed URL once (GET; a redirect counts as alive) and report those that fail."""
    return asyncio.run(_check_all(programs, timeout_s, concurrency))
