"""Stage 3 entry point: build_site() renders site/ from data/results (latest + history), registry, taxonomy.

Reads data/results/latest.json, history/*.json, optional data/eval.json and data/archive/ (WARC record of each
quote); templates come from report_templates/ (BuildSettings.templates_dir). Deterministic: no build timestamps.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from analyze.agreement import measure_agreement
from analyze.results import history_runs, latest_path, read_run
from analyze.taxonomy import Taxonomy
from peerscan.atomic import atomic_write
from peerscan.registry import Registry
from peerscan.third_parties import load_third_party_hosts
from report import downloads
from report.changes import run_changes, score_history
from report.context import concept_href, headlines, jurisdiction_view, key_concepts, tilemap_of
from report.feed import build_feed
from report.highlight import safe_href
from report.merge import merge_run
from report.methodology import methodology, read_eval
from report.reviews import agreement_view
from report.settings import BuildSettings
from report.status import STATUS_FILTERS
from report.tilemap import legend
from report.topics import concept_page
from scrape.archive_index import ArchiveIndex

GENERATED_DIRS = ("states", "concepts", "data", "static")  # stale files in these are removed after a build


@dataclass(frozen=True)
class BuildSummary:
    """What a build wrote."""

    files: int
    jurisdictions: int
    site_dir: Path


# What to do about a broken results file.
RESULTS_FIX = "re-run `peerscan analyze`, or delete the broken file"


def make_environment(templates_dir: Path) -> Environment:
    """Jinja with autoescape on everywhere (scraped text is untrusted) and strict undefined names."""
    env = Environment(loader=FileSystemLoader(str(templates_dir)), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["safe_href"] = safe_href  # the one rule for links: absolute http(s) with a host, else plain text
    return env


def build_site(data_dir: Path, site_dir: Path, registry: Registry, taxonomy: Taxonomy,
               settings: BuildSettings | None = None) -> BuildSummary:
    """Render every page, feed and download of the site into site_dir."""
    settings = settings or BuildSettings()
    data_dir, site_dir = Path(data_dir), Path(site_dir)
    latest = read_run(latest_path(data_dir), RESULTS_FIX) if latest_path(data_dir).exists() else None
    history = [read_run(p, RESULTS_FIX) for p in history_runs(data_dir)[-settings.history_runs_max:]]
    run = merge_run(latest, registry)
    names = {j.code: j.name for j in registry.jurisdictions}
    histories = score_history(history)
    archive = ArchiveIndex(data_dir)
    views = [jurisdiction_view(j, registry, taxonomy, settings, histories.get(j.state, ()), archive)
             for j in run.jurisdictions]
    changes = run_changes(history, taxonomy, names)
    env = make_environment(settings.templates_dir)
    common = {"site_title": settings.site_title, "run_id": run.run_id, "run_date": run.generated_at[:10],
              "concepts": taxonomy.concepts, "concept_href": concept_href}
    files: dict[str, str | bytes] = {}

    def page(name: str, template: str, root: str, **context: object) -> None:
        files[name] = env.get_template(template).render(root=root, current=name, **common, **context)

    page("index.html", "index.html", "", headlines=headlines(views, run, taxonomy), rows=views,
         key_concepts=key_concepts(taxonomy), tilemap=tilemap_of(views, registry), legend=legend(settings.score_bins),
         status_filters=STATUS_FILTERS)
    for view in views:
        page(view.href, "state.html", "../", state=view)
    for concept in taxonomy.concepts:
        page(concept_href(concept.id), "concept.html", "../", page=concept_page(concept, run, settings))
    page("methodology.html", "methodology.html", "",
         method=methodology(taxonomy, registry, read_eval(data_dir / "eval.json"),
                            agreement_view(measure_agreement(run)), len(load_third_party_hosts().hosts)))
    page("changes.html", "changes.html", "", changes=[c for c in changes if not c.empty], runs=len(history))
    files["feed.xml"] = build_feed(changes, settings.site_title, latest.generated_at if latest else "",
                                   settings.feed_entries_max)
    files["data/results.json"] = downloads.results_json(run)
    files["data/results.csv"] = downloads.results_csv(run, registry, taxonomy)
    files["data/evidence.csv"] = downloads.evidence_csv(run)
    files["data/results.sqlite"] = downloads.results_sqlite(run, registry, taxonomy)
    static = settings.templates_dir / "static"
    for asset in sorted(static.iterdir()):
        files[f"static/{asset.name}"] = asset.read_bytes()
    write_files(site_dir, files)
    return BuildSummary(len(files), len(views), site_dir)


def write_files(site_dir: Path, files: dict[str, str | bytes]) -> None:
    """Write changed files atomically, then remove files a previous build left in the generated folders."""
    for name, data in sorted(files.items()):
        target = site_dir / name
        payload = data.encode("utf-8") if isinstance(data, str) else data
        if target.exists() and target.read_bytes() == payload:
            continue  # unchanged: keep the file's mtime, so static hosts and rsync see no change
        atomic_write(target, payload)
    for folder in GENERATED_DIRS:
        root = site_dir / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*"), reverse=True):
            rel = path.relative_to(site_dir).as_posix()
            if path.is_file() and rel not in files:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                shutil.rmtree(path)
