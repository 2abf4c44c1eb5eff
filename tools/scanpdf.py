"""make_scanned_pdf(): an image-only PDF (no text layer), like a scanned handbook page, for fixtures and the demo.

Drawn with Pillow's built-in scalable font (ImageFont.load_default(size=...)), so no font package is needed.
"""

import datetime
import io
import time

from PIL import Image, ImageDraw, ImageFont

DPI = 150
PAGE_PX = (int(8.5 * DPI), int(11 * DPI))  # US letter


def make_scanned_pdf(pages: list[list[str]], font_px: int = 30) -> bytes:
    """A PDF of one grayscale image per page showing the lines of pages[i]; pypdf finds no text in it."""
    font = ImageFont.load_default(size=font_px)
    images = []
    for lines in pages:
        image = Image.new("L", PAGE_PX, 255)
        draw = ImageDraw.Draw(image)
        y = DPI  # one-inch top margin
        for line in lines:
            draw.text((DPI, y), line, fill=0, font=font)
            y += int(font_px * 1.5)
        images.append(image)
    out = io.BytesIO()
    # Fixed dates keep the file byte-identical from run to run (the sample web is committed).
    fixed = time.gmtime(datetime.datetime(2026, 11, 26, tzinfo=datetime.UTC).timestamp())
    images[0].save(out, "PDF", resolution=DPI, save_all=True, append_images=images[1:], creationDate=fixed,
                   modDate=fixed)
    return out.getvalue()
