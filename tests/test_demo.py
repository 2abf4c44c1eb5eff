"""`peerscan demo`: offline, serves the sample web, builds a site whose index lists every demo program."""

import html
import json
import re

from typer.testing import CliRunner

from peerscan import paths
from peerscan.registry import load_registry
from peerscan_cli.cli import app
from scrape.ocr import ocr_available
from scrape.render import chromium_available
from scrape.settings import CrawlSettings
from tests.support import require


def test_demo_builds_a_site_listing_every_demo_program_with_its_score_and_quoting_evidence(tmp_path):
    site_dir, data_dir = tmp_path / "site", tmp_path / "data"
    result = CliRunner().invoke(app, ["demo", "--site-dir", str(site_dir), "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert str(site_dir / "index.html") in result.output.replace("\n", "")
    index = html.unescape((site_dir / "index.html").read_text(encoding="utf-8"))
    latest = json.loads((data_dir / "results" / "latest.json").read_text(encoding="utf-8"))
    programs = [p for j in latest["jurisdictions"] for p in j["programs"]]
    assert len(programs) == 7
    for program in programs:
        row = re.search(rf'#program-{program["id"]}">([^<]+)</a></th>\s*<td[^>]*>[^<]*</td>\s*'
                        rf'<td[^>]*>(\d+|—)</td>', index)
        assert row, f"{program['id']} missing from the index's program table"
        shown = None if row.group(2) == "—" else int(row.group(2))
        assert row.group(1) == program["name"] and shown == program["score"]
    assert [p["id"] for p in programs if p["score"] is None] == ["ak-demo-reference"]
    assert "6 of 7 certification programs have an official web page" in index
    ohio = (site_dir / "states" / "oh.html").read_text(encoding="utf-8")
    assert "dual relationships" in ohio
    # Montana's program keeps its content elsewhere: the demo shows each kind of evidence, marked as such.
    montana = html.unescape((site_dir / "states" / "mt.html").read_text(encoding="utf-8"))
    assert "linked from the program's official pages" in montana and "/docs/code-of-ethics.pdf" in montana
    require(chromium_available(CrawlSettings()), "Chromium and Playwright render the demo's portal")
    assert "from the page as rendered with JavaScript" in montana
    require(ocr_available(), "tesseract, pytesseract and pypdfium2 read the demo's scanned code")
    assert "read by OCR from a scanned page" in montana


def test_demo_leaves_the_bundled_registry_untouched(tmp_path):
    before = paths.REGISTRY_FILE.read_bytes()
    CliRunner().invoke(app, ["demo", "--site-dir", str(tmp_path / "site"), "--data-dir", str(tmp_path / "d")])
    assert paths.REGISTRY_FILE.read_bytes() == before
    assert len(load_registry().programs) == 111
