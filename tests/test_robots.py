"""robots: protego rules (longest match, wildcards, $, crawl-delay); 4xx allows all; 5xx/unreachable blocks the host."""

from peerscan.localweb import LocalSite, Response
from scrape.records import read_pages, read_report
from scrape.robots import parse_robots
from scrape.settings import USER_AGENT
from tests.hostile import closed_port_url, crawl, fast_settings, html, links, make_program, stamped

RULES = b"""User-agent: *
Disallow: /private/
Allow: /private/ethics-code
Disallow: /*.xls$
Disallow: /search?
Crawl-delay: 0.3
"""


def test_longest_match_wins_and_wildcards_and_dollar_anchor_apply():
    rules = parse_robots("http://h", 200, RULES, None)
    assert not rules.allows("http://h/private/minutes", USER_AGENT)
    assert rules.allows("http://h/private/ethics-code", USER_AGENT)
    assert not rules.allows("http://h/files/roster.xls", USER_AGENT)
    assert rules.allows("http://h/files/roster.xlsx", USER_AGENT)
    assert not rules.allows("http://h/search?q=ethics", USER_AGENT)
    assert rules.allows("http://h/about", USER_AGENT)
    assert rules.crawl_delay_s(USER_AGENT) == 0.3


def test_a_group_naming_peerscan_applies_to_our_user_agent():
    rules = parse_robots("http://h", 200, b"User-agent: *\nDisallow: /\n\nUser-agent: peerscan\nAllow: /\n", None)
    assert rules.allows("http://h/anything", USER_AGENT)


def test_a_4xx_robots_txt_allows_everything_and_5xx_or_no_answer_blocks_the_host():
    assert parse_robots("http://h", 404, b"", "HTTP 404").allows("http://h/x", USER_AGENT)
    assert parse_robots("http://h", 403, b"", "HTTP 403").allows("http://h/x", USER_AGENT)
    server_error = parse_robots("http://h", 503, b"", "HTTP 503")
    assert not server_error.allows("http://h/x", USER_AGENT) and "HTTP 503" in server_error.unavailable_reason
    assert parse_robots("http://h", None, b"", "connection failed").unavailable_reason


def test_disallowed_pages_are_never_requested_and_are_counted(tmp_path):
    page = html(links(("/private/minutes", "Minutes"), ("/private/ethics-code", "Code of ethics"), ("/about", "About")))
    routes = {"/robots.txt": Response(RULES, content_type="text/plain"), "/": Response(page),
              "/private/ethics-code": Response(html("ethics")), "/about": Response(html("about")),
              "/private/minutes": Response(html("secret"))}
    with LocalSite(routes) as site:
        summary = crawl([make_program("oh-robots", [site.url("/")])], tmp_path, fast_settings(delay_s=0.01))
    assert "/private/minutes" not in site.paths_requested()
    assert {"/", "/private/ethics-code", "/about"} <= set(site.paths_requested())
    assert site.paths_requested().count("/robots.txt") == 1
    assert summary.reports[0].robots_blocked == 1 and summary.reports[0].status == "ok"


def test_crawl_delay_longer_than_our_delay_spaces_requests_to_the_host(tmp_path):
    page = html(links(*((f"/p{i}", f"page {i}") for i in range(4))))
    routes = {"/robots.txt": Response(b"User-agent: *\nCrawl-delay: 0.3\n", content_type="text/plain"),
              "/": Response(page), **{f"/p{i}": Response(html(f"p{i}")) for i in range(4)}}
    with stamped(LocalSite(routes)) as site:
        crawl([make_program("oh-delay", [site.url("/")])], tmp_path, fast_settings(delay_s=0.05))
    times = site.requests.times
    page_gaps = [b - a for a, b in zip(times[1:], times[2:], strict=False)]  # after robots.txt
    assert len(page_gaps) == 4
    # crawl-delay 0.3 s wins over delay_s 0.05 s (server arrival times jitter by a few ms)
    assert sum(page_gaps) >= 4 * 0.3 - 0.03 and min(page_gaps) >= 0.15


def test_a_5xx_robots_txt_keeps_us_off_the_host_for_this_run_as_a_failure_not_a_block(tmp_path):
    routes = {"/robots.txt": Response("oops", status=500), "/": Response(html("home"))}
    with LocalSite(routes) as site:
        summary = crawl([make_program("oh-r5xx", [site.url("/")])], tmp_path, fast_settings(max_retries=1))
    report = summary.reports[0]
    # `blocked` means robots.txt rules forbid us; a server error is an outage (failed, later unreachable).
    assert report.status == "failed"
    assert "robots.txt unavailable (HTTP 500)" in report.reason
    assert site.paths_requested() == ["/robots.txt", "/robots.txt"]  # retried once, page never fetched
    assert read_report(tmp_path, "oh-r5xx").status == "failed"


