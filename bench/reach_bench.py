"""Reach benchmark: median seconds to render a page in Chromium, peak memory while rendering, seconds to OCR a page.

Run `python bench/reach_bench.py [--pages 10]`; the pages are served on 127.0.0.1. Rendering memory is the
proportional set size (PSS: shared pages counted once) of this process and its Chromium processes together.
"""

import argparse
import asyncio
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from peerscan.localweb import LocalSite, Response  # noqa: E402
from scrape.crawl import make_client  # noqa: E402
from scrape.crawl_log import CrawlLog  # noqa: E402
from scrape.extract_settings import ExtractSettings  # noqa: E402
from scrape.fetch import Fetcher  # noqa: E402
from scrape.guard import AddressGuard  # noqa: E402
from scrape.ocr import ocr_pages  # noqa: E402
from scrape.render import Renderer  # noqa: E402
from scrape.settings import CrawlSettings  # noqa: E402
from scrape.throttle import HostThrottle  # noqa: E402
from tools.scanpdf import make_scanned_pdf  # noqa: E402

APP_JS = """const root = document.getElementById('root');
let html = '<main><h1>Peer specialist portal</h1>';
for (let i = 0; i < 60; i++) {
  html += '<p>Section ' + i + ': peer specialists keep professional boundaries and avoid dual relationships.</p>';
  html += '<a href="/page-' + i + '.html">Topic ' + i + '</a>';
}
root.innerHTML = html + '</main>';
"""
SPA = ('<!doctype html><html><head><title>Portal</title><script src="/app.js" defer></script></head><body>'
       '<noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div>'
       '<img src="/banner.png"></body></html>')


class TreeMemory:
    """Samples the PSS of this process and its children every interval_s; peak_mb is the largest sum seen."""

    def __init__(self, interval_s: float = 0.05) -> None:
        import psutil

        self.process = psutil.Process()
        self.interval_s = interval_s
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> float:
        total = 0
        for proc in [self.process, *self.process.children(recursive=True)]:
            try:
                total += proc.memory_full_info().pss
            except Exception:  # noqa: BLE001 - a child that just exited
                continue
        return total / 2**20

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, self._sample())
            time.sleep(self.interval_s)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def render_figures(pages: int) -> dict:
    """Render `pages` single-page apps one after another; median seconds and peak memory."""
    settings = CrawlSettings()
    routes = {"/app.js": Response(APP_JS, content_type="application/javascript"),
              "/banner.png": Response(b"\x89PNG", content_type="image/png")}
    routes.update({f"/spa-{i}/": Response(SPA) for i in range(pages)})

    async def go(site: LocalSite) -> list[float]:
        renderer = Renderer(settings)
        log = CrawlLog()
        async with make_client(settings) as client:
            # The crawler's own fetcher answers the browser's requests, as in a crawl (no delay: timing the render).
            fetcher = Fetcher(client, settings, HostThrottle(0.0), AddressGuard(frozenset({"loopback"})), log)

            async def fetch(url: str):
                fetched = await fetcher.fetch(url)
                return (fetched.status, fetched.header("content-type"), fetched.body) if fetched.status else None

            return await rendered_seconds(renderer, site, fetch, log)

    async def rendered_seconds(renderer: Renderer, site: LocalSite, fetch, log: CrawlLog) -> list[float]:
        seconds = []
        try:
            await renderer.render(site.url("/spa-0/"), SPA.encode(), "text/html", fetch, log)  # launch
            for i in range(pages):
                started = time.perf_counter()
                rendered = await renderer.render(site.url(f"/spa-{i}/"), SPA.encode(), "text/html", fetch, log)
                seconds.append(time.perf_counter() - started)
                assert rendered.error is None and "Section 59" in rendered.html, rendered.error
        finally:
            await renderer.close()
        return seconds

    with LocalSite(routes) as site, TreeMemory() as memory:
        started = time.perf_counter()
        seconds = asyncio.run(go(site))
        total = time.perf_counter() - started
    return {"pages": pages, "median_s": statistics.median(seconds), "max_s": max(seconds),
            "with_launch_s": total, "peak_pss_mb": memory.peak_mb}


def ocr_figures(rounds: int = 3) -> dict:
    """Median seconds to OCR one scanned letter page at ExtractSettings().ocr_dpi."""
    settings = ExtractSettings()
    lines = ["Code of Conduct for Peer Support Specialists", ""] + [
        f"{n}. Peer specialists do not accept gifts, money or loans from the people they serve." for n in range(1, 25)]
    pdf = make_scanned_pdf([lines], font_px=22)
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        blocks, read = ocr_pages(pdf, [0], settings)
        seconds.append(time.perf_counter() - started)
        assert read == 1 and any("gifts" in b.text for b in blocks)
    return {"dpi": settings.ocr_dpi, "median_s": statistics.median(seconds), "languages": settings.ocr_languages}


def format_figures(render: dict, ocr: dict) -> str:
    return "\n".join([
        f"rendering: median {render['median_s']:.2f} s per page (max {render['max_s']:.2f} s; {render['pages']} pages, "
        f"{render['with_launch_s']:.1f} s with Chromium's launch); peak memory while rendering "
        f"{render['peak_pss_mb']:.0f} MB PSS, crawler and Chromium together (goal < 800)",
        f"OCR: {ocr['median_s']:.2f} s for one letter page at {ocr['dpi']} dpi ({ocr['languages']})",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=10)
    args = parser.parse_args()
    print(format_figures(render_figures(args.pages), ocr_figures()))


if __name__ == "__main__":
    main()
