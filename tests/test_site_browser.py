"""The built site in a real browser (Playwright + Debian's Chromium): sorting, links, safety, accessibility.

Skips when /usr/bin/chromium is missing, except under CI=true where that is a failure. Screenshots for
review go to tests/artifacts/screens/ (gitignored).
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest

from peerscan.localweb import LocalSite, routes_from_directory
from report.build import build_site
from tests.fixtures.site_results import XSS_QUOTE, make_registry, make_taxonomy, write_data_dir

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENS = Path(__file__).parent / "artifacts" / "screens"
PAGE_TYPES = ("index.html", "states/oh.html", "states/tx.html", "states/gu.html", "concepts/boundaries.html",
              "methodology.html", "changes.html")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's chromium package (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    build_site(write_data_dir(root / "data"), root / "site", make_registry(), make_taxonomy())
    return root / "site"


@pytest.fixture(scope="module")
def server(site_dir: Path) -> Iterator[LocalSite]:
    with LocalSite(routes_from_directory(site_dir)) as local:
        yield local


@dataclass
class Watch:
    """What a page did that it should not: console errors, uncaught exceptions, dialogs, outside requests."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


@pytest.fixture()
def visit(browser: object, server: LocalSite) -> Iterator[tuple[object, Watch]]:
    watch = Watch()
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def guard(route: object) -> None:
        url = route.request.url
        if url.startswith(server.base + "/") or url.startswith("data:"):
            route.continue_()
        else:
            watch.outside.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", lambda msg: watch.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    page.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
    yield page, watch
    context.close()


def column_values(page: object, column: int) -> list[str]:
    return page.eval_on_selector_all(
        "#results tbody tr:not([hidden])", f"rows => rows.map(r => r.cells[{column}].getAttribute('data-sort'))")


def test_table_sorts_by_clicking_or_keyboard_and_filters_by_name_and_status(visit: tuple, server: LocalSite) -> None:
    page, watch = visit
    page.goto(server.url("/index.html"))
    page.locator("#results").get_by_role("button", name="Score").click()
    scores = [int(v) for v in column_values(page, 2)]
    assert scores == sorted(scores) and len(scores) == 8
    assert page.get_attribute("#results thead th:nth-child(3)", "aria-sort") == "ascending"
    page.locator("#results").get_by_role("button", name="Score").focus()
    page.keyboard.press("Enter")
    assert [int(v) for v in column_values(page, 2)] == sorted(scores, reverse=True)
    page.locator("#results").get_by_role("button", name="Jurisdiction").click()
    assert column_values(page, 0) == sorted(column_values(page, 0), key=str.lower)

    page.get_by_label("Filter by name").fill("ohi")
    assert column_values(page, 0) == ["Ohio"]
    assert page.text_content("#filter-count") == "Showing 1 of 8 jurisdictions"
    page.get_by_label("Filter by name").fill("")
    page.get_by_label("Crawl status").select_option("blocked")
    assert column_values(page, 0) == ["Pennsylvania"]
    page.get_by_label("Crawl status").select_option("no_program")
    assert column_values(page, 0) == ["Guam"]
    assert not watch.errors and not watch.outside


def test_every_internal_link_resolves_with_no_console_errors_and_no_outside_requests(
        visit: tuple, server: LocalSite) -> None:
    page, watch = visit
    todo, seen, checked = [server.url("/index.html")], set(), set()
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
        for href in hrefs:
            target, fragment = urldefrag(urljoin(url, href))
            if not target.startswith(server.base):
                assert target.startswith(("http://", "https://")), f"{url}: non-http link {href}"
                continue
            if fragment and target == url:
                assert page.locator(f"[id='{fragment}']").count() == 1, f"{url}: missing anchor #{fragment}"
            if target.endswith(".html"):
                todo.append(target)
            elif target not in checked:
                checked.add(target)
                assert page.request.get(target).status == 200, f"{url}: broken link {href}"
    assert len(seen) >= 8 + 15 + 3
    assert not watch.errors, watch.errors
    assert not watch.outside, watch.outside
    assert not watch.dialogs


def test_scraped_script_and_javascript_url_show_as_text_and_run_nothing(visit: tuple, server: LocalSite) -> None:
    page, watch = visit
    page.goto(server.url("/states/tx.html"))
    page.wait_for_load_state("load")
    assert XSS_QUOTE in page.inner_text("main").replace("\n", " ")
    assert page.locator("text=javascript:alert(1)").count() == 1
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("main script").count() == 0
    assert page.locator("h2", has_text="Peer <Specialist> & Recovery Coach").count() == 1
    assert not watch.dialogs and not watch.errors


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_axe_reports_no_serious_or_critical_violations(visit: tuple, server: LocalSite, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, watch = visit
    page.goto(server.url("/" + path))
    results = Axe().run(page)  # axe.min.js is bundled in the package: no network needed
    assert results.response["testEngine"]["name"] == "axe-core"
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, bad
    assert not watch.outside


@pytest.mark.parametrize(("name", "path"), [("index", "index.html"), ("state-oh", "states/oh.html"),
                                            ("concept-boundaries", "concepts/boundaries.html"),
                                            ("methodology", "methodology.html"), ("changes", "changes.html")])
@pytest.mark.parametrize(("width", "label"), [(1280, "desktop"), (390, "phone")])
def test_screenshots_for_review_and_no_sideways_scrolling(browser: object, server: LocalSite, name: str, path: str,
                                                           width: int, label: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(server.url("/" + path))
        SCREENS.mkdir(parents=True, exist_ok=True)
        target = SCREENS / f"{name}-{label}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {width}px"
    finally:
        context.close()


def test_site_works_from_file_urls_with_its_own_css_and_script(browser: object, site_dir: Path) -> None:
    context = browser.new_context()
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto((site_dir / "index.html").as_uri())
        assert page.is_visible("#filters"), "site.js did not run from file://"
        colour = page.eval_on_selector(".site-header", "el => getComputedStyle(el).backgroundColor")
        assert colour == "rgb(8, 48, 107)", "site.css did not load from file://"
        page.click("#results >> text=Texas")
        assert page.url.endswith("/states/tx.html")
        page.click("header nav >> text=Methodology")
        assert page.url.endswith("/methodology.html")
        assert not errors, errors
    finally:
        context.close()


def test_content_and_navigation_work_without_javascript(browser: object, server: LocalSite) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.url("/index.html"))
        assert not page.is_visible("#filters")
        assert page.locator("#results tbody tr").count() == 8
        page.click("#results >> text=Ohio")
        assert "Avoid dual relationships" in page.inner_text("main")
    finally:
        context.close()


def test_print_stylesheet_hides_navigation_and_controls(visit: tuple, server: LocalSite) -> None:
    page, _ = visit
    page.goto(server.url("/index.html"))
    assert page.is_visible("header nav") and page.is_visible("#filters")
    page.emulate_media(media="print")
    assert not page.is_visible("header nav") and not page.is_visible("#filters")
    assert page.is_visible("#results")
