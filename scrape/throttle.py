"""Per-host politeness: one request at a time per host, and a minimum gap between request starts.

The gap is max(settings.delay_s, the host's robots crawl-delay); it is zero when settings.polite is False.
"""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass
class _HostSlot:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0  # monotonic seconds
    delay_s: float = 0.0


class HostThrottle:
    """Shared by every program of a run, so two programs on one agency host still take turns."""

    def __init__(self, delay_s: float) -> None:
        self.delay_s = delay_s
        self._slots: dict[str, _HostSlot] = {}

    def _slot(self, host: str) -> _HostSlot:
        slot = self._slots.get(host)
        if slot is None:
            slot = self._slots[host] = _HostSlot(delay_s=self.delay_s)
        return slot

    def set_crawl_delay(self, host: str, crawl_delay_s: float | None) -> None:
        """Honour a robots.txt crawl-delay when it is longer than our own delay."""
        if crawl_delay_s and self.delay_s > 0:
            slot = self._slot(host)
            slot.delay_s = max(self.delay_s, float(crawl_delay_s))

    def delay_for(self, host: str) -> float:
        """The gap in seconds between two request starts on this host."""
        return self._slot(host).delay_s

    @asynccontextmanager
    async def turn(self, host: str) -> AsyncIterator[None]:
        """Hold the host's only connection slot for one request, after waiting out its delay."""
        slot = self._slot(host)
        async with slot.lock:
            wait_s = slot.next_start - time.monotonic()
            if wait_s > 0:
                await asyncio.sleep(wait_s)
            slot.next_start = time.monotonic() + slot.delay_s
            yield
