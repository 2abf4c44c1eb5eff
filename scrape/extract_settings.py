"""Engineering caps of text extraction (scrape/extract.py and its format modules), with units in the names."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractSettings:
    """Limits that keep one hostile or huge document from eating the crawl's time and memory."""

    max_chars: int = 2_000_000  # text kept per document; blocks past this are dropped
    max_markup_chars: int = 8_000_000  # decoded HTML parsed per document; the rest is ignored
    max_pdf_pages: int = 400  # pages read per PDF; the page count still reports all pages
    max_pdf_seconds: float = 60.0  # checked between pages, so a pathological PDF stops after the page in hand
    max_docx_xml_bytes: int = 60_000_000  # uncompressed XML parts of a .docx; more is treated as a zip bomb
    sniff_bytes: int = 1024  # how far into a body magic numbers and HTML markers are looked for
    ocr: bool = True  # OCR the pages of a PDF that have no text layer (tesseract)
    ocr_languages: str = "eng+spa"  # tesseract language packs (Debian: tesseract-ocr-eng, -spa)
    ocr_dpi: int = 200  # rasterization resolution: reads 10-pt print well at about a second a page
    ocr_max_pages: int = 20  # pages OCR'd per document
    ocr_max_seconds: float = 90.0  # per document, checked between pages; the pages read so far stand
    ocr_max_pixels: int = 25_000_000  # per page image (a Letter page at 200 dpi is 3.7 M): a huge page is scaled down
