"""write_pdf(): a small text-only PDF (Helvetica, one list of lines per page) for gold documents.

`peerscan eval` needs it at run time, so it lives here; the tests and the sample web use it too
(through tests/minipdf.py) and need no PDF library.
"""


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_pdf(pages: list[list[str]], title: str = "") -> bytes:
    """A valid PDF whose page i shows the lines pages[i], top to bottom (Latin-1 text)."""
    objects: list[bytes] = []
    font_id = 3
    page_ids = []
    next_id = 4
    page_objects: list[tuple[int, bytes]] = []
    for lines in pages:
        ops = ["BT", "/F1 11 Tf", "14 TL", "56 760 Td"]
        for line in lines:
            ops.append(f"({_escape(line)}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1", "replace")
        content_id, page_id = next_id, next_id + 1
        next_id += 2
        page_objects.append((content_id, b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"))
        page_objects.append((page_id, (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_id} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>").encode()))
        page_ids.append(page_id)
    info_id = next_id
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects = [
        (1, b"<< /Type /Catalog /Pages 2 0 R >>"),
        (2, f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()),
        (3, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
        *page_objects,
        (info_id, f"<< /Title ({_escape(title)}) /Producer (peerscan minipdf) >>".encode("latin-1", "replace")),
    ]
    objects.sort()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in objects:
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {info_id + 1}\n0000000000 65535 f \n".encode()
    for number in range(1, info_id + 1):
        out += f"{offsets[number]:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {info_id + 1} /Root 1 0 R /Info {info_id} 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)
