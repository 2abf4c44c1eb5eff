"""Address guard: refuse private, loopback, link-local, reserved and multicast addresses after DNS.

A program whose own seed sits on such an address may reach that same kind (a 127.0.0.1 test registry works),
never another kind (a loopback seed still cannot redirect to 169.254.169.254); settings.allow_private_addresses lifts it.
"""

import asyncio
import concurrent.futures
import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(Exception):
    """The guard refused a URL before any connection was made; str() is the one-line reason."""


class DNSFailure(Exception):
    """The host name did not resolve."""


def classify_address(address: IPAddress) -> str:
    """public, or the kind of non-public address: loopback, link-local, private, multicast, reserved."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return classify_address(address.ipv4_mapped)
        # 6to4 and Teredo tunnel to the IPv4 address they carry (Teredo: its client), so that address decides.
        inner = address.sixtofour or (address.teredo[1] if address.teredo else None)
        if inner is not None and classify_address(inner) != "public":
            return classify_address(inner)
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if address.is_unspecified or address.is_reserved:
        return "reserved"
    if address.is_private or not address.is_global:
        return "private"
    return "public"


async def resolve_host(host: str, port: int) -> list[IPAddress]:
    """Every address the host resolves to (an IP literal resolves to itself)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise DNSFailure(f"DNS lookup failed for {host}: {exc}") from None
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


class Resolver:
    """A run's DNS: each host looked up once (answer or failure), on enough threads that lookups overlap.

    asyncio's default executor has a handful of threads; a resolver that times out (no network) then
    serializes every program behind 5-second failures. One answer per run also means the guard's check and
    the connection always agree.
    """

    def __init__(self, workers: int = 256) -> None:
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dns")
        self._answers: dict[tuple[str, int], asyncio.Future] = {}

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        """Every address of host (from the run's one lookup); raises DNSFailure."""
        try:
            return [ipaddress.ip_address(host.strip("[]"))]
        except ValueError:
            pass
        key = (host.lower(), port)
        if key not in self._answers:
            loop = asyncio.get_running_loop()
            self._answers[key] = loop.run_in_executor(self._executor, _lookup, host, port)
        return list(await asyncio.shield(self._answers[key]))

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def _lookup(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise DNSFailure(f"DNS lookup failed for {host}: {exc}") from None
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


@dataclass(frozen=True)
class AddressGuard:
    """Which non-public address kinds one program may reach."""

    permitted_kinds: frozenset[str] = frozenset()
    allow_all: bool = False
    resolver: Resolver | None = field(default=None, compare=False, hash=False, repr=False)

    async def check(self, url: str) -> None:
        """Resolve the URL's host and raise Refused (or DNSFailure) unless every address is permitted."""
        parts = urlsplit(url)
        await self.checked_addresses(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))

    async def checked_addresses(self, host: str, port: int) -> list[IPAddress]:
        """The host's addresses from one DNS lookup, every one permitted; else raise Refused (or DNSFailure).

        Connections go to these very addresses (scrape/transport.py), so a second, different answer never counts.
        """
        addresses = await (self.resolver.resolve(host, port) if self.resolver else resolve_host(host, port))
        if self.allow_all:
            return addresses
        for address in addresses:
            kind = classify_address(address)
            if kind != "public" and kind not in self.permitted_kinds:
                raise Refused(f"address guard refused {host} ({address}, {kind} address)")
        return addresses


async def guard_for_seeds(seeds: tuple[str, ...], allow_private: bool, resolver: Resolver | None = None) -> AddressGuard:
    """A guard that permits the non-public address kinds the program's own seeds resolve to."""
    kinds: set[str] = set()
    for seed in seeds:
        parts = urlsplit(seed)
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
            addresses = await (resolver.resolve(parts.hostname or "", port) if resolver
                               else resolve_host(parts.hostname or "", port))
        except (DNSFailure, ValueError):
            continue
        kinds.update(classify_address(a) for a in addresses)
    kinds.discard("public")
    return AddressGuard(frozenset(kinds), allow_private, resolver)
