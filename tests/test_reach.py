"""Reach: where real programs keep their ethics content (DESIGN.md), on a fixture web shaped like them.

One agency program links a code-of-ethics PDF on the board's host, a training module on a partner's host
(whose own further link must not be fetched), a single-page app, a scanned PDF, and keeps one page only in its
sitemap; its footer links the State Ethics Commission. A second program sits behind a bot wall. Each case is
asserted on the servers' request logs and on the results (concept, strength, evidence URL, flags, status, score).
"""

import csv
import gzip
import html as htmllib
import io

import pytest

from analyze.run import analyze_run
from analyze.taxonomy import load_taxonomy
from peerscan.localweb import LocalSite, Response
from peerscan.registry import Jurisdiction, Registry
from peerscan.third_parties import load_third_party_hosts
from peerscan_cli.crawl_text import crawl_summary_text
from report.build import build_site
from scrape.extract import extract_document
from scrape.frontier import load_vocabulary
from scrape.leaves import LeafPolicy, export_url
from scrape.ocr import OCR_MISSING, ocr_available
from scrape.records import Link, read_pages, read_report
from scrape.render import CHROMIUM_MISSING, chromium_available
from scrape.settings import CrawlSettings
from tests.hostile import crawl, fast_settings, html, make_program
from tests.minipdf import make_pdf
from tests.support import require
from tools.scanpdf import make_scanned_pdf

JURISDICTIONS = (Jurisdiction("OH", "Ohio", "state", (1, 1)), Jurisdiction("WA", "Washington", "state", (1, 2)))
SPA = ('<!doctype html><html><head><title>Peer portal</title><script src="/portal/app.js" defer></script>'
       '<script src="/private/tracker.js" defer></script></head>'
       '<body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>')
APP_JS = ("document.getElementById('root').innerHTML = '<main><h1>Peer Specialist Portal</h1>"
          "<p>Peer specialists do not friend or follow the people they serve on social media.</p>"
          "<a href=\"/portal/conduct.html\">Standards of conduct</a><img src=\"/portal/banner.png\"></main>';")
SCANNED_LINES = [["Signed Code of Conduct", "Peer specialists do not accept gifts of",
                  "significant value from the people they serve."]]
BOARD_PDF_LINES = [["Code of Ethics for Certified Peer Specialists",
                    "A certified peer specialist shall not enter into dual relationships",
                    "with persons served that could exploit them."]]


def _sitemap_index(child: str) -> bytes:
    return gzip.compress(('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/'
                          f'schemas/sitemap/0.9"><sitemap><loc>{child}</loc></sitemap></sitemapindex>').encode())


def _urlset(*urls: str) -> str:
    locs = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'


