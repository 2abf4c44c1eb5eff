"""Which run id an analysis gets: the id of the crawl it reads, unless that crawl was analyzed already.

Reads data/pages/<id>.crawl.json (the crawl's run id) and data/results/latest.json (the last analysis).
"""

from collections.abc import Sequence
from pathlib import Path

from analyze.results import latest_path, load_run
from peerscan.registry import Program
from peerscan.runid import new_run_id, run_order
from scrape.records import read_report


def last_crawl_run_id(data_dir: Path, programs: Sequence[Program]) -> str | None:
    """The newest run id among the programs' crawl reports; None before any crawl."""
    ids = [report.run_id for p in programs if (report := read_report(data_dir, p.id)) is not None]
    return max(ids, key=run_order) if ids else None


def analysis_run_id(data_dir: Path, programs: Sequence[Program]) -> str:
    """`peerscan crawl` then `peerscan analyze` share the crawl's id; a re-analysis is a run of its own."""
    crawl_id = last_crawl_run_id(data_dir, programs)
    try:
        analyzed = load_run(latest_path(data_dir)).run_id
    except (OSError, ValueError, KeyError, TypeError):
        analyzed = None
    if crawl_id is not None and crawl_id != analyzed:
        return crawl_id
    return new_run_id(data_dir)
