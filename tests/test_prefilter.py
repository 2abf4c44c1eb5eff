"""Literal prefilter: which anchors every match of a pattern contains, proven from the parsed regex."""

import random
import re

import pytest
import yaml

from analyze.match import Matcher
from analyze.prefilter import needed_anchors
from analyze.taxonomy import load_taxonomy
from peerscan import paths

ANCHORS = ("date", "ethic", "own", "right", "safet", "sex", "sleep", "well")


def names(pattern: str) -> set[str] | None:
    found = needed_anchors(pattern, ANCHORS)
    return None if found is None else {ANCHORS[i] for i in found}


def test_a_word_of_the_pattern_that_holds_an_anchor_is_needed():
    assert names(r"\bethic\w*\b") == {"ethic"}
    assert names(r"\b(?:right|rights)\s+to\s+set\b") == {"right"}


def test_a_branch_needs_one_anchor_of_each_alternative():
    assert names(r"\b(?:own|personal)\s+(?:safety|wellness)\b") == {"safet", "well"}


def test_a_prefix_re_factors_out_of_alternatives_is_put_back():
    """re parses "sleep|sex" as "s(?:leep|ex)"; the anchors are whole words again."""
    assert names(r"\b(?:sleep\w*|sex)\s+with\b") == {"sleep", "sex"}


@pytest.mark.parametrize("pattern", [r"\b(?:ethic)?s\b", r"\b(?:ethics|morals)\b", r"(?i)ethics", r"(?i:ethics)",
                                     r"[a-z]+", r"(?=ethics)\w+", "(unclosed"])
def test_no_anchor_is_claimed_where_a_match_may_lack_one(pattern):
    assert names(pattern) is None


def test_every_match_of_every_taxonomy_source_holds_one_of_its_needed_anchors():
    """The claim checked on text: gold items, and random mixes of their words that make odd matches likely."""
    matcher = Matcher(load_taxonomy())
    items = yaml.safe_load(paths.GOLD_FILE.read_text(encoding="utf-8"))["items"]
    texts = [item["text"].lower() for item in items]
    words = " ".join(texts).split()
    rng = random.Random(7)
    texts += [" ".join(rng.choice(words) for _ in range(60)) for _ in range(300)]
    checked = 0
    for concept in matcher.concepts:
        for source in concept.sources:
            needed = needed_anchors(source, matcher.anchors)
            if needed is None:
                continue
            fragments = [matcher.anchors[i] for i in needed]
            for text in texts:
                for m in re.finditer(source, text):
                    checked += 1
                    assert any(f in m.group() for f in fragments), (concept.id, source, m.group())
    assert checked > 500


def test_a_near_rule_needs_an_anchor_of_each_of_its_two_sides():
    from analyze.prefilter import required_anchors
    from analyze.rules import near_regex
    from analyze.taxonomy import Near

    pattern = near_regex(Near(("own recovery",), ("ethics",), 5))
    sides = [{ANCHORS[i] for i in choice} for choice in required_anchors(pattern, ANCHORS)]
    assert {"own"} in sides and {"ethic"} in sides
    assert required_anchors("(unclosed", ANCHORS) == [] and required_anchors(r"\b(?:ethics|morals)\b", ANCHORS) == []


def test_every_match_of_every_taxonomy_source_holds_one_anchor_of_each_required_set():
    """The conjunctive claim (both sides of a near rule) checked on text, as the one above."""
    from analyze.prefilter import required_anchors

    matcher = Matcher(load_taxonomy())
    items = yaml.safe_load(paths.GOLD_FILE.read_text(encoding="utf-8"))["items"]
    texts = [item["text"].lower() for item in items]
    checked = 0
    for concept in matcher.concepts:
        for source in concept.sources:
            sets = [[matcher.anchors[i] for i in s] for s in required_anchors(source, matcher.anchors)]
            for text in texts:
                for m in re.finditer(source, text):
                    checked += 1
                    assert all(any(f in m.group() for f in s) for s in sets), (concept.id, source, m.group())
    assert checked > 500


def test_without_re_private_parser_every_pattern_is_searched_and_findings_stay_the_same(monkeypatch):
    """The prefilter only saves time: on a Python without re._parser detection finds exactly the same."""
    from analyze import prefilter
    from analyze.findings import Source, collect_evidence
    from scrape.records import TextBlock

    items = yaml.safe_load(paths.GOLD_FILE.read_text(encoding="utf-8"))["items"]
    sources = [Source(f"gold-{n}", (TextBlock(item["text"]),)) for n, item in enumerate(items)]
    with_prefilter = collect_evidence(Matcher(load_taxonomy()), sources)
    monkeypatch.setattr(prefilter, "_parser", None)
    assert needed_anchors(r"\bethic\w*\b", ANCHORS) is None
    assert collect_evidence(Matcher(load_taxonomy()), sources) == with_prefilter
