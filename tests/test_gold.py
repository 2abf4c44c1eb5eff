"""Detection accuracy on the labelled gold set: per-concept precision and recall floors (issue 4)."""

import pytest

from analyze.evaluate import evaluate_gold, load_gold
from analyze.taxonomy import REQUIRED_CONCEPTS, load_taxonomy
from peerscan import paths

CORE = ("ethics", "code_of_ethics", "dual_relationships", "boundaries")
FLOORS = {cid: (0.95, 0.90) if cid in CORE else (0.85, 0.80) for cid in REQUIRED_CONCEPTS}


@pytest.fixture(scope="module")
def report():
    return evaluate_gold(paths.GOLD_FILE, load_taxonomy())


def test_the_gold_set_is_large_and_covers_every_concept_with_positives_and_negatives():
    items = load_gold(paths.GOLD_FILE, load_taxonomy())
    assert len(items) >= 300
    assert sum(1 for i in items if not i.concepts) >= 60, "negatives and false friends"
    assert sum(1 for i in items if i.region != "body") >= 20, "navigation / heading / title items"
    assert sum(1 for i in items if i.heldout) >= 50
    for cid in REQUIRED_CONCEPTS:
        assert sum(1 for i in items if cid in i.concepts) >= 5, cid


@pytest.mark.parametrize("concept", REQUIRED_CONCEPTS)
def test_precision_and_recall_meet_the_floor(report, concept):
    score = report.concepts[concept]
    precision_floor, recall_floor = FLOORS[concept]
    assert score.precision >= precision_floor, (concept, score, report.mistakes)
    assert score.recall >= recall_floor, (concept, score, report.mistakes)
