"""Sitemaps of a seed host: robots.txt `Sitemap:` lines and /sitemap.xml, sitemap indexes and gzip.

Reads settings.max_sitemap_files and max_sitemap_urls; the URLs found join the frontier like links,
ranked by their URL words, within the program's scope and budget. Failures only bump counters.
"""

import zlib
from collections.abc import Callable

from lxml import etree

from scrape.crawl_log import CrawlLog
from scrape.fetch import Fetcher
from scrape.settings import CrawlSettings
from scrape.urls import host_key

MAX_SITEMAP_BYTES = 50_000_000  # sitemaps.org: 50 MB uncompressed per file


def _inflate(body: bytes) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, MAX_SITEMAP_BYTES)
    except zlib.error:
        return b""


def parse_sitemap(body: bytes) -> tuple[list[str], list[str]]:
    """(page URLs, child sitemap URLs) of a sitemap or sitemap index, gzipped or not; ([], []) when unreadable."""
    body = _inflate(body)
    if b"<" not in body[:2000]:
        return [], []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return [], []
    if root is None:
        return [], []
    locs = [(el.getparent(), (el.text or "").strip()) for el in root.iter("{*}loc")]
    index = etree.QName(root).localname == "sitemapindex"
    urls = [loc for parent, loc in locs if loc and not index and etree.QName(parent).localname == "url"]
    children = [loc for parent, loc in locs if loc and index and etree.QName(parent).localname == "sitemap"]
    return urls, children


async def read_sitemaps(origin: str, declared: list[str], fetcher: Fetcher, settings: CrawlSettings,
                        allowed: Callable[[str], bool], log: CrawlLog) -> list[str]:
    """Page URLs from the origin's sitemaps (declared ones first, then /sitemap.xml), indexes followed.

    allowed(url) tells whether robots.txt lets us fetch a sitemap file that robots.txt did not name itself.
    """
    queue = list(dict.fromkeys([*declared, origin + "/sitemap.xml"]))
    named = set(declared)
    seen: set[str] = set()
    urls: list[str] = []
    while queue and len(seen) < settings.max_sitemap_files and len(urls) < settings.max_sitemap_urls:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        if url not in named and not allowed(url):
            log.count("sitemaps_disallowed")
            continue
        fetched = await fetcher.fetch(url, max_bytes=MAX_SITEMAP_BYTES, count_status_errors=False)
        log.count("sitemap_fetches")
        if fetched.error:
            continue
        pages, children = parse_sitemap(fetched.body)
        urls.extend(pages[: settings.max_sitemap_urls - len(urls)])
        # An index names sitemaps on its own host only: one elsewhere is not this site's to declare.
        foreign = [child for child in children if host_key(child) != host_key(url)]
        log.count("sitemaps_foreign", len(foreign))
        queue.extend(child for child in children if host_key(child) == host_key(url))
    log.count("sitemap_urls", len(urls))
    return urls
