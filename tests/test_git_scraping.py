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
