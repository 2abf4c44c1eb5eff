"""Detection throughput of one checkout of peerscan, for A/B comparisons between commits on a noisy machine.

Same text as `pytest -m bench` (the shared corpus's web pages with an ethics passage every 20 blocks), CPU time,
best of N, every repeat a first reading (paragraph cache emptied). Run it alternately for two checkouts, e.g.
    git worktree add /tmp/old 9491250
    for i in 1 2 3; do python tools/bench_ab.py /tmp/old; python tools/bench_ab.py .; done
and compare the figures of the same round (ratios within one run, not absolute MB/s).
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkout", type=Path, help="root of the peerscan checkout to measure")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    root = args.checkout.resolve()
    sys.path[:0] = [str(root), str(root / "tests")]
    os.chdir(root)
    from test_bench_detect import corpus_blocks, gold_texts

    from analyze.findings import Source, collect_evidence
    from analyze.match import Matcher
    from analyze.taxonomy import load_taxonomy
    from scrape.records import TextBlock

    # Built here, not with tests/test_bench_detect.corpus_with_passages: older checkouts have no such helper.
    blocks = corpus_blocks()
    if not blocks:
        raise SystemExit(f"no corpus pages found beside {root} (../shared/corpus/html)")
    random.seed(4)
    gold = gold_texts()
    for index in range(0, len(blocks), 20):
        blocks.insert(index, random.choice(gold))
    megabytes = sum(len(b.encode("utf-8")) for b in blocks) / 1e6
    sources = [Source("bench", tuple(TextBlock(b) for b in blocks))]
    matcher = Matcher(load_taxonomy())
    best = float("inf")
    for _ in range(args.repeat):
        if hasattr(matcher, "forget_paragraphs"):  # older checkouts have no paragraph cache
            matcher.forget_paragraphs()
        start = time.process_time()
        collect_evidence(matcher, sources)
        best = min(best, time.process_time() - start)
    print(f"{root}: {megabytes / best:.2f} MB/s ({megabytes:.2f} MB, best of {args.repeat})")


if __name__ == "__main__":
    main()
