"""How the site shows analysts' reviews (report/reviews.py): checked findings, analyst-sourced quotes,
rejections, stale reviews — escaped like all scraped text — and the agreement on the methodology page."""

from pathlib import Path

import pytest

from report.build import build_site
from tests.fixtures.site_results import make_registry, make_taxonomy, write_data_dir


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("review-site")
    build_site(write_data_dir(root / "data"), root / "site", make_registry(), make_taxonomy())
    return root / "site"


def test_a_confirmed_finding_says_when_an_analyst_checked_it(site):
    ohio = (site / "states" / "oh.html").read_text(encoding="utf-8")
    assert '<span class="checked">checked by an analyst on 2026-11-25</span>' in ohio


def test_an_analyst_supplied_quote_is_marked_analyst_sourced(site):
    ohio = (site / "states" / "oh.html").read_text(encoding="utf-8")
    assert "analyst-sourced: added by an analyst, missed by the automatic detection" in ohio
    assert "Peers may end a visit that makes them feel unsafe." in ohio


def test_rejected_and_stale_reviews_are_listed_and_escaped(site):
    ohio = (site / "states" / "oh.html").read_text(encoding="utf-8")
    assert "rejected by an analyst on 2026-11-25; not counted in the score." in ohio
    assert "&lt;script&gt;alert(&#39;review&#39;)&lt;/script&gt; gifts" in ohio
    assert "&lt;b&gt;about the gift shop&lt;/b&gt;" in ohio
    assert 'href="javascript:' not in ohio
    assert "an analyst confirmed this on 2026-11-20, but the quote no longer appears in the latest crawl" in ohio


def test_methodology_gives_precision_and_real_misses_with_wilson_intervals(site):
    page = (site / "methodology.html").read_text(encoding="utf-8")
    # Reviewed findings: 2 confirmed (one now stale, still counted) and 1 rejected; 1 near miss, a real miss.
    assert "on the reviewed sample: 67% (2 of N = 3; 95% Wilson interval 21%–94%)" in page
    assert "Near misses that were real misses: 100% (1 of N = 1; 95% Wilson interval 21%–100%)" in page
    assert "2 reviewers" in page


def test_changes_page_lists_review_changes_apart_from_crawl_changes(site):
    page = (site / "changes.html").read_text(encoding="utf-8")
    crawl, reviews = page.split("<h3>Analyst reviews</h3>", 1)
    assert "Dual relationships: now found (body text)" in crawl
    assert "new decision: reject" not in crawl
    assert "Gifts: new decision: reject (by Jane Analyst, 2026-11-25)" in reviews
    assert "Dual relationships" not in reviews
