"""Crawl benchmark: peerscan vs Scrapy on a generated local mirror, peak memory, polite time vs its floor.

Run `python bench/crawl_bench.py [--programs 111] [--concurrency 16] [--delays 0.5 1.0] [--rounds 2]`; everything
stays on 127.0.0.1. Each crawler runs in its own subprocess so its peak RSS is its own. The polite runs use the
crawler's default program concurrency: the full survey must come close to its politeness floor as shipped.
Rendering and OCR figures: bench/reach_bench.py.
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
sys.path.insert(0, str(REPO))

from scrape.settings import CrawlSettings  # noqa: E402

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


def run_peerscan(bases: list[str], concurrency: int | None, polite: bool, delay_s: float) -> dict:
    """Crawl the mirror with peerscan in a subprocess; returns its figures."""
    out = subprocess.run([sys.executable, __file__, "--peerscan-child", json.dumps(bases), str(concurrency or 0),
                          str(int(polite)), str(delay_s)], capture_output=True, text=True, check=True,
                         cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def peerscan_child(bases: list[str], concurrency: int, polite: bool, delay_s: float) -> None:
    from peerscan.registry import Program
    from scrape.crawl import crawl_programs
    from scrape.records import read_pages, read_report

    programs = [Program(id=f"oh-bench{i}", state="OH", name=f"bench {i}", credentials=("x",), body="b",
                        type="combined", seeds=(base + "/",), source=base + "/", verified="2026-11-26")
                for i, base in enumerate(bases)]
    # `concurrency` requests at once in all: programs at once × documents in progress per program (0: defaults).
    in_progress = CrawlSettings().pages_in_progress
    programs_at_once = max(1, concurrency // in_progress) if concurrency else CrawlSettings().concurrency
    settings = CrawlSettings(max_pages=200, max_depth=10, max_pages_per_pattern=1000,
                             concurrency=programs_at_once, polite=polite, delay_s=delay_s, archive=False)
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


def benchmark(programs: int, concurrency: int, delays_s: list[float], rounds: int) -> dict:
    """Run every measurement against one mirror and return the figures.

    Throughput runs alternate peerscan and Scrapy `rounds` times and keep each one's best, so a burst of
    other load on a shared machine does not decide the comparison.
    """
    procs, bases = start_mirror(programs)
    try:
        fast, scrapy = [], []
        for _ in range(rounds):
            fast.append(run_peerscan(bases, concurrency, polite=False, delay_s=0.0))
            scrapy.append(run_scrapy(bases, concurrency))
        polite = {delay: run_peerscan(bases, None, polite=True, delay_s=delay) for delay in delays_s}
    finally:
        for proc in procs:
            proc.stdin.close()
            proc.wait(timeout=10)
    return {
        "mirror": f"{programs} programs × 60 documents (57 HTML + 3 PDF) on 127.0.0.1",
        "concurrency": concurrency, "rounds": rounds,
        "peerscan_pages_per_s": [r["pages"] / r["seconds"] for r in fast], "peerscan_pages": fast[0]["pages"],
        "scrapy_pages_per_s": [r["pages"] / r["seconds"] for r in scrapy], "scrapy_pages": scrapy[0]["pages"],
        "peerscan_peak_rss_mb": max(r["peak_rss_mb"] for r in fast + list(polite.values())),
        "scrapy_peak_rss_mb": max(r["peak_rss_mb"] for r in scrapy),
        "polite": [{"delay_s": delay, "seconds": r["seconds"], "floor_seconds": (r["max_requests_per_host"] - 1) * delay,
                    "pages": r["pages"]} for delay, r in polite.items()],
    }


def format_figures(f: dict) -> str:
    best_ours, best_scrapy = max(f["peerscan_pages_per_s"]), max(f["scrapy_pages_per_s"])
    rounds = lambda rates: ", ".join(f"{r:.0f}" for r in rates)  # noqa: E731
    lines = [
        f"mirror: {f['mirror']}; concurrency {f['concurrency']} requests at once for both crawlers",
        f"politeness off, best of {f['rounds']}: peerscan {best_ours:.0f} pages/s ({rounds(f['peerscan_pages_per_s'])}; "
        f"{f['peerscan_pages']} pages), Scrapy {best_scrapy:.0f} pages/s ({rounds(f['scrapy_pages_per_s'])}; "
        f"{f['scrapy_pages']} pages) → {best_ours / best_scrapy:.2f}× Scrapy (goal ≥ 1)",
        f"peak RSS: peerscan {f['peerscan_peak_rss_mb']:.0f} MB (goal < 300), Scrapy {f['scrapy_peak_rss_mb']:.0f} MB",
    ]
    for run in f["polite"]:
        lines.append(f"politeness on, delay {run['delay_s']} s per host, default concurrency "
                     f"({CrawlSettings().concurrency} programs): {run['seconds']:.1f} s vs "
                     f"floor {run['floor_seconds']:.1f} s → {run['seconds'] / run['floor_seconds']:.2f}× (goal ≤ 1.3; "
                     f"{run['pages']} pages; the floor asks for {run['pages'] / run['floor_seconds']:.0f} documents/s)")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--peerscan-child":
        peerscan_child(json.loads(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1", float(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--programs", type=int, default=111, help="program sites in the mirror (the registry has 111)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--delays", type=float, nargs="+", default=[0.5, 1.0], help="per-host delays of the polite runs")
    parser.add_argument("--rounds", type=int, default=2, help="alternating throughput runs per crawler")
    args = parser.parse_args()
    print(format_figures(benchmark(args.programs, args.concurrency, args.delays, args.rounds)))
    import reach_bench

    print(reach_bench.format_figures(reach_bench.render_figures(10), reach_bench.ocr_figures()))


if __name__ == "__main__":
    main()
