"""The real-wording gold set is exactly what its two coders and the adjudication decided.

tests/gold/coding/<round>/ keeps each round's passages (verbatim, with source URLs), both coders' labels
and the adjudicated disagreements; tools/gold_adjudicate.py and tools/gold_agreement.py rebuild the
labels and the published kappa from them.
"""

import json
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
sys.path.insert(0, str(ROOT / "tools"))

from gold_adjudicate import merge_labels  # noqa: E402
from gold_agreement import CONCEPTS, load_labels, measure  # noqa: E402

ROUNDS = sorted(p for p in (GOLD / "coding").iterdir() if p.is_dir())


def _coded(round_dir: Path) -> list[dict]:
    return merge_labels(sorted(round_dir.glob("passages_*.yaml")), round_dir / "labels_coder1.yaml",
                        round_dir / "labels_coder2.yaml", sorted(round_dir.glob("adjudication_*.yaml")))


def _published_items() -> dict[str, dict]:
    items = {}
    for path in GOLD.glob("real_*.yaml"):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
            assert item["id"] not in items, f"{item['id']} appears in two gold files"
            items[item["id"]] = item
    return items


@pytest.mark.parametrize("round_dir", ROUNDS, ids=[p.name for p in ROUNDS])
def test_every_published_label_is_the_coders_agreement_or_the_adjudicated_decision(round_dir):
    published = _published_items()
    coded = _coded(round_dir)
    assert coded, "a coding round without passages"
    for item in coded:
        assert item["id"] in published, f"{item['id']} was coded but is in no gold file"
        gold = published[item["id"]]
        assert sorted(gold["concepts"]) == sorted(item["concepts"]), item["id"]
        assert sorted(gold.get("unsure", [])) == sorted(item.get("unsure", [])), item["id"]
        assert gold["text"] == item["text"] and gold["source_url"] == item["source_url"]


@pytest.mark.parametrize("round_dir", ROUNDS, ids=[p.name for p in ROUNDS])
def test_every_passage_cites_its_public_source_and_both_coders_labelled_it(round_dir):
    c1, c2 = load_labels(round_dir / "labels_coder1.yaml"), load_labels(round_dir / "labels_coder2.yaml")
    for path in round_dir.glob("passages_*.yaml"):
        for p in yaml.safe_load(path.read_text(encoding="utf-8"))["passages"]:
            assert p["source_url"].startswith(("http://", "https://")), p["id"]
            assert p["lang"] in ("en", "es") and p["text"].strip(), p["id"]
            assert str(p["id"]) in c1 and str(p["id"]) in c2, p["id"]


@pytest.mark.parametrize("round_dir", ROUNDS, ids=[p.name for p in ROUNDS])
def test_each_rounds_kappa_is_the_one_its_coders_labels_give(round_dir):
    passages = [str(p["id"]) for path in sorted(round_dir.glob("passages_*.yaml"))
                for p in yaml.safe_load(path.read_text(encoding="utf-8"))["passages"]]
    result = measure(passages, load_labels(round_dir / "labels_coder1.yaml"),
                     load_labels(round_dir / "labels_coder2.yaml"))
    recorded = json.loads((round_dir / "agreement.json").read_text(encoding="utf-8"))
    assert round(result["pooled_kappa"], 3) == round(recorded["pooled_kappa"], 3)
    assert set(result["per_concept"]) == set(CONCEPTS)


def test_the_published_kappa_is_that_of_the_newest_rounds_coders():
    """The newest round is the sealed test, or, once evaluated and spent, the newest dev set real_round<N>.yaml;
    the methodology page and eval show its coders' agreement."""
    newest = ROUNDS[-1]
    sealed = GOLD / "real_test.yaml"
    current = sealed if sealed.exists() else GOLD / f"real_{newest.name}.yaml"
    ids = {item["id"] for item in yaml.safe_load(current.read_text(encoding="utf-8"))["items"]}
    assert ids == {item["id"] for item in _coded(newest)}
    published = json.loads((GOLD / "real_agreement.json").read_text(encoding="utf-8"))
    recorded = json.loads((newest / "agreement.json").read_text(encoding="utf-8"))
    assert published["pooled_kappa"] == recorded["pooled_kappa"]
