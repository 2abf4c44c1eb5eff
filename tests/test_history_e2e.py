"""Acceptance: repeated `peerscan run` over a fixture web keeps history, diffs it, and handles failing programs.

Four local sites on 127.0.0.1, one program each: one page changes between the first two crawls; one
program fails from the second crawl on (stale, then unreachable after three failures); one is blocked
by robots.txt; one has no ethics content at all.
"""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyze.results import history_runs, load_run
from peerscan.localweb import LocalSite, Request, Response
from peerscan_cli.cli import app

ETHICS_V1 = """<html><head><title>Code of Ethics</title></head><body><main>
<h1>Code of Ethics for Peer Recovery Supporters</h1>
<p>Every Peer Recovery Supporter agrees to the code of ethics before certification.</p>
<p>Peers maintain professional boundaries with the people they serve.</p>
</main></body></html>"""
ETHICS_V2 = ETHICS_V1.replace(
    "</main>", "<p>Peers must avoid dual relationships with the people they serve.</p></main>")
INDEX = """<html><head><title>{title}</title></head><body><main><h1>{title}</h1>
<p>{text}</p>{links}</main></body></html>"""


def _page(title: str, text: str, links: str = "") -> Response:
    return Response(INDEX.format(title=title, text=text, links=links))


class FixtureWeb:
    """The four sites; `pa_down` switches the PA program's site to answering 404 everywhere."""

    def __init__(self) -> None:
        self.pa_down = False
        self.ohio = LocalSite({
            "/peer/": _page("Peer Recovery Supporter", "Become a certified Peer Recovery Supporter.",
                            '<a href="/peer/ethics.html">Code of Ethics</a>'),
            "/peer/ethics.html": Response(ETHICS_V1),
        })
        pa_home = _page("Certified Peer Specialist", "Certified Peer Specialists follow a code of ethics "
                                                     "and keep personal boundaries with the people they serve.")
        self.penn = LocalSite(fallback=self._pa(pa_home))
        self.jersey = LocalSite({"/robots.txt": Response("User-agent: *\nDisallow: /\n", content_type="text/plain"),
                                 "/cprs/": _page("Recovery Specialist", "A code of ethics applies.")})
        self.texas = LocalSite({"/pss/": _page("Peer Specialist", "Apply online. Fees are listed below.")})
        self.sites = (self.ohio, self.penn, self.jersey, self.texas)

    def _pa(self, home: Response):
        def route(request: Request, handler: object) -> Response:
            if self.pa_down or request.path.split("?")[0] != "/cps/":
                return Response("<h1>Not found</h1>", status=404)
            return home
        return route

    def __enter__(self) -> "FixtureWeb":
        for site in self.sites:
            site.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for site in self.sites:
            site.stop()

    def registry(self) -> str:
        rows = [("oh-prs", "OH", self.ohio.url("/peer/")), ("pa-cps", "PA", self.penn.url("/cps/")),
                ("nj-cprs", "NJ", self.jersey.url("/cprs/")), ("tx-pss", "TX", self.texas.url("/pss/"))]
        entries = "".join(
            f"  - id: {pid}\n    state: {code}\n    name: Fixture program {pid}\n    credentials: [Peer]\n"
            f"    body: Fixture board\n    type: combined\n    seeds: [{{url: {seed}, publisher: board}}]\n    source: {seed}\n"
            f"    verified: 2026-11-26\n"
            for pid, code, seed in rows)
        return "programs:\n" + entries


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    """Runs `peerscan run` four times; yields what each run printed and the data after runs 2 and 4."""
    root = tmp_path_factory.mktemp("history")
    data, site = root / "data", root / "site"
    runner = CliRunner()
    results: dict[str, object] = {"data": data, "site": site, "runs": []}
    with FixtureWeb() as web:
        registry = root / "programs.yaml"
        registry.write_text(web.registry(), encoding="utf-8")

        def run_once(step_summary: Path | None = None) -> None:
            env = {"GITHUB_STEP_SUMMARY": str(step_summary)} if step_summary else {}
            outcome = runner.invoke(app, ["run", "--registry", str(registry), "--data-dir", str(data),
                                          "--site-dir", str(site), "--max-pages", "5", "--delay", "0.05"], env=env)
            results["runs"].append(outcome)

        run_once()
        web.ohio.routes["/peer/ethics.html"] = Response(ETHICS_V2)
        web.pa_down = True
        run_once(root / "step_summary.md")
        results["diff_text"] = runner.invoke(app, ["diff", "--data-dir", str(data)])
        results["diff_json"] = runner.invoke(app, ["diff", "--data-dir", str(data), "--format", "json"])
        results["after_second"] = load_run(data / "results" / "latest.json")
        results["feed"] = (site / "feed.xml").read_text(encoding="utf-8") if (site / "feed.xml").exists() else None
        results["step_summary"] = (root / "step_summary.md").read_text(encoding="utf-8")
        run_once()
        results["after_third"] = load_run(data / "results" / "latest.json")
        run_once()
        results["after_fourth"] = load_run(data / "results" / "latest.json")
    return results


def _program(run, pid: str):
    return next(p for j in run.jurisdictions for p in j.programs if p.id == pid)


