"""extract_document: dispatch by content type and sniffing, HTML blocks with regions, links; never raises."""

import gzip

from scrape.extract import extract_document
from scrape.extract_settings import ExtractSettings
from scrape.records import Link, TextBlock
from tests.minipdf import make_pdf

URL = "https://example.org/peer/ethics.html"


def html(body: str, head: str = "<title>Peer Ethics</title>") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def blocks(body: str, **kwargs) -> list[TextBlock]:
    return list(extract_document(html(body, **kwargs), "text/html; charset=utf-8", URL).blocks)


def texts(body: str, region: str | None = None) -> list[str]:
    return [b.text for b in blocks(body) if region is None or b.region == region]


# Dispatch

def test_a_pdf_is_recognised_by_its_magic_even_when_labelled_html_or_unlabelled():
    pdf = make_pdf([["Code of Ethics for peers."]])
    for content_type in ("application/pdf", "text/html", None, "application/octet-stream"):
        extracted = extract_document(pdf, content_type, "https://example.org/download?id=7")
        assert extracted.kind == "pdf" and extracted.blocks[0].text == "Code of Ethics for peers."


def test_html_served_as_octet_stream_or_text_plain_or_without_type_is_sniffed_as_html():
    for content_type in ("application/octet-stream", "text/plain", None, ""):
        extracted = extract_document(html("<p>Boundaries matter.</p>"), content_type, URL)
        assert extracted.kind == "html", content_type
        assert "Boundaries matter." in [b.text for b in extracted.blocks]


def test_plain_text_is_split_into_paragraphs_on_blank_lines():
    body = (b"Code of Ethics\n\nPeers keep clear boundaries\nwith the people they serve.\n\n\n"
            b"Gifts are declined.\n")
    extracted = extract_document(body, "text/plain; charset=utf-8", URL)
    assert extracted.kind == "text"
    assert [b.text for b in extracted.blocks] == [
        "Code of Ethics", "Peers keep clear boundaries with the people they serve.", "Gifts are declined."]
    assert all(b.region == "body" for b in extracted.blocks)


