"""Is the private re._parser worth it? Detection throughput with and without the literal prefilter, one run.

Prints MB/s on the shared corpus's web pages mixed with gold passages (as tests/test_bench_detect.py) and
the time ratio. Usage: .venv/bin/python tools/bench_private_re.py (needs ../shared/corpus).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analyze import prefilter  # noqa: E402
from analyze.findings import Source  # noqa: E402
from analyze.match import Matcher  # noqa: E402
from analyze.taxonomy import load_taxonomy  # noqa: E402
from scrape.records import TextBlock  # noqa: E402
from tests.test_bench_detect import corpus_with_passages, cpu_seconds, first_reading  # noqa: E402


def main() -> None:
    blocks = corpus_with_passages()
    megabytes = sum(len(b.encode("utf-8")) for b in blocks) / 1e6
    sources = [Source("bench", tuple(TextBlock(b) for b in blocks))]
    taxonomy = load_taxonomy()
    matcher = Matcher(taxonomy)
    with_prefilter = cpu_seconds(lambda: first_reading(matcher, sources))
    parser, prefilter._parser = prefilter._parser, None
    try:
        matcher = Matcher(taxonomy)
        without = cpu_seconds(lambda: first_reading(matcher, sources))
    finally:
        prefilter._parser = parser
    print(f"{megabytes:.2f} MB of corpus text")
    print(f"  with the re._parser prefilter:    {megabytes / with_prefilter:5.1f} MB/s")
    print(f"  without it (public re only):      {megabytes / without:5.1f} MB/s")
    print(f"  time ratio without / with:        {without / with_prefilter:.2f}")


if __name__ == "__main__":
    main()
