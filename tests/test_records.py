"""Stored page records: compact (defaults and a final_url equal to url left out) and read back unchanged."""

import json

from scrape.records import Link, PageRecord, TextBlock, read_pages, write_pages

FULL = PageRecord(program_id="oh", url="http://x/a", final_url="http://x/b", status=200, content_type="text/html",
                  fetched_at="2026-11-26T06:00:00Z", depth=1, link_text="Ethics", etag='"e"', sha256="ab",
                  title="A", kind="html", blocks=(TextBlock("Peers keep boundaries."), TextBlock("Menu", "navigation"),
                                                  TextBlock("p. 3", "body", 3)),
                  links=(Link("http://x/c", "Code", "navigation"), Link("http://x/d")), bytes=12, seconds=0.5)
BARE = PageRecord(program_id="oh", url="http://x/e", final_url="http://x/e", status=None, content_type=None,
                  fetched_at="2026-11-26T06:00:00Z", depth=0, error="refused: private address")


def test_page_records_read_back_exactly_as_written(tmp_path):
    write_pages(tmp_path, "oh", [FULL, BARE])
    assert read_pages(tmp_path, "oh") == [FULL, BARE]


def test_stored_lines_leave_out_default_values_and_a_final_url_equal_to_url(tmp_path):
    write_pages(tmp_path, "oh", [FULL, BARE])
    full, bare = (json.loads(line) for line in (tmp_path / "pages" / "oh.jsonl").read_text().splitlines())
    assert full["blocks"] == [{"text": "Peers keep boundaries."}, {"text": "Menu", "region": "navigation"},
                              {"text": "p. 3", "page": 3}]
    assert full["links"] == [{"url": "http://x/c", "text": "Code", "region": "navigation"}, {"url": "http://x/d"}]
    assert sorted(bare) == ["content_type", "depth", "error", "fetched_at", "program_id", "status", "url"]
