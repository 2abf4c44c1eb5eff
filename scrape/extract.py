"""extract_document(): any response body to Extracted (HTML, PDF, DOCX, plain text), used by crawl and detect.

The format is chosen from magic bytes first and the Content-Type second, because program sites mislabel
files both ways. Never raises: every failure is returned as Extracted.error. Reads ExtractSettings.
"""

import re
import zlib

from scrape.charset import decode_body
from scrape.extract_docx import extract_docx, is_docx
from scrape.extract_html import extract_html
from scrape.extract_pdf import extract_pdf
from scrape.extract_settings import ExtractSettings
from scrape.extract_text import extract_text
from scrape.records import Extracted

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml"})
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf", "application/acrobat", "text/pdf"})
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
UNLABELLED_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/unknown",
                              "application/x-download", "application/force-download"})
# Magic numbers of formats we do not read, so they are reported as what they are, not parsed as text.
BINARY_MAGIC = {b"\x89PNG": "image/png", b"GIF8": "image/gif", b"\xff\xd8\xff": "image/jpeg",
                b"\xd0\xcf\x11\xe0": "application/msword (OLE)", b"PK\x03\x04": "application/zip",
                b"RIFF": "audio/video (RIFF)", b"ID3": "audio/mpeg", b"%!PS": "application/postscript",
                b"{\\rtf": "application/rtf", b"7z\xbc\xaf": "application/x-7z-compressed"}
GZIP_MAGIC = b"\x1f\x8b"
# WHATWG MIME sniffing: a document starting with one of these (after whitespace) is HTML.
_HTML_START = re.compile(rb"\s*(?:<!doctype\s+html|<html|<head|<body|<title|<script|<iframe|<h1|<div|<font|"
                         rb"<table|<a[\s>]|<style|<b[\s>]|<br|<p[\s>]|<!--|<meta|<link|<\?xml[^>]*>\s*<(?:!doctype\s+)?html)",
                         re.I)
_HTML_ANYWHERE = re.compile(rb"<!doctype\s+html|<html[\s>]|<body[\s>]", re.I)
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_BINARY_SHARE = 0.005  # control bytes per byte above which a "text" body is binary (a stray one is fine)


def media_type(content_type: str | None) -> str:
    """The bare lowercase media type of a Content-Type header ('' when absent)."""
    return (content_type or "").split(";")[0].strip().lower()


def looks_like_html(head: bytes) -> bool:
    """WHATWG-style sniff: HTML markers at the start, or a doctype/<html>/<body> tag early on."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head) or _HTML_ANYWHERE.search(head))


def looks_binary(head: bytes) -> bool:
    """True when the first bytes hold control characters that text never contains."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text is full of NUL bytes
    found = len(_BINARY_BYTES.findall(head))
    return found > 1 and found > _BINARY_SHARE * len(head)


def _sniff_binary_type(head: bytes) -> str | None:
    return next((label for magic, label in BINARY_MAGIC.items() if head.startswith(magic)), None)


def _gunzip(body: bytes, max_bytes: int) -> bytes | None:
    """A body gzipped twice by a misconfigured server, inflated up to max_bytes; None when it is not gzip."""
    try:
        return zlib.decompressobj(wbits=47).decompress(body, max_bytes)
    except zlib.error:
        return None


def choose_kind(body: bytes, content_type: str | None, url: str,
                settings: ExtractSettings) -> tuple[str, str]:
    """The extractor to use (html, pdf, docx, text, other) and, for other, the reason."""
    head = body[: settings.sniff_bytes]
    mime = media_type(content_type)
    if b"%PDF-" in head:
        return "pdf", ""
    if is_docx(body):
        return "docx", ""
    if mime in PDF_TYPES and not looks_like_html(head):
        return "pdf", ""
    if mime == DOCX_TYPE and not looks_like_html(head):
        return "docx", ""
    sniffed = _sniff_binary_type(head)
    if sniffed or looks_binary(head):
        return "other", f"unsupported content type: {mime or 'none'} (binary content: {sniffed or 'unknown'})"
    path = url.split("?")[0].split("#")[0].lower()
    if mime in HTML_TYPES or looks_like_html(head):
        return "html", ""
    if mime == "text/plain" or (mime in UNLABELLED_TYPES and path.endswith((".txt", ".text", ".md"))):
        return "text", ""
    return "other", f"unsupported content type: {mime or 'none'}"


def extract_document(body: bytes, content_type: str | None, url: str,
                     settings: ExtractSettings | None = None) -> Extracted:
    """Text blocks, title and links of one response body; failures come back as Extracted.error."""
    settings = settings or ExtractSettings()
    kind = "other"
    try:
        if body.startswith(GZIP_MAGIC):
            inflated = _gunzip(body, settings.max_markup_chars)
            if inflated:
                body = inflated
        if not body.strip():
            return Extracted(kind="other", error="empty body")
        kind, reason = choose_kind(body, content_type, url, settings)
        if kind == "pdf":
            return extract_pdf(body, settings)
        if kind == "docx":
            return extract_docx(body, settings)
        if kind == "text":
            return extract_text(body, content_type, settings)
        if kind == "html":
            markup, _ = decode_body(body, content_type)
            return extract_html(markup, url, settings)
        return Extracted(kind="other", error=reason)
    except Exception as exc:  # the promise of this stage: a bad document is a record, never a crash
        return Extracted(kind=kind, error=f"extraction failed: {type(exc).__name__}: {exc}"[:300])
