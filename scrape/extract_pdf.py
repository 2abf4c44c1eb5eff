"""extract_pdf(): text of a PDF per page (pypdf, lenient parsing), as paragraphs with 1-based page numbers.

Reads ExtractSettings.max_pdf_pages, max_pdf_seconds and max_chars; every failure becomes Extracted.error.
"""

import io
import logging
import re
import time

from pypdf import PasswordType, PdfReader

from scrape.extract_paragraphs import join_lines
from scrape.extract_settings import ExtractSettings
from scrape.ocr import OCR_MISSING, ocr_available, ocr_pages
from scrape.records import Extracted, TextBlock

# pypdf logs a warning for every defect it recovers from (bad xref, missing fontTools, odd fonts); on real
# handbooks that is thousands of lines that would bury the crawl log, and the outcome is on the record anyway.
logging.getLogger("pypdf").setLevel(logging.ERROR)

ENCRYPTED = "encrypted PDF"
NO_TEXT = "no extractable text (image-only PDF?)"
# "Microsoft Word - handbook.docx": the converter's name and the source file, not a title.
_CONVERTER_TITLE = re.compile(r"^(?:Microsoft (?:Word|PowerPoint|Excel) - )?(.*?)(?:\.(?:docx?|pptx?|xlsx?|pdf))?$",
                              re.I)
_CATALOG = re.compile(rb"(\d+)\s+0\s+obj\s*<<(?:(?!endobj).){0,2000}?/Type\s*/Catalog", re.S)


def _with_trailer(body: bytes) -> bytes | None:
    """A truncated PDF (a download cut at the size cap) with a stand-in trailer, so pypdf rebuilds the xref
    by scanning the objects that did arrive; None when no catalog object survived."""
    match = _CATALOG.search(body)
    if match is None:
        return None
    return body + b"\ntrailer\n<< /Root %s 0 R >>\nstartxref\n0\n%%%%EOF\n" % match.group(1)


class _Locked(Exception):
    """The PDF needs a password we do not have."""


def _read(body: bytes) -> PdfReader:
    reader = PdfReader(io.BytesIO(body), strict=False)
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise _Locked  # only an empty user password can be tried: we know no others
    len(reader.pages)  # parses the page tree now, so a broken file fails here rather than page by page
    return reader


def _reason(exc: Exception) -> str:
    if isinstance(exc, _Locked) or "decrypt" in str(exc).lower():
        return ENCRYPTED
    return f"unreadable PDF: {type(exc).__name__}: {exc}"[:300]


def _open(body: bytes) -> PdfReader | str:
    """A readable PdfReader, or the reason there is none."""
    try:
        return _read(body)
    except Exception as exc:  # pypdf raises many types on broken files; any of them means unreadable
        repaired = None if isinstance(exc, _Locked) else _with_trailer(body)
        if repaired is None:
            return _reason(exc)
        try:
            return _read(repaired)
        except Exception:  # the stand-in trailer did not help: report the original failure
            return _reason(exc)


def _title(reader: PdfReader) -> str:
    try:
        metadata = reader.metadata
        title = metadata.title if metadata else None
    except Exception:  # a broken /Info dictionary must not cost us the text
        return ""
    title = " ".join(str(title or "").replace("\x00", " ").split())
    match = _CONVERTER_TITLE.match(title)
    return match.group(1).strip() if match else title


def _page_text(reader: PdfReader, index: int) -> str | None:
    """The page's text; None when pypdf fails on it (bad font, bad stream) so the other pages still count."""
    try:
        return reader.pages[index].extract_text() or ""
    except Exception:
        return None


def extract_pdf(body: bytes, settings: ExtractSettings) -> Extracted:
    """Blocks per page of a PDF; errors for encrypted, unreadable and image-only files."""
    opened = _open(body)
    if isinstance(opened, str):
        return Extracted(kind="pdf", error=opened)
    reader = opened
    page_count = len(reader.pages)
    title = _title(reader)
    deadline = time.monotonic() + settings.max_pdf_seconds
    blocks: list[TextBlock] = [TextBlock(text=title, region="title")] if title else []
    chars = failed_pages = 0
    textless: list[int] = []  # pages without a text layer: scans, for OCR
    for index in range(min(page_count, settings.max_pdf_pages)):
        if index and (time.monotonic() > deadline or chars >= settings.max_chars):
            break  # the pages read so far stand; the record still reports the full page count
        text = _page_text(reader, index)
        failed_pages += text is None
        if text is not None and not text.strip():
            textless.append(index)
        for paragraph in join_lines(text or ""):
            paragraph = paragraph[: settings.max_chars - chars]
            if paragraph:
                chars += len(paragraph)
                blocks.append(TextBlock(text=paragraph, region="body", page=index + 1))
    has_text = any(block.region == "body" for block in blocks)
    if textless and settings.ocr and ocr_available():
        scanned, _ = ocr_pages(body, textless, settings)
        blocks = sorted(blocks + scanned, key=lambda b: (b.region != "title", b.page or 0))
    elif textless and not has_text and not failed_pages:
        return Extracted(kind="pdf", title=title, pages=page_count, error=OCR_MISSING if settings.ocr else NO_TEXT)
    if not any(block.region == "body" for block in blocks):
        error = f"unreadable PDF: text extraction failed on {failed_pages} pages" if failed_pages else NO_TEXT
        return Extracted(kind="pdf", title=title, pages=page_count, error=error)
    return Extracted(kind="pdf", title=title, blocks=tuple(blocks), pages=page_count)
