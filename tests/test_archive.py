"""archive: raw responses go to data/archive/<run-id>/<program-id>.warc.gz, readable by warcio."""

from warcio.archiveiterator import ArchiveIterator

from peerscan.localweb import LocalSite, Response
from scrape.archive import WarcArchive
from scrape.records import read_pages
from tests.hostile import crawl, fast_settings, html, links, make_program
from tests.minipdf import make_pdf


def read_warc(path):
    with open(path, "rb") as handle:
        return [(r.rec_headers.get_header("WARC-Target-URI"), r.http_headers.get_statuscode(),
                 r.http_headers.get_header("Content-Type"), r.content_stream().read())
                for r in ArchiveIterator(handle) if r.rec_type == "response"]


def test_every_fetched_document_is_archived_with_its_status_headers_and_exact_body(tmp_path):
    pdf = make_pdf([["Code of Ethics"]])
    routes = {"/": Response(html(links(("/h.pdf", "Handbook"), ("/gone", "Ethics")))),
              "/h.pdf": Response(pdf, content_type="application/pdf")}
    with LocalSite(routes) as site:
        summary = crawl([make_program("oh-warc", [site.url("/")])], tmp_path, fast_settings(archive=True))
    files = list((tmp_path / "archive").rglob("*.warc.gz"))
    assert [f.relative_to(tmp_path / "archive").as_posix() for f in files] == [f"{summary.reports[0].run_id}/oh-warc.warc.gz"]
    records = {url: (status, kind, body) for url, status, kind, body in read_warc(files[0])}
    assert records[site.url("/h.pdf")] == ("200", "application/pdf", pdf)
    assert records[site.url("/gone")][0] == "404"  # failures are traceable too
    import hashlib

    stored = {r.url: r.sha256 for r in read_pages(tmp_path, "oh-warc")}
    assert stored[site.url("/h.pdf")] == hashlib.sha256(records[site.url("/h.pdf")][2]).hexdigest()


def test_gzip_responses_are_archived_decoded_without_their_content_encoding(tmp_path):
    import gzip

    body = html("<p>boundaries</p>").encode()
    with LocalSite({"/": Response(gzip.compress(body), headers={"Content-Encoding": "gzip"})}) as site:
        crawl([make_program("oh-gz", [site.url("/")])], tmp_path, fast_settings(archive=True))
    (path,) = (tmp_path / "archive").rglob("*.warc.gz")
    with open(path, "rb") as handle:
        record = next(r for r in ArchiveIterator(handle) if r.rec_type == "response")
        assert record.http_headers.get_header("Content-Encoding") is None
        assert record.content_stream().read() == body


def test_no_archive_is_written_when_archiving_is_off(tmp_path):
    with LocalSite({"/": Response(html("x"))}) as site:
        crawl([make_program("oh-noarc", [site.url("/")])], tmp_path, fast_settings(archive=False))
    assert not (tmp_path / "archive").exists()


def test_an_unfinished_archive_never_appears_under_its_final_name(tmp_path):
    archive = WarcArchive(tmp_path / "run" / "oh-x.warc.gz")
    archive.write_response("http://h/", 200, "OK", (("Content-Type", "text/html"),), b"<p>x</p>", "2026-11-26T00:00:00Z")
    assert not (tmp_path / "run" / "oh-x.warc.gz").exists()
    assert archive.commit() == tmp_path / "run" / "oh-x.warc.gz"
    assert [url for url, *_ in read_warc(tmp_path / "run" / "oh-x.warc.gz")] == ["http://h/"]
    assert [p.name for p in (tmp_path / "run").iterdir()] == ["oh-x.warc.gz"]


def test_the_run_id_given_by_the_caller_names_the_archive_and_every_report(tmp_path):
    from scrape.crawl import crawl_programs

    with LocalSite({"/": Response(html("<p>Code of ethics</p>"))}) as site:
        summary = crawl_programs([make_program("oh-runid", [site.url("/")])], tmp_path, fast_settings(archive=True),
                                 run_id="2026-11-28T120000Z")
    assert summary.run_id == "2026-11-28T120000Z" and summary.reports[0].run_id == "2026-11-28T120000Z"
    assert (tmp_path / "archive" / "2026-11-28T120000Z" / "oh-runid.warc.gz").is_file()


def test_a_rendered_page_archives_its_scripts_and_the_dom_its_text_came_from(tmp_path):
    from scrape.render import chromium_available
    from scrape.settings import CrawlSettings
    from tests.support import require

    require(chromium_available(CrawlSettings()), "Chromium (/usr/bin/chromium) and Playwright are needed to render")
    spa = ('<html><head><title>Portal</title><script src="/app.js" defer></script></head><body>'
           '<noscript>Enable JavaScript.</noscript><div id="root"></div></body></html>')
    script = "document.getElementById('root').textContent = 'Peers keep professional boundaries.';"
    with LocalSite({"/": Response(spa), "/app.js": Response(script, content_type="application/javascript")}) as site:
        crawl([make_program("oh-dom", [site.url("/")])], tmp_path, fast_settings(archive=True))
    path = next((tmp_path / "archive").rglob("oh-dom.warc.gz"))
    responses = {url: body for url, _, _, body in read_warc(path)}
    assert responses[site.url("/app.js")] == script.encode()
    with open(path, "rb") as handle:
        conversions = [r.content_stream().read() for r in ArchiveIterator(handle) if r.rec_type == "conversion"]
    assert len(conversions) == 1 and b"Peers keep professional boundaries." in conversions[0]
