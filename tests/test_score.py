"""Scoring by the taxonomy rubric: body weight, navigation credit, state union of programs."""

from analyze.score import merge_strengths, score_concepts
from analyze.taxonomy import Concept, Taxonomy
from peerscan.vocabulary import best_strength, strength_of_region

TAXONOMY = Taxonomy(concepts=(Concept("a", "A", "", 60, ("a",)), Concept("b", "B", "", 30, ("b",)),
                              Concept("c", "C", "", 10, ("c",))), navigation_credit=0.5)


def test_body_findings_earn_their_full_weight_out_of_all_weights():
    assert score_concepts({"a": "body", "c": "body"}, TAXONOMY) == 70


def test_navigation_only_findings_earn_the_navigation_credit():
    assert score_concepts({"a": "navigation"}, TAXONOMY) == 30
    assert score_concepts({"a": "navigation", "b": "body"}, TAXONOMY) == 60


def test_nothing_found_scores_zero_and_everything_in_body_scores_100():
    assert score_concepts({}, TAXONOMY) == 0
    assert score_concepts({"a": "body", "b": "body", "c": "body"}, TAXONOMY) == 100


def test_scores_are_normalised_when_weights_do_not_sum_to_100():
    halved = Taxonomy(concepts=(Concept("a", "A", "", 3, ("a",)), Concept("b", "B", "", 1, ("b",))),
                      navigation_credit=0.5)
    assert score_concepts({"a": "body"}, halved) == 75


def test_headings_count_as_body_and_titles_and_links_as_navigation():
    assert strength_of_region("body") == strength_of_region("heading") == "body"
    assert strength_of_region("navigation") == strength_of_region("title") == "navigation"


def test_a_state_takes_each_concept_at_its_best_strength_over_its_programs():
    merged = merge_strengths([{"a": "navigation", "b": "body"}, {"a": "body"}, {"c": "navigation"}])
    assert merged == {"a": "body", "b": "body", "c": "navigation"}
    assert best_strength([]) is None
    assert score_concepts(merged, TAXONOMY) == 95
