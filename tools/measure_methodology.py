"""Measure the methodology page at 1280 px in Chromium: its height before the appendix and per concept.

Builds the site from the bundled registry, taxonomy and data/eval.json into a temporary folder, opens
methodology.html from disk with Playwright driving Debian's /usr/bin/chromium, and prints the figures.
Usage: .venv/bin/python tools/measure_methodology.py
"""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analyze.taxonomy import load_taxonomy  # noqa: E402
from peerscan import paths  # noqa: E402
from peerscan.registry import load_registry  # noqa: E402
from report.build import build_site  # noqa: E402

WIDTH_PX, SCREEN_PX = 1280, 800


def measure(site: Path) -> dict:
    """Heights in CSS pixels: before the appendix, whole page, tallest codebook concept, appendix opened."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        page = browser.new_page(viewport={"width": WIDTH_PX, "height": SCREEN_PX})
        page.goto((site / "methodology.html").as_uri())
        figures = page.evaluate("""() => {
            const top = el => el.getBoundingClientRect().top + window.scrollY;
            const codes = [...document.querySelectorAll('section.code')].map(s => [s.id, s.offsetHeight]);
            const before = top(document.querySelector('section.appendix'));
            const whole = document.documentElement.scrollHeight;
            document.querySelector('section.appendix details').open = true;
            return {before, whole, opened: document.documentElement.scrollHeight, codes};
        }""")
        browser.close()
    return figures


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        data = Path(tmp) / "data"
        data.mkdir()
        if (paths.DATA_DIR / "eval.json").exists():
            (data / "eval.json").write_bytes((paths.DATA_DIR / "eval.json").read_bytes())
        build_site(data, site, load_registry(), load_taxonomy())
        figures = measure(site)
    tallest = max(figures["codes"], key=lambda pair: pair[1])
    print(f"methodology.html at {WIDTH_PX} px: {figures['before']:.0f} px before the appendix "
          f"({figures['before'] / SCREEN_PX:.1f} screens of {SCREEN_PX} px); whole page {figures['whole']} px with "
          f"the appendix collapsed, {figures['opened']} px opened")
    print(f"tallest concept: {tallest[0]} {tallest[1]} px ({tallest[1] / SCREEN_PX:.2f} screens)")


if __name__ == "__main__":
    main()
