"""crawl: the stage end to end against local sites — focus, traps, politeness, failures as data, re-crawls."""

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from rich.console import Console
from warcio.archiveiterator import ArchiveIterator

from peerscan.localweb import LocalSite, Response
from peerscan_cli.crawl_text import crawl_summary_text
from scrape.crawl import crawl_programs
from scrape.records import read_pages, read_report
from tests.hostile import closed_port_url, crawl, fast_settings, html, links, make_program, stamped

REPO = Path(__file__).resolve().parents[1]


def agency_site() -> dict:
    """A state agency CMS: 120 unrelated pages; the program's code of ethics sits three clicks deep."""
    topics = ["Road closures", "Fishing licenses", "Tax forms", "Vehicle registration", "Park reservations",
              "Job openings", "Press releases", "Budget reports", "Board minutes", "Weather alerts"]
    departments = [(f"/dept/{i}", f"{topics[i % len(topics)]} {i}") for i in range(120)]
    home = html(links(*departments[:60], ("/behavioral-health", "Behavioral Health"), *departments[60:]), "State Agency")
    routes = {"/": Response(home),
              "/behavioral-health": Response(html(links(*departments[:30], ("/bh/peer-support", "Peer Support Certification")))),
              "/bh/peer-support": Response(html(links(*departments[30:50], ("/bh/peer/code-of-ethics", "Code of Ethics"),
                                                       ("/bh/peer/apply", "Application")), "Peer Support")),
              "/bh/peer/code-of-ethics": Response(html("<p>Peers avoid dual relationships.</p>", "Code of Ethics")),
              "/bh/peer/apply": Response(html("<p>Apply here.</p>"))}
    for path, title in departments:
        routes[path] = Response(html(f"<p>{title}</p>" + links(*departments[:5]), title))
    return routes


def test_the_ethics_page_three_clicks_deep_in_a_big_agency_site_is_reached_within_a_small_budget(tmp_path):
    with LocalSite(agency_site()) as site:
        summary = crawl([make_program("oh-agency", [site.url("/")], max_pages=6)], tmp_path)
    fetched = [r.url for r in read_pages(tmp_path, "oh-agency")]
    assert site.url("/bh/peer/code-of-ethics") in fetched
    assert len(fetched) == 6 and summary.reports[0].status == "ok"


def test_a_calendar_trap_and_session_ids_do_not_eat_the_budget(tmp_path):
    def calendar(request, handler):
        month = int(request.path.split("month=")[1].split("&")[0]) if "month=" in request.path else 0
        return Response(html(links((f"/calendar?month={month + 1}", "Next month"))))

    def session_page(request, handler):
        stamp = time.monotonic_ns()
        return Response(html(links((f"/program?PHPSESSID={stamp}", "Program"), ("/calendar?month=1", "Events"))))

    routes = {"/": Response(html(links(("/calendar?month=1", "Calendar"), ("/program?PHPSESSID=1", "Program"),
                                       ("/ethics", "Ethics")))),
              "/calendar": calendar, "/program": session_page, "/ethics": Response(html("<p>ethics</p>"))}
    with LocalSite(routes) as site:
        crawl([make_program("oh-trap", [site.url("/")], max_pages=30, max_depth=50)], tmp_path,
              fast_settings(max_pages_per_pattern=3))
    requested = site.paths_requested()
    assert "/ethics" in requested
    assert len([p for p in requested if p.startswith("/calendar")]) == 3
    assert len([p for p in requested if p.startswith("/program")]) == 1
    assert len(requested) == len(set(requested))  # never the same URL twice


def test_the_depth_limit_stops_the_crawl(tmp_path):
    routes = {f"/d{i}": Response(html(links((f"/d{i + 1}", "Peer certification next")))) for i in range(10)}
    with LocalSite(routes) as site:
        crawl([make_program("oh-deep", [site.url("/d0")], max_depth=2)], tmp_path)
    assert [p for p in site.paths_requested() if p != "/robots.txt"] == ["/d0", "/d1", "/d2"]
    assert read_report(tmp_path, "oh-deep").counters["skipped_too_deep"] == 1


