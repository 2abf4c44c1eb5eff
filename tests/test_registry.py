"""The registry: the bundled file covers every jurisdiction; broken copies fail with file, line and fix."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from peerscan import paths
from peerscan.errors import InputErrors
from peerscan.registry import load_registry
from peerscan_cli.cli import app

runner = CliRunner()
GOOD_ENTRY = """\
programs:
  - id: oh-prs
    state: OH
    name: Peer Recovery Supporter certification
    credentials: [Peer Recovery Supporter]
    body: Ohio Department of Mental Health and Addiction Services
    type: combined
    seeds: [{url: https://example.org/peer-recovery/, publisher: agency}]
    source: https://example.org/peer-recovery/
    verified: 2026-11-26
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "programs.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_registry_holds_all_54_jurisdictions_and_111_programs():
    registry = load_registry()
    assert len(registry.programs) == 111
    assert len(registry.covered_jurisdictions()) == 54
    codes = {j.code for j in registry.covered_jurisdictions()}
    assert {"DC", "PR", "GU", "VI", "OH", "WY"} <= codes


def test_every_bundled_entry_keeps_its_provenance():
    for program in load_registry().programs:
        assert program.source.startswith("http")
        assert program.verified >= "2026-11-26"
        assert program.provenance.startswith("shared/registry/programs.tsv line ")
        assert program.confidence in ("high", "medium", "low")
        for change in program.changes:
            assert change.seen_at.startswith("http") and change.note and change.date == "2026-11-28"


def test_jurisdictions_without_a_program_stay_in_the_registry_marked_so():
    registry = load_registry()
    not_found = {p.state for p in registry.programs if not p.program_found}
    assert {"SD", "GU", "VI"} <= not_found
    assert all(p.program_found for p in registry.programs_in("OH"))


def test_registry_check_passes_on_the_bundled_registry_and_says_it_skipped_the_online_check():
    result = runner.invoke(app, ["registry", "check"])
    assert result.exit_code == 0, result.output
    assert "111 programs in 54 jurisdictions" in result.output
    assert "third_party 0" in result.output
    assert "skipped" in result.output


def test_a_valid_minimal_entry_loads(tmp_path):
    registry = load_registry(write(tmp_path, GOOD_ENTRY))
    assert [p.id for p in registry.programs] == ["oh-prs"]
    assert registry.programs[0].seeds == ("https://example.org/peer-recovery/",)


@pytest.mark.parametrize(
    ("broken", "line", "expected"),
    [
        (GOOD_ENTRY.replace("state: OH", "state: XX"), 3, "unknown state code 'XX'"),
        (GOOD_ENTRY.replace("https://example.org/peer-recovery/,", "ftp://example.org/x,"), 8,
         "is not an http(s) URL"),
        (GOOD_ENTRY.replace("https://example.org/peer-recovery/,", "'https:// example.org',"), 8, "malformed"),
        (GOOD_ENTRY.replace("    body: Ohio Department of Mental Health and Addiction Services\n", ""), 2,
         "missing field 'body'"),
        (GOOD_ENTRY + GOOD_ENTRY.split("programs:\n")[1], 11, "duplicate program id 'oh-prs'"),
        (GOOD_ENTRY.replace("type: combined", "type: other"), 7, "type 'other' is not one of"),
        (GOOD_ENTRY.replace("verified: 2026-11-26", "verified: last week"), 10, "is not a date"),
    ],
    ids=["unknown-state", "non-http-url", "malformed-url", "missing-field", "duplicate-id", "bad-type", "bad-date"],
)
def test_registry_check_rejects_a_broken_copy_with_file_line_and_fix(tmp_path, broken, line, expected):
    path = write(tmp_path, broken)
    result = runner.invoke(app, ["registry", "check", "--registry", str(path)])
    assert result.exit_code == 2
    assert f"{path}:{line}:" in result.output
    assert expected in result.output
    assert "fix:" in result.output


def test_yaml_syntax_errors_name_the_line(tmp_path):
    path = write(tmp_path, GOOD_ENTRY.replace("    name: Peer", "   name: : Peer"))
    result = runner.invoke(app, ["registry", "check", "--registry", str(path)])
    assert result.exit_code == 2
    assert "YAML syntax error" in result.output
    assert f"{path}:" in result.output


def test_all_problems_are_reported_in_one_pass(tmp_path):
    text = GOOD_ENTRY.replace("state: OH", "state: XX").replace("type: combined", "type: other")
    with pytest.raises(InputErrors) as caught:
        load_registry(write(tmp_path, text))
    assert len(caught.value.errors) == 2


def test_missing_registry_file_is_bad_input(tmp_path):
    result = runner.invoke(app, ["registry", "check", "--registry", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "file not found" in result.output


def test_only_selects_by_state_code_or_program_id_and_rejects_unknown_names():
    registry = load_registry(paths.REGISTRY_FILE)
    assert {p.state for p in registry.select(["oh"])} == {"OH"}
    assert [p.id for p in registry.select(["al-cps"])] == ["al-cps"]
    with pytest.raises(Exception, match="--only names no program"):
        registry.select(["zz-nothing"])
