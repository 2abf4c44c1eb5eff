"""Records the crawl stage produces (data/pages/<program-id>.jsonl and <program-id>.crawl.json).

These frozen dataclasses are the contract between scrape/ and analyze/; dicts exist only in read/write.
"""

import json
from dataclasses import MISSING, asdict, dataclass, field, fields
from pathlib import Path

from peerscan.atomic import atomic_write
from peerscan.vocabulary import CrawlStatus

REGIONS = ("body", "heading", "navigation", "title")
CRAWL_STATUSES = tuple(CrawlStatus)  # the words live in peerscan.vocabulary


@dataclass(frozen=True)
class TextBlock:
    """A run of text from one document and where it stood: region is body, heading, navigation or title."""

    text: str
    region: str = "body"
    page: int | None = None  # 1-based page number for PDFs; None for unpaged documents
    ocr: bool = False  # read by OCR from a page image (no text layer): quotes from it may hold OCR errors


@dataclass(frozen=True)
class Link:
    """An outgoing link: absolute URL plus the anchor text that pointed at it."""

    url: str
    text: str = ""
    region: str = "body"


@dataclass(frozen=True)
class Extracted:
    """What extraction got out of one response body."""

    kind: str  # html, pdf, docx, text, other
    title: str = ""
    blocks: tuple[TextBlock, ...] = ()
    links: tuple[Link, ...] = ()
    pages: int | None = None  # page count for paged documents
    error: str | None = None  # e.g. "no extractable text (image-only PDF)"
    lang: str = ""  # the language the document declares (HTML lang attribute), "" when it declares none


@dataclass(frozen=True)
class PageRecord:
    """One fetched document of a program's crawl, as stored in data/pages/<program-id>.jsonl."""

    program_id: str
    url: str
    final_url: str
    status: int | None
    content_type: str | None
    fetched_at: str  # ISO 8601 UTC
    depth: int
    link_text: str = ""
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    title: str = ""
    kind: str = "other"
    blocks: tuple[TextBlock, ...] = ()
    links: tuple[Link, ...] = ()
    error: str | None = None
    bytes: int = 0
    seconds: float = 0.0
    reused: bool = False  # True when a 304 let us keep the stored text
    rendered: bool = False  # text and links come from the DOM after headless Chromium ran the page's scripts
    linked_from: str | None = None  # for a leaf one hop off-site: the in-scope page that linked to it
    via_sitemap: bool = False  # reached from a sitemap, not from a link
    lang: str = ""  # the language the document declares (HTML lang attribute), "" when it declares none

    def to_dict(self) -> dict:
        # Same result as dataclasses.asdict(), without its deep copy of every string (a hot path of the crawl).
        data = dict(self.__dict__)
        data["blocks"] = tuple(dict(b.__dict__) for b in self.blocks)
        data["links"] = tuple(dict(link.__dict__) for link in self.links)
        return data

    @property
    def leaf(self) -> bool:
        """True for a document fetched one hop off-site (its own links were not followed)."""
        return self.linked_from is not None

    @classmethod
    def from_dict(cls, raw: dict) -> "PageRecord":
        data = dict(raw)
        data.setdefault("final_url", data.get("url"))  # left out when equal (compact_dict)
        data["blocks"] = tuple(TextBlock(**b) for b in data.get("blocks", ()))
        data["links"] = tuple(Link(**link) for link in data.get("links", ()))
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in known})


# PageRecord fields with a default, and that default: compact_dict() leaves them out at that value.
OPTIONAL_FIELDS = {f.name: f.default for f in fields(PageRecord) if f.default is not MISSING}


@dataclass(frozen=True)
class CrawlReport:
    """How one program's crawl went (data/pages/<program-id>.crawl.json); read by analyze for staleness."""

    program_id: str
    run_id: str
    started_at: str
    finished_at: str
    status: str  # one of CRAWL_STATUSES
    pages_ok: int = 0
    pages_failed: int = 0
    robots_blocked: int = 0
    reason: str = ""  # one-line reason when status is failed / blocked / partial
    counters: dict[str, int] = field(default_factory=dict)
    last_ok_at: str | None = None  # when a crawl of this program last succeeded (ok or partial)
    consecutive_failures: int = 0  # failed/blocked runs in a row, this one included
    failing_since: str | None = None  # start of the current streak of failed runs
    notes: tuple[str, ...] = ()  # what the crawl could not do here ("needs JavaScript; Chromium not available")

    def to_dict(self) -> dict:
        data = asdict(self)
        if self.notes:
            data["notes"] = list(self.notes)
        else:
            del data["notes"]  # the common case keeps the file's old shape (no churn in git-scraped data)
        return data

    @classmethod
    def from_dict(cls, raw: dict) -> "CrawlReport":
        known = cls.__dataclass_fields__
        data = {k: v for k, v in raw.items() if k in known}
        data["notes"] = tuple(data.get("notes", ()))
        return cls(**data)


def pages_path(data_dir: Path, program_id: str) -> Path:
    return Path(data_dir) / "pages" / f"{program_id}.jsonl"


def report_path(data_dir: Path, program_id: str) -> Path:
    return Path(data_dir) / "pages" / f"{program_id}.crawl.json"


# Fields left out of a stored record when they hold these values; reading restores them (git-scraped files stay small).
BLOCK_DEFAULTS = {"region": "body", "page": None, "ocr": False}
LINK_DEFAULTS = {"region": "body", "text": ""}


def compact_dict(record: PageRecord) -> dict:
    """The record as stored: fields at their default and a final_url equal to url are left out."""
    data = {k: v for k, v in record.to_dict().items()
            if k not in OPTIONAL_FIELDS or v != OPTIONAL_FIELDS[k]}
    if data["final_url"] == data["url"]:
        del data["final_url"]
    if "blocks" in data:
        data["blocks"] = [{k: v for k, v in b.items() if BLOCK_DEFAULTS.get(k, ...) != v} for b in data["blocks"]]
    if "links" in data:
        data["links"] = [{k: v for k, v in link.items() if LINK_DEFAULTS.get(k, ...) != v} for link in data["links"]]
    return data


def write_pages(data_dir: Path, program_id: str, records: list[PageRecord]) -> None:
    """Replace a program's page records atomically: one compact JSON object per line, keys sorted."""
    lines = (json.dumps(compact_dict(r), ensure_ascii=False, sort_keys=True, separators=(",", ":")) for r in records)
    atomic_write(pages_path(data_dir, program_id), "".join(line + "\n" for line in lines))


def read_pages(data_dir: Path, program_id: str) -> list[PageRecord]:
    """A program's stored page records; empty when it was never crawled. Corrupt lines are skipped."""
    path = pages_path(data_dir, program_id)
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            records.append(PageRecord.from_dict(json.loads(line)))
        except (ValueError, TypeError):
            continue
    return records


def write_report(data_dir: Path, report: CrawlReport) -> None:
    atomic_write(report_path(data_dir, report.program_id),
                 json.dumps(report.to_dict(), indent=2, sort_keys=True) + "\n")


def read_report(data_dir: Path, program_id: str) -> CrawlReport | None:
    path = report_path(data_dir, program_id)
    if not path.exists():
        return None
    try:
        return CrawlReport.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError):
        return None
