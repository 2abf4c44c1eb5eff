"""The project's words: crawl and program statuses, regions and strengths, and how each reads for people.

One home for them (DESIGN.md § Files): the CLI, the run summary, the site, the feed and the CSVs all read these.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class CrawlStatus(StrEnum):
    """How one program's crawl ended (scrape's CrawlReport.status)."""

    OK = "ok"
    PARTIAL = "partial"  # the page budget ran out, or some documents failed
    FAILED = "failed"
    BLOCKED = "blocked"  # robots.txt forbids the seeds (one that cannot be read is FAILED)
    REFUSED = "refused"  # 401/403 or a challenge page: the server refuses automated access
    SKIPPED = "skipped"  # not attempted this run (e.g. --only)


class ProgramStatus(StrEnum):
    """A program's status in the results and on the site: one meaning each (DESIGN.md § Files)."""

    OK = "ok"
    PARTIAL = "partial"
    STALE = "stale"  # this crawl failed; earlier findings kept, with the date last confirmed
    FAILED = "failed"
    BLOCKED = "blocked"
    REFUSED = "refused"
    UNREACHABLE = "unreachable"  # DNS or connection failed N runs in a row
    NO_PROGRAM = "no_program"  # research found no certification program
    NO_OFFICIAL_PAGE = "no_official_page"  # a program exists, but no official page to crawl
    NOT_CRAWLED = "not_crawled"


class Region(StrEnum):
    """Where on a page a quote stood."""

    BODY = "body"
    HEADING = "heading"
    NAVIGATION = "navigation"
    TITLE = "title"


class Strength(StrEnum):
    """How strongly a concept was found: in a document's content, or only in links, titles and menus."""

    BODY = "body"
    NAVIGATION = "navigation"


# Statuses of programs that no crawl has read: they have no score, no crawl details, no "not found" list.
UNCRAWLED = frozenset({ProgramStatus.NO_PROGRAM, ProgramStatus.NO_OFFICIAL_PAGE, ProgramStatus.NOT_CRAWLED})
# Order of severity, mildest first: a jurisdiction lists its programs' statuses in this order.
SEVERITY = (ProgramStatus.OK, ProgramStatus.PARTIAL, ProgramStatus.STALE, ProgramStatus.UNREACHABLE,
            ProgramStatus.REFUSED, ProgramStatus.BLOCKED, ProgramStatus.FAILED, ProgramStatus.NOT_CRAWLED,
            ProgramStatus.NO_OFFICIAL_PAGE, ProgramStatus.NO_PROGRAM)
STATUS_WORDS = {
    ProgramStatus.OK: "ok",
    ProgramStatus.PARTIAL: "partial crawl",
    ProgramStatus.STALE: "stale",
    ProgramStatus.FAILED: "failed",
    ProgramStatus.BLOCKED: "blocked by robots.txt",
    ProgramStatus.REFUSED: "refused automated access",
    ProgramStatus.UNREACHABLE: "unreachable",
    ProgramStatus.NO_PROGRAM: "no certification program found",
    ProgramStatus.NO_OFFICIAL_PAGE: "no official web page found",
    ProgramStatus.NOT_CRAWLED: "not crawled yet",
}
# Statuses whose reason adds nothing a reader needs (the words already say it).
QUIET_REASON = frozenset({ProgramStatus.OK, ProgramStatus.NO_PROGRAM, ProgramStatus.NO_OFFICIAL_PAGE,
                          ProgramStatus.NOT_CRAWLED})
STRENGTH_WORDS = {Strength.BODY: "body text", Strength.NAVIGATION: "navigation only"}
FOUND_WORDS = {Strength.BODY: "found", Strength.NAVIGATION: "navigation only", None: "not found"}
REGION_WORDS = {Region.BODY: "body text", Region.HEADING: "heading", Region.NAVIGATION: "navigation link",
                Region.TITLE: "page title"}
# Regions whose text is the content of a document; the others (link text, titles, menus) are navigation.
BODY_REGIONS = frozenset({Region.BODY, Region.HEADING})


class ProgramFacts(Protocol):
    """What describe() reads of a program (analyze.results.ProgramResult has it)."""

    status: str
    pages: int
    reason: str
    stale: bool
    last_confirmed: str | None
    unreachable_since: str | None
    consecutive_failures: int


@dataclass(frozen=True)
class Description:
    """A program's status as a reader sees it: the status, its words with dates, and the cause."""

    code: ProgramStatus
    head: str  # "unreachable since 2026-11-12"
    reason: str = ""  # the crawl's own words ("timed out"); empty when the head says it all
    confirmed: str = ""  # "findings last confirmed 2026-11-05" for stale findings

    @property
    def short(self) -> str:
        """Head and dates, no cause: for tables, filters and CSV cells."""
        return "; ".join(part for part in (self.head, self.confirmed) if part)

    @property
    def text(self) -> str:
        """The whole sentence: head, (cause); dates."""
        head = f"{self.head} ({self.reason})" if self.reason else self.head
        return "; ".join(part for part in (head, self.confirmed) if part)


def day(stamp: str | None) -> str:
    """YYYY-MM-DD of an ISO 8601 timestamp (or the text unchanged when it is shorter)."""
    return (stamp or "")[:10]


def reader_status(program: ProgramFacts) -> ProgramStatus:
    """The one status a reader sees: unreachable and stale flags win over the crawl's own status."""
    status = ProgramStatus(program.status)
    if status in UNCRAWLED:
        return status
    if program.unreachable_since:
        return ProgramStatus.UNREACHABLE
    if status in (ProgramStatus.BLOCKED, ProgramStatus.REFUSED, ProgramStatus.FAILED):
        return status
    return ProgramStatus.STALE if program.stale else status


