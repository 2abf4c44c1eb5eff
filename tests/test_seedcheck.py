"""`peerscan registry check --online` against 127.0.0.1 sites: dead, moved, parked and soft-404 seeds."""

from pathlib import Path

from typer.testing import CliRunner

from peerscan.localweb import LocalSite, Response
from peerscan_cli.cli import app
from peerscan_cli.seedcheck import classify_page, load_seed_signals

runner = CliRunner()
PROGRAM = """\
  - id: oh-{n}
    state: OH
    name: Program {n}
    credentials: [Peer]
    body: Board
    type: combined
    seeds: [{{url: '{url}', publisher: board}}]
    source: '{url}'
    verified: 2026-11-28
"""
PROGRAM_PAGE = "<title>Peer certification</title><h1>Peer Recovery Supporter</h1><p>How to apply.</p>"


def registry(tmp_path: Path, urls: list[str]) -> Path:
    path = tmp_path / "programs.yaml"
    path.write_text("programs:\n" + "".join(PROGRAM.format(n=f"p{i}", url=u) for i, u in enumerate(urls)))
    return path


def test_online_check_reports_each_way_a_seed_stops_being_the_program_page(tmp_path):
    with LocalSite({"/elsewhere/": Response(PROGRAM_PAGE)}) as other, LocalSite({
        "/ok/": Response(PROGRAM_PAGE),
        "/renamed/": Response(b"", status=301, headers={"Location": "/ok/"}),  # same host: followed
        "/moved/": Response(b"", status=302, headers={"Location": other.url("/elsewhere/")}),
        "/soft/": Response("<title>Oops</title><h1>Page not found</h1><p>Try the search box.</p>"),
        "/parked/": Response("<title>agency-peers.org</title><p>This domain is for sale! Make an offer.</p>"),
    }) as site:
        urls = [site.url(p) for p in ("/ok/", "/renamed/", "/gone/", "/moved/", "/soft/", "/parked/")]
        result = runner.invoke(app, ["registry", "check", "--registry", str(registry(tmp_path, urls)), "--online"])
        assert not other.requests  # the other host is reported, never requested
    assert result.exit_code == 1
    assert "6 seed URLs requested, 4 failed" in result.output
    assert f"oh-p2: {site.url('/gone/')} — HTTP 404" in result.output
    assert f"oh-p3: {site.url('/moved/')} — redirects to another host: {other.url('/elsewhere/')}" in result.output
    assert f"oh-p4: {site.url('/soft/')} — soft 404" in result.output
    assert f"oh-p5: {site.url('/parked/')} — parked domain" in result.output
    assert "oh-p0" not in result.output and "oh-p1" not in result.output


def test_online_check_passes_when_every_seed_is_the_program_page(tmp_path):
    with LocalSite({"/ok/": Response(PROGRAM_PAGE)}) as site:
        result = runner.invoke(app, ["registry", "check", "--registry", str(registry(tmp_path, [site.url("/ok/")])),
                                     "--online"])
    assert result.exit_code == 0, result.output
    assert "1 seed URLs requested, 0 failed" in result.output


def test_not_found_far_down_a_long_page_is_not_a_soft_404():
    signals = load_seed_signals()
    long_page = "<title>Peer support</title><p>" + "Certification requirements. " * 200 + "</p><p>Page not found? Call us.</p>"
    assert classify_page(long_page, signals, head_chars=2000) is None
    assert classify_page("<title>404 error</title><p>Gone</p>", signals, head_chars=2000)[0] == "soft_404"
    assert classify_page("<p>Página no encontrada</p>", signals, head_chars=2000)[0] == "soft_404"
