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
    figures = bench.benchmark(programs=50, concurrency=16, delays_s=[0.2, 0.5], rounds=2)
    print("\n" + bench.format_figures(figures))
    assert figures["peerscan_pages"] == figures["scrapy_pages"] == 50 * 60  # both crawled the whole mirror
    assert all(run["pages"] == 50 * 60 for run in figures["polite"])
    assert figures["peerscan_peak_rss_mb"] < 300
