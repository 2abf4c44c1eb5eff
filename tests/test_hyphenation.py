"""Line-end hyphen repair: one rule, so PDF extraction and normalization before matching read a word alike."""

import pytest

from analyze.normalize import normalize_text
from peerscan.hyphenation import keeps_hyphen
from scrape.extract_paragraphs import mend_break

# (line end, next line start, the mended text)
BREAKS = [
    ("dual rela", "tionships with", "dual relationships with"),
    ("and multi", "ple relationships", "and multiple relationships"),
    ("limits on self", "disclosure are", "limits on self-disclosure are"),
    ("the peer", "to-peer model", "the peer-to-peer model"),
    ("a non", "profit agency", "a non-profit agency"),
    ("treats co", "occurring disorders", "treats co-occurring disorders"),
    ("a co", "worker", "a coworker"),
    ("their well", "being", "their well-being"),
    ("their well", "ness plan", "their wellness plan"),
    ("a conflict of in", "terest", "a conflict of interest"),
    ("meets in", "person", "meets in-person"),
    ("avoid re", "lationships", "avoid relationships"),
    ("may re", "apply", "may re-apply"),
    ("sexual ex", "ploitation", "sexual exploitation"),
    ("an ex", "offender", "an ex-offender"),
    ("a semi", "nar on ethics", "a seminar on ethics"),
    ("after", "hours calls", "after-hours calls"),
    ("bound", "aries", "boundaries"),
]


@pytest.mark.parametrize(("end", "start", "mended"), BREAKS)
def test_pdf_extraction_and_normalization_mend_a_line_break_the_same_way(end, start, mended):
    assert mend_break(end + "-", start) == mended
    assert normalize_text(end + "-\n" + start) == mended


def test_the_rule_keeps_real_compounds_and_joins_syllables():
    assert keeps_hyphen("self", "disclosure")
    assert keeps_hyphen("Self", "care")
    assert not keeps_hyphen("rela", "tionships")
    assert not keeps_hyphen("self", "less")  # a suffix: one word
    assert keeps_hyphen("peer", "to", rest_hyphenated=True)


def test_no_other_module_keeps_its_own_prefix_list():
    import analyze.normalize
    import scrape.extract_paragraphs
    for module in (analyze.normalize, scrape.extract_paragraphs):
        assert not [name for name in vars(module) if "PREFIX" in name.upper()], module.__name__
