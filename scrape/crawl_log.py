"""Per-program crawl log: named counters every decision bumps, summarized into the CrawlReport."""

from collections import Counter


class CrawlLog:
    """Mutable while one program is crawled; frozen into CrawlReport.counters at the end."""

    def __init__(self) -> None:
        self.counters: Counter[str] = Counter()

    def count(self, name: str, amount: int = 1) -> None:
        """Add amount to a named counter (requests, retries, robots_blocked, bytes, error_<kind> …)."""
        self.counters[name] += amount

    def get(self, name: str) -> int:
        return self.counters.get(name, 0)

    def snapshot(self) -> dict[str, int]:
        """The counters as a plain sorted dict for the report."""
        return {name: int(value) for name, value in sorted(self.counters.items()) if value}