class FixtureWeb:
    """Six hosts: the agency (program), the board, a partner, the ethics commission, a bot wall, and nothing else."""

    def __init__(self) -> None:
        self.agency, self.board, self.partner = LocalSite(), LocalSite(), LocalSite()
        self.commission = LocalSite(fallback=Response(html("<p>Ethics rules for state employees.</p>")))
        wall = Response("<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>",
                        status=403)
        self.wall = LocalSite(fallback=wall)
        self.sites = (self.agency, self.board, self.partner, self.commission, self.wall)

    def __enter__(self) -> "FixtureWeb":
        for site in self.sites:
            site.start()
        a, b, p, c = self.agency.url, self.board.url, self.partner.url, self.commission.url
        self.agency.routes.update({
            "/robots.txt": Response(f"User-agent: *\nDisallow: /private/\nSitemap: {a('/sitemaps/index.xml.gz')}\n",
                                    content_type="text/plain"),
            "/sitemaps/index.xml.gz": Response(_sitemap_index(a("/sitemaps/pages.xml")), content_type="application/gzip"),
            "/sitemaps/pages.xml": Response(_urlset(a("/peer/"), a("/peer/boundaries-guidance.html"), a("/private/x")),
                                            content_type="application/xml"),
            "/peer/": Response(
                "<html><head><title>Peer Specialist Certification</title></head><body><main>"
                "<h1>Peer Specialist Certification</h1><p>Apply to become a certified peer specialist.</p>"
                f'<p><a href="{b("/docs/code-of-ethics.pdf")}">Code of Ethics (PDF)</a></p>'
                f'<p><a href="{p("/training/module-3")}">Peer specialist training: ethics and boundaries module</a></p>'
                f'<p><a href="{p("/campus/parking")}">Campus parking</a></p>'
                f'<p>Questions about gifts to state staff? <a href="{c("/gifts")}">State Ethics Commission</a></p>'
                '<p><a href="/portal/">Peer portal</a> · <a href="/peer/scanned-code.pdf">Signed code of conduct</a></p>'
                f'</main><footer><a href="{c("/")}">State Ethics Commission</a></footer></body></html>'),
            "/peer/boundaries-guidance.html": Response(html(
                "<p>Peer specialists keep professional boundaries and never give their personal phone number to "
                "the people they serve.</p>", "Boundaries guidance")),
            "/peer/scanned-code.pdf": Response(make_scanned_pdf(SCANNED_LINES), content_type="application/pdf"),
            "/portal/": Response(SPA),
            "/portal/app.js": Response(APP_JS, content_type="application/javascript"),
            "/portal/banner.png": Response(b"\x89PNG", content_type="image/png"),
            "/portal/conduct.html": Response(html("<p>Standards of conduct apply to every certified peer.</p>")),
            "/private/x": Response(html("<p>private</p>")),
            "/private/tracker.js": Response("window.tracked = true;", content_type="application/javascript"),
        })
        self.board.routes["/docs/code-of-ethics.pdf"] = Response(make_pdf(BOARD_PDF_LINES), content_type="application/pdf")
        self.partner.routes.update({
            "/training/module-3": Response(html(
                "<p>Module 3 covers self-disclosure: when sharing your own recovery story helps the person you "
                f'serve.</p><p><a href="{p("/training/module-4-ethics-handbook.pdf")}">Module 4: ethics handbook</a></p>',
                "Training module 3")),
            "/training/module-4-ethics-handbook.pdf": Response(make_pdf([["Ethics handbook"]]),
                                                               content_type="application/pdf"),
        })
        return self

    def __exit__(self, *exc: object) -> None:
        for site in self.sites:
            site.stop()

    def programs(self) -> list:
        return [make_program("oh-reach", [self.agency.url("/peer/")]), make_program("wa-wall", [self.wall.url("/")])]


@pytest.fixture(scope="module")
def reach(tmp_path_factory):
    """Crawl and analyze the fixture web once; yields the web (request logs), data dir and results."""
    data = tmp_path_factory.mktemp("reach")
    with FixtureWeb() as web:
        programs = web.programs()
        summary = crawl(programs, data, fast_settings(sitemaps=True))
    registry = Registry(tuple(programs), JURISDICTIONS)
    run = analyze_run(data, registry, load_taxonomy())
    build_site(data, data / "site", registry, load_taxonomy())
    by_id = {p.id: p for j in run.jurisdictions for p in j.programs}
    yield {"web": web, "data": data, "summary": summary, "run": run, "programs": by_id, "site": data / "site",
           "pages": {r.url: r for r in read_pages(data, "oh-reach")}}


def _evidence(program, concept: str) -> list:
    return list(program.concepts[concept].evidence) if concept in program.concepts else []


def test_the_code_of_ethics_pdf_on_the_board_host_is_a_leaf_that_credits_the_program(reach):
    web = reach["web"]
    pdf = web.board.url("/docs/code-of-ethics.pdf")
    assert web.board.paths_requested() == ["/robots.txt", "/docs/code-of-ethics.pdf"]  # that host's robots obeyed
    assert reach["pages"][pdf].linked_from == web.agency.url("/peer/")
    dual = reach["programs"]["oh-reach"].concepts["dual_relationships"]
    assert dual.strength == "body"
    quote = next(e for e in dual.evidence if e.url == pdf)
    assert quote.linked_from == web.agency.url("/peer/") and quote.page == 1


