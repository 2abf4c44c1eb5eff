"""Normalization: ligatures, quotes, soft hyphens and PDF line-break hyphenation become plain text."""

from analyze.normalize import lower_same_length, normalize_text


def test_ligatures_and_full_width_letters_become_plain_letters():
    assert normalize_text("conﬁdentiality and ﬂexible") == "confidentiality and flexible"
    assert normalize_text("ＥＴＨＩＣＳ") == "ETHICS"


def test_curly_quotes_and_dashes_become_ascii():
    assert normalize_text("the peer’s “boundaries” – always") == "the peer's \"boundaries\" - always"


def test_soft_hyphens_vanish_even_at_a_line_break():
    assert normalize_text("profes\u00adsional bound\u00ad\naries") == "professional boundaries"


def test_words_hyphenated_across_pdf_lines_are_rejoined():
    assert normalize_text("dual rela-\ntionships") == "dual relationships"
    assert normalize_text("multi-\nple relationships") == "multiple relationships"
    assert normalize_text("bound-  \n  aries") == "boundaries"


def test_real_compounds_keep_their_hyphen_across_a_line_break():
    assert normalize_text("self-\ndisclosure") == "self-disclosure"
    assert normalize_text("non-\nclinical") == "non-clinical"


def test_a_hyphen_before_a_capitalised_line_is_left_alone():
    assert normalize_text("ethics -\nBoundaries") == "ethics -\nBoundaries"


def test_lower_case_keeps_offsets_for_characters_that_grow_when_lowered():
    text = "İstanbul Ethics"
    low = lower_same_length(text)
    assert len(low) == len(text)
    assert low.endswith("ethics")
