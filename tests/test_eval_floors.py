"""Dev-set figures, measured through the pipeline (extraction → evidence → findings), pinned as floors.

These sets are tuning data, so the figures are tuned ones: a floor stops a change from silently losing what
was reached. real_round1.yaml was round 1's sealed test (evaluated once: P 0.89 / R 0.78, N 255) and a dev set
since; real_round2.yaml was round 2's (evaluated once: P 0.96 / R 0.80, N 215), real_round3.yaml round 3's
(evaluated once: P 0.89 / R 0.82, N 291), real_round4.yaml round 4's (evaluated once: P 0.82 / R 0.84, N 143),
real_round5.yaml round 5's (evaluated once: P 0.88 / R 0.73, N 211), dev sets since. Round 4's coders marked plain "uses lived experience" absent for self_disclosure, unlike rounds 1–3
and the codebook's decision since (docs/codebook.md § Decisions on recurring cases): its labels stand as coded, so
its self_disclosure precision floor is low on purpose. The honest estimate is the sealed real-wording test of the current round (`peerscan eval --sealed`).
"""

import functools

import pytest

from analyze.evaluate import evaluate_gold
from analyze.taxonomy import load_taxonomy
from peerscan import paths

# set -> (micro precision, micro recall, strength accuracy), tuned figures measured on 2026-11-28 (rounded down)
FLOORS = {
    paths.REAL_DEV_FILE: (0.98, 0.98, 1.00),  # measured 0.989 / 0.982 (before round 2: 0.985 / 0.960)
    paths.REAL_ROUND_FILES[0]: (0.97, 0.95, 1.00),  # measured 0.980 / 0.953 (sealed, before tuning: 0.892 / 0.780)
    paths.REAL_ROUND_FILES[1]: (0.97, 0.93, 1.00),  # measured 0.971 / 0.935 (sealed, before tuning: 0.961 / 0.800)
    paths.REAL_ROUND_FILES[2]: (0.95, 0.91, 1.00),  # measured 0.950 / 0.918 (sealed, before tuning: 0.895 / 0.818)
    paths.REAL_ROUND_FILES[3]: (0.86, 0.91, 1.00),  # measured 0.868 / 0.916 (sealed, before tuning: 0.816 / 0.839)
    paths.REAL_ROUND_FILES[4]: (0.90, 0.81, 1.00),  # measured 0.901 / 0.820 (sealed, before tuning: 0.884 / 0.725)
    paths.GOLD_FILE: (1.00, 0.99, 1.00),
    paths.FIRST_INDEPENDENT_GOLD_FILE: (1.00, 0.99, 1.00),
}
# Real-wording sets, concepts with at least 5 present labels: (precision, recall), tuned figures.
CONCEPT_FLOORS = {
    paths.REAL_DEV_FILE: {
        "ethics": (0.98, 0.98), "code_of_ethics": (0.96, 0.96), "ethics_training": (1.0, 0.94),
        "dual_relationships": (1.0, 1.0), "boundaries": (1.0, 1.0), "personal_contact": (1.0, 1.0),
        "physical_contact": (1.0, 1.0), "gifts": (1.0, 1.0), "romantic_sexual": (1.0, 0.92), "friendship": (1.0, 1.0),
        "self_disclosure": (1.0, 1.0), "confidentiality": (1.0, 1.0), "conflict_of_interest": (1.0, 1.0),
        "peer_safety": (0.96, 0.96),
    },
    # Each round's spent sealed test, tuned on in the rounds after it.
    paths.REAL_ROUND_FILES[0]: {
        "ethics": (1.0, 1.0), "code_of_ethics": (1.0, 0.89), "ethics_training": (1.0, 1.0),
        "dual_relationships": (1.0, 0.94), "boundaries": (0.96, 0.93), "personal_contact": (0.87, 1.0),
        "gifts": (0.90, 1.0), "romantic_sexual": (1.0, 0.90), "friendship": (0.75, 0.85), "self_disclosure": (1.0, 1.0),
        "confidentiality": (1.0, 1.0), "peer_safety": (1.0, 0.87),
    },
    paths.REAL_ROUND_FILES[1]: {
        "ethics": (0.98, 1.0), "code_of_ethics": (0.95, 1.0), "ethics_training": (0.93, 0.80),
        "dual_relationships": (1.0, 1.0), "boundaries": (1.0, 0.94), "gifts": (1.0, 1.0), "self_disclosure": (0.97, 0.89),
        "confidentiality": (1.0, 1.0), "peer_safety": (0.93, 0.87),
    },
    paths.REAL_ROUND_FILES[2]: {
        "ethics": (0.96, 0.98), "code_of_ethics": (0.96, 0.93), "ethics_training": (0.90, 0.90),
        "dual_relationships": (0.92, 1.0), "boundaries": (0.96, 0.90), "personal_contact": (1.0, 0.80),
        "friendship": (1.0, 0.83), "self_disclosure": (0.94, 0.92), "confidentiality": (0.88, 0.94),
        "conflict_of_interest": (1.0, 0.66), "peer_safety": (1.0, 0.83),
    },
    paths.REAL_ROUND_FILES[3]: {
        "ethics": (1.0, 0.97), "code_of_ethics": (1.0, 1.0), "ethics_training": (0.81, 0.90),
        "dual_relationships": (0.80, 0.80), "boundaries": (0.87, 1.0), "self_disclosure": (0.76, 0.91),
        "confidentiality": (1.0, 0.80), "peer_safety": (0.76, 0.66),
    },
    paths.REAL_ROUND_FILES[4]: {
        "ethics": (0.90, 0.92), "code_of_ethics": (0.89, 0.77), "ethics_training": (0.82, 0.66),
        "dual_relationships": (1.0, 0.77), "boundaries": (0.95, 0.76), "self_disclosure": (0.96, 0.86),
        "confidentiality": (0.81, 0.81), "peer_safety": (0.92, 0.70),
    },
}
# Each round's test as sealed: (passages, present labels).
ROUND_SIZES = {
    paths.REAL_ROUND_FILES[0]: (380, 255), paths.REAL_ROUND_FILES[1]: (378, 215), paths.REAL_ROUND_FILES[2]: (413, 291),
    paths.REAL_ROUND_FILES[3]: (366, 143), paths.REAL_ROUND_FILES[4]: (362, 211),
}


