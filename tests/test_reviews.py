"""Analyst reviews, piece by piece: stable keys, reviews.yaml, sheet lines, decisions applied to findings,
the stratified near-miss sample, Wilson intervals, and gold items from reviews."""

from pathlib import Path

import pytest

from analyze.agreement import wilson_interval
from analyze.evaluate import evaluate_gold
from analyze.near_miss import Sentence, closest_sentences, stratified_sample
from analyze.results import ConceptFinding, Evidence
from analyze.review_effects import apply_reviews, page_texts
from analyze.review_gold import write_gold
from analyze.review_sheet import SheetRow, read_sheet, write_sheet
from analyze.reviews import ReviewDecision, load_reviews, merge_decisions, normalize_quote, save_reviews
from analyze.taxonomy import load_taxonomy
from peerscan import paths
from peerscan.errors import InputError, InputErrors
from scrape.records import Link, PageRecord, TextBlock

URL = "https://example.org/code.html"
QUOTE = "Peers shall not enter into dual relationships with people they serve."


def decision(verdict: str = "reject", kind: str = "finding", quote: str = QUOTE, url: str = URL,
             concept: str = "dual_relationships", when: str = "2026-11-28T10:00:00Z") -> ReviewDecision:
    return ReviewDecision("oh-prs", concept, kind, verdict, url, quote, "Jane", when)


def test_keys_ignore_case_spacing_punctuation_and_typographic_quotes():
    assert normalize_quote("Peers  shall NOT enter into “dual”\nrelationships.") == \
        normalize_quote('peers shall not enter into "dual" relationships')
    assert decision(quote=QUOTE.upper() + "  ").key == decision().key
    assert decision(url=URL + "?x").key != decision().key


def test_reviews_file_round_trips_and_a_newer_decision_replaces_the_older(tmp_path):
    path = tmp_path / "reviews.yaml"
    save_reviews(path, merge_decisions([], [decision("reject")]))
    later = decision("confirm", when="2026-12-01T10:00:00Z")
    save_reviews(path, merge_decisions(load_reviews(path), [later]))
    assert load_reviews(path) == (later,)


def test_a_hand_edited_reviews_file_with_a_bad_verdict_names_its_line(tmp_path):
    path = tmp_path / "reviews.yaml"
    save_reviews(path, [decision()])
    text = path.read_text().replace("verdict: reject", "verdict: maybe")
    path.write_text(text)
    line = text.splitlines().index("  verdict: maybe") + 1
    with pytest.raises(InputErrors) as caught:
        load_reviews(path)
    assert f"{path}:{line}: verdict 'maybe'" in str(caught.value)
    assert "finding: confirm or reject" in str(caught.value)


def test_sheet_rows_keep_their_first_line_even_after_a_cell_spanning_lines(tmp_path):
    sheet = tmp_path / "s.csv"
    write_sheet(sheet, [SheetRow("r1", "finding", program="a", quote="=1+1", other_quotes="one\ntwo\nthree"),
                        SheetRow("r1", "finding", program="b")])
    rows = read_sheet(sheet)
    assert [(r.program, r.line) for r in rows] == [("a", 2), ("b", 5)]
    assert rows[0].quote == "=1+1"  # written as '=1+1 so Excel shows it as text, read back unchanged
    assert b"'=1+1" in sheet.read_bytes()


