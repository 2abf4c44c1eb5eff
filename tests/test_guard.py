"""guard: private, loopback, link-local addresses are refused after DNS and on every redirect hop."""

import asyncio
import ipaddress
import socket

import httpcore
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
    # 6to4 (2002::/16) and Teredo (2001::/32) carry an IPv4 address inside: the inner address decides.
    ("2002:a9fe:a9fe::1", "link-local"), ("2002:7f00:1::1", "loopback"), ("2002:a00:1::1", "private"),
    ("2001:0:4136:e378:8000:63bf:5601:5601", "link-local"), ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"),
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


def loopback_only(monkeypatch) -> list[str]:
    """Make every TCP connection to anything but 127.0.0.1 fail without touching the network; returns the hosts asked."""
    connected: list[str] = []
    real_connect = httpcore.AnyIOBackend.connect_tcp

    async def only_loopback(self, host, port, *args, **kwargs):
        connected.append(host)
        if host != "127.0.0.1":
            raise httpcore.ConnectError(f"test firewall: no connection to {host}")
        return await real_connect(self, host, port, *args, **kwargs)

    monkeypatch.setattr(httpcore.AnyIOBackend, "connect_tcp", only_loopback)
    return connected


def test_the_connection_goes_to_the_address_the_guard_checked_not_to_a_later_dns_answer(monkeypatch):
    lookups = []
    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.example.org":
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        # First answer loopback (which the guard permits), then the metadata endpoint: DNS rebinding.
        address = "127.0.0.1" if len(lookups) == 1 else "169.254.169.254"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    connected = loopback_only(monkeypatch)
    with LocalSite({"/": Response("<p>hi</p>")}) as site:
        port = site.base.rsplit(":", 1)[1]
        result, log = fetch(f"http://rebind.example.org:{port}/", guard=AddressGuard(frozenset({"loopback"})))
    assert connected == ["127.0.0.1"] and len(lookups) == 1
    assert result.status == 200 and result.body == b"<p>hi</p>"
    assert site.requests[0].headers["host"] == f"rebind.example.org:{port}"  # the name still goes to the server


def test_a_name_resolving_to_a_refused_address_is_never_connected(monkeypatch):
    def metadata(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", port))]

    monkeypatch.setattr(socket, "getaddrinfo", metadata)
    connected = loopback_only(monkeypatch)
    result, log = fetch("http://innocent.example.org/latest/meta-data/")
    assert result.error_kind == "refused" and "169.254.169.254" in result.error
    assert connected == [] and log.get("guard_refused") == 1


def test_connections_of_programs_with_different_guards_are_never_shared(monkeypatch):
    from scrape.crawl import make_client
    from scrape.crawl_log import CrawlLog
    from scrape.fetch import Fetcher
    from scrape.throttle import HostThrottle
    from tests.hostile import fast_settings

    def loopback(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    async def both(url: str):
        settings = fast_settings()
        async with make_client(settings) as client:
            def fetcher(guard: AddressGuard) -> Fetcher:
                return Fetcher(client, settings, HostThrottle(0.0), guard, CrawlLog())
            first = await fetcher(AddressGuard(frozenset({"loopback"}))).fetch(url)
            # A kept-alive connection to the loopback address must not serve a program that may not reach it.
            second = await fetcher(AddressGuard()).fetch(url)
            return first, second

    monkeypatch.setattr(socket, "getaddrinfo", loopback)
    with LocalSite({"/": Response("<p>hi</p>")}) as site:
        port = site.base.rsplit(":", 1)[1]
        first, second = asyncio.run(both(f"http://shared.example.org:{port}/"))
    assert first.status == 200
    assert second.error_kind == "refused" and len(site.requests) == 1


def self_signed(name: str) -> tuple[bytes, bytes]:
    """A PEM certificate for the host name only (no IP address in it) and its key."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def test_https_to_a_checked_address_still_sends_and_verifies_the_host_name(monkeypatch, tmp_path):
    import ssl
    import threading

    import httpx

    from scrape.crawl_log import CrawlLog
    from scrape.fetch import Fetcher
    from scrape.throttle import HostThrottle
    from scrape.transport import GuardedTransport
    from tests.hostile import fast_settings

    cert_pem, key_pem = self_signed("secure.example.org")
    (tmp_path / "cert.pem").write_bytes(cert_pem)
    (tmp_path / "key.pem").write_bytes(key_pem)
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    names: list[str | None] = []
    server_side.sni_callback = lambda sock, name, context: names.append(name)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve_one() -> None:
        connection, _ = listener.accept()
        with server_side.wrap_socket(connection, server_side=True) as tls:
            request = b""
            while b"\r\n\r\n" not in request:
                request += tls.recv(4096)
            tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")

    thread = threading.Thread(target=serve_one, daemon=True)
    thread.start()

    def loopback(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", loopback)
    connected = loopback_only(monkeypatch)
    trusting = ssl.create_default_context(cadata=cert_pem.decode())

    async def go():
        settings = fast_settings()
        transport = GuardedTransport(httpx.Limits(max_connections=4), verify=trusting)
        async with httpx.AsyncClient(transport=transport, follow_redirects=False) as client:
            fetcher = Fetcher(client, settings, HostThrottle(0.0), AddressGuard(frozenset({"loopback"})), CrawlLog())
            return await fetcher.fetch(f"https://secure.example.org:{port}/")

    try:
        result = asyncio.run(go())
    finally:
        listener.close()
        thread.join(timeout=5)
    assert connected == ["127.0.0.1"]
    assert names == ["secure.example.org"]  # SNI names the host, and the certificate was verified for it
    assert result.status == 200 and result.body == b"ok"
