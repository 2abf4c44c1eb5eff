"""fetch_page(): one frontier entry → one PageRecord (conditional request, archive, extraction, failures as data)."""

import asyncio
import datetime as dt
import hashlib
from dataclasses import replace

from scrape.archive import WarcArchive
from scrape.extract import extract_document
from scrape.fetch import Fetched, Fetcher
from scrape.frontier import Entry, Vocabulary
from scrape.records import Extracted, PageRecord

EXTRACT_IN_THREAD_BYTES = 200_000  # bigger bodies (PDF handbooks) are parsed off the event loop


def utc_now() -> str:
    """Now as ISO 8601 UTC with a Z, to the second."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def conditional_headers(prior: PageRecord | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the stored record of this URL, when it was a success."""
    if prior is None or prior.error is not None:
        return {}
    headers = {}
    if prior.etag:
        headers["If-None-Match"] = prior.etag
    if prior.last_modified:
        headers["If-Modified-Since"] = prior.last_modified
    return headers


async def extract_safely(body: bytes, content_type: str | None, url: str) -> Extracted:
    """extract_document(), with any exception turned into an Extracted carrying the error."""
    try:
        if len(body) > EXTRACT_IN_THREAD_BYTES or body[:1024].lstrip().startswith(b"%PDF"):
            # PDFs too, whatever their size: a scanned page costs a second of OCR.
            return await asyncio.to_thread(extract_document, body, content_type, url)
        return extract_document(body, content_type, url)
    except Exception as exc:  # noqa: BLE001 - a broken document must never stop the crawl
        return Extracted(kind="other", error=f"extraction failed: {type(exc).__name__}: {str(exc)[:160]}")


async def fetch_page(fetcher: Fetcher, program_id: str, entry: Entry, prior: PageRecord | None,
                     archive: WarcArchive | None) -> tuple[PageRecord, Fetched]:
    """Fetch and extract one document; a 304 reuses the stored record with reused=True."""
    fetched_at = utc_now()
    fetched = await fetcher.fetch(entry.url, headers=conditional_headers(prior))
    base = PageRecord(
        program_id=program_id, url=entry.url, final_url=fetched.final_url, status=fetched.status,
        content_type=fetched.header("content-type"), fetched_at=fetched_at, depth=entry.depth,
        link_text=entry.link_text, etag=fetched.header("etag"), last_modified=fetched.header("last-modified"),
        bytes=len(fetched.body), seconds=fetched.seconds, error=fetched.error,
    )
    if fetched.status == 304 and prior is not None:
        fetcher.log.count("not_modified")
        return replace(prior, fetched_at=fetched_at, depth=entry.depth, seconds=fetched.seconds, reused=True,
                       status=prior.status, error=None), fetched
    if fetched.status is None:
        return base, fetched
    if archive is not None:
        archive.write_response(fetched.final_url, fetched.status, fetched.reason_phrase, fetched.headers,
                               fetched.body, fetched_at)
    if fetched.error is not None:
        return base, fetched
    extracted = await extract_safely(fetched.body, base.content_type, fetched.final_url)
    if extracted.error:
        fetcher.log.count("extract_notes")
    return replace(base, sha256=hashlib.sha256(fetched.body).hexdigest(), title=extracted.title,
                   kind=extracted.kind, blocks=extracted.blocks, links=extracted.links,
                   error=extracted.error, lang=extracted.lang), fetched


def page_relevance(record: PageRecord, vocabulary: Vocabulary) -> float:
    """How on-topic a fetched page looks (title, link text, headings), passed on to its links."""
    headings = " ".join(b.text for b in record.blocks if b.region in ("heading", "title"))[:600]
    return vocabulary.score_text(f"{record.title} {record.link_text} {headings}")


def refused_record(program_id: str, entry: Entry, reason: str) -> PageRecord:
    """The record of a URL the address guard refused before any connection."""
    return PageRecord(program_id=program_id, url=entry.url, final_url=entry.url, status=None, content_type=None,
                      fetched_at=utc_now(), depth=entry.depth, link_text=entry.link_text, error=reason)
