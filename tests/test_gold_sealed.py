"""Second independent held-out batch (tests/gold/heldout_second.yaml): written by another author without
seeing the taxonomy, the matcher or the other gold items, and never used for tuning. Its figures are the
honest accuracy estimate shown on the methodology page. The floors below are the first (and only)
measurement, pinned as a regression gate: a change that lowers them fails; nobody tunes on this batch.
"""

import pytest

from analyze.evaluate import evaluate_gold
from analyze.taxonomy import REQUIRED_CONCEPTS, load_taxonomy
from peerscan import paths
from tests.support import assert_at_least

# (precision, recall) at the first evaluation, 2026-11-26; concepts not listed were 1.00 / 1.00.
FIRST_MEASURED = {
    "ethics_training": (1.0, 0.90), "dual_relationships": (1.0, 0.66), "boundaries": (1.0, 0.81),
    "gifts": (0.85, 0.85), "friendship": (1.0, 0.50), "self_disclosure": (0.85, 0.85),
    "confidentiality": (1.0, 0.87), "conflict_of_interest": (1.0, 0.50), "peer_safety": (1.0, 0.66),
}


@pytest.fixture(scope="module")
def report():
    return evaluate_gold(paths.INDEPENDENT_GOLD_FILE, load_taxonomy())


def test_the_sealed_batch_holds_its_hundred_items(report):
    assert report.gold_items == 100


@pytest.mark.parametrize("concept", REQUIRED_CONCEPTS)
def test_accuracy_on_the_sealed_batch_does_not_fall_below_its_first_measurement(report, concept):
    assert_at_least(report, concept, FIRST_MEASURED)