def test_a_partner_training_page_is_fetched_as_a_leaf_but_its_own_links_are_not_followed(reach):
    web = reach["web"]
    assert web.partner.paths_requested() == ["/robots.txt", "/training/module-3"]  # not module 4, not parking
    evidence = _evidence(reach["programs"]["oh-reach"], "self_disclosure")
    assert any(e.url == web.partner.url("/training/module-3") and e.region == "body" for e in evidence)


def test_the_state_ethics_commission_is_never_fetched_and_credits_nothing(reach):
    assert reach["web"].commission.requests == []
    report = read_report(reach["data"], "oh-reach")
    assert report.counters["leaf_never_follow"] == 2  # the link in the text and the one in the footer
    quotes = [e for f in reach["programs"]["oh-reach"].concepts.values() for e in f.evidence]
    assert not any(reach["web"].commission.base in e.url for e in quotes)


def test_a_page_only_in_the_sitemap_index_is_crawled_and_found(reach):
    web = reach["web"]
    requested = web.agency.paths_requested()
    assert {"/sitemaps/index.xml.gz", "/sitemaps/pages.xml", "/peer/boundaries-guidance.html"} <= set(requested)
    assert "/private/x" not in requested  # sitemap URLs obey robots.txt like links
    guidance = web.agency.url("/peer/boundaries-guidance.html")
    assert reach["pages"][guidance].via_sitemap
    evidence = _evidence(reach["programs"]["oh-reach"], "personal_contact")
    assert any(e.url == guidance and e.region == "body" for e in evidence)


def test_a_single_page_app_is_rendered_in_chromium_and_its_dom_links_join_the_frontier(reach):
    require(chromium_available(CrawlSettings()), "Chromium (/usr/bin/chromium) and Playwright are needed to render")
    web = reach["web"]
    portal = reach["pages"][web.agency.url("/portal/")]
    assert portal.rendered and portal.error is None
    requested = web.agency.paths_requested()
    assert requested.count("/portal/") == 1  # the browser is handed the fetched HTML, not a second request
    assert "/portal/app.js" in requested and "/portal/banner.png" not in requested  # no images
    assert "/private/tracker.js" not in requested  # the browser's requests obey robots.txt too
    assert "/portal/conduct.html" in requested  # a link that exists only in the rendered DOM
    agent = {r.headers["user-agent"] for r in web.agency.requests}
    assert agent == {CrawlSettings().user_agent}  # the browser says who it is, like every other request
    social = reach["programs"]["oh-reach"].concepts["social_media"]
    assert social.strength == "body"
    assert any(e.url == web.agency.url("/portal/") and e.rendered for e in social.evidence)


def test_a_scanned_pdf_is_read_by_ocr_and_its_evidence_says_so(reach):
    require(ocr_available(), "tesseract (Debian tesseract-ocr), pytesseract and pypdfium2 are needed for OCR")
    scanned = reach["pages"][reach["web"].agency.url("/peer/scanned-code.pdf")]
    assert scanned.error is None and all(b.ocr for b in scanned.blocks if b.region == "body")
    gifts = reach["programs"]["oh-reach"].concepts["gifts"]
    assert gifts.strength == "body"
    assert any(e.url == scanned.url and e.ocr and e.page == 1 for e in gifts.evidence)


def test_a_bot_wall_is_refused_asked_twice_at_most_and_not_scored(reach):
    wall = reach["web"].wall
    assert wall.paths_requested().count("/") == 2  # one retry at most
    report = read_report(reach["data"], "wa-wall")
    assert report.status == "refused" and report.reason == "the site refused automated access (HTTP 403)"
    program = reach["programs"]["wa-wall"]
    assert program.status == "refused" and program.score is None
    washington = next(j for j in reach["run"].jurisdictions if j.state == "WA")
    assert washington.score is None  # a state is scored from its scored programs only
    assert reach["programs"]["oh-reach"].score > 0


