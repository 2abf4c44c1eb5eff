"""JavaScript rendering: pages whose HTML is an empty shell are run in headless Chromium (Playwright + Debian's chromium).

Reads settings.render (auto/always/never), chromium_path, render_timeout_s, render_settle_ms and user_agent.
Every browser request is fetched by the crawler itself (guard, robots.txt, delay); images, fonts and media never are.
"""

import asyncio
import os
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from scrape.crawl_log import CrawlLog
from scrape.records import PageRecord
from scrape.settings import CrawlSettings

CHROMIUM_MISSING = "needs JavaScript; Chromium not available"
# Answers one browser request: (status, content type, body), or None when it must not be (or could not be) fetched.
SubresourceFetch = Callable[[str], Awaitable[tuple[int, str | None, bytes] | None]]
RENDER_MODES = ("auto", "always", "never")
NEARLY_EMPTY_CHARS = 200  # body text below this, with signs of client rendering, means the page needs JavaScript
BLOCKED_RESOURCES = frozenset({"image", "font", "media"})
# Chromium switches: no sandbox (containers lack user namespaces), and no traffic of its own (updates, sync).
# Every request the page makes is answered by our fetcher through Playwright's routing, which needs no network;
# what routing does not see (WebSockets, anything else) goes to a proxy on a closed loopback port and fails,
# loopback included, and no host name resolves: Chromium itself can reach no address, private or public.
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage", "--proxy-server=http://127.0.0.1:9",
                 "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND")
MAX_RENDERS_AT_ONCE = 4  # Chromium pages open at once in a run (each costs tens of MB)
_EMPTY_ROOT = re.compile(rb"<div[^>]+id=[\"']?(?:root|app|__next|__nuxt|main-app|svelte)[\"']?[^>]*>\s*</div>", re.I)
_NOSCRIPT_JS = re.compile(rb"<noscript[^>]*>(?:(?!</noscript>).){0,2000}?javascript", re.I | re.S)
_SCRIPT_BUNDLE = re.compile(rb"<script[^>]+src=[\"'][^\"']+\.m?js(?:\?[^\"']*)?[\"']", re.I)


def client_rendering_signs(body: bytes) -> list[str]:
    """Which signs of client-side rendering the HTML shows: empty root, noscript asking for JavaScript, bundles."""
    head = body[:500_000]
    signs = []
    if _EMPTY_ROOT.search(head):
        signs.append("empty_root")
    if _NOSCRIPT_JS.search(head):
        signs.append("noscript")
    if _SCRIPT_BUNDLE.search(head):
        signs.append("script_bundle")
    return signs


def needs_rendering(record: PageRecord, body: bytes, mode: str) -> bool:
    """True when an HTML page should be rendered: always, or (auto) nearly no text plus signs of client rendering."""
    if record.kind != "html" or mode == "never":
        return False
    if mode == "always":
        return True
    chars = sum(len(b.text) for b in record.blocks if b.region in ("body", "heading"))
    return chars < NEARLY_EMPTY_CHARS and bool(client_rendering_signs(body))


def chromium_available(settings: CrawlSettings) -> bool:
    """Playwright importable and the Chromium executable present."""
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return False
    return os.access(settings.chromium_path, os.X_OK)


@dataclass(frozen=True)
class Rendered:
    """The DOM after scripts ran, as HTML; error is a one-line reason when rendering failed."""

    html: str = ""
    error: str | None = None


