"""fetch: timeouts, size caps, redirects, retries and odd responses, each against a hostile local server."""

import time

from peerscan.localweb import LocalSite, Response
from scrape.settings import USER_AGENT
from tests.hostile import broken_framing, closed_port_url, drip, fast_settings, fetch, gzip_bomb, stamped


def test_sends_the_honest_user_agent_naming_peerscan_and_the_project_url():
    with LocalSite({"/": Response("<p>hi</p>")}) as site:
        result, _ = fetch(site.url("/"))
    assert result.status == 200 and result.body == b"<p>hi</p>"
    agent = site.requests[0].headers["user-agent"]
    assert agent == USER_AGENT and "peerscan" in agent and "https://" in agent


def test_a_server_dripping_one_byte_at_a_time_is_abandoned_at_the_total_deadline():
    with LocalSite({"/slow": drip(total_bytes=1000, every_s=0.2)}) as site:
        result, log = fetch(site.url("/slow"), fast_settings(total_timeout_s=1.0, read_timeout_s=5.0))
    assert result.error_kind == "timeout"
    assert "1 s" in result.error
    assert result.retries == 0  # a dripping server is not asked again
    assert log.get("error_timeout") == 1


def test_a_gzip_bomb_of_1_gib_is_not_decoded_past_the_cap():
    bomb = gzip_bomb(1 << 30)
    with LocalSite({"/bomb": bomb}) as site:
        result, log = fetch(site.url("/bomb"), fast_settings(max_bytes=1_000_000, total_timeout_s=20.0))
    assert result.error_kind == "too_large"
    assert result.body == b""
    assert log.get("too_large") == 1


def test_a_declared_content_length_over_the_cap_is_refused_without_reading():
    with LocalSite({"/big": Response(b"a" * 50_000)}) as site:
        result, _ = fetch(site.url("/big"), fast_settings(max_bytes=10_000))
    assert result.error_kind == "too_large" and "Content-Length" in result.error


def test_gzip_and_deflate_bodies_are_decoded():
    import zlib

    text = b"<p>ethics and boundaries</p>" * 100
    routes = {"/gz": Response(__import__("gzip").compress(text), headers={"Content-Encoding": "gzip"}),
              "/raw-deflate": Response(zlib.compress(text)[2:-4], headers={"Content-Encoding": "deflate"})}
    with LocalSite(routes) as site:
        gz, _ = fetch(site.url("/gz"))
        deflated, _ = fetch(site.url("/raw-deflate"))
    assert gz.body == text and deflated.body == text


def test_redirects_are_followed_hop_by_hop_and_recorded():
    routes = {"/a": Response(status=301, headers={"Location": "/b"}),
              "/b": Response(status=302, headers={"Location": "/c"}),
              "/c": Response("<p>landed</p>")}
    with LocalSite(routes) as site:
        result, log = fetch(site.url("/a"))
    assert result.status == 200 and result.final_url == site.url("/c")
    assert result.redirects == (site.url("/a"), site.url("/b"))
    assert log.get("redirects") == 2


def test_a_redirect_loop_is_detected_and_recorded():
    routes = {"/a": Response(status=302, headers={"Location": "/b"}),
              "/b": Response(status=302, headers={"Location": "/a"})}
    with LocalSite(routes) as site:
        result, log = fetch(site.url("/a"))
    assert result.error_kind == "redirects" and "loop" in result.error
    assert log.get("redirect_loops") == 1
    assert len(site.requests) == 2


def test_a_redirect_chain_longer_than_the_cap_is_abandoned():
    routes = {f"/r{i}": Response(status=302, headers={"Location": f"/r{i + 1}"}) for i in range(20)}
    with LocalSite(routes) as site:
        result, _ = fetch(site.url("/r0"), fast_settings(max_redirects=3))
    assert result.error_kind == "redirects" and "more than 3 redirects" in result.error
    assert len(site.requests) == 4


def test_5xx_is_retried_with_backoff_until_it_succeeds():
    answers = iter([Response("down", status=503), Response("down", status=500), Response("<p>up</p>")])
    with LocalSite({"/": lambda request, handler: next(answers)}) as site:
        result, log = fetch(site.url("/"), fast_settings(max_retries=3))
    assert result.status == 200 and result.error is None
    assert result.retries == 2 and log.get("retries") == 2
    assert len(site.requests) == 3


