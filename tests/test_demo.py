"""`peerscan demo`: offline, serves the sample web, builds a site whose index lists every demo program."""

from typer.testing import CliRunner

from peerscan import paths
from peerscan.cli import app
from peerscan.registry import load_registry


def test_demo_builds_a_site_listing_every_demo_program_and_quoting_evidence(tmp_path):
    site_dir = tmp_path / "site"
    result = CliRunner().invoke(app, ["demo", "--site-dir", str(site_dir), "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 0, result.output
    assert str(site_dir / "index.html") in result.output.replace("\n", "")
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    sample = (paths.SAMPLE_WEB_DIR / "programs.yaml").read_text()
    for state in ("Ohio", "Vermont", "Colorado", "Wyoming", "New Mexico"):
        assert state in index
    assert "oh-demo-agency" in sample
    state_pages = list((site_dir / "states").iterdir())
    ohio = next(p for p in state_pages if p.stem.upper() == "OH").read_text(encoding="utf-8")
    assert "dual relationships" in ohio
    assert load_registry().programs  # the bundled registry is untouched by the demo
