"""Matching: phrases with inflections and word order, fuzzy misspellings, false friends, negation, anchors."""

import random
import re

import pytest
import yaml

from analyze.match import Matcher, detect_concepts, phrase_regex
from analyze.misspell import find_misspellings
from analyze.settings import AnalyzeSettings
from analyze.taxonomy import load_taxonomy
from peerscan import paths


@pytest.fixture(scope="module")
def matcher():
    return Matcher(load_taxonomy())


def found(matcher, text):
    return {hit.concept for hit in detect_concepts(matcher, text)}


def test_phrases_match_plurals_hyphens_line_breaks_and_star_endings():
    rx = re.compile(phrase_regex("dual relationship"))
    for text in ("dual relationships", "dual-relationship", "dual\nrelationship", "dual  relationships"):
        assert rx.search(text), text
    assert re.search(phrase_regex("boundary"), "boundaries")
    assert re.search(phrase_regex("self-disclos*"), "self disclosing")
    assert not re.search(phrase_regex("hug"), "hughes")


@pytest.mark.parametrize("text", [
    "Peers avoid dual relationships with persons served.",
    "Relationships that are dual in nature harm the person served.",
    "Peers avoid dual (friendships, business bartering etc.) relationships.",
    "Multiple relationships must be avoided.",
    "Peers shall not engage in dual\nrelationships.",
])
def test_dual_relationships_are_found_in_any_word_order_and_layout(matcher, text):
    assert "dual_relationships" in found(matcher, text)


@pytest.mark.parametrize("text", [
    "We offer dual diagnosis treatment.", "Dual eligible members may enroll.", "Dual enrollment for students.",
    "Dually diagnosed adults are welcome.", "Dual Recovery Anonymous meets Tuesday.",
    "Dual certification as CPS and CADC.", "Staff with a dual license renew twice.",
    "The dual disorders program builds relationships with landlords.",
])
def test_dual_false_friends_do_not_count(matcher, text):
    assert "dual_relationships" not in found(matcher, text)


@pytest.mark.parametrize("text, concept", [
    ("All state employees complete State Ethics Commission training.", "ethics"),
    ("Ethics rules for state employees prohibit gifts from vendors.", "gifts"),
    ("Services are available within the county boundaries.", "boundaries"),
    ("Peers work within the boundaries of their credential.", "boundaries"),
    ("Stay within the boundaries and scope of your expertise.", "boundaries"),
    ("Staff may not use physical force.", "physical_contact"),
    ("Physical health is a dimension of wellness.", "physical_contact"),
    ("Trainings moved online because of social distancing.", "social_media"),
    ("Photos were shared on our social media pages.", "social_media"),
    ("Follow us on Facebook for news!", "social_media"),
    ("Survey participants receive a $25 gift card.", "gifts"),
    ("We help survivors of intimate partner violence.", "romantic_sexual"),
    ("Conflict resolution is taught on day three.", "conflict_of_interest"),
    ("Call our office phone number, 555-0100.", "personal_contact"),
    ("Applicants must provide a phone number and email address.", "personal_contact"),
    ("Please stay in touch with your cohort.", "physical_contact"),
])
def test_false_friends_named_in_the_design_do_not_count(matcher, text, concept):
    assert concept not in found(matcher, text)


def test_an_exclusion_voids_only_the_occurrence_it_overlaps(matcher):
    text = "Our dual diagnosis program also teaches peers to avoid dual relationships."
    hits = [h for h in detect_concepts(matcher, text) if h.concept == "dual_relationships"]
    assert [h.matched for h in hits] == ["dual relationships"]


def test_misspellings_are_read_as_the_taxonomy_word_and_quoted_as_written(matcher):
    hits = {h.concept: h for h in detect_concepts(matcher, "Peers keep healthy boundries with participants.")}
    assert hits["boundaries"].matched == "boundries"
    assert "dual_relationships" in found(matcher, "Avoid dual relationshps.")


def test_the_fuzzy_threshold_comes_from_settings():
    strict = Matcher(load_taxonomy(), AnalyzeSettings(fuzzy_min_ratio=99.0))
    assert "boundaries" not in found(strict, "Peers keep healthy boundries.")


