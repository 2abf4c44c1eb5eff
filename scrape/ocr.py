"""OCR of PDF pages without a text layer: pypdfium2 rasterizes, tesseract (via pytesseract) reads.

Reads ExtractSettings.ocr_languages, ocr_dpi, ocr_max_pixels, ocr_max_pages and ocr_max_seconds. Blocks it returns carry ocr=True.
"""

import os
import shutil
import threading
import time

from scrape.extract_paragraphs import join_lines
from scrape.extract_settings import ExtractSettings
from scrape.records import TextBlock

OCR_MISSING = "scanned PDF; OCR not available"
# PDFium is not thread-safe, and the crawl extracts big documents on worker threads.
_PDFIUM_LOCK = threading.Lock()


def ocr_available() -> bool:
    """pytesseract and pypdfium2 importable, and the tesseract program on PATH."""
    try:
        import pypdfium2  # noqa: F401
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    return shutil.which("tesseract") is not None


def page_scale(size_pt: tuple[float, float], settings: ExtractSettings) -> float:
    """Render scale for a page of this size in points: ocr_dpi, lowered so the image stays within ocr_max_pixels."""
    scale = settings.ocr_dpi / 72
    pixels = size_pt[0] * size_pt[1] * scale * scale
    if pixels > settings.ocr_max_pixels:
        scale *= (settings.ocr_max_pixels / pixels) ** 0.5
    return scale


def ocr_pages(body: bytes, page_indexes: list[int], settings: ExtractSettings) -> tuple[list[TextBlock], int]:
    """Body blocks (ocr=True) of the given 0-based pages, within the page and time caps; and pages read."""
    import pypdfium2
    import pytesseract

    # Tesseract's OpenMP threads spin-wait for each other: on a busy 2-core machine one thread per page was 2-3x
    # faster (bench/reach_bench.py); the crawl gets its parallelism from documents, not from threads per page.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    deadline = time.monotonic() + settings.ocr_max_seconds
    blocks: list[TextBlock] = []
    read = 0
    with _PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(body)
    try:
        for index in page_indexes[: settings.ocr_max_pages]:
            if read and time.monotonic() > deadline:
                break
            try:
                with _PDFIUM_LOCK:
                    page = document[index]
                    image = page.render(scale=page_scale(page.get_size(), settings)).to_pil()
                left = max(1.0, deadline - time.monotonic())
                text = pytesseract.image_to_string(image.convert("L"), lang=settings.ocr_languages, timeout=left)
            except (RuntimeError, pytesseract.TesseractError, pypdfium2.PdfiumError, MemoryError, OSError):
                # pytesseract's timeout, tesseract failing (a missing language pack) or a page PDFium cannot draw:
                # the pages read so far stand, and the document's text layer is kept.
                break
            read += 1
            blocks += [TextBlock(paragraph, "body", index + 1, ocr=True) for paragraph in join_lines(text)]
    finally:
        with _PDFIUM_LOCK:
            document.close()
    return blocks, read