def test_unsupported_types_are_reported_not_parsed():
    for body, content_type in ((b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"),
                               (b'{"a": 1}', "application/json"),
                               (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(300), "application/msword")):
        extracted = extract_document(body, content_type, URL)
        assert extracted.kind == "other" and extracted.blocks == ()
        assert extracted.error.startswith("unsupported content type: ")


def test_binary_garbage_labelled_text_html_is_recorded_without_a_crash():
    garbage = bytes((i * 7919 + 13) % 256 for i in range(50_000))
    extracted = extract_document(garbage, "text/html; charset=utf-8", URL)
    assert extracted.kind == "other"
    assert extracted.error.startswith("unsupported content type: text/html (binary content")


def test_broken_markup_still_yields_its_text():
    body = b"<html><body><div><p>Unclosed <b>bold <i>italic</div></td></tr><p>Stray end tags</span></p></li>"
    extracted = extract_document(body, "text/html", URL)
    assert extracted.error is None
    assert [b.text for b in extracted.blocks] == ["Unclosed bold italic", "Stray end tags"]


def test_empty_bodies_and_deep_nesting_never_raise():
    assert extract_document(b"", "text/html", URL).error == "empty body"
    deep = b"<div>" * 20_000 + b"deep text" + b"</div>" * 20_000
    extracted = extract_document(deep, "text/html", URL)
    assert "deep text" in [b.text for b in extracted.blocks]


def test_a_body_gzipped_twice_by_the_server_is_inflated():
    extracted = extract_document(gzip.compress(html("<p>Inside gzip.</p>")), "text/html", URL)
    assert "Inside gzip." in [b.text for b in extracted.blocks]


def test_the_text_cap_bounds_what_one_document_can_contribute():
    body = html("".join(f"<p>Paragraph number {i} about boundaries.</p>" for i in range(1000)))
    extracted = extract_document(body, "text/html", URL, ExtractSettings(max_chars=500))
    assert sum(len(b.text) for b in extracted.blocks) <= 500


# HTML regions and blocks

def test_title_heading_navigation_and_body_regions_are_told_apart():
    page = blocks("""
        <header><a href="/">State Peer Board</a></header>
        <nav><ul><li><a href="/ethics">Code of Ethics</a></li></ul></nav>
        <main><h1>Peer Support Ethics</h1><p>Peers avoid dual relationships.</p>
          <ul><li>No gifts.</li><li>No dating.</li></ul>
          <table><tr><td>Boundaries</td><td>Required</td></tr></table>
          <blockquote>Respect privacy.</blockquote></main>
        <footer>Contact us</footer>""")
    assert [(b.region, b.text) for b in page] == [
        ("title", "Peer Ethics"), ("navigation", "State Peer Board"), ("navigation", "Code of Ethics"),
        ("heading", "Peer Support Ethics"), ("body", "Peers avoid dual relationships."),
        ("body", "No gifts."),
        ("body", "No dating."), ("body", "Boundaries"), ("body", "Required"), ("body", "Respect privacy."),
        ("navigation", "Contact us")]


def test_inline_tags_never_split_a_sentence():
    markup = ('<p>Peers must avoid <a href="/d">dual</a> <strong>rela</strong><span>tionships</span> '
              "with <em>people served</em>.</p>")
    assert texts(markup, "body") == ["Peers must avoid dual relationships with people served."]


def test_each_paragraph_like_element_is_its_own_block():
    assert texts("<div>Intro text<p>First.</p>Between<p>Second.</p></div>", "body") == [
        "Intro text", "First.", "Between", "Second."]


def test_script_style_noscript_template_and_svg_are_dropped():
    page = texts("<p>Keep</p><script>var x='drop';</script><style>p{}</style><noscript>drop</noscript>"
                 "<template><p>drop</p></template><svg><text>drop</text></svg><!-- drop -->")
    assert page == ["Peer Ethics", "Keep"]


def test_class_and_id_heuristics_mark_menus_breadcrumbs_and_sidebars_as_navigation():
    page = blocks("""<div class="site-menu"><a href="/a">Training</a></div>
        <ol class="breadcrumbs"><li>Home</li></ol><div id="sidebar">Related links</div>
        <div role="navigation">Skip</div><div class="unavailable">Content stays body</div>""")
    assert {b.text: b.region for b in page if b.region != "title"} == {
        "Training": "navigation", "Home": "navigation", "Related links": "navigation", "Skip": "navigation",
        "Content stays body": "body"}


def test_a_sidebar_class_on_body_or_on_a_wrapper_holding_the_article_does_not_demote_the_content():
    long = "Peers keep clear and professional boundaries with the people they serve at all times. " * 2
    page = extract_document(
        f'<html><body class="has-sidebar"><div id="page-sidebar-wrap"><p>{long}</p><p>{long}</p></div>'
        f'<div class="sidebar">Links</div></body></html>'.encode(), "text/html", URL)
    assert [b.region for b in page.blocks] == ["body", "body", "navigation"]


def test_header_and_footer_inside_an_article_are_content():
    page = blocks("<article><header><h2>Standards</h2></header><p>Text.</p>"
                  "<footer>Posted May</footer></article>")
    assert [(b.region, b.text) for b in page if b.region != "title"] == [
        ("heading", "Standards"), ("body", "Text."), ("body", "Posted May")]


def test_line_breaks_inside_a_paragraph_are_kept_as_newlines():
    page = texts("<p>Code of Ethics<br>Handbook<br/>Renewal</p>", "body")
    assert page == ["Code of Ethics\nHandbook\nRenewal"]


def test_a_double_line_break_separates_paragraphs_inside_one_element():
    page = texts("<div>First paragraph,<br>same one.<br><br>Second paragraph.<br> <br/>Third.</div>", "body")
    assert page == ["First paragraph,\nsame one.", "Second paragraph.", "Third."]


def test_title_falls_back_to_the_first_heading():
    extracted = extract_document(b"<html><body><h1>Peer Code</h1><p>x</p></body></html>", "text/html", URL)
    assert extracted.title == "Peer Code"


# Links

def test_links_are_absolute_with_anchor_text_and_region():
    extracted = extract_document(html(
        '<nav><a href="/ethics/">Code of Ethics</a></nav><p>See the <a href="handbook.pdf">handbook</a>.</p>'
        '<a href="https://other.org/x"><img src="i.png" alt="Training page"></a>'
        '<a href="//cdn.example.org/c" title="Conduct rules"></a><a href="x" aria-label="Aria name"></a>'),
        "text/html", URL)
    assert list(extracted.links) == [
        Link("https://example.org/ethics/", "Code of Ethics", "navigation"),
        Link("https://example.org/peer/handbook.pdf", "handbook", "body"),
        Link("https://other.org/x", "Training page", "body"),
        Link("https://cdn.example.org/c", "Conduct rules", "body"),
        Link("https://example.org/peer/x", "Aria name", "body")]


def test_base_href_is_honoured_when_resolving_links():
    extracted = extract_document(html('<a href="code.html">Code</a>', head='<base href="https://example.org/docs/">'),
                                 "text/html", URL)
    assert extracted.links == (Link("https://example.org/docs/code.html", "Code", "body"),)


def test_only_http_and_https_links_are_kept():
    extracted = extract_document(html(
        '<a href="mailto:a@b.org">Mail</a><a href="tel:+15551234">Call</a><a href="javascript:void(0)">JS</a>'
        '<a href="#top">Top</a><a href="ftp://x.org/f">FTP</a><a href="http://[bad">Bad</a>'
        '<a href=" /ok\n">OK</a>'), "text/html", URL)
    assert [link.url for link in extracted.links] == ["https://example.org/ok"]


def test_frames_and_meta_refresh_targets_become_links():
    extracted = extract_document(
        b'<html><head><meta http-equiv="refresh" content="0; url=/new/peer.html"></head>'
        b'<frameset><frame src="menu.html" name="menu"></frameset></html>', "text/html", URL)
    assert [link.url for link in extracted.links] == [
        "https://example.org/new/peer.html", "https://example.org/peer/menu.html"]


def test_an_unexpected_failure_inside_an_extractor_becomes_an_error_record(monkeypatch):
    def explode(*_args):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("scrape.extract.extract_html", explode)
    extracted = extract_document(html("<p>x</p>"), "text/html", URL)
    assert extracted.kind == "html" and extracted.blocks == ()
    assert extracted.error == "extraction failed: RecursionError: maximum recursion depth exceeded"