def test_the_site_says_where_each_quote_came_from_and_that_the_walled_program_is_not_scored(reach):
    ohio = htmllib.unescape((reach["site"] / "states" / "oh.html").read_text(encoding="utf-8"))
    board = reach["web"].board.base.removeprefix("http://")
    assert f"{board}, linked from the program's official pages" in ohio  # a leaf names its host
    washington = htmllib.unescape((reach["site"] / "states" / "wa.html").read_text(encoding="utf-8"))
    assert "not scored" in washington and "the site refused automated access (HTTP 403)" in washington
    index = (reach["site"] / "index.html").read_text(encoding="utf-8")
    assert 'href="states/wa.html" aria-label="Washington: not scored' in index
    assert 'class="tile notscored"' in index  # its own map style, not "not crawled yet"
    rows = list(csv.DictReader(io.StringIO((reach["site"] / "data" / "evidence.csv").read_text("utf-8-sig"))))
    leaf_rows = [r for r in rows if r["url"] == reach["web"].board.url("/docs/code-of-ethics.pdf")]
    assert leaf_rows and {r["linked_from"] for r in leaf_rows} == {reach["web"].agency.url("/peer/")}
    if chromium_available(CrawlSettings()):
        assert "from the page as rendered with JavaScript" in ohio
        assert any(r["read_by"] == "javascript" for r in rows)
    if ocr_available():
        assert "read by OCR from a scanned page" in ohio
        assert any(r["read_by"] == "ocr" and r["page"] == "1" for r in rows)


def test_budget_counts_leaves(reach, tmp_path):
    with FixtureWeb() as web:
        crawl([web.programs()[0]], tmp_path, fast_settings(max_pages=2))
        assert len(read_pages(tmp_path, "oh-reach")) == 2
        leaves = [r for r in read_pages(tmp_path, "oh-reach") if r.leaf]
        assert len(leaves) == 1  # seed + the best-ranked link, a PDF on the board host


def test_without_chromium_the_record_and_summary_say_the_page_needs_javascript(tmp_path):
    with LocalSite({"/": Response(SPA)}) as site:
        summary = crawl([make_program("oh-spa", [site.url("/")])], tmp_path,
                        fast_settings(chromium_path=str(tmp_path / "no-chromium")))
    record = read_pages(tmp_path, "oh-spa")[0]
    assert record.error == CHROMIUM_MISSING and not record.rendered
    assert f"oh-spa: {CHROMIUM_MISSING}" in crawl_summary_text(summary)


def test_render_never_leaves_an_empty_shell_alone(tmp_path):
    with LocalSite({"/": Response(SPA)}) as site:
        crawl([make_program("oh-spa", [site.url("/")])], tmp_path, fast_settings(render="never"))
    record = read_pages(tmp_path, "oh-spa")[0]
    assert not record.rendered and record.error is None and site.paths_requested() == ["/robots.txt", "/"]


