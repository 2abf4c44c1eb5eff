"""The import direction of docs/architecture.md, checked by import-linter's layers contract in pyproject.toml.

Layers, top first: peerscan_cli (the command line, run summary, demo), report, analyze, scrape, peerscan (ground).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("peerscan_cli", "report", "analyze", "scrape", "peerscan")
LINT = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """Run lint-imports on the packages under root, with root's pyproject.toml as the contract."""
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONSAFEPATH": "1"}
    return subprocess.run([sys.executable, "-c", LINT, "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


def copy_tree(dest: Path) -> Path:
    """The repository's packages and contract, copied so a test can break them."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, dest / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", dest / "pyproject.toml")
    return dest


def test_the_repository_keeps_its_layers():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("module", "forbidden", "chain"), [
    ("scrape/fetch.py", "from peerscan_cli import cli", "scrape.fetch -> peerscan_cli.cli"),  # a stage imports the CLI
    ("analyze/run.py", "import report.build", "analyze.run -> report.build"),  # a stage imports a later one
    ("peerscan/errors.py", "import analyze.results", "peerscan.errors -> analyze.results"),  # the ground a stage
])
def test_an_import_against_the_layers_breaks_the_contract(tmp_path, module, forbidden, chain):
    tree = copy_tree(tmp_path)
    source = tree / module
    source.write_text(source.read_text(encoding="utf-8") + f"\n{forbidden}  # noqa\n", encoding="utf-8")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert chain in result.stdout
