"""Safe rendering helpers for scraped text: matched-word highlight segments and http(s)-only links.

Templates escape every segment; nothing here returns markup.
"""

import re
from urllib.parse import urlsplit

Segment = tuple[str, bool]  # (text, is_match)


def _matched_pattern(matched: str) -> re.Pattern[str] | None:
    # Words of the match in order, tolerating any punctuation or line breaks between them
    # ("dual-relationships", "dual\nrelationships").
    words = re.findall(r"\w+", matched)
    if not words:
        return None
    return re.compile(r"[\W_]+".join(re.escape(w) for w in words), re.IGNORECASE)


def trim_quote(quote: str, matched: str, max_chars: int) -> str:
    """Shorten a long quote to about max_chars around the first match, marking cuts with an ellipsis."""
    text = " ".join(quote.split())
    if len(text) <= max_chars:
        return text
    pattern = _matched_pattern(matched)
    hit = pattern.search(text) if pattern else None
    centre = (hit.start() + hit.end()) // 2 if hit else 0
    start = max(0, min(centre - max_chars // 2, len(text) - max_chars))
    end = start + max_chars
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def highlight_segments(quote: str, matched: str) -> tuple[Segment, ...]:
    """Split a quote into (text, is_match) segments, every occurrence of the matched words marked."""
    pattern = _matched_pattern(matched)
    if pattern is None:
        return ((quote, False),) if quote else ()
    segments: list[Segment] = []
    cursor = 0
    for hit in pattern.finditer(quote):
        if hit.start() > cursor:
            segments.append((quote[cursor:hit.start()], False))
        segments.append((hit.group(0), True))
        cursor = hit.end()
    if cursor < len(quote):
        segments.append((quote[cursor:], False))
    return tuple(segments)


def safe_href(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL with a host; None otherwise (shown as text)."""
    if not url:
        return None
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch in text for ch in ("\n", "\r", "\t", " ")):
        return None
    return text