def test_a_sheet_saved_by_excel_with_semicolons_is_read(tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_bytes("run_id;kind;program;concept;quote;url;verdict\r\nr1;finding;a;ethics;Ethics;http://x/;reject\r\n"
                      .encode("cp1252"))
    rows = read_sheet(sheet)
    assert [(r.program, r.verdict, r.line) for r in rows] == [("a", "reject", 2)]


def test_a_sheet_without_the_verdict_column_is_refused_on_line_one(tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text("run_id,kind,program,concept,quote,url\n")
    with pytest.raises(InputError) as caught:
        read_sheet(sheet)
    assert caught.value.line == 1 and "verdict" in caught.value.message


def findings() -> dict[str, ConceptFinding]:
    return {"dual_relationships": ConceptFinding("body", (Evidence(URL, QUOTE, "dual relationships"),)),
            "ethics": ConceptFinding("navigation", (Evidence(URL, "Ethics", "Ethics", "navigation"),))}


def test_a_rejection_withdraws_the_finding_while_its_quote_is_on_the_page():
    texts = {URL: normalize_quote("Intro. " + QUOTE + " More.")}
    result, marks = apply_reviews(findings(), [decision("reject")], texts)
    assert "dual_relationships" not in result and not marks[0].stale


NEW_QUOTE = "Peer staff may not hire a person they serve."


def test_a_rejection_withdraws_the_quotes_judged_but_a_quote_new_since_then_keeps_the_finding():
    """The analyst judged the row's quote and the other quotes it listed; a quote a later crawl found was not judged."""
    other = "Avoid business dealings with participants."
    evidence = (Evidence(URL, QUOTE, "dual relationships"), Evidence(URL, other, "business dealings"),
                Evidence(URL, NEW_QUOTE, "hire a person they serve", "navigation"))
    texts = {URL: normalize_quote(f"{QUOTE} {other} {NEW_QUOTE}")}
    rejection = ReviewDecision("oh-prs", "dual_relationships", "finding", "reject", URL, QUOTE, "Jane",
                               "2026-11-28T10:00:00Z", also=(f"{other} — {URL}",))
    result, _ = apply_reviews({"dual_relationships": ConceptFinding("body", evidence)}, [rejection], texts)
    assert [e.quote for e in result["dual_relationships"].evidence] == [NEW_QUOTE]
    assert result["dual_relationships"].strength == "navigation"  # from the quote left, not the withdrawn ones
    assert result["dual_relationships"].checked_on is None
    alone = ConceptFinding("body", evidence[:2])
    assert "dual_relationships" not in apply_reviews({"dual_relationships": alone}, [rejection], texts)[0]


def test_a_later_confirmation_of_a_new_quote_keeps_the_earlier_rejection_of_the_old_one():
    texts = {URL: normalize_quote(f"{QUOTE} {NEW_QUOTE}")}
    evidence = (Evidence(URL, QUOTE, "dual relationships"), Evidence(URL, NEW_QUOTE, "hire a person they serve"))
    confirm_new = decision("confirm", quote=NEW_QUOTE, when="2026-12-05T00:00:00Z")
    result, _ = apply_reviews({"dual_relationships": ConceptFinding("body", evidence)},
                              [decision("reject"), confirm_new], texts)
    assert [e.quote for e in result["dual_relationships"].evidence] == [NEW_QUOTE]
    assert result["dual_relationships"].checked_on == "2026-12-05"


def test_the_other_quotes_a_rejection_judged_are_kept_in_the_reviews_file(tmp_path):
    path = tmp_path / "reviews.yaml"
    rejection = ReviewDecision("oh-prs", "dual_relationships", "finding", "reject", URL, QUOTE, "Jane",
                               "2026-11-28T10:00:00Z", also=(f"Avoid business dealings. — {URL}",))
    save_reviews(path, [rejection, decision("confirm", concept="ethics")])
    assert load_reviews(path) == (rejection, decision("confirm", concept="ethics"))
    assert path.read_text(encoding="utf-8").count("also:") == 1


def test_quotes_are_found_again_across_mended_pdf_line_breaks_and_in_link_text():
    record = PageRecord("oh-prs", URL, URL, 200, "application/pdf", "2026-11-28T00:00:00Z", 0,
                        blocks=(TextBlock("Peers shall not enter into dual rela-\ntionships with people\nthey serve.",
                                          "body", 3),),
                        links=(Link("https://example.org/code.pdf", "Code of Ethics (PDF)"),))
    texts = page_texts([record])
    _, marks = apply_reviews(findings(), [decision("confirm"), decision("reject", concept="ethics",
                                                                        quote="Code of Ethics (PDF)")], texts)
    assert [m.stale for m in marks] == [False, False]


def test_a_sheet_applied_twice_keeps_the_first_decision_and_its_date():
    first = decision("reject")
    again = decision("reject", when="2026-12-05T00:00:00Z")
    assert merge_decisions([first], [again]) == (first,)
    changed = decision("confirm", when="2026-12-05T00:00:00Z")
    assert merge_decisions([first], [changed]) == (changed,)


def test_a_decision_whose_quote_is_gone_is_stale_and_not_applied():
    result, marks = apply_reviews(findings(), [decision("reject")], {URL: "the page was rewritten"})
    assert "dual_relationships" in result and marks[0].stale


def test_a_miss_on_a_page_the_crawler_never_read_stays_in_force_and_lifts_navigation_to_body():
    miss = decision("missed", kind="near_miss", concept="ethics", url="https://other.org/h.pdf",
                    quote="Peers follow the ethical principles of the field.")
    result, marks = apply_reviews(findings(), [miss], {URL: normalize_quote(QUOTE)})
    assert not marks[0].stale
    assert result["ethics"].strength == "body"
    assert result["ethics"].evidence[-1].source == "analyst"


def test_the_newest_decision_on_a_finding_wins():
    texts = {URL: normalize_quote(QUOTE)}
    result, _ = apply_reviews(findings(), [decision("reject"), decision("confirm", when="2026-12-02T00:00:00Z")],
                              texts)
    assert result["dual_relationships"].checked_on == "2026-12-02"


def test_the_near_miss_sample_is_stratified_by_concept_and_repeatable():
    pairs = [(f"p{i}", c) for i in range(20) for c in ("gifts", "boundaries", "friendship")]
    sample = stratified_sample(pairs, 6, seed=3)
    assert sorted(c for _, c in sample) == ["boundaries", "boundaries", "friendship", "friendship", "gifts", "gifts"]
    assert sample == stratified_sample(pairs, 6, seed=3)
    assert sample != stratified_sample(pairs, 6, seed=4)


def test_closest_sentences_put_the_false_friend_first():
    taxonomy = load_taxonomy()
    sentences = [Sentence("The application fee is fifty dollars.", URL),
                 Sentence("Services are available within the county boundaries of the four counties.", URL),
                 Sentence("Call the office at 555-0199 during business hours.", URL)]
    closest = closest_sentences(sentences, taxonomy.concept("boundaries"))
    assert closest[0].sentence.text.startswith("Services are available within the county boundaries")
    assert 1 <= len(closest) <= 3


@pytest.mark.parametrize(("k", "n", "low", "high"), [(1, 2, 0.0945, 0.9055), (8, 10, 0.4902, 0.9433),
                                                     (0, 5, 0.0, 0.4345), (5, 5, 0.5655, 1.0)])
def test_wilson_interval_matches_published_values(k, n, low, high):
    lo, hi = wilson_interval(k, n)
    assert lo == pytest.approx(low, abs=5e-4) and hi == pytest.approx(high, abs=5e-4)


def test_no_interval_without_reviews():
    assert wilson_interval(0, 0) is None


def test_to_gold_appends_dev_items_scored_only_on_the_judged_concepts(tmp_path):
    out = tmp_path / "gold.yaml"
    out.write_text("# labelling rules stay\nitems:\n- {text: \"Ethics\", concepts: [ethics], region: navigation}\n")
    decisions = [decision("reject", quote="The county boundaries are shown on the map.", concept="boundaries"),
                 decision("confirm"),
                 decision("confirm", kind="near_miss", quote="Fees are due in May.", concept="gifts")]
    summary = write_gold(decisions, out)
    assert (summary.added, summary.total) == (2, 3)  # a confirmed absence is no label
    assert out.read_text().startswith("# labelling rules stay\nitems:\n- {text: \"Ethics\"")
    assert write_gold(decisions, out).added == 0  # items already there are not added twice
    report = evaluate_gold(out, load_taxonomy())
    assert report.gold_items == 3
    # "Peers shall not enter into dual relationships…" also reads as other concepts: not judged, not counted.
    scored = {cid: s for cid, s in report.concepts.items() if s.tp or s.fp or s.fn}
    assert set(scored) <= {"ethics", "dual_relationships", "boundaries"}
    assert report.concepts["dual_relationships"].tp == 1 and report.concepts["boundaries"].fp == 0


def test_to_gold_never_writes_a_sealed_batch(tmp_path):
    before = paths.INDEPENDENT_GOLD_FILE.read_bytes()
    with pytest.raises(InputError, match="sealed"):
        write_gold([decision("confirm")], paths.INDEPENDENT_GOLD_FILE)
    with pytest.raises(InputError, match="sealed"):
        write_gold([decision("confirm")], Path(tmp_path) / "heldout_third.yaml")
    assert paths.INDEPENDENT_GOLD_FILE.read_bytes() == before
