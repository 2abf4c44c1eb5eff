"""Git scraping without noise: a survey that changed no finding, page text or status commits nothing.

Two identical surveys of the sample web go through the workflow's commit step (tools/commit_data.sh) in a
scratch repository; only the first commits. A changed page then commits again, with its history file.
"""

import shutil

import pytest

from peerscan_cli.demo import serve_sample_web
from peerscan_cli.gitdata import substance
from tests.gitscraping import SurveyRepo, git
from tests.support import require


@pytest.fixture(scope="module")
def surveyed(tmp_path_factory):
    require(shutil.which("git") is not None, "git is not installed")
    with serve_sample_web() as sites:
        scratch = SurveyRepo(tmp_path_factory.mktemp("gitscraping"), sites)
        steps = []
        for change in (False, False, True):
            if change:
                scratch.change_a_page()
            status = scratch.survey()
            steps.append((scratch.commit(status), scratch.commits()))
        yield scratch, steps


def test_the_first_survey_commits_its_data(surveyed):
    scratch, steps = surveyed
    done, commits = steps[0]
    assert done.returncode == 0, done.stderr
    assert commits == 2
    files = git(scratch.repo, "show", "--name-only", "--format=", "HEAD~1" if len(steps) > 2 else "HEAD").split()
    assert "data/results/latest.json" in files and any(f.startswith("data/results/history/") for f in files)
    assert not any(f.startswith("data/archive/") for f in files)


def test_a_second_identical_survey_makes_no_second_commit(surveyed):
    scratch, steps = surveyed
    done, commits = steps[1]
    assert done.returncode == 0, done.stderr
    assert commits == 2
    assert "nothing to commit" in done.stdout


def test_a_changed_page_commits_its_text_its_finding_and_a_history_file(surveyed):
    scratch, steps = surveyed
    done, commits = steps[2]
    assert done.returncode == 0, done.stderr
    assert commits == 3
    files = git(scratch.repo, "show", "--name-only", "--format=", "HEAD").split()
    history = [f for f in files if f.startswith("data/results/history/")]
    assert len(history) == 1
    # Only the changed program's texts and crawl state go in: the others' fetch times are no news.
    assert sorted(set(files) - set(history)) == ["data/pages/wy-demo-silent.crawl.json",
                                                 "data/pages/wy-demo-silent.jsonl", "data/results/latest.json"]
    assert "boundaries" in git(scratch.repo, "show", "HEAD", "--", "data/results/latest.json")
    assert git(scratch.repo, "log", "-1", "--format=%s").startswith("survey: data of run ")


def test_fetch_metadata_alone_is_no_change():
    page = ('{"program_id": "x", "url": "u", "status": 200, "content_type": "text/html", "depth": 0, "blocks": [], '
            '"fetched_at": "%s", "seconds": %s, "etag": "%s"}\n')
    assert substance("data/pages/x.jsonl", page % ("2026-11-19", 0.2, "a")) == \
        substance("data/pages/x.jsonl", page % ("2026-11-26", 0.3, "b"))
    assert substance("data/pages/x.jsonl", page % ("t", 0, "a")) != \
        substance("data/pages/x.jsonl", page.replace('"blocks": []', '"blocks": [{"text": "new"}]') % ("t", 0, "a"))
    assert substance("data/pages/x.crawl.json", '{"run_id": "a"}') is None


def _stub_python(tmp_path, body: str) -> str:
    """A PYTHON for commit_data.sh whose `-m peerscan_cli.gitdata` answer the test decides."""
    stub = tmp_path / "python-stub"
    stub.write_text("#!/usr/bin/env bash\n" + body + "\n", encoding="utf-8")
    stub.chmod(0o755)
    return str(stub)


def _run_commit_step(repo, python: str, *args: str):
    import os
    import subprocess

    from peerscan import paths

    return subprocess.run(["bash", str(paths.REPO_ROOT / "tools" / "commit_data.sh"), "0", *args], cwd=repo,
                          env={**os.environ, "PYTHON": python}, capture_output=True, text=True, timeout=60)


def _clone_with_data(tmp_path):
    remote, first, survey = tmp_path / "remote.git", tmp_path / "first", tmp_path / "survey"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(tmp_path, "clone", "--quiet", str(remote), str(first))
    (first / "data").mkdir()
    (first / "data" / "finding.txt").write_text("old finding\n")
    (first / "data" / "fetched_at.txt").write_text("2026-11-21\n")
    git(first, "add", "-A")
    git(first, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "start")
    git(first, "push", "--quiet", "origin", "HEAD")
    git(tmp_path, "clone", "--quiet", str(remote), str(survey))
    return remote, first, survey


def test_a_push_rejected_while_the_survey_ran_is_replayed_on_top_and_unstaged_metadata_survives(tmp_path):
    require(shutil.which("git") is not None, "git is not installed")
    remote, first, survey = _clone_with_data(tmp_path)
    (first / "README").write_text("someone pushed meanwhile\n")
    git(first, "add", "-A")
    git(first, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "meanwhile")
    git(first, "push", "--quiet", "origin", "HEAD")
    (survey / "data" / "finding.txt").write_text("new finding\n")
    (survey / "data" / "fetched_at.txt").write_text("2026-11-28\n")  # metadata only: left unstaged
    git(survey, "config", "user.name", "t")
    git(survey, "config", "user.email", "t@example.org")
    done = _run_commit_step(survey, _stub_python(tmp_path, 'echo data/finding.txt'), "--push")
    assert done.returncode == 0, done.stderr
    log = git(tmp_path, "--git-dir", str(remote), "log", "--format=%s").split("\n")
    assert log[0].startswith("survey: data of run") and "meanwhile" in log[1]
    assert (survey / "data" / "fetched_at.txt").read_text() == "2026-11-28\n"


def test_a_crash_deciding_what_changed_commits_nothing_and_fails_the_step(tmp_path):
    require(shutil.which("git") is not None, "git is not installed")
    _, _, survey = _clone_with_data(tmp_path)
    (survey / "data" / "finding.txt").write_text("new finding\n")
    done = _run_commit_step(survey, _stub_python(tmp_path, 'echo "Traceback: boom" >&2; exit 1'))
    assert done.returncode == 1 and "failed" in done.stderr
    assert git(survey, "log", "--format=%s").strip() == "start"
    assert (survey / "data" / "finding.txt").read_text() == "new finding\n"
