"""Reader-facing status words of the site: a jurisdiction's statuses, filters, "not found" sentences.

The words themselves are peerscan.vocabulary's (describe, STATUS_WORDS); never "has no code of ethics".
"""

from analyze.results import ProgramResult
from peerscan.vocabulary import SEVERITY, STATUS_WORDS, UNCRAWLED, Description, ProgramStatus

STATUS_FILTERS = tuple((status.value, STATUS_WORDS[status]) for status in SEVERITY)


def summary_status(statuses: list[Description]) -> tuple[Description, ...]:
    """Distinct program statuses of a jurisdiction, mildest first; uncrawled ones only when alone."""
    crawled = [s for s in statuses if s.code not in UNCRAWLED]
    if not crawled:
        wanted = ([s for s in statuses if s.code == ProgramStatus.NOT_CRAWLED]
                  or [s for s in statuses if s.code == ProgramStatus.NO_OFFICIAL_PAGE] or statuses)
        crawled = wanted[:1]
    seen: dict[str, Description] = {}
    for status in sorted(crawled, key=lambda s: (SEVERITY.index(s.code), s.short)):
        seen.setdefault(status.short, status)
    return tuple(seen.values())


def not_found_text(p: ProgramResult) -> str:
    """How to say that concepts were not found, honest about how much was read."""
    if p.status == ProgramStatus.NOT_CRAWLED:
        return "Not checked yet: this program has not been crawled."
    if p.pages <= 0:
        reason = f" ({p.reason})" if p.reason else ""
        return f"Not checked: no page or document of this program could be read{reason}."
    noun = "page or document" if p.pages == 1 else "pages and documents"
    return f"These concepts were not found on the {p.pages} {noun} crawled:"
