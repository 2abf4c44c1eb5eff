"""urls: canonical URLs drop fragments, tracking parameters and session ids; scope and path patterns."""

import pytest

from scrape.urls import build_scope, canonicalize_url, path_pattern


@pytest.mark.parametrize(("raw", "canonical"), [
    ("HTTP://Example.ORG:80/Peer/#top", "http://example.org/Peer/"),
    ("https://example.org:443", "https://example.org/"),
    ("https://example.org/a?utm_source=x&utm_medium=y&b=2&a=1", "https://example.org/a?a=1&b=2"),
    ("https://example.org/a?fbclid=123&gclid=456&msclkid=7", "https://example.org/a"),
    ("https://example.org/a;jsessionid=0A1B2C?x=1", "https://example.org/a?x=1"),
    ("https://example.org/a?PHPSESSID=abc&sid=9&page=2", "https://example.org/a?page=2"),
    ("https://example.org/peer%20support/", "https://example.org/peer%20support/"),
    ("https://example.org/peer support/", "https://example.org/peer%20support/"),
    ("https://example.org:8443/x", "https://example.org:8443/x"),
])
def test_equivalent_urls_share_one_canonical_form(raw, canonical):
    assert canonicalize_url(raw) == canonical


@pytest.mark.parametrize("raw", ["mailto:peer@example.org", "javascript:void(0)", "ftp://example.org/x",
                                 "tel:+15555550100", "http://", "http://[::1"])
def test_urls_the_crawler_cannot_fetch_canonicalize_to_empty(raw):
    assert canonicalize_url(raw) == ""


def test_path_patterns_replace_digits_and_ignore_query_values():
    assert path_pattern("http://h/calendar/2026/11") == path_pattern("http://h/calendar/2031/4")
    assert path_pattern("http://h/events?month=11&year=2026") == path_pattern("http://h/events?year=1999&month=1")
    assert path_pattern("http://h/ethics") != path_pattern("http://h/boundaries")


def test_scope_is_the_seed_hosts_plus_allowed_prefixes_and_hosts():
    scope = build_scope(("https://agency.gov/peer/",), ("https://docs.agency.org/peer/", "files.example.net"))
    assert scope.allows("https://agency.gov/anything/else")
    assert scope.allows("https://docs.agency.org/peer/handbook.pdf")
    assert not scope.allows("https://docs.agency.org/other/")
    assert scope.allows("https://files.example.net/x.pdf")
    assert not scope.allows("https://elsewhere.com/peer/")