def test_requests_to_one_host_are_spaced_by_the_delay_while_hosts_are_crawled_concurrently(tmp_path):
    def site_routes(n):
        return {"/": Response(html(links(*((f"/p{i}", f"Peer page {i}") for i in range(n))))),
                **{f"/p{i}": Response(html(f"p{i}")) for i in range(n)}}

    with stamped(LocalSite(site_routes(4))) as one, stamped(LocalSite(site_routes(4))) as two:
        crawl([make_program("oh-one", [one.url("/")]), make_program("oh-two", [two.url("/")])], tmp_path,
              fast_settings(delay_s=0.2, concurrency=2))
    for site in (one, two):
        gaps = [b - a for a, b in zip(site.requests.times, site.requests.times[1:], strict=False)]
        # Server-side arrival times jitter by a few ms; the span of 5 gaps cannot shrink by more than that.
        assert len(gaps) == 5 and sum(gaps) >= 5 * 0.2 - 0.03 and min(gaps) >= 0.1
    # Concurrency: each site's crawl starts before the other one ends.
    assert two.requests.times[0] < one.requests.times[-1] and one.requests.times[0] < two.requests.times[-1]


def test_two_programs_on_one_host_share_its_delay(tmp_path):
    routes = {"/a": Response(html(links(("/a1", "Ethics a")))), "/b": Response(html(links(("/b1", "Ethics b")))),
              "/a1": Response(html("a1")), "/b1": Response(html("b1"))}
    with stamped(LocalSite(routes)) as site:
        crawl([make_program("oh-a", [site.url("/a")]), make_program("oh-b", [site.url("/b")])], tmp_path,
              fast_settings(delay_s=0.15, concurrency=2))
    gaps = [b - a for a, b in zip(site.requests.times, site.requests.times[1:], strict=False)]
    assert len(gaps) == 4 and sum(gaps) >= 4 * 0.15 - 0.03 and min(gaps) >= 0.075


def test_every_fetch_is_logged_on_its_record_and_counted_in_the_report(tmp_path):
    routes = {"/": Response(html(links(("/gone", "Handbook"), ("/ok", "Ethics")))), "/ok": Response(html("ok"))}
    with LocalSite(routes) as site:
        summary = crawl([make_program("oh-log", [site.url("/")])], tmp_path)
    by_path = {r.url.rsplit("/", 1)[1]: r for r in read_pages(tmp_path, "oh-log")}
    assert by_path["ok"].status == 200 and by_path["ok"].bytes > 0 and by_path["ok"].seconds >= 0
    assert by_path["ok"].sha256 and by_path["ok"].error is None
    assert by_path["gone"].status == 404 and by_path["gone"].error.startswith("HTTP 404")
    report = summary.reports[0]
    assert report.status == "partial" and report.pages_ok == 2 and report.pages_failed == 1
    assert "1 of 3 documents failed" in report.reason and "/gone" in report.reason
    assert report.counters["requests"] == 4 and report.counters["error_http_status"] == 1
    robots_404_bytes = len("<h1>Not found</h1>")
    assert report.counters["bytes"] == sum(r.bytes for r in read_pages(tmp_path, "oh-log")) + robots_404_bytes


def test_a_failed_crawl_keeps_the_last_good_pages_and_counts_the_failure_streak(tmp_path):
    routes = {"/": Response(html(links(("/ethics", "Ethics")))), "/ethics": Response(html("<p>ethics</p>"))}
    with LocalSite(routes) as site:
        program = make_program("oh-streak", [site.url("/")])
        crawl([program], tmp_path)
    good_pages = (tmp_path / "pages" / "oh-streak.jsonl").read_bytes()
    first = read_report(tmp_path, "oh-streak")
    assert first.status == "ok" and first.consecutive_failures == 0 and first.failing_since is None

    # The site is gone now: two failed runs.
    crawl([program], tmp_path, fast_settings(max_retries=0))
    second = read_report(tmp_path, "oh-streak")
    crawl([program], tmp_path, fast_settings(max_retries=0))
    third = read_report(tmp_path, "oh-streak")
    assert (tmp_path / "pages" / "oh-streak.jsonl").read_bytes() == good_pages
    assert second.status == third.status == "failed"  # robots.txt unreachable: an outage, never "blocked"
    assert "\n" not in third.reason and "connection failed" in third.reason
    assert (second.consecutive_failures, third.consecutive_failures) == (1, 2)
    assert second.last_ok_at == third.last_ok_at == first.last_ok_at
    assert third.failing_since == second.failing_since == second.started_at


