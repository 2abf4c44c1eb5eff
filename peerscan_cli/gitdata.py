"""Git scraping: does the staged data/ differ from HEAD in substance (a finding, a page text, a status)?

`python -m peerscan_cli.gitdata` prints the staged paths worth committing; exit 0 if any, 3 if none
(any other status is a failure: a crash must not read as "nothing changed").
tools/commit_data.sh (the survey workflow's commit step) commits only those: fetch times are no news.
"""

import json
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

from analyze.results import run_content, run_from_dict
from scrape.records import PageRecord

# What a page record says; the rest (fetch time, duration, ETag, byte count, body hash, depth) is about the fetch.
PAGE_CONTENT = ("url", "final_url", "status", "title", "kind", "blocks", "links", "error")
METADATA = ("data/pages/*.crawl.json",)  # crawl reports: times and counters, committed with a content change
LATEST = "data/results/latest.json"


def substance(path: str, text: str | None) -> object:
    """What of one data file counts as a change; None for a missing or metadata-only file."""
    if text is None or any(fnmatch(path, pattern) for pattern in METADATA):
        return None
    try:
        if path == LATEST:
            return run_content(run_from_dict(json.loads(text)))
        if fnmatch(path, "data/pages/*.jsonl"):
            records = [PageRecord.from_dict(json.loads(line)).to_dict() for line in text.splitlines() if line.strip()]
            return sorted(json.dumps({k: r[k] for k in PAGE_CONTENT}, sort_keys=True) for r in records)
    except (ValueError, KeyError, TypeError):
        return text  # unreadable: compare it as text
    return text


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, timeout=120)


def _blob(repo: Path, spec: str) -> str | None:
    shown = _git(repo, "show", spec)
    return shown.stdout if shown.returncode == 0 else None


def _staged(repo: Path, folder: str) -> list[str]:
    staged = _git(repo, "diff", "--cached", "--name-only", "--no-renames", "-z", "--", folder)
    staged.check_returncode()
    return [p for p in staged.stdout.split("\0") if p]


def _programs(text: str | None) -> dict[str, dict]:
    """Program id → its part of run_content(), from the text of a latest.json."""
    content = substance(LATEST, text)
    if not isinstance(content, dict):
        return {}
    return {p["id"]: p for j in content["jurisdictions"] for p in j["programs"]}


def _program_of(path: str) -> str | None:
    for suffix in (".crawl.json", ".jsonl"):
        if path.startswith("data/pages/") and path.endswith(suffix):
            return path.removeprefix("data/pages/").removesuffix(suffix)
    return None


def paths_to_commit(repo: Path, folder: str = "data/") -> list[str]:
    """The staged paths worth a commit: those changed in substance, plus the crawl state of changed programs.

    A program changed when its page texts or its results did; its crawl report goes with it, so the next
    run counts failures on from the committed state. Unchanged programs' fetch times stay uncommitted.
    """
    paths = _staged(repo, folder)
    if _git(repo, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        return paths
    before = {path: _blob(repo, f"HEAD:{path}") for path in paths}
    after = {path: _blob(repo, f":{path}") for path in paths}
    changed = [path for path in paths if substance(path, before[path]) != substance(path, after[path])]
    programs = {_program_of(path) for path in changed} - {None}
    if LATEST in paths:
        old, new = _programs(before[LATEST]), _programs(after[LATEST])
        programs |= {pid for pid in old.keys() | new.keys() if old.get(pid) != new.get(pid)}
    return [path for path in paths if path in changed or _program_of(path) in programs]


NOTHING_CHANGED = 3  # exit status for "only fetch metadata changed"; 1 stays Python's own for an uncaught error


def main() -> int:
    paths = paths_to_commit(Path.cwd())
    for path in paths:
        print(path)
    return 0 if paths else NOTHING_CHANGED


if __name__ == "__main__":
    sys.exit(main())
