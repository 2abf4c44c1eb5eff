"""Reader-facing words for crawl statuses and concept strengths (never "has no code of ethics")."""

from dataclasses import dataclass

from analyze.results import ProgramResult

# Order of severity, mildest first: a jurisdiction's table cell lists its programs' statuses in this order.
SEVERITY = ("ok", "partial", "stale", "unreachable", "blocked", "refused", "failed", "not_crawled", "no_official_page",
            "no_program")
STATUS_FILTERS = (
    ("ok", "ok"),
    ("partial", "partial crawl"),
    ("stale", "stale"),
    ("unreachable", "unreachable"),
    ("blocked", "blocked by robots.txt"),
    ("refused", "refused automated access"),
    ("failed", "failed"),
    ("not_crawled", "not crawled yet"),
    ("no_official_page", "no official web page found"),
    ("no_program", "no certification program found"),
)
# Statuses of programs with nothing of their own read: no score, no "not found" list.
UNCRAWLED = ("no_program", "no_official_page", "not_crawled")
STRENGTH_TEXT = {"body": "found", "navigation": "navigation only", None: "not found"}
REGION_TEXT = {"body": "body text", "heading": "heading", "navigation": "navigation link", "title": "page title"}


@dataclass(frozen=True)
class StatusView:
    """A status code for filtering and the sentence shown to readers."""

    code: str
    text: str


def short_date(stamp: str | None) -> str:
    """YYYY-MM-DD of an ISO 8601 timestamp (or the text unchanged when it is shorter)."""
    return (stamp or "")[:10]


def program_status(p: ProgramResult) -> StatusView:
    """The status of one program as a reader should see it."""
    if p.status == "no_program":
        return StatusView("no_program", "no certification program found")
    if p.status == "not_crawled":
        return StatusView("not_crawled", "not crawled yet")
    if p.status == "no_official_page":
        return StatusView("no_official_page", "no official web page found")
    if p.unreachable_since:
        text = f"unreachable since {short_date(p.unreachable_since)}"
        if p.last_confirmed:
            text += f"; findings last confirmed {short_date(p.last_confirmed)}"
        return StatusView("unreachable", text)
    if p.status == "blocked":
        text = "blocked by robots.txt"
        if p.stale and p.last_confirmed:
            text += f"; findings last confirmed {short_date(p.last_confirmed)}"
        return StatusView("blocked", text)
    if p.status == "refused":
        text = "refused"  # the page adds the reason: "the site refused automated access (HTTP 403)"
        if p.stale and p.last_confirmed:
            text += f"; findings last confirmed {short_date(p.last_confirmed)}"
        return StatusView("refused", text)
    if p.stale or p.status == "stale":
        return StatusView("stale", f"stale — last confirmed {short_date(p.last_confirmed) or 'unknown'}")
    if p.status == "partial":
        return StatusView("partial", "partial crawl")
    if p.status == "failed":
        return StatusView("failed", "failed")
    return StatusView("ok", "ok")


def summary_status(statuses: list[StatusView]) -> tuple[StatusView, ...]:
    """Distinct program statuses of a jurisdiction, mildest first; no_program/no_official_page/not_crawled only when alone."""
    crawled = [s for s in statuses if s.code not in UNCRAWLED]
    if not crawled:
        wanted = ([s for s in statuses if s.code == "not_crawled"]
                  or [s for s in statuses if s.code == "no_official_page"] or statuses)
        crawled = wanted[:1]
    seen: dict[str, StatusView] = {}
    for status in sorted(crawled, key=lambda s: (SEVERITY.index(s.code), s.text)):
        seen.setdefault(status.text, status)
    return tuple(seen.values())


def not_found_text(p: ProgramResult) -> str:
    """How to say that concepts were not found, honest about how much was read."""
    if p.status == "not_crawled":
        return "Not checked yet: this program has not been crawled."
    if p.pages <= 0:
        reason = f" ({p.reason})" if p.reason else ""
        return f"Not checked: no page or document of this program could be read{reason}."
    noun = "page or document" if p.pages == 1 else "pages and documents"
    return f"These concepts were not found on the {p.pages} {noun} crawled:"
