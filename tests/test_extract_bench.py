"""Benchmark (deselected by default; run with -m bench -s): extraction throughput over ../shared/corpus."""

import time
from pathlib import Path

import pytest

from scrape.extract import extract_document
from tests.support import require

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"


@pytest.mark.bench
@pytest.mark.parametrize(("folder", "content_type"), [("html", "text/html"), ("pdf", "application/pdf")])
def test_extraction_throughput_over_the_corpus(folder, content_type):
    files = sorted((CORPUS / folder).glob(f"*.{folder}"))
    require(bool(files), f"shared corpus not found at {CORPUS}")
    total_bytes = total_chars = 0
    slowest = (0.0, "")
    started = time.perf_counter()
    for path in files:
        body = path.read_bytes()
        began = time.perf_counter()
        extracted = extract_document(body, content_type, f"https://example.org/{path.name}")
        slowest = max(slowest, (time.perf_counter() - began, path.name))
        total_bytes += len(body)
        total_chars += sum(len(b.text) for b in extracted.blocks)
    seconds = time.perf_counter() - started
    print(f"\n{folder}: {len(files)} files, {total_bytes / 1e6:.1f} MB in {seconds:.2f} s = "
          f"{total_bytes / 1e6 / seconds:.2f} MB/s, {len(files) / seconds:.1f} docs/s, "
          f"{total_chars / 1e6:.2f} M chars out; slowest {slowest[1]} {slowest[0]:.2f} s")
