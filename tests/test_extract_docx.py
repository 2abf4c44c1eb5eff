"""extract_docx via extract_document: paragraphs, headings, tables, headers/footers, links, bad archives."""

import io
import zipfile

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from scrape.extract import extract_document
from scrape.extract_settings import ExtractSettings

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
URL = "https://example.org/standards.docx"


def add_hyperlink(paragraph, url: str, text: str) -> None:
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    label = OxmlElement("w:t")
    label.text = text
    run.append(label)
    link.append(run)
    paragraph._p.append(link)


def standards_docx() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Peer Standards"
    document.add_heading("Code of Ethics", level=1)
    document.add_paragraph("Peer specialists avoid dual relationships with people they serve.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Gifts"
    table.cell(0, 1).text = "Not accepted"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Merged row about boundaries"
    see = document.add_paragraph("See ")
    add_hyperlink(see, "https://example.org/ethics", "the full code")
    add_hyperlink(document.add_paragraph("Write to "), "mailto:board@example.org", "the board")
    document.sections[0].header.paragraphs[0].text = "State Certification Board"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_paragraphs_headings_table_cells_and_running_headers_become_blocks():
    extracted = extract_document(standards_docx(), DOCX_TYPE, URL)
    assert extracted.kind == "docx" and extracted.error is None
    assert extracted.title == "Peer Standards"
    assert [(b.region, b.text) for b in extracted.blocks] == [
        ("title", "Peer Standards"),
        ("heading", "Code of Ethics"),
        ("body", "Peer specialists avoid dual relationships with people they serve."),
        ("body", "Gifts"), ("body", "Not accepted"), ("body", "Merged row about boundaries"),
        ("body", "See the full code"),
        ("body", "Write to the board"),
        ("navigation", "State Certification Board"),
    ]


def test_only_web_hyperlinks_are_kept():
    extracted = extract_document(standards_docx(), DOCX_TYPE, URL)
    links = [(link.url, link.text) for link in extracted.links]
    assert links == [("https://example.org/ethics", "the full code")]


def test_a_docx_is_sniffed_even_when_served_as_octet_stream():
    assert extract_document(standards_docx(), "application/octet-stream", URL).kind == "docx"


def test_a_plain_zip_is_not_taken_for_a_docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    extracted = extract_document(out.getvalue(), "application/zip", URL)
    assert extracted.kind == "other" and extracted.error.startswith("unsupported content type")


def test_a_damaged_docx_is_an_error_not_a_crash():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<not-really-xml")
    extracted = extract_document(out.getvalue(), DOCX_TYPE, URL)
    assert extracted.kind == "docx" and extracted.error.startswith("unreadable DOCX")
    assert extract_document(b"PK\x03\x04 truncated", DOCX_TYPE, URL).error.startswith("unreadable DOCX")


def test_a_docx_that_expands_past_the_cap_is_refused_as_a_zip_bomb():
    extracted = extract_document(standards_docx(), DOCX_TYPE, URL, ExtractSettings(max_docx_xml_bytes=1000))
    assert extracted.error.startswith("DOCX expands beyond")


def test_text_inside_content_controls_is_not_lost():
    document = docx.Document()
    paragraph = document.add_paragraph("Peers do not date the people they serve.")
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    paragraph._p.addprevious(control)
    control.append(content)
    content.append(paragraph._p)
    out = io.BytesIO()
    document.save(out)
    extracted = extract_document(out.getvalue(), DOCX_TYPE, URL)
    assert [b.text for b in extracted.blocks] == ["Peers do not date the people they serve."]
