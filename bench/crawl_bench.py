"""Crawl benchmark: peerscan vs Scrapy on a generated local mirror, peak memory, polite time vs its floor.

Run `python bench/crawl_bench.py [--programs 50] [--concurrency 16] [--delay 0.2]`; everything stays on 127.0.0.1.
Each crawler runs in its own subprocess so its peak RSS is its own.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
SERVER_PROCESSES = 4  # the mirror is served by several processes so the server is not the bottleneck


def start_mirror(programs: int) -> tuple[list[subprocess.Popen], list[str]]:
    """Start the mirror servers; returns the processes and every site's base URL."""
    procs, bases = [], []
    share = -(-programs // SERVER_PROCESSES)
    for first in range(0, programs, share):
        proc = subprocess.Popen([sys.executable, str(BENCH / "mirror.py"), str(first), str(min(share, programs - first))],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        procs.append(proc)
    for proc in procs:
        bases += json.loads(proc.stdout.readline())
    return procs, bases


def run_peerscan(bases: list[str], concurrency: int, polite: bool, delay_s: float) -> dict:
    """Crawl the mirror with peerscan in a subprocess; returns its figures."""
    out = subprocess.run([sys.executable, __file__, "--peerscan-child", json.dumps(bases), str(concurrency),
                          str(int(polite)), str(delay_s)], capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def peerscan_child(bases: list[str], concurrency: int, polite: bool, delay_s: float) -> None:
    sys.path.insert(0, str(REPO))
    from peerscan.registry import Program
    from scrape.crawl import crawl_programs
    from scrape.records import read_pages, read_report
    from scrape.settings import CrawlSettings

    programs = [Program(id=f"oh-bench{i}", state="OH", name=f"bench {i}", credentials=("x",), body="b",
                        type="combined", seeds=(base + "/",), source=base + "/", verified="2026-11-26")
                for i, base in enumerate(bases)]
    settings = CrawlSettings(max_pages=200, max_depth=10, max_pages_per_pattern=1000, concurrency=concurrency,
                             polite=polite, delay_s=delay_s, archive=False)
    with tempfile.TemporaryDirectory() as data_dir:
        started = time.perf_counter()
        summary = crawl_programs(programs, Path(data_dir), settings)
        seconds = time.perf_counter() - started
        pages = sum(len(read_pages(Path(data_dir), p.id)) for p in programs)
        requests_per_host = [read_report(Path(data_dir), p.id).counters.get("requests", 0) for p in programs]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"pages": pages, "seconds": seconds, "peak_rss_mb": peak_mb, "failed": summary.failed,
                      "max_requests_per_host": max(requests_per_host)}))


def run_scrapy(bases: list[str], concurrency: int) -> dict:
    out = subprocess.run([sys.executable, str(BENCH / "scrapy_spider.py"), json.dumps([b + "/" for b in bases]),
                          str(concurrency)], capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def benchmark(programs: int, concurrency: int, delay_s: float) -> dict:
    """Run all three measurements against one mirror and return the figures."""
    procs, bases = start_mirror(programs)
    try:
        fast = run_peerscan(bases, concurrency, polite=False, delay_s=0.0)
        scrapy = run_scrapy(bases, concurrency)
        polite = run_peerscan(bases, programs, polite=True, delay_s=delay_s)
    finally:
        for proc in procs:
            proc.stdin.close()
            proc.wait(timeout=10)
    floor_s = (polite["max_requests_per_host"] - 1) * delay_s
    return {
        "mirror": f"{programs} programs × 60 documents (57 HTML + 3 PDF) on 127.0.0.1",
        "concurrency": concurrency,
        "peerscan_pages_per_s": fast["pages"] / fast["seconds"], "peerscan_pages": fast["pages"],
        "scrapy_pages_per_s": scrapy["pages"] / scrapy["seconds"], "scrapy_pages": scrapy["pages"],
        "peerscan_peak_rss_mb": max(fast["peak_rss_mb"], polite["peak_rss_mb"]),
        "scrapy_peak_rss_mb": scrapy["peak_rss_mb"],
        "polite_seconds": polite["seconds"], "polite_floor_seconds": floor_s, "polite_delay_s": delay_s,
        "polite_ratio": polite["seconds"] / floor_s,
    }


def format_figures(f: dict) -> str:
    ratio = f["peerscan_pages_per_s"] / f["scrapy_pages_per_s"]
    return "\n".join([
        f"mirror: {f['mirror']}; concurrency {f['concurrency']}",
        f"politeness off: peerscan {f['peerscan_pages_per_s']:.0f} pages/s ({f['peerscan_pages']} pages), "
        f"Scrapy {f['scrapy_pages_per_s']:.0f} pages/s ({f['scrapy_pages']} pages) → {ratio:.2f}× Scrapy (goal ≥ 1)",
        f"peak RSS: peerscan {f['peerscan_peak_rss_mb']:.0f} MB (goal < 300), Scrapy {f['scrapy_peak_rss_mb']:.0f} MB",
        f"politeness on (delay {f['polite_delay_s']} s per host, all hosts at once): {f['polite_seconds']:.1f} s "
        f"vs floor {f['polite_floor_seconds']:.1f} s → {f['polite_ratio']:.2f}× (goal ≤ 1.2)",
    ])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--peerscan-child":
        peerscan_child(json.loads(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1", float(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--programs", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--delay", type=float, default=0.2)
    args = parser.parse_args()
    print(format_figures(benchmark(args.programs, args.concurrency, args.delay)))


if __name__ == "__main__":
    main()
