"""Crawl benchmark (issue 3 § Performance): run with `.venv/bin/pytest -m bench -s tests/test_bench_crawl.py`.

Prints peerscan vs Scrapy pages/s on a local mirror, peak RSS and polite time vs its floor (bench/crawl_bench.py).
"""

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.bench
@pytest.mark.timeout(600)
def test_crawl_benchmark_prints_throughput_memory_and_polite_time():
    pytest.importorskip("scrapy")
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("crawl_bench", BENCH / "crawl_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    figures = bench.benchmark(programs=111, concurrency=16, delays_s=[0.5, 1.0], rounds=2)
    print("\n" + bench.format_figures(figures))
    assert figures["peerscan_pages"] == figures["scrapy_pages"] == 111 * 60  # both crawled the whole mirror
    assert all(run["pages"] == 111 * 60 for run in figures["polite"])
    assert figures["peerscan_peak_rss_mb"] < 300


@pytest.mark.bench
@pytest.mark.timeout(600)
def test_reach_benchmark_prints_render_time_render_memory_and_ocr_time():
    pytest.importorskip("psutil")
    from scrape.ocr import ocr_available
    from scrape.render import chromium_available
    from scrape.settings import CrawlSettings
    from tests.support import require

    require(chromium_available(CrawlSettings()), "Chromium and Playwright are needed to time rendering")
    require(ocr_available(), "tesseract, pytesseract and pypdfium2 are needed to time OCR")
    spec = importlib.util.spec_from_file_location("reach_bench", BENCH / "reach_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    render, ocr = bench.render_figures(10), bench.ocr_figures()
    print("\n" + bench.format_figures(render, ocr))
    assert render["pages"] == 10 and ocr["median_s"] > 0
