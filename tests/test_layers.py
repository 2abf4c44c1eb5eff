"""The import direction of docs/architecture.md, checked by import-linter's layers contract in pyproject.toml.

Layers, top first: peerscan_cli (the command line, run summary, demo), report, analyze, scrape, peerscan (ground).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

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


def test_a_stage_that_imports_the_cli_breaks_the_contract(tmp_path):
    tree = copy_tree(tmp_path)
    fetch = tree / "scrape" / "fetch.py"
    fetch.write_text(fetch.read_text(encoding="utf-8") + "\nfrom peerscan_cli import cli  # noqa\n", encoding="utf-8")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "scrape.fetch -> peerscan_cli.cli" in result.stdout


def test_the_ground_may_not_import_a_stage(tmp_path):
    tree = copy_tree(tmp_path)
    errors = tree / "peerscan" / "errors.py"
    errors.write_text(errors.read_text(encoding="utf-8") + "\nimport analyze.results  # noqa\n", encoding="utf-8")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "peerscan.errors -> analyze.results" in result.stdout