def test_retries_are_bounded_and_the_reason_recorded_when_giving_up():
    with LocalSite({"/": Response("down", status=503)}) as site:
        result, _ = fetch(site.url("/"), fast_settings(max_retries=2))
    assert len(site.requests) == 3
    assert result.status == 503 and result.error == "HTTP 503 Service Unavailable (after 2 retries)"


def test_429_with_retry_after_waits_that_long_before_asking_again():
    answers = iter([Response("slow down", status=429, headers={"Retry-After": "1"}), Response("<p>ok</p>")])
    with stamped(LocalSite({"/": lambda request, handler: next(answers)})) as site:
        result, _ = fetch(site.url("/"), fast_settings(backoff_base_s=0.001))
    assert result.status == 200
    gap = site.requests.times[1] - site.requests.times[0]
    assert gap >= 0.9  # Retry-After: 1, not the 1 ms backoff


def test_a_retry_after_longer_than_the_bound_is_given_up_on_not_hammered():
    with LocalSite({"/": Response("later", status=503, headers={"Retry-After": "3600"})}) as site:
        result, log = fetch(site.url("/"), fast_settings(max_retry_after_s=5.0))
    assert len(site.requests) == 1
    assert "Retry-After 3600 s exceeds 5 s" in result.error
    assert log.get("retry_after_too_long") == 1


def test_connection_refused_is_retried_then_recorded():
    result, log = fetch(closed_port_url(), fast_settings(max_retries=2))
    assert result.error_kind == "connect" and "connection failed" in result.error
    assert result.retries == 2 and log.get("error_connect") == 1


def test_dns_failure_is_not_retried(monkeypatch):
    import socket

    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    started = time.monotonic()
    result, log = fetch("http://program.invalid/", fast_settings(max_retries=3, backoff_base_s=5.0))
    assert result.error_kind == "dns" and "DNS lookup failed" in result.error
    assert result.retries == 0 and log.get("retries") == 0
    assert time.monotonic() - started < 5.0  # no backoff sleep happened


def test_binary_garbage_labelled_html_and_a_missing_content_type_are_returned_not_raised():
    routes = {"/garbage": Response(bytes(range(256)) * 40, content_type="text/html"),
              "/untyped": Response(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type=None)}
    with LocalSite(routes) as site:
        garbage, _ = fetch(site.url("/garbage"))
        untyped, _ = fetch(site.url("/untyped"))
    assert garbage.status == 200 and len(garbage.body) == 256 * 40
    assert untyped.status == 200 and untyped.header("content-type") is None


def test_a_response_cut_short_is_recorded_as_broken_http():
    with LocalSite({"/cut": broken_framing}) as site:
        result, _ = fetch(site.url("/cut"), fast_settings(max_retries=0))
    assert result.error_kind == "protocol" and "broken HTTP response" in result.error


def test_4xx_is_recorded_without_retrying():
    with LocalSite({}) as site:
        result, log = fetch(site.url("/missing"))
    assert result.status == 404 and result.error.startswith("HTTP 404")
    assert len(site.requests) == 1 and log.get("retries") == 0


def test_a_redirect_without_a_location_is_an_error_not_an_empty_page():
    with LocalSite({"/": Response(status=302)}) as site:
        result, _ = fetch(site.url("/"))
    assert result.error_kind == "redirects" and "without a Location" in result.error


def test_corrupt_gzip_and_an_unknown_content_encoding_are_recorded_not_raised():
    routes = {"/corrupt": Response(b"\x1f\x8b\x08\x00garbage-not-gzip", headers={"Content-Encoding": "gzip"}),
              "/brotli": Response(b"\x0b\x02\x80hello", headers={"Content-Encoding": "br"})}
    with LocalSite(routes) as site:
        corrupt, _ = fetch(site.url("/corrupt"))
        brotli, _ = fetch(site.url("/brotli"))
    assert corrupt.error_kind == "http" and corrupt.error.startswith("corrupt compressed body")
    assert brotli.error_kind == "http" and "unsupported Content-Encoding 'br'" in brotli.error
    assert site.requests[0].headers["accept-encoding"] == "gzip, deflate"
