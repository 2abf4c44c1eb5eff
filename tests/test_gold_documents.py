"""Gold items as documents: HTML with nav and footer, PDFs with hyphenated line breaks; strength is scored."""

from analyze.evaluate import evaluate_gold, find_strengths, read_document
from analyze.gold_documents import _wrap, documents_for
from analyze.match import Matcher
from analyze.settings import AnalyzeSettings
from analyze.taxonomy import load_taxonomy

PASSAGE = "Certified peer specialists shall never enter into dual relationships with the individuals they support."


def strengths(document):
    return find_strengths(Matcher(load_taxonomy()), document, AnalyzeSettings())


def test_a_body_passage_on_an_html_page_is_found_in_the_body_and_the_page_furniture_adds_nothing():
    [page, *_] = documents_for("a1", PASSAGE, "en", "body", 0)
    assert page.kind == "html" and b"<nav" in page.body and b"<footer" in page.body
    assert strengths(page) == {"dual_relationships": "body"}


def test_a_short_passage_also_becomes_a_menu_link_found_only_as_navigation():
    documents = documents_for("a2", "Code of Ethics", "en", "body", 0)
    assert [d.expected_strength for d in documents] == ["body", "navigation"]
    assert strengths(documents[1]) == {"code_of_ethics": "navigation", "ethics": "navigation"}


def test_a_pdf_breaks_long_words_at_line_ends_and_extraction_mends_them():
    lines = _wrap(PASSAGE * 3, 64)
    assert any(line.endswith("-") for line in lines), lines
    [pdf] = documents_for("a3", PASSAGE * 3, "en", "body", 1)
    assert pdf.kind == "pdf" and pdf.body.startswith(b"%PDF")
    text = " ".join(block.text for block in read_document(pdf).blocks)
    assert "dual relationships" in text
    assert strengths(pdf) == {"dual_relationships": "body"}


def test_title_and_navigation_items_expect_navigation_strength():
    for region in ("title", "navigation"):
        [page] = documents_for("a4", "Code of Ethics", "en", region, 0)
        assert page.expected_strength == "navigation"
        assert strengths(page)["code_of_ethics"] == "navigation"


def test_evaluation_scores_concepts_and_strength_and_leaves_unsure_labels_out(tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text("""items:
  - {id: g1, lang: en, text: "Code of Ethics", concepts: [ethics, code_of_ethics]}
  - {id: g2, lang: en, text: "Peers keep healthy boundaries.", concepts: [], unsure: [boundaries]}
  - {id: g3, lang: es, text: "Los pares evitan relaciones duales.", concepts: [dual_relationships]}
  - {id: g4, text: "Ethics", concepts: [ethics], region: navigation}
""", encoding="utf-8")
    report = evaluate_gold(gold, load_taxonomy())
    assert report.micro.tp == 4 and report.micro.fp == 0 and report.micro.fn == 0
    assert report.concepts["boundaries"].fp == 0, "unsure: not scored"
    # g1 body + its menu-link copy (2 concepts each), g3 body and its copy, g4 navigation
    assert report.strength_checked == 7 and report.strength_accuracy == 1.0
    assert report.languages == {"en": 2, "es": 1, "unlabelled": 1}


def test_the_product_code_writes_its_pdfs_without_the_test_fixtures():
    import analyze.gold_documents
    import analyze.gold_pdf

    for module in (analyze.gold_documents, analyze.gold_pdf):
        source = open(module.__file__, encoding="utf-8").read()
        assert "from tests" not in source and "import tests" not in source, module.__name__
