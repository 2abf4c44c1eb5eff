"""`peerscan demo`: serve the bundled sample web (data/sample_web/) on 127.0.0.1, crawl, analyze, build."""

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from rich.console import Console

from peerscan import paths
from peerscan.atomic import atomic_write
from peerscan.localweb import LocalSite, Response, routes_from_directory
from peerscan.registry import load_registry
from peerscan.runid import new_run_id


@contextlib.contextmanager
def serve_sample_web(root: Path = paths.SAMPLE_WEB_DIR) -> Iterator[dict[str, LocalSite]]:
    """Start one local site per folder of the sample web; yields {folder name: site}.

    A {site} placeholder in an HTML page becomes that site's 127.0.0.1:port, so sites can link each other.
    """
    with contextlib.ExitStack() as stack:
        sites = {
            folder.name: stack.enter_context(LocalSite(routes_from_directory(folder)))
            for folder in sorted(root.iterdir()) if folder.is_dir()
        }
        hosts = {("{" + name + "}").encode(): site.base.removeprefix("http://").encode() for name, site in sites.items()}
        for site in sites.values():
            site.routes = {path: _with_hosts(route, hosts) for path, route in site.routes.items()}
        yield sites


def _with_hosts(route: object, hosts: dict[bytes, bytes]) -> object:
    if not isinstance(route, Response) or not (route.content_type or "").startswith("text/html"):
        return route
    body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
    for placeholder, host in hosts.items():
        body = body.replace(placeholder, host)
    return replace(route, body=body)


def write_sample_registry(sites: dict[str, LocalSite], dest: Path,
                          template: Path = paths.SAMPLE_WEB_DIR / "programs.yaml") -> Path:
    """The sample registry with each {site} placeholder replaced by that site's 127.0.0.1:port."""
    text = template.read_text(encoding="utf-8")
    for name, site in sites.items():
        text = text.replace("{" + name + "}", site.base.removeprefix("http://"))
    atomic_write(dest, text)
    return dest


def run_demo(site_dir: Path, data_dir: Path | None = None, console: Console | None = None) -> Path:
    """Crawl the sample web into data_dir (default: a temporary folder), build site_dir; returns index.html."""
    from analyze.run import analyze_run
    from analyze.taxonomy import load_taxonomy
    from report.build import build_site
    from scrape.crawl import crawl_programs
    from scrape.settings import CrawlSettings

    with contextlib.ExitStack() as stack:
        if data_dir is None:
            data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="peerscan-demo-")))
        sites = stack.enter_context(serve_sample_web())
        registry = load_registry(write_sample_registry(sites, Path(data_dir) / "demo-programs.yaml"))
        taxonomy = load_taxonomy()
        # The sample web is ours and local: a short delay keeps the demo quick while staying polite.
        settings = CrawlSettings(delay_s=0.05, max_pages=30)
        run_id = new_run_id(Path(data_dir))
        crawl_programs(registry.programs, Path(data_dir), settings, console=console, run_id=run_id)
        analyze_run(Path(data_dir), registry, taxonomy, run_id=run_id)
        build_site(Path(data_dir), Path(site_dir), registry, taxonomy)
    return (Path(site_dir) / "index.html").resolve()
