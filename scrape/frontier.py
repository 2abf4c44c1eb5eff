"""The focused frontier: links ordered by relevance, within scope, depth and per-pattern caps, never twice.

Relevance comes from data/crawl_vocabulary.yaml (rapidfuzz partial matching of anchor text and URL words).
"""

import asyncio
import heapq
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from rapidfuzz import fuzz

from peerscan import paths
from scrape.urls import Scope, canonicalize_url, path_pattern

DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Vocabulary:
    """Weighted relevance terms and how the parts of a link's priority are combined."""

    terms: tuple[tuple[str, float], ...]
    threshold: float = 88.0
    anchor_weight: float = 1.0
    url_weight: float = 0.6
    parent_weight: float = 0.3
    document_bonus: float = 1.5
    depth_penalty: float = 0.5
    never_follow: tuple[str, ...] = ()  # link texts never fetched off-site (lower case)

    def score_text(self, text: str) -> float:
        """Sum of the weights of the terms found (fuzzily) in text."""
        words = _NON_WORD.sub(" ", text.lower()).strip()
        if not words:
            return 0.0
        # partial_ratio slides the shorter string along the longer: without the length check a short text
        # ("Code", "hand") would fully "contain" every longer term.
        return sum(weight for term, weight in self.terms
                   if len(term) <= len(words) + 2 and fuzz.partial_ratio(term, words, score_cutoff=self.threshold))


def load_vocabulary(path: Path = paths.CRAWL_VOCABULARY_FILE) -> Vocabulary:
    """Read the crawl vocabulary YAML."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    terms = tuple((_NON_WORD.sub(" ", str(term).lower()).strip(), float(weight)) for term, weight in raw["terms"].items())
    knobs = {k: float(raw[k]) for k in ("threshold", "anchor_weight", "url_weight", "parent_weight",
                                         "document_bonus", "depth_penalty") if k in raw}
    never = tuple(" ".join(str(p).lower().split()) for p in raw.get("never_follow", ()))
    return Vocabulary(terms, **knobs, never_follow=never)


def url_words(url: str) -> str:
    """The words of a URL's path and query, for relevance scoring."""
    parts = urlsplit(url)
    return _NON_WORD.sub(" ", unquote(parts.path + " " + parts.query).lower())


@dataclass(frozen=True, order=True)
class Entry:
    """A URL waiting in the frontier; ordered so the highest priority pops first."""

    sort_key: tuple[float, int]
    url: str = field(compare=False)
    depth: int = field(compare=False)
    link_text: str = field(compare=False, default="")
    priority: float = field(compare=False, default=0.0)
    linked_from: str | None = field(compare=False, default=None)  # set for leaves one hop off-site
    via_sitemap: bool = field(compare=False, default=False)

    @property
    def leaf(self) -> bool:
        return self.linked_from is not None


class Frontier:
    """One program's queue of URLs to fetch."""

    def __init__(self, scope: Scope, vocabulary: Vocabulary, max_depth: int, max_per_pattern: int,
                 max_url_chars: int) -> None:
        self.scope = scope
        self.vocabulary = vocabulary
        self.max_depth = max_depth
        self.max_per_pattern = max_per_pattern
        self.max_url_chars = max_url_chars
        self.seen: set[str] = set()
        self.pattern_counts: dict[str, int] = {}
        self.skipped: dict[str, int] = {}
        self._heap: list[Entry] = []
        self._sequence = 0

    def _skip(self, why: str) -> bool:
        self.skipped[why] = self.skipped.get(why, 0) + 1
        return False

    def priority(self, url: str, link_text: str, parent_relevance: float, depth: int) -> float:
        """How promising a link looks: anchor text, URL words, the page it came from, its depth."""
        v = self.vocabulary
        score = v.anchor_weight * v.score_text(link_text) + v.url_weight * v.score_text(url_words(url))
        score += v.parent_weight * parent_relevance - v.depth_penalty * depth
        if urlsplit(url).path.lower().endswith(DOCUMENT_SUFFIXES):
            score += v.document_bonus
        return score

    def add(self, url: str, depth: int, link_text: str = "", parent_relevance: float = 0.0,
            seed: bool = False, linked_from: str | None = None, via_sitemap: bool = False) -> bool:
        """Queue a link if it is new, in scope (or a leaf), shallow enough and not a trap; True when queued."""
        canonical = canonicalize_url(url)
        if not canonical:
            return self._skip("unusable_url")
        if canonical in self.seen:
            return self._skip("duplicate")
        if not seed and linked_from is None and not self.scope.allows(canonical):
            return self._skip("out_of_scope")
        if depth > self.max_depth:
            return self._skip("too_deep")
        if len(canonical) > self.max_url_chars:
            return self._skip("url_too_long")
        self.seen.add(canonical)
        # Seeds go first whatever their words say: they are the program's own pages.
        priority = float("inf") if seed else self.priority(canonical, link_text, parent_relevance, depth)
        self._sequence += 1
        heapq.heappush(self._heap, Entry((-priority, self._sequence), canonical, depth, link_text, priority,
                                         linked_from, via_sitemap))
        return True

    def mark_seen(self, url: str) -> None:
        """Remember a URL reached another way (a redirect target) so it is not fetched again."""
        canonical = canonicalize_url(url)
        if canonical:
            self.seen.add(canonical)

    def pop(self) -> Entry | None:
        """The most promising URL whose path pattern still has room; None when nothing is left."""
        while self._heap:
            entry = heapq.heappop(self._heap)
            pattern = path_pattern(entry.url)
            used = self.pattern_counts.get(pattern, 0)
            if used >= self.max_per_pattern and entry.depth > 0:
                self._skip("pattern_cap")
                continue
            self.pattern_counts[pattern] = used + 1
            return entry
        return None

    def __len__(self) -> int:
        return len(self._heap)


async def drain_frontier(frontier: Frontier, visit: Callable[[Entry], Awaitable[None]], budget_left: Callable[[], int],
                         workers: int, on_error: Callable[[Exception], None]) -> None:
    """Visit entries in priority order with `workers` in progress at once, until the budget or the frontier ends.

    A worker finding the frontier empty waits while others are in progress: their pages may add links.
    A visit that raises is reported to on_error and the crawl goes on.
    """
    in_flight = 0
    changed = asyncio.Condition()

    async def worker() -> None:
        nonlocal in_flight
        while True:
            async with changed:
                while True:
                    if budget_left() - in_flight <= 0:
                        return
                    entry = frontier.pop()
                    if entry is not None:
                        break
                    if in_flight == 0:
                        return
                    await changed.wait()
                in_flight += 1
            try:
                await visit(entry)
            except Exception as exc:  # noqa: BLE001 - one page's bug must not stop the program
                on_error(exc)
            finally:
                async with changed:
                    in_flight -= 1
                    changed.notify_all()

    await asyncio.gather(*(worker() for _ in range(max(1, workers))))