def test_a_program_whose_pages_all_fail_is_failed_and_other_programs_still_finish(tmp_path):
    routes = {"/robots.txt": Response("", status=404), "/": Response(html("<p>ok</p>"))}
    with LocalSite(routes) as good, LocalSite({"/robots.txt": Response("", status=404)}) as bad:
        summary = crawl([make_program("oh-bad", [bad.url("/nothing")]), make_program("oh-good", [good.url("/")]),
                         make_program("oh-down", [closed_port_url()])], tmp_path, fast_settings(max_retries=0))
    statuses = {r.program_id: r.status for r in summary.reports}
    assert statuses == {"oh-bad": "failed", "oh-good": "ok", "oh-down": "failed"}
    assert summary.failed
    assert read_pages(tmp_path, "oh-bad") == [] and len(read_pages(tmp_path, "oh-good")) == 1
    text = crawl_summary_text(summary).splitlines()
    assert text[0].startswith("oh-bad: failed — ") and "HTTP 404" in text[0]
    assert text[1].startswith("oh-down: failed — robots.txt unavailable")
    assert text[-1] == "crawled 3 programs (1 ok, 2 failed): 1 documents, 5 requests"  # a refused connection is a request


def test_programs_without_a_certification_program_are_skipped_without_requests(tmp_path):
    with LocalSite({}) as site:
        summary = crawl([make_program("oh-none", [site.url("/")], program_found=False)], tmp_path)
    assert summary.reports[0].status == "skipped" and not summary.failed
    assert site.requests == [] and read_report(tmp_path, "oh-none").status == "skipped"


def test_a_recrawl_sends_conditional_requests_and_reuses_unchanged_pages(tmp_path):
    def etagged(request, handler):
        if request.headers.get("if-none-match") == '"v1"':
            return Response(b"", status=304, content_type=None, headers={"ETag": '"v1"'})
        return Response(html("<p>Peers keep professional boundaries.</p>", "Ethics"), headers={"ETag": '"v1"'})

    def dated(request, handler):
        stamp = "Wed, 01 Oct 2025 10:00:00 GMT"
        if request.headers.get("if-modified-since") == stamp:
            return Response(b"", status=304, content_type=None)
        return Response(html(links(("/ethics", "Ethics"))), headers={"Last-Modified": stamp})

    with LocalSite({"/": dated, "/ethics": etagged}) as site:
        program = make_program("oh-cond", [site.url("/")])
        crawl([program], tmp_path)
        first = {r.url: r for r in read_pages(tmp_path, "oh-cond")}
        summary = crawl([program], tmp_path)
    second = {r.url: r for r in read_pages(tmp_path, "oh-cond")}
    assert set(second) == set(first) == {site.url("/"), site.url("/ethics")}
    assert all(r.reused for r in second.values()) and not any(r.reused for r in first.values())
    assert second[site.url("/ethics")].blocks == first[site.url("/ethics")].blocks
    assert second[site.url("/ethics")].status == 200
    assert summary.reports[0].counters["not_modified"] == 2 and summary.reports[0].status == "ok"
    conditional = [r.headers for r in site.requests[-2:]]
    assert conditional[0].get("if-modified-since") and conditional[1].get("if-none-match") == '"v1"'


def test_odd_content_never_crashes_the_crawl(tmp_path):
    routes = {"/": Response(html(links(("/garbage", "Ethics"), ("/broken", "Handbook"), ("/zip", "Forms"),
                                       ("/nul", "Code")))),
              "/garbage": Response(bytes(range(256)) * 20, content_type="text/html"),
              "/broken": Response("<html><body><p>unclosed <div><table><tr><td>ethics</p></span>", content_type="text/html; charset=bogus"),
              "/zip": Response(b"PK\x03\x04" + b"\x00" * 50, content_type="application/zip"),
              "/nul": Response(b"\x00\x00\x00", content_type=None)}
    with LocalSite(routes) as site:
        summary = crawl([make_program("oh-odd", [site.url("/")])], tmp_path)
    assert summary.reports[0].status == "ok"
    records = {r.url.rsplit("/", 1)[1]: r for r in read_pages(tmp_path, "oh-odd")}
    assert set(records) == {"", "garbage", "broken", "zip", "nul"}
    assert records["zip"].kind == "other" and records["zip"].error


def test_a_seed_that_moved_to_another_host_takes_the_scope_with_it(tmp_path):
    with LocalSite({"/": Response(html(links(("/ethics", "Ethics")))), "/ethics": Response(html("e"))}) as new:
        with LocalSite({"/peer": Response(status=301, headers={"Location": new.url("/")})}) as old:
            crawl([make_program("oh-moved", [old.url("/peer")])], tmp_path)
    pages = read_pages(tmp_path, "oh-moved")
    assert [r.final_url for r in pages] == [new.url("/"), new.url("/ethics")]


