"""WordStartFinder: the same matches as re's search, found faster when every match starts a word."""

import random
import re

import pytest

from analyze.match import Matcher
from analyze.taxonomy import load_taxonomy
from analyze.wordstart import WordStartFinder, starts_words


@pytest.mark.parametrize("pattern", [
    r"\bfoo", r"\bfoo\w*\b", r"\b(?:sell|buy)s?", r"(?<!code of )\bethic", r"\b[a-z]+", r"\b(?:a|b)?c", r"\b\w+",
])
def test_patterns_whose_matches_start_with_a_word_boundary_and_letter_are_accepted(pattern):
    assert starts_words(pattern)


@pytest.mark.parametrize("pattern", [
    r"foo", r"\b-foo", r"\b(?:a|-)", r"\b(?:a|b)?-", r"(?i)\bfoo", r"\bfoo|bar", r"\b[^a]", r"\b.", r"(?i:\bfoo)",
    r"\b(?:a*)+-", r"(",
])
def test_patterns_that_may_start_elsewhere_are_refused(pattern):
    assert not starts_words(pattern)


def test_every_taxonomy_concept_gets_the_fast_search():
    assert all(concept.finder.after_gap is not None for concept in Matcher(load_taxonomy()).concepts)


def _texts(rng: random.Random):
    words = ["ethic", "ethics", "code", "of", "dual", "relationship", "sell", "buy", "foo", "-", "_", "a", "b", "c",
             "é", "1", ".", " ", "  ", "\n", "training", "peer", "harassed", "by", "clients", "your", "own", "safety"]
    for _ in range(3000):
        yield "".join(rng.choice(words) + rng.choice(["", " ", "-", "/"]) for _ in range(rng.randint(0, 12)))


@pytest.mark.parametrize("sources", [
    [r"\bfoo", r"\bbuy\w*"], [r"\bfoo|bar"], [r"\b(?:a|b)?c", r"(?<!code of )\bethic\w*"], [r"\b-foo", r"\bdual"],
])
def test_search_gives_exactly_what_re_gives_at_every_position(sources):
    finder, plain = WordStartFinder(sources), re.compile("|".join(f"(?:{s})" for s in sources))
    for text in _texts(random.Random(7)):
        for pos in range(0, len(text) + 1, 3):
            ours, theirs = finder.search(text, pos), plain.search(text, pos)
            assert (ours and ours.span()) == (theirs and theirs.span()), (text, pos)


def test_taxonomy_concepts_search_exactly_as_re_does():
    concepts = Matcher(load_taxonomy()).concepts
    for text in _texts(random.Random(11)):
        for concept in concepts:
            ours, theirs = concept.finder.search(text), concept.finder.pattern.search(text)
            assert (ours and ours.span()) == (theirs and theirs.span()), (concept.id, text)


def test_finditer_gives_the_matches_re_gives_for_exclusions_and_negations():
    taxonomy = load_taxonomy()
    finders = [WordStartFinder(list(c.exclusions)) for c in taxonomy.concepts if c.exclusions]
    finders.append(WordStartFinder(list(taxonomy.negations)))
    texts = list(_texts(random.Random(5))) + ["training does not cover ethics; there is no code of ethics here."]
    for finder in finders:
        for text in texts:
            assert [m.span() for m in finder.finditer(text)] == [m.span() for m in finder.pattern.finditer(text)]
