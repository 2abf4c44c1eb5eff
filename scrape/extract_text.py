"""extract_text(): a plain-text document to paragraphs, split on blank lines.

Reads ExtractSettings.max_chars.
"""

import re

from scrape.charset import decode_body
from scrape.extract_settings import ExtractSettings
from scrape.records import Extracted, TextBlock

_BLANK_LINE = re.compile(r"\n\s*\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def extract_text(body: bytes, content_type: str | None, settings: ExtractSettings) -> Extracted:
    """One body block per paragraph of a text/plain document."""
    text, _ = decode_body(body, content_type)
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks: list[TextBlock] = []
    chars = 0
    for raw in _BLANK_LINE.split(text):
        paragraph = " ".join(raw.split())[: settings.max_chars - chars]
        if paragraph:
            chars += len(paragraph)
            blocks.append(TextBlock(text=paragraph, region="body"))
    if not blocks:
        return Extracted(kind="text", error="no extractable text")
    return Extracted(kind="text", blocks=tuple(blocks))
