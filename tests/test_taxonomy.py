"""The bundled taxonomy is complete and valid; broken copies fail with file, line and fix."""

import pytest

from analyze.taxonomy import REQUIRED_CONCEPTS, load_taxonomy
from peerscan import paths
from peerscan.errors import InputError, InputErrors


def test_the_bundled_taxonomy_has_every_design_concept_documented_with_weights_summing_to_100():
    taxonomy = load_taxonomy()
    assert set(REQUIRED_CONCEPTS) <= set(taxonomy.ids)
    assert sum(c.weight for c in taxonomy.concepts) == 100
    assert 0 < taxonomy.navigation_credit < 1
    assert 5 <= len(taxonomy.key_concepts) <= 7
    for concept in taxonomy.concepts:
        assert concept.label and concept.definition and concept.phrases, concept.id
    assert taxonomy.negations and taxonomy.fuzzy_words


def test_the_rubric_is_stated_in_the_file_header():
    header = paths.TAXONOMY_FILE.read_text(encoding="utf-8").split("\nconcepts:")[0]
    assert "Scoring rubric" in header and "navigation_credit" in header


def broken(tmp_path, old: str, new: str):
    text = paths.TAXONOMY_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_bad_regular_expression_is_reported_with_its_line(tmp_path):
    path = broken(tmp_path, "'\\bcodes? of (?:ethics|conduct) and", "'\\bcodes? of (?:ethics|conduct and")
    with pytest.raises(InputErrors) as error:
        load_taxonomy(path)
    message = str(error.value)
    assert "code_of_ethics patterns: bad regular expression" in message
    assert f"{path}:" in message and "fix:" in message


def test_patterns_without_anchors_are_refused(tmp_path):
    path = broken(tmp_path, "    anchors: [code]\n", "")
    with pytest.raises(InputErrors) as error:
        load_taxonomy(path)
    assert "code_of_ethics: patterns need anchors" in str(error.value)


def test_a_missing_design_concept_is_refused(tmp_path):
    path = broken(tmp_path, "  - id: peer_safety", "  - id: worker_safety")
    with pytest.raises(InputErrors) as error:
        load_taxonomy(path)
    assert "missing required concepts: peer_safety" in str(error.value)


def test_a_key_written_twice_in_a_concept_is_refused_with_its_line(tmp_path):
    text = paths.TAXONOMY_FILE.read_text(encoding="utf-8")
    old = "  - id: gifts\n"
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text.replace(old, old + "    weight: 3\n", 1), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 2
    with pytest.raises(InputError) as error:
        load_taxonomy(path)
    message = str(error.value)
    assert "duplicate key 'weight'" in message and f"{path}:" in message
    assert error.value.line is not None and error.value.line > line