def test_one_run_id_names_the_archive_the_history_file_and_the_feed_entry(survey):
    data = survey["data"]
    history = [p.stem for p in history_runs(data)]
    assert set(history) <= {p.name for p in (data / "archive").iterdir()}
    assert json.loads((data / "pages" / "oh-prs.crawl.json").read_text())["run_id"] == history[-1]
    atom = "{http://www.w3.org/2005/Atom}"
    (entry,) = ET.fromstring(survey["feed"]).findall(f"{atom}entry")
    assert entry.findtext(f"{atom}id") == f"urn:peerscan:run:{history[1]}"


def test_diff_points_from_a_new_finding_to_the_warc_record_of_its_bytes(survey):
    lines = survey["diff_text"].stdout.splitlines()
    found = lines.index("    + dual_relationships: now found (body text)")
    pointer = lines[found + 1]
    assert pointer.startswith("      evidence: http://127.0.0.1:") and "/peer/ethics.html — WARC archive/" in pointer
    warc, record_id = pointer.split(" — WARC ")[1].split(" ")
    from warcio.archiveiterator import ArchiveIterator

    with (survey["data"] / warc).open("rb") as handle:
        records = {r.rec_headers.get_header("WARC-Record-ID"): r.content_stream().read() for r in ArchiveIterator(handle)}
    assert b"avoid dual relationships" in records[record_id]


def test_every_run_keeps_its_own_history_file(survey):
    runs = history_runs(survey["data"])
    assert len(runs) == 4
    assert len({load_run(p).run_id for p in runs}) == 4


def test_every_run_exits_1_while_some_program_is_blocked_or_failing(survey):
    assert [r.exit_code for r in survey["runs"]] == [1, 1, 1, 1], [r.output for r in survey["runs"]]


def test_diff_text_shows_the_new_concept_and_the_stale_program(survey):
    result = survey["diff_text"]
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("changes from run ")
    oh = lines.index(next(line for line in lines if line.startswith("  oh-prs")))
    assert "    + dual_relationships: now found (body text)" in lines[oh + 1:]
    assert any(line.startswith("  pa-cps") and "status ok → stale" in line for line in lines)


def test_diff_json_has_the_same_changes_grouped_by_state(survey):
    payload = json.loads(survey["diff_json"].stdout)
    states = {s["state"]: s for s in payload["states"]}
    (oh,) = states["OH"]["programs"]
    (appeared,) = [c for c in oh["concepts"] if c["concept"] == "dual_relationships"]
    assert (appeared["change"], appeared["old"], appeared["new"]) == ("appeared", None, "body")
    assert appeared["evidence_url"].endswith("/peer/ethics.html")
    assert appeared["warc"]["file"].startswith("archive/") and appeared["warc"]["record_id"].startswith("<urn:uuid:")
    assert oh["new_score"] > oh["old_score"]
    (pa,) = states["PA"]["programs"]
    assert (pa["old_status"], pa["new_status"], pa["concepts"]) == ("ok", "stale", [])
    assert "NJ" not in states and "TX" not in states


def test_the_feed_has_an_entry_for_the_change(survey):
    feed = survey["feed"]
    assert feed is not None, "site/feed.xml was not built"
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.fromstring(feed).findall(f"{atom}entry")
    assert len(entries) == 1
    summary = entries[0].findtext(f"{atom}summary")
    assert "Dual relationships" in summary


def test_a_failing_program_keeps_its_findings_marked_stale_with_the_date_last_confirmed(survey):
    first_ok = _program(load_run(history_runs(survey["data"])[0]), "pa-cps")
    stale = _program(survey["after_second"], "pa-cps")
    assert (stale.status, stale.stale) == ("stale", True)
    assert set(stale.concepts) == set(first_ok.concepts) and stale.concepts
    assert stale.last_confirmed == first_ok.last_confirmed
    assert stale.unreachable_since is None
    assert _program(survey["after_third"], "pa-cps").unreachable_since is None


def test_the_third_failure_flags_the_program_unreachable_since_its_first_failure(survey):
    pa = _program(survey["after_fourth"], "pa-cps")
    assert pa.consecutive_failures == 3
    second_run_crawl = json.loads((survey["data"] / "pages" / "pa-cps.crawl.json").read_text())
    assert pa.unreachable_since == second_run_crawl["failing_since"]
    assert pa.stale and pa.concepts
    pages = {p.name.lower(): p for p in (survey["site"] / "states").glob("*.html")}
    assert "unreachable since" in pages["pa.html"].read_text(encoding="utf-8")


def test_blocked_unreachable_and_nothing_found_are_told_apart(survey):
    last = survey["after_fourth"]
    assert _program(last, "nj-cprs").status == "blocked"
    assert _program(last, "nj-cprs").unreachable_since is None
    tx = _program(last, "tx-pss")
    assert (tx.status, tx.concepts, tx.pages) == ("ok", {}, 1)
    printed = survey["runs"][-1].stdout
    assert "1 blocked, 1 unreachable, 1 nothing found" in printed
    assert "PA pa-cps: unreachable since" in printed
    assert "NJ nj-cprs: blocked by robots.txt" in printed


def test_the_run_summary_goes_to_the_step_summary_file_in_ci(survey):
    text = survey["step_summary"]
    assert text.startswith("## peerscan run ")
    assert "| stale | 1 |" in text and "| blocked | 1 |" in text
    assert "+ dual_relationships: now found (body text)" in text
