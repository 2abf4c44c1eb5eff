"""`peerscan eval`: per-concept precision/recall table, and data/eval.json for the methodology page."""

import json

from typer.testing import CliRunner

from analyze.taxonomy import REQUIRED_CONCEPTS
from peerscan_cli.cli import app

runner = CliRunner()


def test_eval_prints_a_row_per_concept_and_writes_eval_json(tmp_path):
    result = runner.invoke(app, ["eval", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "precision" in result.stdout and "recall" in result.stdout
    for cid in REQUIRED_CONCEPTS:
        assert cid in result.stdout
    figures = json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))
    assert figures["gold_items"] >= 300
    row = figures["concepts"]["dual_relationships"]
    assert set(row) == {"precision", "recall", "tp", "fp", "fn"}
    assert row["tp"] > 0 and 0 <= row["precision"] <= 1


def test_a_gold_item_with_an_unknown_concept_is_bad_input(tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text("items:\n- {text: 'Peers keep boundaries.', concepts: [boundary]}\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "--gold", str(gold), "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "boundary" in result.output


def test_eval_also_reports_the_independent_batch_that_was_never_tuned_on(tmp_path):
    result = runner.invoke(app, ["eval", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "independent held-out batch: 100 items (never used for tuning)" in result.stdout
    figures = json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))
    assert figures["independent"]["items"] == 100
    assert set(figures["independent"]["concepts"]) >= set(REQUIRED_CONCEPTS)


def test_eval_without_an_independent_batch_writes_only_the_gold_figures(tmp_path):
    result = runner.invoke(app, ["eval", "--data-dir", str(tmp_path), "--independent", str(tmp_path / "none.yaml")])
    assert result.exit_code == 0, result.output
    assert "independent" not in json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))