def test_real_words_near_taxonomy_words_are_not_corrected(matcher):
    assert matcher.correct("relations") is None
    assert matcher.correct("disclose") is None
    assert matcher.correct("boundries") == "boundaries"


def test_statements_that_content_is_absent_do_not_count_but_prohibitions_do(matcher):
    assert found(matcher, "This introductory workshop does not cover ethics.") == set()
    assert found(matcher, "Boundaries are not addressed in the orientation video.") == set()
    assert "dual_relationships" in found(matcher, "Peers must not engage in dual relationships.")
    assert "romantic_sexual" in found(matcher, "Peers may not date participants.")


def test_hits_quote_the_whole_normalized_sentence_and_the_matched_words(matcher):
    text = "Intro text.\n\nCertified peers shall not engage in dual rela-\ntionships with persons served. Next."
    [hit] = [h for h in detect_concepts(matcher, text) if h.concept == "dual_relationships"]
    assert hit.quote == "Certified peers shall not engage in dual relationships with persons served."
    assert hit.matched == "dual relationships"


def test_long_sentences_are_cut_to_a_window_around_the_match():
    matcher = Matcher(load_taxonomy(), AnalyzeSettings(max_quote_chars=80))
    text = "word " * 100 + "peers avoid dual relationships " + "word " * 100
    [hit] = [h for h in detect_concepts(matcher, text) if h.concept == "dual_relationships"]
    assert "dual relationships" in hit.quote and len(hit.quote) <= 82


def test_the_anchor_prefilter_changes_no_result_on_the_gold_set():
    """Anchors only skip work: reading every sentence with every concept gives the same hits."""
    taxonomy = load_taxonomy()
    fast, thorough = Matcher(taxonomy), Matcher(taxonomy, use_anchors=False)
    items = yaml.safe_load(paths.GOLD_FILE.read_text(encoding="utf-8"))["items"]
    document = "\n\n".join(item["text"] for item in items)
    assert detect_concepts(fast, document) == detect_concepts(thorough, document)
    for item in items:
        assert found(fast, item["text"]) == found(thorough, item["text"]), item["text"]


@pytest.mark.parametrize("text", ["", "\n\n\n", "\ud800 ethics \udfff", "\x00\x01 boundaries \x7f", "a" * 200_000,
                                  "ethics " * 20_000, "-\n" * 1000, "İ" * 1000 + " ethics", "\u00ad" * 50,
                                  "Boundaries." * 5000, "boundries " * 20_000, "dual " * 20_000 + "relationship"])
def test_hostile_text_never_crashes_detection(matcher, text):
    assert isinstance(detect_concepts(matcher, text), list)


def test_without_ahocorasick_rs_the_anchor_scan_falls_back_to_the_same_result():
    taxonomy = load_taxonomy()
    fast, fallback = Matcher(taxonomy), Matcher(taxonomy)
    fallback.automaton = None
    items = yaml.safe_load(paths.GOLD_FILE.read_text(encoding="utf-8"))["items"]
    document = "\n\n".join(item["text"] for item in items)
    assert detect_concepts(fast, document) == detect_concepts(fallback, document)


def test_misspellings_found_by_word_lookup_equal_those_of_a_full_scan():
    """With [a-z] fuzzy words, whole-word misspellings are looked up with str.find; the full scan agrees."""
    taxonomy = load_taxonomy()
    fast, scan = Matcher(taxonomy), Matcher(taxonomy)
    assert fast.speller.plain_words
    scan.speller.plain_words = False
    text = ("Respect bounderies and boundries. 1boundries, xboundries, boundriesx, boundries1, _boundries, "
            "éboundries; relationsips\nconfidentality (harrassment) disclosre " * 3)
    low = text.lower()
    assert list(find_misspellings(fast.speller, low)) == list(find_misspellings(scan.speller, low))
    assert len(list(find_misspellings(fast.speller, low))) >= 12
    assert detect_concepts(fast, text) == detect_concepts(scan, text)


