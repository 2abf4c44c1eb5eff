"""extract_pdf via extract_document: pages, paragraphs, mended hyphens, title, encryption, broken files."""

import io

from pypdf import PdfReader, PdfWriter

from scrape.extract import extract_document
from scrape.extract_pdf import ENCRYPTED, NO_TEXT
from scrape.extract_settings import ExtractSettings
from tests.minipdf import make_pdf

URL = "https://example.org/handbook.pdf"
HANDBOOK = [
    ["Code of Ethics",
     "Peer supporters avoid dual rela-",
     "tionships and multi-",
     "ple relationships with the people they serve. Self-",
     "disclosure of one's own recovery story is used with care.",
     "1. Do not accept gifts from people served.",
     "2. Do not give out a personal phone number."],
    ["Page two text about boundaries and well-",
     "being of peers."],
]


def extract(pdf: bytes, settings: ExtractSettings | None = None):
    return extract_document(pdf, "application/pdf", URL, settings)


def encrypted(user_password: str, algorithm: str = "RC4-128") -> bytes:
    reader = PdfReader(io.BytesIO(make_pdf(HANDBOOK)))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_text_comes_per_page_as_paragraphs_with_one_based_page_numbers():
    extracted = extract(make_pdf(HANDBOOK, title="Peer Handbook"))
    assert extracted.kind == "pdf" and extracted.error is None and extracted.pages == 2
    assert [(b.region, b.page, b.text) for b in extracted.blocks] == [
        ("title", None, "Peer Handbook"),
        ("body", 1, "Code of Ethics"),
        ("body", 1, "Peer supporters avoid dual relationships and multiple relationships with the people "
                    "they serve. Self-disclosure of one's own recovery story is used with care."),
        ("body", 1, "1. Do not accept gifts from people served."),
        ("body", 1, "2. Do not give out a personal phone number."),
        ("body", 2, "Page two text about boundaries and well-being of peers."),
    ]


def test_the_title_comes_from_the_metadata():
    assert extract(make_pdf(HANDBOOK, title="Standards of Conduct")).title == "Standards of Conduct"
    assert extract(make_pdf(HANDBOOK)).title == ""
    assert extract(make_pdf(HANDBOOK, title="Microsoft Word - Peer Code.docx")).title == "Peer Code"


def test_an_encrypted_pdf_that_needs_a_password_is_reported_encrypted():
    extracted = extract(encrypted("user-secret"))
    assert extracted.error == ENCRYPTED and extracted.blocks == ()


def test_an_encrypted_pdf_with_an_empty_user_password_is_read():
    # Agencies often "protect" handbooks with an owner password only, usually with AES (pypdf[crypto]).
    for algorithm in ("RC4-128", "AES-128", "AES-256"):
        extracted = extract(encrypted("", algorithm))
        assert extracted.error is None, algorithm
        assert "Code of Ethics" in [b.text for b in extracted.blocks]


def test_a_pdf_without_text_is_reported_as_image_only():
    extracted = extract(make_pdf([[], []]))
    assert extracted.error == NO_TEXT and extracted.pages == 2


def test_garbage_and_truncated_pdfs_are_errors_not_crashes():
    garbage = b"%PDF-1.7\n" + bytes((i * 31 + 7) % 256 for i in range(20_000))
    for body in (garbage, make_pdf(HANDBOOK)[:300], b"%PDF-1.4\n%%EOF"):
        extracted = extract(body)
        assert extracted.kind == "pdf"
        assert extracted.error, body[:20]


def test_a_truncated_pdf_keeps_the_text_that_is_still_readable():
    pdf = make_pdf(HANDBOOK)
    extracted = extract(pdf[: pdf.rindex(b"xref")])  # no xref table, no trailer: pypdf rebuilds it
    assert extracted.error is None and "Code of Ethics" in [b.text for b in extracted.blocks]


def test_the_page_cap_limits_pages_read_but_reports_the_full_count():
    pdf = make_pdf([[f"Text of page {n}."] for n in range(1, 6)])
    extracted = extract(pdf, ExtractSettings(max_pdf_pages=2))
    assert extracted.pages == 5
    assert [b.page for b in extracted.blocks] == [1, 2]


def test_the_time_budget_stops_reading_further_pages():
    pdf = make_pdf([[f"Text of page {n}."] for n in range(1, 6)])
    extracted = extract(pdf, ExtractSettings(max_pdf_seconds=0.0))
    assert [b.text for b in extracted.blocks] == ["Text of page 1."]  # the page in hand is finished
    assert extracted.pages == 5 and extracted.error is None
