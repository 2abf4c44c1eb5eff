"""A scratch git repository surveyed from the sample web and committed by tools/commit_data.sh, as the workflow does.

Used by tests/test_git_scraping.py and tools/measure_growth.py (bytes added to the repository per run).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from peerscan.localweb import LocalSite, Response
from peerscan_cli.cli import app
from peerscan_cli.demo import write_sample_registry

ROOT = Path(__file__).resolve().parents[1]
COMMIT_STEP = ROOT / "tools" / "commit_data.sh"
IDENTITY = {"GIT_AUTHOR_NAME": "survey", "GIT_AUTHOR_EMAIL": "survey@peerscan.invalid",
            "GIT_COMMITTER_NAME": "survey", "GIT_COMMITTER_EMAIL": "survey@peerscan.invalid"}
# A typical weekly change: one program page gains a sentence on boundaries.
FEES = "/peer-specialist/fees.html"
FEES_WITH_BOUNDARIES = (ROOT / "data" / "sample_web" / "silent" / "peer-specialist" / "fees.html").read_text(
    encoding="utf-8").replace("</main>", "<p>Peer specialists keep professional boundaries with the people "
                                         "they serve.</p>\n</main>")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **IDENTITY})
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {done.stderr}")
    return done.stdout


class SurveyRepo:
    """repo/ holds data/ under git; each survey() is `peerscan run` and commit() the workflow's commit step."""

    def __init__(self, root: Path, sites: dict[str, LocalSite]) -> None:
        self.root, self.sites = Path(root), sites
        self.repo = self.root / "repo"
        self.repo.mkdir(parents=True)
        git(self.repo, "init", "--quiet", "-b", "main")
        shutil.copy(ROOT / ".gitignore", self.repo / ".gitignore")
        git(self.repo, "add", "-A")
        git(self.repo, "commit", "--quiet", "-m", "start")
        self.registry = write_sample_registry(sites, self.root / "programs.yaml")

    def survey(self) -> int:
        """One `peerscan run` into repo/data; returns its exit status."""
        result = CliRunner().invoke(app, ["run", "--registry", str(self.registry), "--data-dir",
                                          str(self.repo / "data"), "--site-dir", str(self.root / "site"),
                                          "--delay", "0"])
        if result.exit_code not in (0, 1):
            raise RuntimeError(result.output)
        return result.exit_code

    def commit(self, status: int) -> subprocess.CompletedProcess:
        """The workflow's commit step (without --push: there is no remote)."""
        return subprocess.run(["bash", str(COMMIT_STEP), str(status)], cwd=self.repo, capture_output=True,
                              text=True, timeout=120, env={**os.environ, **IDENTITY, "PYTHON": sys.executable})

    def commits(self) -> int:
        return int(git(self.repo, "rev-list", "--count", "HEAD"))

    def change_a_page(self) -> None:
        self.sites["silent"].routes[FEES] = Response(FEES_WITH_BOUNDARIES)

    def packed_bytes(self) -> int:
        """Size of the repository's objects once packed (what a clone or push carries)."""
        git(self.repo, "gc", "--quiet", "--aggressive", "--prune=now")
        return sum(p.stat().st_size for p in (self.repo / ".git" / "objects").rglob("*") if p.is_file())
