"""Gold items as documents: HTML pages with navigation and footer, and PDFs with line breaks and hyphenation.

Evaluation feeds them through extraction (scrape.extract) like crawled pages, so strength and extraction are
measured too. Deterministic: the same item always becomes the same bytes.
"""

import html
import unicodedata
from dataclasses import dataclass

from analyze.gold_pdf import write_pdf
from analyze.normalize import normalize_text

PDF_LINE_CHARS = 64  # a handbook's line: long enough for prose, short enough to break words often
MIN_SPLIT_LETTERS = 3  # a word is hyphenated at a line end only with this many letters on each side
NAV_LINK_MAX_CHARS = 90  # passages up to this long also get a navigation-only document (a menu link)

# Page furniture every program page has; it includes false friends ("Privacy Policy", "Follow us").
_NAV = ('<nav class="menu"><a href="/">Home</a> <a href="/about">About the program</a> '
        '<a href="/apply">Apply</a> <a href="/contact">Contact us</a></nav>')
_FOOTER = ('<footer><p>Department of Health · <a href="/privacy">Privacy Policy</a> · '
           '<a href="/accessibility">Accessibility</a> · Follow us on Facebook</p></footer>')
# Neutral words only: the furniture must not tell detection what the passage is about (who it applies to).
_HEADING = {"en": "Program information", "es": "Información del programa"}
_INTRO = {"en": "Updated this year.", "es": "Actualizado este año."}


@dataclass(frozen=True)
class GoldDocument:
    """One rendering of a gold item: the bytes a crawler would receive and the strength its labels expect."""

    item_id: str
    kind: str  # html or pdf
    body: bytes
    content_type: str
    expected_strength: str  # body or navigation
    url: str


def _html_page(lang: str, main: str, nav_extra: str = "", title: str = "Program") -> bytes:
    lang_attr = f' lang="{lang}"' if lang else ""
    nav = _NAV.replace("</nav>", nav_extra + "</nav>")
    heading = _HEADING.get(lang, _HEADING["en"])
    intro = _INTRO.get(lang, _INTRO["en"])
    page = (f"<!doctype html><html{lang_attr}><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"</head><body><header>{nav}</header><main><h1>{html.escape(heading)}</h1><p>{html.escape(intro)}</p>"
            f"{main}</main>{_FOOTER}</body></html>")
    return page.encode("utf-8")


def _paragraphs_html(text: str) -> str:
    return "".join(f"<p>{html.escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def _wrap(paragraph: str, width: int) -> list[str]:
    """Lines of at most ~width characters; a long word at a line end is hyphenated as a typesetter would."""
    lines, line = [], ""
    for word in paragraph.split():
        if not line:
            line = word
            continue
        room = width - len(line) - 1
        if len(word) <= room:
            line += " " + word
            continue
        letters = room - 1  # one column for the hyphen
        if word.isalpha() and letters >= MIN_SPLIT_LETTERS and len(word) - letters >= MIN_SPLIT_LETTERS:
            lines.append(f"{line} {word[:letters]}-")
            line = word[letters:]
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _latin1(text: str) -> str:
    """Text the PDF's WinAnsi font can show: quotes and dashes made plain, the rest kept or replaced."""
    text = normalize_text(unicodedata.normalize("NFKC", text))
    return text.encode("latin-1", "replace").decode("latin-1")


def _pdf_document(text: str) -> bytes:
    lines = ["Program Handbook, Section 4.", ""]  # a running head: its own sentence, naming no audience
    for paragraph in text.split("\n\n"):
        for line in paragraph.split("\n"):  # an item's own line breaks are a PDF's: kept, then wrapped
            lines += _wrap(_latin1(" ".join(line.split())), PDF_LINE_CHARS)
        lines.append("")
    pages = [lines[i:i + 48] for i in range(0, len(lines), 48)]
    return write_pdf(pages, "Program Handbook")


def documents_for(item_id: str, text: str, lang: str, region: str, index: int) -> list[GoldDocument]:
    """The documents an item becomes: its main document, plus a menu-link-only one for a short body passage.

    Body items alternate between HTML (even index) and PDF (odd), except that text with its own line breaks
    (written as a PDF's lines, "rela-⏎tionships") is always a PDF; heading, navigation and title items are
    HTML pages with the passage in that place.
    """
    url = f"https://gold.invalid/{item_id}"
    if region == "navigation":
        link = f' <a href="/{item_id}">{html.escape(text)}</a>'
        return [GoldDocument(item_id, "html", _html_page(lang, "", link), "text/html", "navigation", url)]
    if region == "title":
        return [GoldDocument(item_id, "html", _html_page(lang, "", title=text), "text/html", "navigation", url)]
    if region == "heading" and "\n" not in text.strip():
        main = f"<h2>{html.escape(text)}</h2>"
        return [GoldDocument(item_id, "html", _html_page(lang, main), "text/html", "body", url)]
    if index % 2 or "\n" in text.strip():
        documents = [GoldDocument(item_id, "pdf", _pdf_document(text), "application/pdf", "body", url + ".pdf")]
    else:
        documents = [GoldDocument(item_id, "html", _html_page(lang, _paragraphs_html(text)), "text/html", "body",
                                  url)]
    flat = " ".join(text.split())
    if len(flat) <= NAV_LINK_MAX_CHARS:
        link = f' <a href="/{item_id}/more">{html.escape(flat)}</a>'
        documents.append(GoldDocument(item_id, "html", _html_page(lang, "", link), "text/html", "navigation",
                                      url + "/nav"))
    return documents