def test_two_swapped_neighbouring_letters_are_read_as_the_taxonomy_word(matcher):
    """The ratio counts a transposition as two edits, too many for a six-letter word; it is corrected anyway."""
    assert {"ethics", "ethics_training"} <= found(matcher, "Applicants complete 6 hours of ethcis training.")
    assert "boundaries" in found(matcher, "Peers keep a clear boundray with participants.")
    assert found(matcher, "The ethnic studies department meets on Fridays.") == set()


def test_per_prefix_misspelling_scans_find_every_whole_word_the_alternation_finds(matcher):
    """Misspelling candidates come from one literal-prefix regex per prefix; whole words are the same set."""
    rng = random.Random(5)
    pieces = ["con", "dis", "rel", "bou", "har", "eth", "ics", "fidential", "ationship", "ndary", " ", ".", "-", "x"]

    def whole(m):
        text = m.string
        return not (m.start() and text[m.start() - 1].isalpha()) and not (
            m.end() < len(text) and text[m.end()].isalnum())

    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        reference = {m.group() for m in matcher.speller.candidate.finditer(text) if whole(m)}
        ours = {m.group() for f in matcher.speller.prefix_finders for m in f.finditer(text) if whole(m)}
        assert ours == reference, text


def test_other_professions_codes_and_place_name_boundaries_do_not_count(matcher):
    assert found(matcher, "Complaints about social workers go to the Board of Social Work, which enforces "
                          "the NASW Code of Ethics.") == set()
    assert found(matcher, "We serve residents within the boundaries of Lake, Porter, and Jasper counties.") == set()
    assert found(matcher, "Peers follow the Peer Code of Ethics; social workers follow the NASW Code of Ethics.") \
        == {"ethics", "code_of_ethics"}


def test_a_paragraph_is_searched_only_with_the_sources_its_anchors_allow(matcher):
    """No anchor: nothing to search; every anchor: the full finder; some: a narrower finder, same first match."""
    concept = next(c for c in matcher.concepts if c.id == "romantic_sexual")
    every = set(range(len(matcher.anchors)))
    assert concept.finder_for(set()) is None
    assert concept.finder_for(every) is concept.finder
    date = {matcher.anchors.index("date")}
    narrow = concept.finder_for(date)
    assert narrow is not None and narrow is not concept.finder
    text = "peers must not date participants or go on dates with anyone they serve."
    assert narrow.search(text).span() == concept.finder.search(text).span()


def test_narrowed_searches_find_what_full_searches_find_on_the_gold_set(matcher):
    """Each gold item searched with the finder its anchors allow gives the full finder's first match."""
    items = yaml.safe_load(paths.GOLD_FILE.read_text(encoding="utf-8"))["items"]
    for item in items:
        flat = " ".join(item["text"].lower().split())
        held = {i for i, anchor in enumerate(matcher.anchors) if anchor in flat}
        for concept in matcher.concepts:
            full = concept.finder.search(flat)
            narrow = concept.finder_for(held)
            found = None if narrow is None else narrow.search(flat)
            assert (None if full is None else full.span()) == (None if found is None else found.span()), \
                (concept.id, item["text"])


def test_a_paragraph_repeated_on_many_pages_is_read_once_and_quoted_with_its_own_neighbours(monkeypatch):
    import analyze.match as match

    matcher = Matcher(load_taxonomy())
    reads = []
    real = match._read_paragraph
    monkeypatch.setattr(match, "_read_paragraph", lambda m, paragraph, anchors: reads.append(paragraph) or real(
        m, paragraph, anchors))
    footer = "Our Code of Ethics guides every peer specialist."
    first = detect_concepts(matcher, f"Welcome to the Ohio program.\n\n{footer}")
    second = detect_concepts(matcher, f"Apply for certification today.\n\n{footer}")
    assert len(reads) == 1 and footer in reads[0]  # the footer was read once, on the first page
    assert [h.concept for h in first] == [h.concept for h in second] and first
    assert first[0].before == "Welcome to the Ohio program." and second[0].before == "Apply for certification today."
    matcher.forget_paragraphs()
    assert detect_concepts(matcher, f"Apply for certification today.\n\n{footer}") == second and len(reads) == 2