def test_without_tesseract_a_scanned_pdf_says_ocr_is_not_available(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")  # as on a machine without tesseract-ocr
    extracted = extract_document(make_scanned_pdf(SCANNED_LINES), "application/pdf", "scan.pdf")
    assert extracted.error == OCR_MISSING and extracted.blocks == ()


def test_google_docs_and_drive_links_become_their_documented_export_urls():
    doc = "https://docs.google.com/document/d/1AbCdEfGhIjKlMnOpQrSt/edit?usp=sharing"
    assert export_url(doc) == "https://docs.google.com/document/d/1AbCdEfGhIjKlMnOpQrSt/export?format=txt"
    drive = "https://drive.google.com/file/d/1ZyXwVuTsRqPoNmLkJi/view?usp=drive_link"
    assert export_url(drive) == "https://drive.google.com/uc?export=download&id=1ZyXwVuTsRqPoNmLkJi"
    assert export_url("https://drive.google.com/open?id=1ZyXwVuTsRqPoNmLkJi") == \
        "https://drive.google.com/uc?export=download&id=1ZyXwVuTsRqPoNmLkJi"
    assert export_url("https://example.org/document/d/1AbCdEfGhIjKlMnOpQrSt/edit") is None


def test_with_no_host_resolving_the_crawl_ends_quickly_and_suggests_the_demo(tmp_path):
    # .invalid never resolves (RFC 6761): what every seed looks like on a machine without network.
    programs = [make_program(f"oh-off{i}", [f"https://peer{i}.example.invalid/"]) for i in range(5)]
    summary = crawl(programs, tmp_path)
    assert summary.offline and {r.status for r in summary.reports} == {"failed"}
    assert all("DNS lookup failed" in r.reason for r in summary.reports)  # never "blocked"
    assert all(r.counters.get("requests", 0) <= 1 for r in summary.reports)
    assert "no host resolved" in crawl_summary_text(summary) and "peerscan demo" in crawl_summary_text(summary)


@pytest.mark.parametrize(("text", "url", "fetched"), [
    ("Code of Ethics", "https://board.example/code", True),  # 4.0
    ("Candidate handbook", "https://board.example/h", True),  # 3.0: exactly the threshold
    ("Peer specialist training: ethics and boundaries module", "https://u.example/training/3", True),
    ("Training", "https://u.example/x", False),  # 2.0: a bare "Training" link is mostly a generic portal
    ("Campus parking", "https://u.example/campus/parking", False),
    ("News", "https://u.example/news/peer-training", False),
    ("Ethics handbook", "https://state.example/ethics-commission/", True),  # words decide, not the host
    ("State Ethics Commission", "https://ethics.state.example/", False),  # never followed
])
def test_an_off_site_page_is_a_leaf_when_its_link_scores_at_least_the_leaf_threshold(text, url, fetched):
    vocabulary = load_vocabulary()
    policy = LeafPolicy(vocabulary, CrawlSettings().leaf_min_relevance, vocabulary.never_follow)
    leaf, _ = policy.choose(Link(url, text))
    assert (leaf is not None) == fetched


def test_news_and_directory_hosts_are_never_leaves_but_a_programs_drive_files_are():
    vocabulary = load_vocabulary()
    policy = LeafPolicy(vocabulary, CrawlSettings().leaf_min_relevance, vocabulary.never_follow,
                        load_third_party_hosts())
    assert policy.choose(Link("https://www.adn.com/peer-ethics.pdf", "Peer specialist code of ethics")) == \
        (None, "leaf_third_party")  # a newspaper's copy never speaks for the program
    assert policy.choose(Link("https://copelandcenter.com/peer-ethics", "Ethics training"))[0] is None
    drive = policy.choose(Link("https://drive.google.com/file/d/1ZyXwVuTsRqPoNmLkJi/view", "Code of ethics"))[0]
    assert drive is not None and drive.url == "https://drive.google.com/uc?export=download&id=1ZyXwVuTsRqPoNmLkJi"


def test_an_off_site_document_is_a_leaf_whatever_its_words_but_not_from_a_menu():
    vocabulary = load_vocabulary()
    policy = LeafPolicy(vocabulary, CrawlSettings().leaf_min_relevance, vocabulary.never_follow)
    assert policy.choose(Link("https://board.example/files/f-102.pdf", "Form 102"))[0] is not None
    assert policy.choose(Link("https://board.example/files/f-102.pdf", "Form 102", "navigation"))[0] is None


def test_a_rendering_page_cannot_reach_an_address_the_guard_refuses(tmp_path):
    require(chromium_available(CrawlSettings()), "Chromium (/usr/bin/chromium) and Playwright are needed to render")
    metadata = ('<!doctype html><html><head><title>Portal</title>'
                '<script src="http://169.254.169.254/latest/meta-data/boot.js"></script></head>'
                '<body><noscript>Please enable JavaScript.</noscript><div id="root"></div></body></html>')
    with LocalSite({"/": Response(metadata)}) as site:
        crawl([make_program("oh-ssrf", [site.url("/")])], tmp_path)
    record = read_pages(tmp_path, "oh-ssrf")[0]
    counters = read_report(tmp_path, "oh-ssrf").counters
    assert record.rendered  # the page still renders, without that script
    # Refused by the guard before any connection: the browser opens none of its own.
    assert counters["render_refused_requests"] == 1 and counters["guard_refused"] == 1
    assert counters.get("render_requests", 0) == 0


def test_a_rendering_page_opens_no_connection_of_its_own_not_even_a_websocket(tmp_path):
    """WebSockets pass by request routing: the browser itself must still reach no address (here a loopback one)."""
    import socket
    import threading

    require(chromium_available(CrawlSettings()), "Chromium (/usr/bin/chromium) and Playwright are needed to render")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    accepted: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    watcher = threading.Thread(target=accept, daemon=True)
    watcher.start()
    page = ('<!doctype html><html><head><title>Portal</title><script>'
            f'new WebSocket("ws://127.0.0.1:{port}/feed"); new WebSocket("ws://peer-portal.example/feed");'
            '</script></head><body><noscript>Please enable JavaScript.</noscript><div id="root"></div></body></html>')
    try:
        with LocalSite({"/": Response(page)}) as site:
            crawl([make_program("oh-ws", [site.url("/")])], tmp_path)
    finally:
        stop.set()
        watcher.join(timeout=2)
        listener.close()
    assert read_pages(tmp_path, "oh-ws")[0].rendered
    assert accepted == [], "Chromium connected to an address by itself"
    assert read_report(tmp_path, "oh-ws").counters["render_blocked_requests"] >= 1


def test_ocr_renders_a_normal_page_at_its_dpi_and_a_huge_page_within_the_pixel_cap():
    from scrape.extract_settings import ExtractSettings
    from scrape.ocr import page_scale

    settings = ExtractSettings()
    assert page_scale((612, 792), settings) == settings.ocr_dpi / 72  # US Letter: 1700 x 2200 px at 200 dpi
    huge = (14400, 14400)  # 200 x 200 inches: 800 M pixels at 200 dpi, gigabytes of memory
    scale = page_scale(huge, settings)
    assert huge[0] * huge[1] * scale * scale <= settings.ocr_max_pixels * 1.0001


def test_a_leaf_host_refusing_us_does_not_make_a_failing_program_refused(tmp_path):
    """The seed's site failing while a Drive file or partner answers 403 is a failed crawl, not a refusal."""
    down = {"now": False}

    def seed(request, handler):
        if down["now"]:
            return Response("server error", status=500)
        return Response(html(f'<p><a href="{board.url("/code.pdf")}">Code of Ethics (PDF)</a></p>', "Peer program"))

    def leaf(request, handler):
        if down["now"]:
            return Response("<html><head><title>Just a moment...</title></head></html>", status=403)
        return Response(make_pdf([["Code of Ethics for peer specialists."]]), content_type="application/pdf")

    with LocalSite({"/": seed}) as agency, LocalSite({"/code.pdf": leaf}) as board:
        program = make_program("oh-leaf403", [agency.url("/")])
        crawl([program], tmp_path)
        assert read_report(tmp_path, "oh-leaf403").status == "ok"
        down["now"] = True
        crawl([program], tmp_path)
    report = read_report(tmp_path, "oh-leaf403")
    assert report.status == "failed", report.reason


def test_a_sitemap_index_naming_a_sitemap_on_another_host_is_not_followed_there(tmp_path):
    with LocalSite() as agency, LocalSite() as elsewhere:
        agency.routes.update({
            "/robots.txt": Response(f"User-agent: *\nSitemap: {agency.url('/index.xml.gz')}\n",
                                    content_type="text/plain"),
            "/index.xml.gz": Response(_sitemap_index(elsewhere.url("/pages.xml")), content_type="application/gzip"),
            "/": Response(html("<p>Peer specialist certification.</p>", "Peer program")),
        })
        elsewhere.routes["/pages.xml"] = Response(_urlset(agency.url("/hidden.html")), content_type="application/xml")
        crawl([make_program("oh-sitemap-foreign", [agency.url("/")])], tmp_path, fast_settings(sitemaps=True))
        assert [r.path for r in elsewhere.requests] == []
    assert read_report(tmp_path, "oh-sitemap-foreign").counters["sitemaps_foreign"] == 1
