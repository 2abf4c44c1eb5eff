"""Alternation: several regex sources compiled once as one alternation, searched as re does.

It replaced WordStartFinder, whose parse of patterns through Python's private `re._parser` no longer
paid: on the corpus benchmark both ran at 10.2–10.3 MB/s (tools/bench_private_re.py).
"""

import re
from collections.abc import Iterator


class Alternation:
    """Sources joined as alternatives (each in its own group), compiled once."""

    def __init__(self, sources: list[str]) -> None:
        self.pattern = re.compile("|".join(f"(?:{source})" for source in sources))

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """The leftmost match at or after pos."""
        return self.pattern.search(text, pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Every match, left to right."""
        return self.pattern.finditer(text)
