"""`peerscan eval`: per-concept precision/recall table, and data/eval.json for the methodology page.

`--sealed` reads the sealed real-wording test only when its SHA-256 equals the pinned one.
"""

import hashlib
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
    assert set(row) == {"precision", "recall", "n", "tp", "fp", "fn"}
    assert row["n"] == row["tp"] + row["fn"]
    assert set(figures["gold"]["micro"]) >= {"precision", "recall", "n"}
    assert 0 < figures["gold"]["strength"]["checked"]
    assert row["tp"] > 0 and 0 <= row["precision"] <= 1
    # Round 1's spent sealed test is a default dev set, labelled as tuned on, beside the other real set.
    assert "real_round1.yaml (dev: tuned on)" in result.stdout and "real_dev.yaml (dev: tuned on)" in result.stdout
    assert {"real_round1.yaml", "real_dev.yaml", "heldout_independent.yaml"} <= set(figures["dev"])


def test_a_gold_item_with_an_unknown_concept_is_bad_input(tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text("items:\n- {text: 'Peers keep boundaries.', concepts: [boundary]}\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "--gold", str(gold), "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "boundary" in result.output


def test_eval_also_reports_the_independent_batch_that_was_never_tuned_on(tmp_path):
    result = runner.invoke(app, ["eval", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "heldout_second.yaml (earlier sealed batch, never tuned on): 100 items" in result.stdout
    figures = json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))
    assert figures["independent"]["items"] == 100
    assert set(figures["independent"]["concepts"]) >= set(REQUIRED_CONCEPTS)


def test_eval_without_an_independent_batch_writes_only_the_gold_figures(tmp_path):
    result = runner.invoke(app, ["eval", "--data-dir", str(tmp_path), "--independent", str(tmp_path / "none.yaml")])
    assert result.exit_code == 0, result.output
    assert "independent" not in json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))


SEALED = """items:
  - {id: t1, lang: en, source_url: https://example.org/code, text: "Peer specialists shall not enter dual relationships with people they serve.", concepts: [dual_relationships]}
  - {id: t2, lang: es, source_url: https://example.org/pr, text: "El especialista no aceptará regalos de los participantes.", concepts: [gifts]}
  - {id: t3, lang: en, source_url: https://example.org/ethics, text: "Gift rules for state employees are set by the State Ethics Commission.", concepts: []}
  - {id: t4, lang: en, source_url: https://example.org/x, text: "Boundaries matter.", concepts: [], unsure: [boundaries]}
"""


def _sealed_set(tmp_path, pin_text=None):
    test = tmp_path / "real_test.yaml"
    test.write_text(SEALED, encoding="utf-8")
    pin = tmp_path / "real_test.sha256"
    digest = hashlib.sha256(test.read_bytes()).hexdigest()
    pin.write_text(pin_text if pin_text is not None else f"{digest}  real_test.yaml\n", encoding="utf-8")
    agreement = tmp_path / "agreement.json"
    agreement.write_text(json.dumps({"n_passages": 4, "pooled_kappa": 0.81,
                                     "per_concept": {"gifts": {"kappa": 0.9}}}), encoding="utf-8")
    return ["eval", "--sealed", "--test", str(test), "--pin", str(pin), "--agreement", str(agreement),
            "--data-dir", str(tmp_path)]


def test_the_sealed_test_is_evaluated_when_its_pinned_sha256_matches(tmp_path):
    result = runner.invoke(app, _sealed_set(tmp_path))
    assert result.exit_code == 0, result.output
    assert "SEALED" in result.stdout and "kappa 0.81" in result.stdout
    sealed = json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))["sealed"]
    assert sealed["items"] == 4 and sealed["languages"] == {"en": 3, "es": 1}
    assert sealed["concepts"]["gifts"]["n"] == 1 and sealed["concepts"]["dual_relationships"]["tp"] == 1
    assert sealed["concepts"]["boundaries"]["fp"] == 0, "an unsure label is not scored"
    assert set(sealed["micro"]) >= {"precision", "recall", "n"} and sealed["micro"]["n"] == 2
    assert sealed["strength"]["checked"] >= 2 and sealed["agreement"]["pooled_kappa"] == 0.81
    # A dev run afterwards keeps the sealed figures beside its own.
    assert runner.invoke(app, ["eval", "--data-dir", str(tmp_path)]).exit_code == 0
    assert "sealed" in json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))


def test_the_sealed_test_is_refused_when_it_differs_from_its_pin(tmp_path):
    result = runner.invoke(app, _sealed_set(tmp_path, pin_text="0" * 64 + "  real_test.yaml\n"))
    assert result.exit_code == 2
    assert "changed" in result.output and "pinned" in result.output
    assert not (tmp_path / "eval.json").exists()


def test_the_sealed_test_is_refused_without_a_pin(tmp_path):
    args = _sealed_set(tmp_path)
    (tmp_path / "real_test.sha256").unlink()
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "pinned" in result.output
    assert not (tmp_path / "eval.json").exists()


def test_the_sealed_test_is_refused_while_no_sealed_set_is_present(tmp_path):
    result = runner.invoke(app, ["eval", "--sealed", "--test", str(tmp_path / "real_test.yaml"),
                                 "--pin", str(tmp_path / "real_test.sha256"), "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "sealed test set not found" in result.output and "real_test.yaml" in result.output
    assert not (tmp_path / "eval.json").exists()


def test_review_items_never_go_into_the_sealed_real_test():
    from analyze.review_gold import sealed
    from peerscan import paths

    assert sealed(paths.REAL_TEST_FILE) and not sealed(paths.REAL_DEV_FILE)
