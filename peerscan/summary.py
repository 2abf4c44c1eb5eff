"""Run summary for people and CI: printed after `peerscan run`, and as Markdown to $GITHUB_STEP_SUMMARY.

Implementation owned by the history work (issue 6).
"""

from pathlib import Path

from rich.console import Console


def report_run(data_dir: Path, out: Console) -> None:
    """Print the summary of the latest run (programs ok / partial / failed / stale, pages, errors, changes)."""
    return None