class Renderer:
    """One headless Chromium per run, launched on first use; one fresh context per page."""

    def __init__(self, settings: CrawlSettings) -> None:
        self.settings = settings
        self.available = chromium_available(settings)
        self._lock = asyncio.Lock()
        self._slots = asyncio.Semaphore(MAX_RENDERS_AT_ONCE)
        self._playwright = None
        self._browser = None
        self._launch_error: str | None = None

    async def _browser_ready(self):
        """The run's browser, launched once; None (and the reason kept) when Chromium does not start."""
        async with self._lock:
            if self._browser is None and self._launch_error is None:
                from playwright.async_api import async_playwright

                try:
                    self._playwright = await async_playwright().start()
                    self._browser = await self._playwright.chromium.launch(
                        executable_path=self.settings.chromium_path, headless=True, args=list(CHROMIUM_ARGS))
                except Exception as exc:  # noqa: BLE001 - a browser that will not start is a reason on the records
                    self._launch_error = f"Chromium did not start: {type(exc).__name__}: {' '.join(str(exc).split())[:160]}"
                    if self._playwright is not None:
                        await self._playwright.stop()
                        self._playwright = None
            return self._browser

    async def render(self, url: str, body: bytes, content_type: str | None, fetch: "SubresourceFetch",
                     log: CrawlLog) -> Rendered:
        """Run the page in Chromium; every request it makes is answered by our own fetcher (fetch).

        The page itself is the body we already fetched; scripts, styles and XHR go through fetch, so the address
        guard (with its one DNS answer), robots.txt, the host's delay and the size caps apply to them as to any
        page, and Chromium never opens a connection of its own. Images, fonts, media and non-GET requests are
        refused (a read-only crawler posts nothing).
        """
        async with self._slots:
            return await self._render(url, body, content_type, fetch, log)

    async def _render(self, url: str, body: bytes, content_type: str | None, fetch: "SubresourceFetch",
                      log: CrawlLog) -> Rendered:
        browser = await self._browser_ready()
        if browser is None:
            return Rendered(error=self._launch_error)
        try:
            context = await browser.new_context(user_agent=self.settings.user_agent, java_script_enabled=True,
                                                service_workers="block", accept_downloads=False)
        except Exception as exc:  # noqa: BLE001 - a crashed browser is a record, not a crash
            return Rendered(error=f"rendering failed: {type(exc).__name__}: {' '.join(str(exc).split())[:160]}")
        try:
            async def route(route, request) -> None:
                if request.is_navigation_request() and request.url.rstrip("/") == url.rstrip("/"):
                    await route.fulfill(status=200, body=body, content_type=content_type or "text/html")
                    return
                if (request.resource_type in BLOCKED_RESOURCES or request.method != "GET"
                        or not request.url.startswith(("http://", "https://"))):
                    log.count("render_blocked_requests")
                    await route.abort("blockedbyclient")
                    return
                answer = await fetch(request.url)
                if answer is None:
                    log.count("render_refused_requests")  # guard, robots.txt or a failed fetch
                    await route.abort("blockedbyclient")
                    return
                log.count("render_requests")
                status, kind, payload = answer
                await route.fulfill(status=status, body=payload, content_type=kind or "application/octet-stream")

            async def no_web_socket(socket) -> None:
                log.count("render_blocked_requests")  # a WebSocket is a connection of the browser's own
                await socket.close()

            await context.route("**/*", route)
            await context.route_web_socket("**", no_web_socket)
            page = await context.new_page()
            timeout_ms = self.settings.render_timeout_s * 1000
            async with asyncio.timeout(self.settings.render_timeout_s + 5):
                await page.goto(url, timeout=timeout_ms, wait_until="load")
                try:
                    await page.wait_for_load_state("networkidle", timeout=self.settings.render_settle_ms * 4)
                except Exception:  # noqa: BLE001 - a page that keeps polling is read as it stands
                    pass
                html = await page.content()
                # The same cap as a fetched page: a script can build a DOM of any size.
                return Rendered(html[: self.settings.max_bytes])
        except Exception as exc:  # noqa: BLE001 - a page that breaks the browser is a record, not a crash
            return Rendered(error=f"rendering failed: {type(exc).__name__}: {' '.join(str(exc).split())[:160]}")
        finally:
            await context.close()

    async def close(self) -> None:
        if self._browser is not None:
            await self._browser.close()
        if self._playwright is not None:
            await self._playwright.stop()
