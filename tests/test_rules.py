"""Readable rules: phrases with variants, "A within N words of B", audiences, false friends; each hit names its rule.

Validation errors of these rules name file, line and fix.
"""

import pytest

from analyze.match import Matcher, detect_concepts
from analyze.rules import near_regex, phrase_regex
from analyze.taxonomy import Near, load_taxonomy
from peerscan import paths
from peerscan.errors import InputErrors


@pytest.fixture(scope="module")
def matcher():
    return Matcher(load_taxonomy())


def hits(matcher, text):
    return {hit.concept: hit for hit in detect_concepts(matcher, text)}


def test_a_phrase_matches_plurals_separators_and_slashes():
    import re
    regex = re.compile(phrase_regex("dual relationship"))
    for text in ("dual relationships", "dual-relationship", "dual\nrelationship", "dual/relationship"):
        assert regex.search(text), text
    assert re.search(phrase_regex("sexual intimate"), "sexual/intimate relationships")


def test_near_finds_either_order_within_n_words_only():
    import re
    regex = re.compile(near_regex(Near(("personal interest*",), ("conflict*",), 4)))
    assert regex.search("personal interests must never conflict")
    assert regex.search("conflicting with the personal interests")
    assert not regex.search("personal interests are one thing and then much later on a conflict")


def test_a_hit_names_the_rule_that_matched(matcher):
    found = hits(matcher, "Peers keep their personal interests from conflicting with the interests of those served.")
    assert found["conflict_of_interest"].rule.startswith("near: personal interest*")
    assert hits(matcher, "Avoid dual relationships.")["dual_relationships"].rule == 'phrase "dual relationship"'


def test_a_code_credits_ethics_as_the_codebook_says(matcher):
    found = hits(matcher, "Peers follow the National Practice Guidelines.")
    assert {"code_of_ethics", "ethics"} <= set(found)
    assert found["ethics"].rule.startswith("implied by code_of_ethics")


@pytest.mark.parametrize("text", [
    "The State Ethics Commission's gift and conflict-of-interest rules for state employees.",
    "Financial disclosure forms are due by May 1.",
    "Gifts to public agencies must be reported.",
    "Follow us on Facebook and see what we posted on social media.",
    "Social networks that provide support help recovery.",
    "Use your personal email to open an account.",
    "A boundary survey of the property is required.",
    "Ethics rules for lawyers are set by the bar association.",
])
def test_false_friends_on_state_sites_do_not_count(matcher, text):
    assert hits(matcher, text) == {}, text


def test_an_audience_rule_keeps_sentences_that_also_name_peers(matcher):
    assert "ethics" not in hits(matcher, "All state employees complete ethics training each year.")
    assert "ethics" in hits(matcher, "Peer specialists who are state employees complete ethics training.")


def test_a_rule_for_others_stated_over_two_sentences_does_not_count_for_peers(matcher):
    """The second sentence does not repeat whom it applies to; the paragraph says it, and names no peer."""
    employees = "Public employees may accept perishable gifts shared with the office. Gifts of alcohol are prohibited."
    assert "gifts" not in hits(matcher, employees)
    peers = "Peer specialists may accept perishable gifts shared with the office. Gifts of alcohol are prohibited."
    assert "gifts" in hits(matcher, peers)
    apart = "Public employees may accept perishable gifts.\n\nPeers never accept gifts of alcohol from participants."
    assert hits(matcher, apart)["gifts"].quote.startswith("Peers never accept")


@pytest.mark.parametrize(("text", "concept"), [
    ("Clear boundaries protect both the peer and the person.", "peer_safety"),
    ("Maintaining my own wellness and recovery is a responsibility I owe to the people I serve.", "peer_safety"),
    ("If a participant calls you late at night, talk to your supervisor.", "peer_safety"),
    ("What to do if a person you serve asks you out.", "peer_safety"),
    ("Give out the agency's number instead of your personal cell.", "personal_contact"),
    ("Staff shall avoid sexual/intimate contact with participants.", "romantic_sexual"),
    ("Ethical responsibility is a domain of study for certification.", "ethics_training"),
    ("In small towns, staff often know the people they serve outside of work.", "dual_relationships"),
    ("Ethical Guidelines for Peer Specialists are attached.", "code_of_ethics"),
    ("Commitments that conflict with the interests of the people served must be disclosed.", "conflict_of_interest"),
])
def test_the_kinds_of_misses_the_issue_lists_are_found(matcher, text, concept):
    assert concept in hits(matcher, text), text


def broken(tmp_path, old: str, new: str):
    text = paths.TAXONOMY_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, text[:text.index(old)].count("\n") + 1


@pytest.mark.parametrize(("old", "new", "says"), [
    ("interests], within: 8, of: [conflict*, interfere*]}", "interests], of: [conflict*, interfere*]}",
     ("a near rule needs words, of and within", "fix:")),
    ("phrases: [friend request,", "phrases: ['friend\\s+request',",
     ("looks like a regular expression", "move it to patterns")),
], ids=["near rule without within", "regex written as a phrase"])
def test_a_broken_rule_is_reported_with_its_file_line_and_fix(tmp_path, old, new, says):
    path, line = broken(tmp_path, old, new)
    with pytest.raises(InputErrors) as error:
        load_taxonomy(path)
    message = str(error.value)
    assert all(words in message for words in says), message
    assert f"{path}:{line}" in message


def test_an_unknown_audience_is_reported(tmp_path):
    path, _ = broken(tmp_path, "not_when_about: [state_employees, other_professions]\n    near:",
                     "not_when_about: [judges]\n    near:")
    with pytest.raises(InputErrors) as error:
        load_taxonomy(path)
    assert "unknown audience 'judges'" in str(error.value) and "state_employees" in str(error.value)


def test_the_taxonomy_speaks_mostly_in_words_with_regular_expressions_as_the_escape_hatch():
    taxonomy = load_taxonomy()
    readable = sum(len(c.phrases) + len(c.near) + len(c.paragraph) + len(c.false_friends) + len(c.not_when_about)
                   for c in taxonomy.concepts)
    regexes = sum(len(c.patterns) + len(c.exclusions) for c in taxonomy.concepts)
    assert readable >= 3 * regexes, (readable, regexes)
    assert all(c.phrases and c.counts and c.does_not_count for c in taxonomy.concepts)


def test_a_phrase_also_matches_with_one_coordinated_word_between_its_words():
    """People write lists: "personal or financial gain" speaks of personal gain, "sexual and reproductive
    health" of sexual health (a false friend). Near rules keep their own distance and do not take this."""
    import re as _re

    from analyze.rules import near_regex, phrase_regex
    from analyze.taxonomy import Near

    gain = phrase_regex("personal gain")
    assert _re.search(gain, "use the relationship for personal or financial gain")
    assert _re.search(gain, "personal gain") and not _re.search(gain, "personal and lasting financial gain")
    assert _re.search(phrase_regex("sexual health"), "sexual and reproductive health education")
    near = near_regex(Near(("professional relationship",), ("maintain",), 4))
    assert not _re.search(near, "maintain integrity in their professional and personal relationships")
