"""Normalization: ligatures, quotes, soft hyphens and PDF line-break hyphenation become plain text."""

import random
import re
import sys
import unicodedata

import pytest

from analyze import normalize
from analyze.normalize import lower_same_length, normalize_text


@pytest.mark.parametrize(("text", "plain"), [
    ("conﬁdentiality and ﬂexible", "confidentiality and flexible"),  # ligatures
    ("ＥＴＨＩＣＳ", "ETHICS"),  # full-width letters
    ("the peer’s “boundaries” – always", "the peer's \"boundaries\" - always"),  # curly quotes and dashes
    ("profes\u00adsional bound\u00ad\naries", "professional boundaries"),  # soft hyphens, even at a line break
    ("dual rela-\ntionships", "dual relationships"),  # words hyphenated across PDF lines are rejoined
    ("multi-\nple relationships", "multiple relationships"),
    ("bound-  \n  aries", "boundaries"),
    ("self-\ndisclosure", "self-disclosure"),  # real compounds keep their hyphen across a line break
    ("non-\nclinical", "non-clinical"),
    ("ethics -\nBoundaries", "ethics -\nBoundaries"),  # a hyphen before a capitalised line is left alone
])
def test_typography_and_pdf_line_breaks_become_plain_text(text, plain):
    assert normalize_text(text) == plain


def test_lower_case_keeps_offsets_for_characters_that_grow_when_lowered():
    text = "İstanbul Ethics"
    low = lower_same_length(text)
    assert len(low) == len(text)
    assert low.endswith("ethics")


# The fast paths below must give exactly what the plain whole-text steps give.
_TRICKY = list("ab eE-\n\t\r.,'x_1") + [
    "\u0301", "\u0308", "\u00ad", "\u2028", "\u2029", "ﬁ", "é", "e\u0301", "\u2014", "’", "“", "½", "\u00a0",
    "ＡＢ", "İ", "Σ", "\u200b", "\ufeff", "한", "\u1100\u1161", "ß", "-\n", "self-\n", "\u00ad\n", " -\n ", "²-\n",
]


def _whole_text_reference(text: str) -> str:
    """normalize_text as plain steps over the whole text: NFKC, replacements, soft hyphens, hyphenation."""
    text = unicodedata.normalize("NFKC", text)
    for char, plain in normalize._REPLACEMENTS.items():
        text = text.replace(char, plain)
    text = normalize._SOFT_HYPHEN.sub("", text)
    old_hyphen = re.compile(r"(?<=\w)-[ \t]*\r?\n[ \t]*(?=[a-z])")  # the rule as first written, with a lookbehind
    return old_hyphen.sub(normalize._join_hyphenated, text)


def test_line_by_line_unicode_work_equals_normalizing_the_whole_text():
    rng = random.Random(4)
    for _ in range(20_000):
        text = "".join(rng.choice(_TRICKY) for _ in range(rng.randint(0, 16)))
        assert normalize_text(text) == _whole_text_reference(text), repr(text)


def test_no_character_normalizes_to_a_line_break():
    """Why line-by-line NFKC is safe: lines can be split and joined again at the same places."""
    assert not [c for c in range(sys.maxunicode + 1)
                if not 0xD800 <= c <= 0xDFFF and c != 10 and "\n" in unicodedata.normalize("NFKC", chr(c))]


def test_first_syllables_split_off_at_a_line_break_are_rejoined_unless_a_compound_follows():
    """ "in-", "re-", "ex-" at a line end are far more often a syllable ("in-terest") than a compound."""
    assert normalize_text("conflicts of in-\nterest") == "conflicts of interest"
    assert normalize_text("dual re-\nlationships") == "dual relationships"
    assert normalize_text("ex-\nploitation") == "exploitation"
    assert normalize_text("in-\nperson training") == "in-person training"
    assert normalize_text("re-\nentry services") == "re-entry services"
    assert normalize_text("ex-\noffenders") == "ex-offenders"
