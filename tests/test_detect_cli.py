"""`peerscan detect FILE...` on HTML, PDF and text files prints the JSON shape of DESIGN.md."""

import json

from typer.testing import CliRunner

from peerscan_cli.cli import app
from tests.minipdf import make_pdf

runner = CliRunner()

HTML = """<!doctype html><html><head><title>Peer Code of Ethics</title></head><body>
<nav><a href="/">Home</a> <a href="/soc">Social Media Guidelines</a></nav>
<main><h1>Standards</h1><p>Peer specialists shall not enter into dual relationships with persons served.</p>
<p>We offer dual diagnosis services in every county.</p></main></body></html>"""


def detect(*args):
    return runner.invoke(app, ["detect", *map(str, args)])


def test_html_file_findings_have_quote_matched_and_region(tmp_path):
    path = tmp_path / "code.html"
    path.write_text(HTML, encoding="utf-8")
    result = detect(path)
    assert result.exit_code == 0, result.output
    [document] = json.loads(result.stdout)["documents"]
    assert document["path"] == str(path)
    [quote] = document["concepts"]["dual_relationships"]
    assert quote == {"quote": "Peer specialists shall not enter into dual relationships with persons served.",
                     "matched": "dual relationships", "region": "body"}
    assert document["concepts"]["code_of_ethics"][0]["region"] == "title"
    assert isinstance(document["score"], int) and 0 < document["score"] <= 100


def test_pdf_findings_carry_the_page_number_and_mend_broken_lines(tmp_path):
    path = tmp_path / "handbook.pdf"
    path.write_bytes(make_pdf([["Candidate Handbook"],
                               ["Peers shall not engage in dual rela-", "tionships with persons served."]]))
    [document] = json.loads(detect(path).stdout)["documents"]
    [quote] = document["concepts"]["dual_relationships"]
    assert quote["page"] == 2
    assert "dual relationships" in quote["quote"]


def test_text_files_and_several_files_at_once(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Peers keep healthy boundries.\n\nPeers protect confidentiality.", encoding="utf-8")
    second.write_text("Applications are due in May.", encoding="utf-8")
    documents = json.loads(detect(first, second).stdout)["documents"]
    assert set(documents[0]["concepts"]) == {"boundaries", "confidentiality"}
    assert documents[0]["concepts"]["boundaries"][0]["matched"] == "boundries"
    assert "page" not in documents[0]["concepts"]["boundaries"][0]
    assert documents[1] == {"path": str(second), "concepts": {}, "score": 0}


def test_text_format_lists_concepts_and_quotes_for_people(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Peers must not accept gifts from participants.", encoding="utf-8")
    result = runner.invoke(app, ["detect", "--format", "text", str(path)])
    assert result.exit_code == 0
    assert "gifts" in result.stdout and "Peers must not accept gifts from participants." in result.stdout
    assert "[body; matched: gifts]" in result.stdout


def test_a_missing_file_is_bad_input_naming_the_file(tmp_path):
    result = detect(tmp_path / "nope.pdf")
    assert result.exit_code == 2
    assert "nope.pdf" in result.output and "fix:" in result.output


def test_an_unknown_format_is_bad_input(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    assert runner.invoke(app, ["detect", "--format", "xml", str(path)]).exit_code == 2