@functools.cache
def evaluated(gold):
    return evaluate_gold(gold, load_taxonomy())


@pytest.mark.parametrize("gold", list(FLOORS), ids=lambda path: path.name)
def test_micro_precision_recall_and_strength_stay_at_their_floors(gold):
    report = evaluated(gold)
    precision, recall, strength = FLOORS[gold]
    micro = report.micro
    assert micro.precision >= precision, (micro, report.mistakes)
    assert micro.recall >= recall, (micro, report.mistakes)
    assert report.strength_accuracy >= strength, report.strength_checked


def test_the_real_dev_set_holds_real_passages_in_english_and_spanish():
    real_dev = evaluated(paths.REAL_DEV_FILE)
    assert real_dev.gold_items >= 150
    assert real_dev.languages.get("es", 0) >= 20 and real_dev.languages.get("en", 0) >= 100


@pytest.mark.parametrize("gold", list(ROUND_SIZES), ids=lambda path: path.name)
def test_each_round_holds_the_passages_it_was_sealed_with(gold):
    assert (evaluated(gold).gold_items, evaluated(gold).micro.present) == ROUND_SIZES[gold]


@pytest.mark.parametrize(("gold", "concept"), [(gold, concept) for gold, floors in CONCEPT_FLOORS.items()
                                               for concept in floors], ids=lambda v: getattr(v, "name", v))
def test_each_concept_stays_at_its_floor_on_each_real_set(gold, concept):
    precision, recall = CONCEPT_FLOORS[gold][concept]
    score = evaluated(gold).concepts[concept]
    assert score.precision >= precision and score.recall >= recall, (concept, score)


def test_spanish_passages_of_the_real_dev_set_are_read_with_few_false_findings(tmp_path):
    import yaml

    items = yaml.safe_load(paths.REAL_DEV_FILE.read_text(encoding="utf-8"))["items"]
    spanish = tmp_path / "es.yaml"
    spanish.write_text(yaml.safe_dump({"items": [i for i in items if i.get("lang") == "es"]}, allow_unicode=True),
                       encoding="utf-8")
    micro = evaluate_gold(spanish, load_taxonomy()).micro
    assert micro.fp <= 1 and micro.tp >= 5, micro  # measured: 1 false, 5 of 6 present labels found
