"""extract_html: a content block of nothing but link text is navigation; prose around a link stays body."""

from pathlib import Path

import pytest

from analyze.detect_files import detect_files
from analyze.taxonomy import load_taxonomy
from scrape.extract import extract_document
from scrape.records import Link

URL = "https://example.org/peer/index.html"


def extract(body: str):
    markup = f"<!DOCTYPE html><html><head><title>Peer Program</title></head><body>{body}</body></html>"
    return extract_document(markup.encode(), "text/html; charset=utf-8", URL)


def regions(body: str) -> list[tuple[str, str]]:
    return [(b.region, b.text) for b in extract(body).blocks if b.region != "title"]


def test_a_lone_link_in_page_content_is_navigation_but_its_link_record_is_unchanged():
    extracted = extract('<main><ul><li><a href="coe.pdf">Code of Ethics</a></li></ul></main>')
    assert [(b.region, b.text) for b in extracted.blocks if b.region != "title"] == [
        ("navigation", "Code of Ethics")]
    assert extracted.links == (Link("https://example.org/peer/coe.pdf", "Code of Ethics", "body"),)


def test_a_list_of_document_links_in_the_content_is_navigation():
    page = regions("""<main><h2>Documents</h2><ul>
        <li><a href="coe.pdf">Code of Ethics</a></li>
        <li>&bull; <a href="hb.pdf"><span>Peer</span> <em>Handbook</em></a> (PDF, 210 KB)</li>
        <li><a href="rules.docx">Certification Rules</a> [DOCX 1.2 MB]</li>
        <li><a href="app.pdf">Application</a> (PDF) &ndash; 12 pages</li></ul></main>""")
    assert page == [("heading", "Documents"), ("navigation", "Code of Ethics"),
                    ("navigation", "• Peer Handbook (PDF, 210 KB)"),
                    ("navigation", "Certification Rules [DOCX 1.2 MB]"),
                    ("navigation", "Application (PDF) – 12 pages")]


def test_links_joined_by_separators_in_one_paragraph_are_navigation():
    page = regions('<p><a href="/e">Ethics</a> | <a href="/b">Boundaries</a> · <a href="/t">Training</a></p>'
                   '<div><a href="/">Home</a> &gt; <a href="/c">Certification</a> &raquo;</div>')
    assert page == [("navigation", "Ethics | Boundaries · Training"),
                    ("navigation", "Home > Certification »")]


@pytest.mark.parametrize("paragraph", [
    'All peers must follow the <a href="coe.pdf">Code of Ethics</a> adopted by the board.',
    'Read the <a href="coe.pdf">Code of Ethics</a>.',
    '<a href="coe.pdf">Code of Ethics</a> adopted 2019',
    '<a href="coe.pdf">Code of Ethics</a>: peers avoid dual relationships.',
])
def test_a_paragraph_with_prose_around_a_link_stays_body(paragraph):
    assert regions(f"<main><p>{paragraph}</p></main>")[0][0] == "body"


def test_paragraphs_inside_an_anchor_are_content_not_link_text():
    # Card links wrap whole paragraphs, and an unclosed <a> can swallow the rest of a page.
    page = regions('<a href="/card"><p>Peers avoid dual relationships.</p></a>'
                   '<a href="/x">Home<div><p>Gifts are declined.</p></div>')
    assert page == [("body", "Peers avoid dual relationships."), ("navigation", "Home"),
                    ("body", "Gifts are declined.")]


def test_each_line_break_separated_paragraph_is_judged_on_its_own():
    page = regions('<div><a href="coe.pdf">Code of Ethics</a><br><br>Peers keep clear boundaries.</div>')
    assert page == [("navigation", "Code of Ethics"), ("body", "Peers keep clear boundaries.")]


def test_a_heading_that_is_a_link_stays_a_heading():
    assert regions('<article><h2><a href="/post">Boundaries and gifts</a></h2></article>') == [
        ("heading", "Boundaries and gifts")]


def test_an_anchor_without_href_is_not_link_text():
    assert regions('<p><a name="top">Code of Ethics</a></p>') == [("body", "Code of Ethics")]


def test_detect_gives_a_linked_but_unread_code_of_ethics_navigation_strength_only(tmp_path: Path):
    listing = tmp_path / "list.html"
    listing.write_text('<html><body><main><ul><li><a href="coe.pdf">Code of Ethics</a></li></ul></main>'
                       "</body></html>")
    prose = tmp_path / "prose.html"
    prose.write_text("<html><body><main><p>All peers must follow the <a href=coe.pdf>Code of Ethics</a> "
                     "adopted by the board.</p></main></body></html>")
    documents = detect_files([listing, prose], load_taxonomy())["documents"]
    assert {e["region"] for e in documents[0]["concepts"]["code_of_ethics"]} == {"navigation"}
    assert {e["region"] for e in documents[1]["concepts"]["code_of_ethics"]} == {"body"}
    assert documents[0]["score"] < documents[1]["score"]
