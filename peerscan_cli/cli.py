"""The `peerscan` command line: thin wiring of the stages; errors map to exit codes in one place."""

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from peerscan import paths
from peerscan.errors import InputError, InputErrors
from peerscan.runid import new_run_id
from peerscan_cli.runs import analysis_run_id

app = typer.Typer(
    help="Survey US state peer-support certification programs for ethics, boundaries and dual-relationship guidance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
registry_app = typer.Typer(help="Check the program registry (data/programs.yaml).", no_args_is_help=True)
app.add_typer(registry_app, name="registry")
review_app = typer.Typer(help="Analyst review: judge findings in a sheet; decisions kept in data/reviews.yaml.",
                         no_args_is_help=True)
app.add_typer(review_app, name="review")
console = Console(stderr=True, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

EXIT_OK, EXIT_SOME_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _print_version(wanted: bool) -> None:
    if wanted:
        out.print(f"peerscan {package_version('peerscan')}", markup=False, highlight=False)
        raise typer.Exit(EXIT_OK)


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Survey US state peer-support certification programs for ethics, boundaries and dual-relationship guidance."""

RegistryOpt = Annotated[Path, typer.Option("--registry", help="Program registry YAML.")]
DataDirOpt = Annotated[Path, typer.Option("--data-dir", help="Where crawl output and results live.")]
TaxonomyOpt = Annotated[Path, typer.Option("--taxonomy", help="Concept taxonomy YAML.")]
SiteDirOpt = Annotated[Path, typer.Option("--site-dir", help="Where the static site is written.")]
OnlyOpt = Annotated[list[str] | None, typer.Option("--only", help="Crawl only these state codes or program ids (repeatable).")]
MaxPagesOpt = Annotated[int | None, typer.Option("--max-pages", min=1, help="Documents fetched per program (default 40).")]
DelayOpt = Annotated[float | None, typer.Option(
    "--delay", min=0.0, help="Seconds between requests to one host (default 1; a larger robots.txt crawl-delay wins).")]
UnreachableOpt = Annotated[int, typer.Option("--unreachable-after", min=1,
                                             help="Failed crawls in a row before a program is flagged unreachable.")]


class RenderMode(StrEnum):
    """When the crawler runs a page's JavaScript in headless Chromium."""

    auto = "auto"
    always = "always"
    never = "never"


RenderOpt = Annotated[RenderMode, typer.Option(
    "--render", help="Headless Chromium for pages that need JavaScript: auto (when the HTML is an empty shell), always, never.")]
PrivateOpt = Annotated[bool, typer.Option("--allow-private-addresses",
                                          help="Let links and redirects reach private/loopback/link-local addresses.")]


def guarded(action: Callable[[], int | None]) -> None:
    """Run a command body; map bad input to exit 2 with the message, else exit with its status."""
    try:
        status = action() or EXIT_OK
    except (InputError, InputErrors) as exc:
        console.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    raise typer.Exit(status)


def require_choice(option: str, value: str, allowed: tuple[str, ...]) -> None:
    """Bad input (exit 2) unless value is one of allowed."""
    if value not in allowed:
        raise InputError(f"{option} must be {' or '.join(allowed)}, not {value!r}",
                         fix="use " + " or ".join(f"{option} {choice}" for choice in allowed))


def _registry(path: Path) -> Any:
    from peerscan.registry import load_registry

    return load_registry(path)


def _taxonomy(path: Path) -> Any:
    from analyze.taxonomy import load_taxonomy

    return load_taxonomy(path)


def crawl_with_summary(registry_path: Path, data_dir: Path, only: list[str] | None, max_pages: int | None,
                       allow_private: bool, delay_s: float | None = None, run_id: str | None = None,
                       render: str = "auto") -> Any:
    """Crawl, print the crawl summary, and return it (a CrawlSummary)."""
    from peerscan_cli.crawl_text import crawl_summary_text
    from scrape.crawl import crawl_programs
    from scrape.settings import CrawlSettings

    registry = _registry(registry_path)
    programs = registry.select(only)
    overrides = {"max_pages": max_pages, "delay_s": delay_s}
    settings = CrawlSettings(allow_private_addresses=allow_private, render=str(getattr(render, "value", render)),
                             **{name: value for name, value in overrides.items() if value is not None})
    summary = crawl_programs(programs, data_dir, settings, console=console,
                             run_id=run_id or new_run_id(data_dir))
    out.print(crawl_summary_text(summary), markup=False)
    return summary


def do_crawl(registry_path: Path, data_dir: Path, only: list[str] | None, max_pages: int | None,
             allow_private: bool, delay_s: float | None = None, run_id: str | None = None,
             render: str = "auto") -> int:
    summary = crawl_with_summary(registry_path, data_dir, only, max_pages, allow_private, delay_s, run_id, render)
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def do_analyze(registry_path: Path, data_dir: Path, taxonomy_path: Path, unreachable_after: int = 3,
               run_id: str | None = None) -> int:
    from analyze.review_effects import review_counts
    from analyze.run import analyze_run
    from analyze.settings import AnalyzeSettings
    from analyze.staleness import StalenessSettings

    settings = AnalyzeSettings(staleness=StalenessSettings(unreachable_after_runs=unreachable_after))
    registry = _registry(registry_path)
    run_id = run_id or analysis_run_id(data_dir, registry.programs)
    run = analyze_run(data_dir, registry, _taxonomy(taxonomy_path), settings, run_id=run_id)
    scored = [j for j in run.jurisdictions if j.programs]
    out.print(f"analyzed run {run.run_id}: {len(scored)} jurisdictions → {data_dir / 'results' / 'latest.json'}")
    in_force, stale = review_counts(run)
    if in_force or stale:
        out.print(f"analyst reviews: {in_force} applied, {stale} stale (their quote is no longer on the page)")
    return EXIT_OK


def do_build(registry_path: Path, data_dir: Path, site_dir: Path, taxonomy_path: Path) -> int:
    from report.build import build_site

    summary = build_site(data_dir, site_dir, _registry(registry_path), _taxonomy(taxonomy_path))
    out.print(f"built {summary.files} files → {site_dir / 'index.html'}")
    return EXIT_OK


@app.command()
def run(
    registry: RegistryOpt = paths.REGISTRY_FILE,
    data_dir: DataDirOpt = paths.DATA_DIR,
    taxonomy: TaxonomyOpt = paths.TAXONOMY_FILE,
    site_dir: SiteDirOpt = paths.SITE_DIR,
    only: OnlyOpt = None,
    max_pages: MaxPagesOpt = None,
    allow_private_addresses: PrivateOpt = False,
    delay: DelayOpt = None,
    unreachable_after: UnreachableOpt = 3,
    render: RenderOpt = RenderMode.auto,
) -> None:
    """Crawl, analyze and build the site: the whole survey, with the bundled registry and taxonomy."""
    def body() -> int:
        _registry(registry), _taxonomy(taxonomy)  # validate both before spending time on the crawl
        run_id = new_run_id(data_dir)  # names the archive, the history file and the feed entry
        crawled = crawl_with_summary(registry, data_dir, only, max_pages, allow_private_addresses, delay, run_id,
                                     render)
        do_analyze(registry, data_dir, taxonomy, unreachable_after, run_id)
        do_build(registry, data_dir, site_dir, taxonomy)
        from peerscan_cli.summary import report_run

        report_run(data_dir, out)
        if crawled.offline:
            from peerscan_cli.crawl_text import OFFLINE_HINT

            out.print(OFFLINE_HINT, markup=False)  # last, where a reader of a long failure list looks
        return EXIT_SOME_FAILED if crawled.failed else EXIT_OK

    guarded(body)


@app.command()
def crawl(
    registry: RegistryOpt = paths.REGISTRY_FILE,
    data_dir: DataDirOpt = paths.DATA_DIR,
    only: OnlyOpt = None,
    max_pages: MaxPagesOpt = None,
    allow_private_addresses: PrivateOpt = False,
    delay: DelayOpt = None,
    render: RenderOpt = RenderMode.auto,
) -> None:
    """Crawl each program's seed pages and linked documents into DATA_DIR/pages/."""
    guarded(lambda: do_crawl(registry, data_dir, only, max_pages, allow_private_addresses, delay, render=render))


@app.command()
def analyze(
    registry: RegistryOpt = paths.REGISTRY_FILE,
    data_dir: DataDirOpt = paths.DATA_DIR,
    taxonomy: TaxonomyOpt = paths.TAXONOMY_FILE,
    unreachable_after: UnreachableOpt = 3,
) -> None:
    """Detect concepts in the last crawl and score programs and states into DATA_DIR/results/."""
    guarded(lambda: do_analyze(registry, data_dir, taxonomy, unreachable_after))


@app.command()
def build(
    registry: RegistryOpt = paths.REGISTRY_FILE,
    data_dir: DataDirOpt = paths.DATA_DIR,
    site_dir: SiteDirOpt = paths.SITE_DIR,
    taxonomy: TaxonomyOpt = paths.TAXONOMY_FILE,
) -> None:
    """Render the static comparison site from the latest results."""
    guarded(lambda: do_build(registry, data_dir, site_dir, taxonomy))


@app.command()
def detect(
    files: Annotated[list[Path], typer.Argument(help="Local HTML, PDF, DOCX or text files.", show_default=False)],
    taxonomy: TaxonomyOpt = paths.TAXONOMY_FILE,
    format: Annotated[str, typer.Option("--format", help="json or text.")] = "json",
) -> None:
    """Find the taxonomy's concepts in local files (e.g. a program handbook), with quotes."""
    def body() -> int:
        from analyze.detect_files import detect_files
        from peerscan_cli.tables import format_detect_text

        require_choice("--format", format, ("json", "text"))
        result = detect_files(files, _taxonomy(taxonomy))
        if format == "json":
            sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
        else:
            out.print(format_detect_text(result), markup=False)
        return EXIT_OK

    guarded(body)


@app.command()
def demo(
    site_dir: SiteDirOpt = paths.SITE_DIR,
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Where demo data goes (default: a temporary folder).")] = None,
) -> None:
    """Offline tour: serve the bundled sample web on 127.0.0.1, crawl it, analyze, and build the site."""
    def body() -> int:
        from peerscan_cli.demo import run_demo

        index = run_demo(site_dir, data_dir, console=console)
        out.print(f"demo site: {index}")
        return EXIT_OK

    guarded(body)


@app.command()
def diff(
    old: Annotated[Path | None, typer.Argument(
        help="Older result file, or a run id from DATA_DIR/results/history (default: second-newest run).")] = None,
    new: Annotated[Path | None, typer.Argument(
        help="Newer result file or run id (default: newest run).")] = None,
    data_dir: DataDirOpt = paths.DATA_DIR,
    format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """What changed between two result sets: concepts gained/lost, strength and score changes."""
    def body() -> int:
        from peerscan_cli.diff import diff_command

        require_choice("--format", format, ("text", "json"))
        # Plain write: rich would reinterpret scraped names (emoji codes, wrapping) and break JSON.
        sys.stdout.write(diff_command(data_dir, old, new, format) + "\n")
        return EXIT_OK

    guarded(body)


@app.command()
def explain(
    state: Annotated[str, typer.Argument(help="USPS code of a state, DC or territory, e.g. OH.")],
    data_dir: DataDirOpt = paths.DATA_DIR,
    taxonomy: TaxonomyOpt = paths.TAXONOMY_FILE,
) -> None:
    """Which concepts were found for a state (one quote each, with URL) and which were not."""
    def body() -> int:
        from peerscan_cli.explain import explain_state

        out.print(explain_state(data_dir, state.upper(), _taxonomy(taxonomy)), markup=False)
        return EXIT_OK

    guarded(body)


@app.command(name="eval")
def evaluate(
    taxonomy: TaxonomyOpt = paths.TAXONOMY_FILE,
    gold: Annotated[Path, typer.Option("--gold", help="Labelled gold set YAML (tuned on).")] = paths.GOLD_FILE,
    data_dir: Annotated[Path, typer.Option("--data-dir", help="Where eval.json (read by the site) is written.")] = paths.DATA_DIR,
    dev: Annotated[list[Path] | None, typer.Option(
        "--dev", help="More dev gold sets (repeatable; default: heldout_independent.yaml, real_dev.yaml and real_round1–5.yaml).")] = None,
    independent: Annotated[Path, typer.Option(
        "--independent", help="Earlier sealed batch never used for tuning (skipped when the file is absent).")
    ] = paths.INDEPENDENT_GOLD_FILE,
    sealed: Annotated[bool, typer.Option(
        "--sealed", help="Evaluate only the sealed real-wording test, after checking its pinned SHA-256.")] = False,
    test: Annotated[Path, typer.Option("--test", help="The sealed test set (with --sealed).")] = paths.REAL_TEST_FILE,
    pin: Annotated[Path, typer.Option("--pin", help="File holding the sealed test's SHA-256.")] = paths.REAL_TEST_PIN,
    agreement: Annotated[Path, typer.Option(
        "--agreement", help="Inter-coder agreement JSON (Cohen's kappa) reported with the sealed figures.")
    ] = paths.AGREEMENT_FILE,
) -> None:
    """Precision and recall of detection per concept, through extraction, on the gold sets (or the sealed test)."""
    def body() -> int:
        from analyze.eval_sets import evaluate_dev, evaluate_sealed
        from peerscan_cli.tables import format_eval_report

        loaded = _taxonomy(taxonomy)
        eval_path = Path(data_dir) / "eval.json"
        if sealed:
            title, report, kappa = evaluate_sealed(loaded, test, pin, agreement, eval_path)
            out.print(format_eval_report(title, report, kappa), markup=False)
            return EXIT_OK
        dev_sets = dev if dev else [paths.FIRST_INDEPENDENT_GOLD_FILE, paths.REAL_DEV_FILE, *paths.REAL_ROUND_FILES]
        reports = evaluate_dev(loaded, gold, dev_sets, independent, eval_path)
        out.print("\n\n".join(format_eval_report(title, report) for title, report in reports), markup=False)
        return EXIT_OK

    guarded(body)


@registry_app.command("check")
def registry_check(
    registry: RegistryOpt = paths.REGISTRY_FILE,
    online: Annotated[bool, typer.Option("--online/--offline",
                                         help="Also request every seed URL once and report dead seeds, redirects to another host, "
                                              "parked domains and soft 404s.")] = False,
) -> None:
    """Validate the registry (third-party seeds are errors); online, also report seed URLs that fail."""
    def body() -> int:
        from peerscan_cli.seedcheck import check_seeds

        loaded = _registry(registry)
        states = {p.state for p in loaded.programs}
        out.print(f"{registry}: {len(loaded.programs)} programs in {len(states)} jurisdictions — valid")
        out.print(loaded.publisher_summary())
        if not online:
            out.print("online seed check skipped (offline; add --online to request every seed URL)")
            return EXIT_OK
        report = check_seeds(loaded.programs)
        out.print(report.text())
        return EXIT_SOME_FAILED if report.dead else EXIT_OK

    guarded(body)


@review_app.command("export")
def review_export(
    sheet: Annotated[Path, typer.Option("--out", help="Sheet to write: .csv (opens in Excel) or .yaml.")] = Path(
        "review.csv"),
    state: Annotated[list[str] | None, typer.Option("--state", help="Only these USPS codes (repeatable).")] = None,
    concept: Annotated[list[str] | None, typer.Option("--concept", help="Only these concept ids (repeatable).")] = None,
    sample: Annotated[int, typer.Option("--sample", min=0, help="Near misses to add (concepts not found, sampled "
                                                                 "concept by concept).")] = 30,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the near-miss sample (same seed, same sample).")] = 0,
    registry: RegistryOpt = paths.REGISTRY_FILE,
    data_dir: DataDirOpt = paths.DATA_DIR,
    taxonomy: TaxonomyOpt = paths.TAXONOMY_FILE,
) -> None:
    """Write a review sheet: one row per finding of the latest run, plus a sample of near misses."""
    def body() -> int:
        from analyze.review_round import export_sheet
        from analyze.settings import AnalyzeSettings

        _registry(registry)  # a broken registry is reported before the analyst spends time on the sheet
        summary = export_sheet(data_dir, sheet, _taxonomy(taxonomy), state, concept, sample, seed,
                               AnalyzeSettings().near_miss)
        out.print(f"review sheet of run {summary.run_id}: {summary.findings} findings, {summary.near_misses} near "
                  f"misses ({summary.already_reviewed} findings already reviewed left out) → {summary.path}")
        return EXIT_OK

    guarded(body)


@review_app.command("apply")
def review_apply(
    sheet: Annotated[Path, typer.Argument(help="The filled-in sheet (CSV or YAML).", show_default=False)],
    reviewer: Annotated[str, typer.Option("--reviewer", help="Who reviewed (stored with each decision).",
                                          show_default=False)],
    allow_older_run: Annotated[bool, typer.Option("--allow-older-run",
                                                  help="Accept a sheet exported from an earlier run of this data "
                                                       "directory.")] = False,
    registry: RegistryOpt = paths.REGISTRY_FILE,
    data_dir: DataDirOpt = paths.DATA_DIR,
    taxonomy: TaxonomyOpt = paths.TAXONOMY_FILE,
) -> None:
    """Validate a filled-in review sheet and store its verdicts in DATA_DIR/reviews.yaml."""
    def body() -> int:
        from analyze.review_round import apply_sheet

        summary = apply_sheet(sheet, data_dir, _registry(registry), _taxonomy(taxonomy), reviewer, allow_older_run)
        counts = ", ".join(f"{n} {verdict}" for verdict, n in sorted(summary.verdicts.items())) or "none"
        out.print(f"stored {summary.decisions} decisions ({counts}; {summary.replaced} replace earlier ones, "
                  f"{summary.unchanged} unchanged; {summary.skipped} rows without a verdict) → {summary.path}\n"
                  "run `peerscan analyze` and `peerscan build` to publish them")
        return EXIT_OK

    guarded(body)


@review_app.command("to-gold")
def review_to_gold(
    gold: Annotated[Path, typer.Option("--out", help="Development gold file to append to (never a sealed "
                                                     "held-out batch).")] = paths.GOLD_FILE,
    data_dir: DataDirOpt = paths.DATA_DIR,
) -> None:
    """Turn confirmed, rejected and missed review decisions into gold items of the development set."""
    def body() -> int:
        from analyze.review_gold import write_gold
        from analyze.reviews import load_reviews, reviews_path

        summary = write_gold(load_reviews(reviews_path(data_dir)), gold)
        out.print(f"added {summary.added} gold items ({summary.total} in all) → {summary.path}")
        return EXIT_OK

    guarded(body)


if __name__ == "__main__":
    app()
