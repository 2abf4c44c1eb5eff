"""Run ids: one UTC timestamp names a run's WARC archive, its history file and its feed entry.

data/archive/<run-id>/ (crawl), data/results/history/<run-id>.json (analysis); the CLI makes the id.
"""

import datetime as dt
from pathlib import Path


def archive_dir(data_dir: Path, run_id: str) -> Path:
    """Where a run's WARC files go (one <program-id>.warc.gz each)."""
    return Path(data_dir) / "archive" / run_id


def history_file(data_dir: Path, run_id: str) -> Path:
    """Where a run's results are kept when they differ from the run before."""
    return Path(data_dir) / "results" / "history" / f"{run_id}.json"


def new_run_id(data_dir: Path, now: dt.datetime | None = None) -> str:
    """UTC time as %Y-%m-%dT%H%M%SZ; a -N suffix keeps it unique when that archive or history file exists."""
    base = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H%M%SZ")
    run_id, n = base, 1
    while archive_dir(data_dir, run_id).exists() or history_file(data_dir, run_id).exists():
        n += 1
        run_id = f"{base}-{n}"
    return run_id


def run_order(run_id: str) -> tuple[str, int]:
    """Sort key of a run id: its UTC timestamp, then the counter of runs within the same second.

    Plain string order is wrong here: '…Z-2' sorts before '…Z' because '-' < '.' in '…Z.json'.
    """
    base, _, counter = run_id.partition("Z-")
    if counter.isdigit():
        return base + "Z", int(counter)
    return run_id, 1