def describe(program: ProgramFacts) -> Description:
    """What a reader sees of a program's status (site, feed, CSV, CLI and run summary alike)."""
    code = reader_status(program)
    head = STATUS_WORDS[code]
    if code is ProgramStatus.UNREACHABLE:
        head = f"unreachable since {day(program.unreachable_since)}"
    elif code is ProgramStatus.STALE:
        head = "stale: " + ("latest crawl failed" if program.consecutive_failures else "not confirmed by the latest crawl")
    reason = "" if code in QUIET_REASON else program.reason
    confirmed = f"findings last confirmed {day(program.last_confirmed)}" if program.stale and program.last_confirmed else ""
    return Description(code, head, reason, confirmed)


def was_crawled(status: str) -> bool:
    """Whether a crawl was meant to read this program (not: no program, no official page, not crawled yet)."""
    return status not in UNCRAWLED


def was_read(program: ProgramFacts) -> bool:
    """Whether some page or document of the program was read: only then does it have a score and findings."""
    return was_crawled(program.status) and program.pages > 0


def strength_of_region(region: str) -> Strength:
    """Body for body text and headings, navigation for link text, titles and menus."""
    return Strength.BODY if region in BODY_REGIONS else Strength.NAVIGATION


def best_strength(strengths: Iterable[str | None]) -> Strength | None:
    """The strongest of several strengths (body beats navigation); None when there are none."""
    found = set(strengths)
    if Strength.BODY in found:
        return Strength.BODY
    return Strength.NAVIGATION if Strength.NAVIGATION in found else None


class ConceptChangeFacts(Protocol):
    concept: str
    change: str  # appeared | disappeared | strength
    old: str | None
    new: str | None


class ReviewChangeFacts(Protocol):
    concept: str
    change: str  # added | removed | changed | stale | fresh
    verdict: str
    old_verdict: str | None
    reviewer: str
    reviewed_at: str
    quote: str


class ProgramChangeFacts(Protocol):
    """What change_lines() reads of a program's change (analyze.diff.ProgramChange has it)."""

    old_score: int | None
    new_score: int | None
    old_status: str | None
    new_status: str | None
    last_confirmed: str | None
    unreachable_since: str | None

    @property
    def concepts(self) -> Sequence[ConceptChangeFacts]: ...

    @property
    def reviews(self) -> Sequence[ReviewChangeFacts]: ...

    @property
    def review_concepts(self) -> Sequence[ConceptChangeFacts]: ...

    @property
    def crawl_changed(self) -> bool: ...


def _strength_words(value: str | None) -> str:
    return STRENGTH_WORDS.get(value, str(value)) if value else "none"  # type: ignore[call-overload]


def _score(value: int | None) -> str:
    return "none" if value is None else str(value)


def change_facts(change: ProgramChangeFacts) -> list[str]:
    """Score, status and date facts of what the crawl changed for one program, in reading order."""
    facts = []
    if change.old_status is None:  # absent from the older run
        facts.append(f"new program, score {_score(change.new_score)}")
    elif change.new_status is None:
        facts.append(f"left the registry (score was {_score(change.old_score)})")
    elif change.old_score != change.new_score and change.crawl_changed:  # else the reviews explain it
        facts.append(f"score {_score(change.old_score)} → {_score(change.new_score)}")
    if change.old_status and change.new_status and change.old_status != change.new_status:
        facts.append(f"status {change.old_status} → {change.new_status}")
    if change.new_status == ProgramStatus.STALE and change.last_confirmed:
        facts.append(f"findings last confirmed {day(change.last_confirmed)}")
    if change.unreachable_since:
        facts.append(f"unreachable since {day(change.unreachable_since)}")
    return facts


def concept_change_line(change: ConceptChangeFacts, label: Callable[[str], str] = str) -> str:
    """One concept that appeared, disappeared or changed strength; label turns a concept id into words."""
    name = label(change.concept)
    if change.change == "appeared":
        return f"+ {name}: now found ({_strength_words(change.new)})"
    if change.change == "disappeared":
        return f"- {name}: no longer found (was {_strength_words(change.old)})"
    return f"~ {name}: {_strength_words(change.old)} → {_strength_words(change.new)}"


def change_lines(change: ProgramChangeFacts, label: Callable[[str], str] = str) -> list[str]:
    """The diff of one program as lines for people: its facts, then one line per concept change."""
    return change_facts(change) + [concept_change_line(c, label) for c in change.concepts]


def review_change_line(review: ReviewChangeFacts, label: Callable[[str], str] = str) -> str:
    """One analyst's decision that is new, gone, changed, or went stale or fresh again."""
    quote = review.quote if len(review.quote) <= 80 else review.quote[:79] + "…"
    what = {"added": f"new decision: {review.verdict}",
            "removed": f"decision removed (was {review.verdict})",
            "changed": f"decision changed: {review.old_verdict} → {review.verdict}",
            "stale": f"{review.verdict} is stale: the quote no longer appears in the crawl",
            "fresh": f"{review.verdict} applies again: the quote is back"}[review.change]
    return f"{label(review.concept)}: {what} (by {review.reviewer}, {day(review.reviewed_at)}) “{quote}”"


def review_facts(change: ProgramChangeFacts) -> list[str]:
    """The score change the analysts' decisions made, when the crawl changed nothing else."""
    if change.crawl_changed or change.old_score == change.new_score:
        return []
    return [f"score {_score(change.old_score)} → {_score(change.new_score)}"]


def review_lines(change: ProgramChangeFacts, label: Callable[[str], str] = str, bullet: str = "") -> list[str]:
    """The analysts' side of a program's change: a score it explains, the decisions, the concepts they moved."""
    return (review_facts(change) + [bullet + review_change_line(r, label) for r in change.reviews]
            + [concept_change_line(c, label) for c in change.review_concepts])