def test_progress_is_shown_on_a_console(tmp_path):
    buffer = io.StringIO()
    with LocalSite({"/": Response(html("home"))}) as site:
        crawl_programs([make_program("oh-progress", [site.url("/")])], tmp_path, fast_settings(),
                       console=Console(file=buffer, width=100, force_terminal=False))
    assert "1/1" in buffer.getvalue() and "1 pages" in buffer.getvalue()


KILL_SCRIPT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from scrape.crawl import crawl_programs
    from tests.hostile import fast_settings, make_program
    urls = json.loads(sys.argv[1])
    programs = [make_program(f"oh-kill{i}", [u]) for i, u in enumerate(urls)]
    crawl_programs(programs, Path(sys.argv[2]), fast_settings(delay_s=0.08, concurrency=1, archive=True))
""")


def test_kill_9_mid_crawl_leaves_every_file_valid_and_the_next_run_completes(tmp_path):
    def site_routes():
        return {"/": Response(html(links(*((f"/p{i}", f"Ethics {i}") for i in range(6))))),
                **{f"/p{i}": Response(html(f"<p>page {i} about boundaries</p>")) for i in range(6)}}

    sites = [LocalSite(site_routes()).start() for _ in range(5)]
    try:
        urls = [s.url("/") for s in sites]
        data_dir = tmp_path / "data"
        proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, json.dumps(urls), str(data_dir)], cwd=REPO,
                                env={**os.environ, "PYTHONPATH": str(REPO)})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list((data_dir / "pages").glob("*.jsonl")):
            time.sleep(0.02)
        time.sleep(0.2)  # into the next program's crawl
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        written = list((data_dir / "pages").glob("*.jsonl"))
        assert 1 <= len(written) < 5, "the kill should land mid-run"
        for path in (data_dir / "pages").iterdir():
            if path.name.startswith("."):
                continue  # an abandoned temp file, never read
            if path.suffix == ".jsonl":
                assert all(json.loads(line) for line in path.read_text().splitlines())
            else:
                assert json.loads(path.read_text())["status"] == "ok"
        for archive in (data_dir / "archive").rglob("*.warc.gz"):
            with archive.open("rb") as handle:
                assert len(list(ArchiveIterator(handle))) == 6  # seed + 5 pages (per-pattern cap)

        programs = [make_program(f"oh-kill{i}", [u]) for i, u in enumerate(urls)]
        summary = crawl(programs, data_dir)
        assert [r.status for r in summary.reports] == ["ok"] * 5
        assert all(len(read_pages(data_dir, p.id)) == 6 for p in programs)
    finally:
        for site in sites:
            site.stop()


def test_a_bug_while_crawling_one_program_is_reported_and_the_others_finish(tmp_path, monkeypatch):
    import scrape.program

    real = scrape.program.page_relevance

    def broken_for_one(record, vocabulary):
        if record.program_id == "oh-buggy":
            raise RuntimeError("boom\nsecond line")
        return real(record, vocabulary)

    monkeypatch.setattr(scrape.program, "page_relevance", broken_for_one)
    with LocalSite({"/": Response(html(links(("/ethics", "Ethics")))), "/ethics": Response(html("e"))}) as site:
        summary = crawl([make_program("oh-buggy", [site.url("/")]), make_program("oh-fine", [site.url("/")])], tmp_path)
    reports = {r.program_id: r for r in summary.reports}
    assert reports["oh-fine"].status == "ok" and reports["oh-fine"].pages_ok == 2
    assert reports["oh-buggy"].status == "partial"  # the seed was fetched before the bug struck
    assert reports["oh-buggy"].reason == "internal error: RuntimeError: boom second line"
    assert reports["oh-buggy"].counters["internal_errors"] == 1


def test_a_document_that_fails_on_a_recrawl_keeps_its_last_good_record(tmp_path):
    answers = {"ethics": Response(html("<p>Peers keep professional boundaries.</p>", "Ethics"))}
    routes = {"/": Response(html(links(("/ethics", "Ethics")))), "/ethics": lambda request, handler: answers["ethics"]}
    with LocalSite(routes) as site:
        program = make_program("oh-keep", [site.url("/")])
        crawl([program], tmp_path)
        good = {r.url: r for r in read_pages(tmp_path, "oh-keep")}[site.url("/ethics")]
        answers["ethics"] = Response("down", status=500)
        summary = crawl([program], tmp_path, fast_settings(max_retries=0))
    kept = {r.url: r for r in read_pages(tmp_path, "oh-keep")}[site.url("/ethics")]
    assert summary.reports[0].status == "partial" and summary.reports[0].pages_failed == 1
    assert kept == good  # same text, same fetched_at: its age is visible
    assert summary.reports[0].counters["kept_previous"] == 1


def test_a_host_serves_one_request_at_a_time_even_with_several_documents_in_progress(tmp_path):
    import threading

    active, overlaps, lock = [0], [0], threading.Lock()

    def slow(request, handler):
        with lock:
            active[0] += 1
            overlaps[0] = max(overlaps[0], active[0])
        time.sleep(0.05)
        with lock:
            active[0] -= 1
        return Response(html("<p>slow page</p>"))

    routes = {"/": Response(html(links(*((f"/s{i}", f"Ethics {i}") for i in range(4))))), "/s0": slow, "/s1": slow,
              "/s2": slow, "/s3": slow}
    with LocalSite(routes) as site:
        crawl([make_program("oh-serial", [site.url("/")])], tmp_path, fast_settings(pages_in_progress=3))
    assert len([p for p in site.paths_requested() if p.startswith("/s")]) == 4
    assert overlaps[0] == 1


def test_a_partial_crawl_keeps_the_pages_below_a_page_that_failed_and_follows_its_last_known_links(tmp_path):
    answers = {"mid": Response(html(links(("/handbook", "Handbook")), "Program"))}
    routes = {"/": Response(html(links(("/mid", "Peer certification")))),
              "/mid": lambda request, handler: answers["mid"],
              "/handbook": Response(html("<p>Peers avoid dual relationships.</p>", "Handbook"))}
    with LocalSite(routes) as site:
        program = make_program("oh-below", [site.url("/")])
        crawl([program], tmp_path)
        first = {r.url: r for r in read_pages(tmp_path, "oh-below")}
        answers["mid"] = Response("down", status=500)
        site.requests.clear()
        summary = crawl([program], tmp_path, fast_settings(max_retries=0))
    second = {r.url: r for r in read_pages(tmp_path, "oh-below")}
    assert summary.reports[0].status == "partial"
    assert set(second) == set(first) == {site.url("/"), site.url("/mid"), site.url("/handbook")}
    assert second[site.url("/mid")] == first[site.url("/mid")]  # the failed page keeps its last good record
    assert "/handbook" in site.paths_requested()  # reached through the failed page's last known links
    assert second[site.url("/handbook")].blocks == first[site.url("/handbook")].blocks


def test_a_partial_crawl_keeps_the_earlier_records_of_a_host_whose_robots_txt_fails(tmp_path):
    robots = {"answer": Response("", status=404)}
    agency = {"/": Response(html(links(("/ethics", "Ethics")))), "/ethics": Response(html("<p>ethics</p>"))}
    board = {"/robots.txt": lambda request, handler: robots["answer"],
             "/": Response(html(links(("/rules", "Rules")))),
             "/rules": Response(html(links(("/rules/handbook", "Handbook")))),
             "/rules/handbook": Response(html("<p>Peers keep professional boundaries.</p>", "Handbook"))}
    with LocalSite(agency) as first_host, LocalSite(board) as second_host:
        program = make_program("oh-twohosts", [first_host.url("/"), second_host.url("/")])
        crawl([program], tmp_path)
        before = {r.url: r for r in read_pages(tmp_path, "oh-twohosts")}
        robots["answer"] = Response("oops", status=503)
        summary = crawl([program], tmp_path, fast_settings(max_retries=0))
    after = {r.url: r for r in read_pages(tmp_path, "oh-twohosts")}
    board_urls = {second_host.url(p) for p in ("/", "/rules", "/rules/handbook")}
    assert board_urls <= set(before)
    report = summary.reports[0]
    assert report.status == "partial" and "robots.txt unavailable (HTTP 503)" in report.reason
    assert set(after) == set(before)
    assert all(after[url] == before[url] for url in board_urls)  # old fetched_at: not confirmed by this run
    assert report.counters["kept_from_earlier"] == 3 and report.pages_ok == 2


def test_a_complete_crawl_drops_documents_the_site_no_longer_links(tmp_path):
    pages = {"home": Response(html(links(("/old", "Old handbook"))))}
    routes = {"/": lambda request, handler: pages["home"], "/old": Response(html("<p>old</p>"))}
    with LocalSite(routes) as site:
        program = make_program("oh-moved", [site.url("/")])
        crawl([program], tmp_path)
        pages["home"] = Response(html("<p>no links any more</p>"))
        summary = crawl([program], tmp_path)
    assert summary.reports[0].status == "ok" and "kept_from_earlier" not in summary.reports[0].counters
    assert [r.url for r in read_pages(tmp_path, "oh-moved")] == [site.url("/")]
