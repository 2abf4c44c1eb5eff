"""guard: private, loopback, link-local addresses are refused after DNS and on every redirect hop."""

import asyncio
import ipaddress
import socket

import pytest

from peerscan.localweb import LocalSite, Response
from scrape.guard import AddressGuard, Refused, classify_address, guard_for_seeds
from scrape.records import read_pages
from tests.hostile import crawl, fetch, html, make_program


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("10.1.2.3", "private"), ("192.168.0.10", "private"), ("172.16.5.5", "private"), ("100.64.0.1", "private"),
    ("224.0.0.1", "multicast"), ("0.0.0.0", "reserved"), ("240.0.0.1", "reserved"),
    ("::ffff:169.254.169.254", "link-local"), ("93.184.216.34", "public"), ("2606:4700::1", "public"),
])
def test_addresses_are_classified_by_kind(address, kind):
    assert classify_address(ipaddress.ip_address(address)) == kind


def test_a_loopback_seed_permits_loopback_but_not_link_local_or_private():
    guard = asyncio.run(guard_for_seeds(("http://127.0.0.1:8000/",), allow_private=False))
    assert guard.permitted_kinds == frozenset({"loopback"})
    asyncio.run(guard.check("http://127.0.0.1:9/x"))
    for url in ("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[fe80::1]/"):
        with pytest.raises(Refused):
            asyncio.run(guard.check(url))


def test_a_public_seed_permits_no_private_address_and_the_option_lifts_the_guard():
    with pytest.raises(Refused, match="loopback"):
        asyncio.run(AddressGuard().check("http://127.0.0.1/"))
    asyncio.run(AddressGuard(allow_all=True).check("http://169.254.169.254/"))


def test_a_host_name_is_checked_after_dns_resolution(monkeypatch):
    def resolves_to_metadata(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolves_to_metadata)
    with pytest.raises(Refused, match=r"innocent\.example\.org \(169\.254\.169\.254, link-local"):
        asyncio.run(AddressGuard(frozenset({"loopback"})).check("http://innocent.example.org/"))


def test_a_redirect_from_a_loopback_seed_to_the_metadata_endpoint_is_refused_before_connecting():
    routes = {"/": Response(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})}
    with LocalSite(routes) as site:
        result, log = fetch(site.url("/"))
    assert result.error_kind == "refused"
    assert "169.254.169.254" in result.error and "link-local" in result.error
    assert log.get("guard_refused") == 1
    assert result.final_url == "http://169.254.169.254/latest/meta-data/"


def test_a_redirect_to_a_private_network_host_is_refused_on_the_hop(monkeypatch):
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        if host == "intranet.example.org":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    routes = {"/": Response(status=301, headers={"Location": "http://intranet.example.org/admin"})}
    with LocalSite(routes) as site:
        result, _ = fetch(site.url("/"))
    assert result.error_kind == "refused" and "10.0.0.7" in result.error


def test_a_link_to_the_metadata_endpoint_in_a_program_s_allow_list_is_refused_in_a_crawl(tmp_path):
    page = html('<a href="http://169.254.169.254/latest/meta-data/">Ethics handbook</a>')
    with LocalSite({"/": Response(page)}) as site:
        program = make_program("oh-guard", [site.url("/")], allow=("http://169.254.169.254/",))
        summary = crawl([program], tmp_path)
    report = summary.reports[0]
    assert report.status == "partial" and report.pages_ok == 1 and report.pages_failed == 1
    assert report.counters["guard_refused"] == 1
    assert "169.254.169.254" in report.reason
    refused = [r for r in read_pages(tmp_path, "oh-guard") if r.error]
    assert [r.url for r in refused] == ["http://169.254.169.254/latest/meta-data/"]
    assert refused[0].status is None and "link-local" in refused[0].error