def test_an_unreachable_robots_txt_is_a_failure_never_blocked(tmp_path):
    summary = crawl([make_program("oh-down", [closed_port_url()])], tmp_path, fast_settings(max_retries=0))
    assert summary.reports[0].status == "failed"
    assert "robots.txt unavailable (connection failed" in summary.reports[0].reason
    assert read_pages(tmp_path, "oh-down") == []


def test_a_robots_txt_forbidding_every_seed_blocks_the_program(tmp_path):
    routes = {"/robots.txt": Response(b"User-agent: *\nDisallow: /\n", content_type="text/plain"),
              "/": Response(html("home"))}
    with LocalSite(routes) as site:
        summary = crawl([make_program("oh-forbid", [site.url("/")])], tmp_path)
    assert summary.reports[0].status == "blocked"
    assert summary.reports[0].reason == "robots.txt disallows every seed URL"
    assert site.paths_requested() == ["/robots.txt"]


def test_a_redirect_into_a_disallowed_path_is_not_followed(tmp_path):
    routes = {"/robots.txt": Response(b"User-agent: *\nDisallow: /members/\n", content_type="text/plain"),
              "/": Response(html(links(("/old-ethics", "Ethics")))),
              "/old-ethics": Response(status=301, headers={"Location": "/members/ethics"}),
              "/members/ethics": Response(html("members only"))}
    with LocalSite(routes) as site:
        summary = crawl([make_program("oh-hop", [site.url("/")])], tmp_path)
    assert "/members/ethics" not in site.paths_requested()
    record = next(r for r in read_pages(tmp_path, "oh-hop") if r.url.endswith("/old-ethics"))
    assert "robots.txt disallows it" in record.error
    assert summary.reports[0].counters["robots_blocked_redirects"] == 1


def test_a_crawl_delay_beyond_the_cap_limits_the_host_to_its_seeds(tmp_path):
    routes = {"/robots.txt": Response(b"User-agent: *\nCrawl-delay: 3600\n", content_type="text/plain"),
              "/": Response(html(links(("/ethics", "Ethics")))), "/ethics": Response(html("e"))}
    with LocalSite(routes) as site:
        summary = crawl([make_program("oh-slowhost", [site.url("/")])], tmp_path,
                        fast_settings(delay_s=0.01, max_crawl_delay_s=0.2))
    assert site.paths_requested() == ["/robots.txt", "/"]
    assert summary.reports[0].status == "ok"
    assert summary.reports[0].counters["skipped_crawl_delay_too_long"] == 1


def test_a_guard_refusal_of_a_host_is_decided_per_program_not_by_whichever_program_asked_first():
    import asyncio

    from scrape.crawl import make_client
    from scrape.crawl_log import CrawlLog
    from scrape.fetch import Fetcher
    from scrape.guard import AddressGuard
    from scrape.robots import RobotsCache
    from scrape.throttle import HostThrottle

    public_seed, loopback_seed = AddressGuard(), AddressGuard(frozenset({"loopback"}))

    async def ask(url: str, order: list[AddressGuard]):
        settings, cache = fast_settings(), RobotsCache()
        async with make_client(settings) as client:
            return [await cache.rules_for(url, Fetcher(client, settings, HostThrottle(0.0), guard, CrawlLog()))
                    for guard in order]

    routes = {"/robots.txt": Response(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")}
    with LocalSite(routes) as site:
        refused_first, allowed, refused_again = asyncio.run(ask(site.url("/x"), [public_seed, loopback_seed, public_seed]))
        allowed_first, refused_after = asyncio.run(ask(site.url("/x"), [loopback_seed, public_seed]))
    for refused in (refused_first, refused_again, refused_after):
        assert refused.refused_reason and "loopback" in refused.refused_reason
    for rules in (allowed, allowed_first):
        assert rules.refused_reason is None and rules.unavailable_reason is None
        assert rules.allows(site.url("/x"), USER_AGENT) and not rules.allows(site.url("/private/x"), USER_AGENT)
    assert site.paths_requested() == ["/robots.txt", "/robots.txt"]  # once per run (each asyncio.run is a run)
