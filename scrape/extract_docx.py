"""extract_docx(): Word (.docx) paragraphs, headings, table cells, running headers/footers and hyperlinks.

Reads ExtractSettings.max_docx_xml_bytes (zip-bomb guard) and max_chars.
"""

import io
import zipfile

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from scrape.extract_settings import ExtractSettings
from scrape.records import Extracted, Link, TextBlock

DOCUMENT_PART = "word/document.xml"
HEADING_STYLE_PREFIXES = ("heading", "title", "subtitle")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def is_docx(body: bytes) -> bool:
    """True for a zip archive holding word/document.xml."""
    if not body.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return DOCUMENT_PART in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _too_big(body: bytes, max_bytes: int) -> bool:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        parts = archive.infolist()
    return sum(info.file_size for info in parts if info.filename.endswith(".xml")) > max_bytes


def _region(paragraph: Paragraph) -> str:
    try:
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    except (KeyError, AttributeError, ValueError):  # documents with a broken styles part
        style = ""
    return "heading" if style.startswith(HEADING_STYLE_PREFIXES) else "body"


def _paragraphs(part, story) -> list[tuple[Paragraph, bool]]:
    """Every paragraph of a story (document body, header, footer) in reading order; bool = inside a table.

    Walks the XML rather than python-docx's block API, which skips content controls (w:sdt) and text boxes.
    """
    found = []
    for element in story.iter(qn("w:p")):
        ancestors = {ancestor.tag for ancestor in element.iterancestors()}
        if _FALLBACK in ancestors:  # the same text box, repeated for old Word versions
            continue
        found.append((Paragraph(element, part), qn("w:tc") in ancestors))
    return found


class _Blocks:
    def __init__(self, max_chars: int):
        self.max_chars = max_chars
        self.chars = 0
        self.items: list[TextBlock] = []
        self.links: list[Link] = []

    def add(self, text: str, region: str) -> None:
        text = " ".join(text.split())[: self.max_chars - self.chars]
        if text:
            self.chars += len(text)
            self.items.append(TextBlock(text=text, region=region))

    def add_links(self, paragraph: Paragraph, region: str) -> None:
        for link in paragraph.hyperlinks:
            url = (link.url or "").strip()
            if url.lower().startswith(("http://", "https://")):
                self.links.append(Link(url=url, text=" ".join(link.text.split()), region=region))


def extract_docx(body: bytes, settings: ExtractSettings) -> Extracted:
    """Blocks and links of a .docx document."""
    try:
        if _too_big(body, settings.max_docx_xml_bytes):
            return Extracted(kind="docx", error=f"DOCX expands beyond {settings.max_docx_xml_bytes} bytes")
        document = docx.Document(io.BytesIO(body))
        title = " ".join((document.core_properties.title or "").split())
        blocks = _Blocks(settings.max_chars)
        if title:
            blocks.add(title, "title")
        for paragraph, in_table in _paragraphs(document.part, document.element.body):
            region = "body" if in_table else _region(paragraph)
            blocks.add(paragraph.text, region)
            blocks.add_links(paragraph, region)
        for section in document.sections:
            for part in (section.header, section.footer):
                if part.is_linked_to_previous:  # no header of its own: nothing new to read
                    continue
                for paragraph, _ in _paragraphs(part.part, part._element):
                    blocks.add(paragraph.text, "navigation")
    except Exception as exc:  # python-docx and lxml raise many types on damaged archives
        return Extracted(kind="docx", error=f"unreadable DOCX: {type(exc).__name__}: {exc}"[:300])
    if not any(block.region != "title" for block in blocks.items):
        return Extracted(kind="docx", title=title, error="no extractable text")
    if not title:
        title = next((block.text for block in blocks.items if block.region == "heading"), "")
    return Extracted(kind="docx", title=title, blocks=tuple(blocks.items), links=tuple(blocks.links))
