"""Bytes a weekly survey adds to the repository (git scraping), measured on the sample web.

Runs `peerscan run` + the workflow's commit step (tools/commit_data.sh) in a scratch git repository: a first
survey, a survey with no change, then one with a typical change (one page gains a sentence). Prints, per run,
whether it committed, the bytes of the commit's diff and how much the packed repository grew.
Usage: .venv/bin/python tools/measure_growth.py
"""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from peerscan_cli.demo import serve_sample_web  # noqa: E402
from tests.gitscraping import SurveyRepo, git  # noqa: E402

RUNS = (("first survey", False), ("weekly run, no change", False), ("weekly run, one page changed", True))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="peerscan-growth-") as tmp, serve_sample_web() as sites:
        scratch = SurveyRepo(Path(tmp), sites)
        before = scratch.packed_bytes()
        print(f"{'run':32} {'commit':>6} {'diff bytes':>10} {'packed +bytes':>13}")
        for label, change in RUNS:
            if change:
                scratch.change_a_page()
            commits = scratch.commits()
            done = scratch.commit(scratch.survey())
            if done.returncode != 0:
                raise SystemExit(done.stderr)
            committed = scratch.commits() > commits
            diff = len(git(scratch.repo, "show", "--format=", "HEAD").encode()) if committed else 0
            after = scratch.packed_bytes()
            print(f"{label:32} {'yes' if committed else 'no':>6} {diff:>10} {after - before:>13}")
            before = after


if __name__ == "__main__":
    main()
