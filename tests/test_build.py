"""Specification of the static site build (report/build.py): pages, wording, safety, determinism."""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from markupsafe import escape

from analyze.results import save_run
from analyze.taxonomy import load_taxonomy
from peerscan.errors import InputError
from peerscan.registry import load_registry
from report.build import build_site
from report.highlight import highlight_segments, safe_href, trim_quote
from tests.fixtures.site_results import (
    JS_URL,
    XSS_QUOTE,
    make_registry,
    make_run,
    make_taxonomy,
    write_data_dir,
)

CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("build")
    data = write_data_dir(root / "data")
    build_site(data, root / "site", make_registry(), make_taxonomy())
    return root / "site"


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


class Tags(HTMLParser):
    """Collects start tags with their attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(text_of(path))
    return parser.tags


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_writes_every_page_type_feed_and_download(site: Path) -> None:
    for name in ("index.html", "methodology.html", "changes.html", "feed.xml", "data/results.json",
                 "data/results.csv", "data/evidence.csv", "data/results.sqlite", "static/site.css", "static/site.js"):
        assert (site / name).is_file(), name
    assert {p.name for p in (site / "concepts").glob("*.html")} == {f"{c}.html" for c in make_taxonomy().ids}


def test_every_registry_jurisdiction_has_a_row_and_a_lowercase_state_page(site: Path) -> None:
    index = text_of(site / "index.html")
    for j in make_registry().covered_jurisdictions():
        assert (site / "states" / f"{j.code.lower()}.html").is_file()
        assert f'href="states/{j.code.lower()}.html">{j.name}</a>' in index


def test_builds_without_results_and_says_not_crawled_yet(tmp_path: Path) -> None:
    summary = build_site(tmp_path / "data", tmp_path / "site", make_registry(), make_taxonomy())
    assert summary.jurisdictions == len(make_registry().covered_jurisdictions())
    assert "None of the 8 jurisdictions has been crawled yet." in text_of(tmp_path / "site" / "index.html")
    assert "Not crawled yet" in text_of(tmp_path / "site" / "states" / "oh.html")
    assert "no certification program found" in text_of(tmp_path / "site" / "states" / "gu.html").lower()


def test_a_jurisdiction_without_any_program_says_no_certification_program_found(site: Path) -> None:
    page = visible_text(text_of(site / "states" / "gu.html"))
    assert "No certification program found" in page
    assert "not found on the" not in page  # nothing was crawled, so nothing is "not found"
    assert "Research notes Searched the Guam behavioral health site" in page
    index = text_of(site / "index.html")
    assert re.search(r'states/gu.html">Guam</a></th>\s*<td data-sort="0">0</td>', index)


def test_crawl_statuses_are_told_apart_on_state_pages(site: Path) -> None:
    assert "unreachable since 2026-11-12; findings last confirmed 2026-10-01" in text_of(site / "states" / "oh.html")
    assert "blocked by robots.txt" in text_of(site / "states" / "pa.html")
    wyoming = visible_text(text_of(site / "states" / "wy.html"))
    assert "failed (HTTP 503 on every page)" in wyoming
    assert "Not checked: no page or document of this program could be read" in wyoming
    assert "partial crawl" in text_of(site / "states" / "ca.html")
    assert "Not crawled yet" in text_of(site / "states" / "nv.html")


def test_stale_program_without_unreachable_flag_shows_last_confirmed_date(tmp_path: Path) -> None:
    data = tmp_path / "data"
    save_run(data, make_run(second=False))  # the earlier run: oh-fam stale, not yet unreachable
    build_site(data, tmp_path / "site", make_registry(), make_taxonomy())
    assert "findings last confirmed 2026-10-01" in text_of(tmp_path / "site" / "states" / "oh.html")


def test_concepts_not_found_are_described_by_what_was_crawled_never_as_absent(site: Path) -> None:
    texas = visible_text(text_of(site / "states" / "tx.html"))
    assert "These concepts were not found on the 5 pages and documents crawled:" in texas
    for page in html_pages(site):
        assert "has no code of ethics" not in text_of(page).lower()


def test_scraped_script_tag_is_escaped_and_javascript_url_is_not_a_link(site: Path) -> None:
    for page in html_pages(site):
        html = text_of(page)
        assert "<script>alert(1)</script>" not in html
        assert not any(attrs.get("href", "").strip().lower().startswith("javascript:")
                       for _, attrs in tags_of(page) if attrs.get("href"))
    texas = text_of(site / "states" / "tx.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in texas
    assert f'<span class="unsafe-url">{JS_URL}</span>' in texas
    assert "Peer &lt;Specialist&gt; &amp; Recovery Coach" in texas
    assert XSS_QUOTE.split("<")[0] in texas


def test_every_page_has_the_csp_meta_and_no_inline_script_or_style(site: Path) -> None:
    for page in html_pages(site):
        tags = tags_of(page)
        metas = [a for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert metas and metas[0]["content"].startswith(CSP), page
        assert all(a.get("src") for t, a in tags if t == "script"), page
        assert not any(t == "style" or "style" in a for t, a in tags), page
        assert not any(name.startswith("on") for _, a in tags for name in a), page


def test_links_are_relative_internal_or_http_external_and_internal_ones_resolve(site: Path) -> None:
    for page in html_pages(site):
        rel = page.relative_to(site).as_posix()
        for tag, attrs in tags_of(page):
            target = attrs.get("href") or (attrs.get("src") if tag == "script" else None)
            if not target or (tag == "link" and attrs.get("rel") == "icon" and target == "data:,"):
                continue  # the empty data: icon stops browsers asking the host for /favicon.ico
            scheme = urlsplit(target).scheme
            if scheme:
                assert scheme in ("http", "https"), (page, target)
                continue
            assert not target.startswith("/"), f"{rel}: {target} is root-relative; file:// needs relative links"
            resolved = urlsplit(urljoin("http://site/" + rel, target))
            file = site / resolved.path.lstrip("/")
            assert file.is_file(), f"{rel}: broken link {target}"
            if resolved.fragment:
                assert f'id="{resolved.fragment}"' in text_of(file), f"{rel}: missing anchor {target}"


def test_matched_words_are_highlighted_inside_escaped_quotes(site: Path) -> None:
    ohio = text_of(site / "states" / "oh.html")
    assert "Avoid <mark>dual relationships</mark> with the people you serve." in ohio
    assert "<mark>Dual-relationships</mark> are discussed" in ohio
    assert 'href="https://example.org/oh-prs/handbook.pdf#page=14"' in ohio
    assert "PDF page 14" in ohio


def test_highlight_segments_mark_every_occurrence_case_insensitively() -> None:
    assert highlight_segments("Boundaries matter; keep boundaries.", "boundaries") == (
        ("Boundaries", True), (" matter; keep ", False), ("boundaries", True), (".", False))
    assert highlight_segments("<b>x</b> dual\nrelationships", "dual relationships")[-1] == ("dual\nrelationships", True)
    assert highlight_segments("nothing here", "gifts") == (("nothing here", False),)


def test_trim_quote_keeps_the_match_of_a_long_quote() -> None:
    quote = "word " * 300 + "dual relationships " + "tail " * 300
    trimmed = trim_quote(quote, "dual relationships", 120)
    assert "dual relationships" in trimmed and trimmed.startswith("…") and trimmed.endswith("…")
    assert len(trimmed) <= 122


def test_safe_href_allows_only_absolute_http_urls() -> None:
    assert safe_href("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_href("HTTP://example.org/") == "HTTP://example.org/"
    for bad in ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x", "//evil.example/", "/local",
                "mailto:a@b.c", "vbscript:x", "https://", "", None, "https://a.example/\nx"):
        assert safe_href(bad) is None, bad


def test_index_states_headline_findings_as_counts_of_all_jurisdictions(site: Path) -> None:
    index = visible_text(text_of(site / "index.html"))
    assert "1 of 8 jurisdictions mention dual relationships on their public program pages." in index
    assert "2 of 8 jurisdictions mention boundaries on their public program pages." in index
    assert "0 of 8 jurisdictions mention ethics on their public program pages (2 more only in a link, menu or page title)." in index
    assert "For 1 of 8 jurisdictions no certification program was found." in index


def test_index_has_a_tile_map_with_a_tile_per_jurisdiction_and_a_legend(site: Path) -> None:
    tags = tags_of(site / "index.html")
    tiles = [a for t, a in tags if t == "a" and "tile" in (a.get("class") or "").split()]
    assert len(tiles) == 8
    ohio = next(a for a in tiles if a["href"] == "states/oh.html")
    assert ohio["aria-label"] == "Ohio: score 60 of 100" and "s3" in ohio["class"]
    guam = next(a for a in tiles if a["href"] == "states/gu.html")
    assert "noprog" in guam["class"]
    assert "no certification program found" in text_of(site / "index.html")


def test_index_table_has_caption_scoped_headers_and_sort_keys(site: Path) -> None:
    html = text_of(site / "index.html")
    assert '<caption id="results-caption">' in html
    tags = tags_of(site / "index.html")
    assert all(a.get("scope") in ("col", "row") for t, a in tags if t == "th")
    rows = [a for t, a in tags if t == "tr" and "data-status" in a]
    assert len(rows) == 8
    assert {"ok", "unreachable"} <= set(next(a for a in rows if a["data-name"] == "Ohio OH")["data-status"].split())
    assert re.search(r'<td data-sort="60" class="score">', html)


def test_pages_have_one_h1_landmarks_and_no_skipped_heading_levels(site: Path) -> None:
    for page in html_pages(site):
        tags = [t for t, _ in tags_of(page)]
        assert tags.count("h1") == 1 and "main" in tags and "header" in tags and "nav" in tags, page
        levels = [int(t[1]) for t in tags if re.fullmatch(r"h[1-6]", t)]
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (page, levels)


def test_state_page_shows_score_history_when_there_is_history(site: Path, tmp_path: Path) -> None:
    ohio = visible_text(text_of(site / "states" / "oh.html"))
    assert "Score history" in ohio and "2026-11-19T2100Z 2026-11-19 45" in ohio
    save_run(tmp_path / "data", make_run())
    build_site(tmp_path / "data", tmp_path / "site", make_registry(), make_taxonomy())
    assert "Score history" not in text_of(tmp_path / "site" / "states" / "oh.html")


def test_concept_pages_compare_quotes_by_state(site: Path) -> None:
    page = visible_text(text_of(site / "concepts" / "boundaries.html"))
    assert "Found in the page text of 2 of 8 jurisdictions" in page
    assert page.index("Ohio") < page.index("Supporters keep professional boundaries")
    assert "Texas" in page and "Not checked" in page and "Wyoming" in page
    assert "Pennsylvania" in page


def test_methodology_states_rubric_weights_phrases_exclusions_accuracy_and_limits(site: Path) -> None:
    html = text_of(site / "methodology.html")
    page = visible_text(html)
    assert "earns 0.5 of its weight" in page and "add up to 100" in page
    assert "dual diagnosis" in page and "&lt;b&gt;county boundaries&lt;/b&gt;" in html
    assert "\\bdual\\W+relationships?\\b" in page
    assert "on 120 hand-labelled sentences" in page and "Dual relationships 95% 90%" in page
    assert "Public pages only" in page and "Not found is not absent" in page
    assert "A 2023 study found that many state peer certification programs do not mention ethics" in page
    assert "9 entries for 8 jurisdictions" in page


def test_changes_page_and_feed_report_what_changed_between_runs(site: Path) -> None:
    changes = visible_text(text_of(site / "changes.html"))
    assert "Dual relationships: now found (body text)" in changes
    assert "Ohio: score 45 → 60" in changes
    feed = ET.fromstring((site / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 1
    assert entries[0].find("a:id", ns).text == "urn:peerscan:run:2026-11-26T2142Z"
    assert entries[0].find("a:updated", ns).text == "2026-11-26T21:42:00Z"
    assert "Dual relationships: now found" in entries[0].find("a:summary", ns).text
    assert entries[0].find("a:link", ns).get("href") == "changes.html#run-2026-11-26T2142Z"


def test_same_results_give_byte_identical_sites(tmp_path: Path) -> None:
    data = write_data_dir(tmp_path / "data")
    build_site(data, tmp_path / "a", make_registry(), make_taxonomy())
    build_site(data, tmp_path / "b", make_registry(), make_taxonomy())
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_rebuild_removes_pages_of_jurisdictions_no_longer_listed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "states").mkdir(parents=True)
    (site / "states" / "zz.html").write_text("old")
    build_site(tmp_path / "data", site, make_registry(), make_taxonomy())
    assert not (site / "states" / "zz.html").exists()
    assert (site / "states" / "oh.html").exists()


def test_builds_the_bundled_registry_and_taxonomy_with_all_54_jurisdictions(tmp_path: Path) -> None:
    registry, taxonomy = load_registry(), load_taxonomy()
    summary = build_site(tmp_path / "data", tmp_path / "site", registry, taxonomy)
    assert summary.jurisdictions == 54
    assert len(list((tmp_path / "site" / "states").glob("*.html"))) == 54
    methodology = text_of(tmp_path / "site" / "methodology.html")
    for concept in taxonomy.concepts:
        assert f'id="concept-{concept.id}"' in methodology
        assert all(str(escape(phrase)) in methodology for phrase in concept.phrases)
    for cue in getattr(taxonomy, "negations", ()):
        assert str(escape(cue)) in methodology


def test_a_broken_results_file_is_bad_input_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "data" / "results" / "latest.json"
    broken.parent.mkdir(parents=True)
    broken.write_text('{"run_id": "x", "jurisdictions": [', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build_site(tmp_path / "data", tmp_path / "site", make_registry(), make_taxonomy())
    assert caught.value.path == broken and "peerscan analyze" in caught.value.fix


def test_with_a_single_run_the_changes_page_says_so_and_the_feed_is_empty(tmp_path: Path) -> None:
    save_run(tmp_path / "data", make_run())
    build_site(tmp_path / "data", tmp_path / "site", make_registry(), make_taxonomy())
    assert "Only 1 run so far" in text_of(tmp_path / "site" / "changes.html")
    feed = ET.fromstring((tmp_path / "site" / "feed.xml").read_bytes())
    assert feed.findall("{http://www.w3.org/2005/Atom}entry") == []
    assert feed.find("{http://www.w3.org/2005/Atom}updated").text == "2026-11-26T21:42:00Z"


def test_methodology_shows_gold_and_independent_accuracy_side_by_side(tmp_path: Path) -> None:
    import json

    from analyze.evaluate import eval_to_dict, evaluate_gold
    from peerscan import paths

    taxonomy = load_taxonomy()
    gold = evaluate_gold(paths.GOLD_FILE, taxonomy)
    unseen = evaluate_gold(paths.INDEPENDENT_GOLD_FILE, taxonomy)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "eval.json").write_text(json.dumps(eval_to_dict(gold, unseen)), encoding="utf-8")
    build_site(tmp_path / "data", tmp_path / "site", make_registry(), taxonomy)
    page = visible_text(text_of(tmp_path / "site" / "methodology.html"))
    assert "Recall (independent)" in page
    assert "100 sentences labelled by a different author" in page
    recall = f"{unseen.concepts['dual_relationships'].recall * 100:.0f}%"
    assert re.search(r"Dual relationships\s+100%\s+100%\s+100%\s+" + recall, page), page


def test_state_page_lists_adopted_codes_and_shows_each_quote_s_context_collapsed(site: Path) -> None:
    html = text_of(site / "states" / "oh.html")
    page = visible_text(html)
    assert "Adopted code" in page and "NAADAC Code of Ethics" in page
    summary = html.split('class="programs-summary"')[1].split("</table>")[0]
    assert "NAADAC Code of Ethics" in summary and "none named" in summary, "a program naming no code says so"
    context = next(part.split("</details>")[0] for part in html.split('<details class="context">')[1:]
                   if "Sentence before:" in part)
    assert "Sentence before:" in context and "Boundaries &lt;protect&gt; both of you." in context
    assert "Ask your supervisor when unsure." in context
    assert "phrase &#34;professional boundar*&#34;" in context or 'phrase "professional boundar*"' in context


def test_index_has_an_adopted_code_column(site: Path) -> None:
    html = text_of(site / "index.html")
    header = html.split('<table id="results"')[1].split("</thead>")[0]
    assert "Adopted code" in header
    ohio = html.split('data-name="Ohio OH"')[1].split("</tr>")[0]
    assert "NAADAC Code of Ethics" in ohio


def test_methodology_is_a_codebook_with_the_sealed_figures_and_the_rules_collapsed(tmp_path: Path) -> None:
    import json

    from analyze.taxonomy import Example, Taxonomy

    taxonomy = load_taxonomy()
    first = taxonomy.concepts[0]
    examples = (Example("Peers follow the code of ethics.", "https://example.org/a"),
                Example("Los pares siguen el código de ética.", "httpx://example.org/b", "es"))  # not http(s)
    taxonomy = Taxonomy((type(first)(**{**first.__dict__, "examples": examples}), *taxonomy.concepts[1:]),
                        taxonomy.navigation_credit, taxonomy.version, taxonomy.sha256, negations=taxonomy.negations,
                        audiences=taxonomy.audiences, adopted_codes=taxonomy.adopted_codes)
    sealed = {"items": 170, "micro": {"precision": 0.97, "recall": 0.95, "n": 240},
              "strength": {"accuracy": 0.99, "checked": 230}, "agreement": {"pooled_kappa": 0.83},
              "concepts": {"dual_relationships": {"precision": 1.0, "recall": 0.9, "n": 21},
                           # nothing labelled (recall undefined) and nothing predicted (precision undefined)
                           "social_media": {"precision": 0.0, "recall": 1.0, "n": 0, "tp": 0, "fp": 1},
                           "gifts": {"precision": 1.0, "recall": 0.0, "n": 1, "tp": 0, "fp": 0}}}
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "eval.json").write_text(json.dumps({"sealed": sealed}), encoding="utf-8")
    build_site(tmp_path / "data", tmp_path / "site", make_registry(), taxonomy)
    html = text_of(tmp_path / "site" / "methodology.html")
    page = visible_text(html)
    assert "precision 97%, recall 95% over 240 present labels in 170 passages" in page
    assert "Cohen’s kappa 0.83" in page and "Dual relationships 21 100% 90%" in page
    assert "Social media 0 0% —" in page and "Gifts and money 1 — 0%" in page
    codebook, appendix = html.split('id="codebook"')[1].split('id="appendix"')
    for concept in taxonomy.concepts:
        assert f'id="concept-{concept.id}"' in codebook
        assert str(escape(concept.does_not_count)) in codebook
    assert "Peers follow the code of ethics." in codebook and 'lang="es"' in codebook
    assert 'href="https://example.org/a"' in codebook
    assert "httpx://example.org/b" in codebook and 'href="httpx:' not in codebook  # shown as text, never a link
    assert "<code>" not in codebook, "no regular expression before the appendix"
    assert "<details>" in appendix and "near:" in appendix and "state employees" in appendix


def test_a_program_known_only_from_references_is_listed_unscored_with_its_sources(tmp_path: Path) -> None:
    from dataclasses import replace

    from peerscan.citations import SourcePage
    from peerscan.registry import Program

    base = make_registry()
    ohio = replace(next(p for p in base.programs if p.id == "oh-prs"),
                   seed_pages=(SourcePage("https://example.org/oh-prs/", "agency"),))
    alaska = Program(id="ak-pspc", state="AK", name="Peer Support Professional", credentials=("PSP",),
                     body="Alaska Commission", type="combined", seeds=(), source="https://news.example.com/story",
                     verified="2026-11-28",
                     references=(SourcePage("https://news.example.com/story", "third_party", "a sponsored article"),))
    ohio_ref = replace(alaska, id="oh-ref", state="OH", name="Ohio program known from a directory")
    programs = tuple(ohio if p.id == "oh-prs" else p for p in base.programs) + (alaska, ohio_ref)
    registry = replace(base, programs=programs)
    data = write_data_dir(tmp_path / "data")
    build_site(data, tmp_path / "site", registry, make_taxonomy())
    page = text_of(tmp_path / "site" / "states" / "ak.html")
    assert "No official web page found" in page and "no score" in page
    assert "Sources about this program" in page
    assert 'href="https://news.example.com/story"' in page and "a sponsored article" in page
    assert "Coverage score" not in page and "Not found" not in page
    ohio_page = text_of(tmp_path / "site" / "states" / "oh.html")
    assert "(state agency)" in ohio_page  # the official page crawled, with its publisher
    assert "(published by: state agency)" in ohio_page  # and each quote from it
    assert "across 2 programs with an official web page (1 more known only from sources about it, not scored)" in ohio_page
    index = text_of(tmp_path / "site" / "index.html")
    assert "8 of 10 certification programs have an official web page" in index
    assert "for 2 no official web page was found" in index
    method = text_of(tmp_path / "site" / "methodology.html")
    assert "What counts as official" in method and "official code site" in method
    assert "8 of the 10 programs have such a page" in method


def test_a_spent_rounds_note_on_the_methodology_page_comes_from_its_sealed_record() -> None:
    """real_round<N>.yaml's note states the figures recorded as sealed_round<N> when it was evaluated once."""
    from report.methodology import _dev

    evaluation = {"sealed_round7": {"evaluated_at": "2027-01-05T10:00:00Z", "micro": {"tp": 90, "fp": 10, "fn": 30}},
                  "dev": {"real_round7.yaml": {"micro": {"precision": 1.0, "recall": 1.0, "n": 120, "tp": 120}}}}
    notes = [figures.note for figures in _dev(evaluation, {})]
    assert any("round 7's sealed test (evaluated once on 2027-01-05: precision 90%, recall 75%, N 120)" in note
               for note in notes), notes
