"""Dev-set figures, measured through the pipeline (extraction → evidence → findings), pinned as floors.

These sets are tuning data, so the figures are tuned ones: a floor stops a change from silently losing what
was reached. The honest estimate is the sealed real-wording test (`peerscan eval --sealed`).
"""

import pytest

from analyze.evaluate import evaluate_gold
from analyze.taxonomy import load_taxonomy
from peerscan import paths

# set -> (micro precision, micro recall, strength accuracy), as measured on 2026-11-28 (rounded down)
FLOORS = {
    paths.GOLD_FILE: (1.00, 0.99, 1.00),
    paths.FIRST_INDEPENDENT_GOLD_FILE: (1.00, 0.99, 1.00),
}


@pytest.mark.parametrize("gold", list(FLOORS), ids=lambda path: path.name)
def test_micro_precision_recall_and_strength_stay_at_their_floors(gold):
    report = evaluate_gold(gold, load_taxonomy())
    precision, recall, strength = FLOORS[gold]
    micro = report.micro
    assert micro.precision >= precision, (micro, report.mistakes)
    assert micro.recall >= recall, (micro, report.mistakes)
    assert report.strength_accuracy >= strength, report.strength_checked
