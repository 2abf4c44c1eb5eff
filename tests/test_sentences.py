"""Sentence splitting survives lists, bullets, numbered codes and table cells."""

import random
import re
import sys

import pytest

from analyze.sentences import _HARD_BREAK, _HARD_BREAK_CHARS, split_sentences


@pytest.mark.parametrize(("text", "sentences"), [
    ("Peers follow the code, e.g. rule 4. See Dr. Smith for details. Questions? Ask us.",
     ["Peers follow the code, e.g. rule 4.", "See Dr. Smith for details.", "Questions?", "Ask us."]),
    ("Peers shall not engage in dual\nrelationships with persons\nserved.",
     ["Peers shall not engage in dual relationships with persons served."]),
    ("Peers shall:\n• keep boundaries\n• protect confidentiality\n- avoid gifts",
     ["Peers shall:", "keep boundaries", "protect confidentiality", "avoid gifts"]),
    ("1. Peers respect dignity.\n2. Peers avoid dual roles.\n3.1.2 Peers keep records\n(a) private",
     ["1. Peers respect dignity.", "2. Peers avoid dual roles.", "3.1.2 Peers keep records", "(a) private"]),
    ("Ethics\t6 hours | Boundaries\t4 hours\n\nNext paragraph",
     ["Ethics", "6 hours", "Boundaries", "4 hours", "Next paragraph"]),
], ids=["terminal punctuation, not after abbreviations", "PDF line breaks inside a paragraph join",
        "bullets start new items and lose their marker", "numbered codes keep their number",
        "table cells and blank lines separate"])
def test_sentences_split_where_a_reader_would(text, sentences):
    assert split_sentences(text) == sentences


def test_empty_and_blank_text_has_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t ") == []


def test_run_on_text_without_punctuation_is_cut_at_spaces():
    text = "cell " * 1000
    pieces = split_sentences(text, max_chars=100)
    assert all(len(p) <= 100 for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_str_split_and_regex_whitespace_agree_so_collapsing_either_way_is_the_same():
    """split_sentences collapses whitespace with str.split(); re's \\s (the rule it stands for) knows the same set."""
    space = re.compile(r"\s")
    assert all(bool(space.fullmatch(chr(c))) == chr(c).isspace() for c in range(sys.maxunicode + 1))


def test_texts_without_a_hard_break_character_are_never_split_by_the_hard_break_rule():
    """split_sentences skips the hard-break split when none of its characters occurs: that must lose nothing."""
    rng = random.Random(2)
    alphabet = list("ab A1.)(-*\n\t |•▪◦●■►▸–»") + ["\u00a0", "\u2003", "\x0c", "iv)", "1.2 ", "(a) "]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        if _HARD_BREAK.search(text):
            assert _HARD_BREAK_CHARS.search(text), repr(text)
