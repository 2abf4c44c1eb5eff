#!/usr/bin/env bash
# Commit step of .github/workflows/survey.yml (git scraping): commit data/ only when a finding, a page text
# or a status changed; fetch times, run ids and counters alone make no commit (peerscan_cli/gitdata.py decides).
# Usage: tools/commit_data.sh PEERSCAN_EXIT [--push]   (run from the repository root; PYTHON defaults to .venv)
set -euo pipefail
status=${1:?usage: tools/commit_data.sh PEERSCAN_EXIT [--push]}
push=${2:-}
python=${PYTHON:-.venv/bin/python}

git add -A data/
if git diff --cached --quiet -- data/; then
  echo "data/ unchanged: nothing to commit"
  exit 0
fi
decided=0
changed=$("$python" -m peerscan_cli.gitdata) || decided=$?
if [ "$decided" -eq 3 ]; then
  echo "data/ changed only in fetch metadata (times, run ids, counters): nothing to commit"
  git reset --quiet -- data/
  exit 0
elif [ "$decided" -ne 0 ]; then
  echo "peerscan_cli.gitdata failed (exit $decided): nothing committed, the data stays in the working tree" >&2
  git reset --quiet -- data/
  exit "$decided"
fi
# Commit only what changed in substance (and the crawl state of those programs); the rest stays unstaged.
git reset --quiet -- data/
printf '%s\n' "$changed" | xargs -d '\n' git add -A --
echo "committing:"
echo "$changed"
run_id=$("$python" -c 'import json; print(json.load(open("data/results/latest.json"))["run_id"])' 2>/dev/null || date -u +%Y-%m-%dT%H%MZ)
git commit --quiet -m "survey: data of run $run_id (peerscan exit $status)"
if [ "$push" = "--push" ]; then
  # Someone may have pushed while the survey ran: replay the data commit on top once, then give up. The metadata
  # left unstaged above is set aside during the rebase (--autostash) and put back after it.
  git push --quiet || { git pull --rebase --autostash --quiet && git push --quiet; }
fi
