"""extract_paragraphs: PDF lines to paragraphs; words broken across line ends mended, real hyphens kept."""

import pytest

from scrape.extract_paragraphs import join_lines, mend_break


@pytest.mark.parametrize(("line", "next_line", "joined"), [
    ("avoid dual rela-", "tionships with", "avoid dual relationships with"),
    ("and multi-", "ple relationships", "and multiple relationships"),
    ("limits on self-", "disclosure are", "limits on self-disclosure are"),
    ("the peer-", "to-peer model", "the peer-to-peer model"),
    ("a non-", "profit agency", "a non-profit agency"),
    ("treats co-", "occurring disorders", "treats co-occurring disorders"),
    ("a co-", "worker", "a coworker"),
    ("their well-", "being", "their well-being"),
    ("their well-", "ness plan", "their wellness plan"),
    ("the COVID-", "19 rules", "the COVID-19 rules"),
    ("the Anti-", "Harassment Policy", "the Anti-Harassment Policy"),
    ("con\u00ad", "fidentiality", "confidentiality"),
])
def test_broken_words_are_mended_and_real_hyphens_kept(line, next_line, joined):
    assert mend_break(line, next_line) == joined


def test_a_line_without_a_broken_word_is_not_mended():
    assert mend_break("a dash -", "then more") is None
    assert mend_break("ends with a word", "next") is None
    assert mend_break("the 2019-", "2020 year") is None


def test_lines_of_a_paragraph_are_joined_and_paragraphs_split_at_short_lines_and_bullets():
    text = ("Standards of Conduct\n"
            "Peer specialists maintain professional boundaries with the people they\n"
            "serve at all times and do not enter dual relationships of any kind.\n"
            "They avoid conflicts of interest.\n"
            "1. Never accept gifts.\n"
            "2. Never lend money.\n"
            "\n"
            "After a blank line a new paragraph starts here.\n")
    assert join_lines(text) == [
        "Standards of Conduct",
        "Peer specialists maintain professional boundaries with the people they serve at all times and do "
        "not enter dual relationships of any kind. They avoid conflicts of interest.",
        "1. Never accept gifts.",
        "2. Never lend money.",
        "After a blank line a new paragraph starts here.",
    ]


def test_control_characters_and_extra_spaces_are_dropped():
    assert join_lines("Code\x00 of   Ethics\x07") == ["Code of Ethics"]


def test_empty_text_has_no_paragraphs():
    assert join_lines("") == [] and join_lines("\n \n") == []


def test_a_short_line_ending_in_a_function_word_runs_on_into_the_next():
    text = ("Every certified peer specialist signs the attestation and agrees that the\n"
            "Code of\n"
            "Ethics applies to all contacts with the people they serve.\n"
            "\n"
            "A new paragraph starts here.\n")
    assert join_lines(text) == [
        "Every certified peer specialist signs the attestation and agrees that the Code of Ethics applies to "
        "all contacts with the people they serve.",
        "A new paragraph starts here.",
    ]
