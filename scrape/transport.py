"""The crawl's HTTP transport: every connection goes to an address the program's guard checked, from one lookup.

Each request carries its program's AddressGuard (GUARD_EXTENSION); connections are pooled per guard, so a
kept-alive connection one program may use never serves a program whose guard would refuse its address.
"""

import ssl
import typing

import httpcore
import httpx

from scrape.guard import AddressGuard

GUARD_EXTENSION = "peerscan_guard"  # request extension naming the AddressGuard of the program asking


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves a host once, has the guard check every address, and connects to a checked one.

    TLS still verifies the host name: httpcore starts TLS with the URL's host, not the address connected to.
    Closes the DNS rebinding gap of checking a name and letting the connection resolve it again.
    """

    def __init__(self, guard: AddressGuard, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self.guard = guard
        self.inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                          socket_options: typing.Iterable[typing.Any] | None = None) -> httpcore.AsyncNetworkStream:
        addresses = list(dict.fromkeys(await self.guard.checked_addresses(host, port)))
        if not addresses:
            raise httpcore.ConnectError(f"{host} resolved to no address")
        for address in addresses[:-1]:
            try:
                return await self.inner.connect_tcp(str(address), port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout):
                continue  # the next checked address of the same host may answer
        return await self.inner.connect_tcp(str(addresses[-1]), port, timeout, local_address, socket_options)

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: typing.Iterable[typing.Any] | None = None) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("the crawler connects over TCP only")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class GuardedTransport(httpx.AsyncBaseTransport):
    """Routes each request to the connection pool of its guard (a guard-less request gets the strictest guard)."""

    def __init__(self, limits: httpx.Limits, verify: ssl.SSLContext | bool = True) -> None:
        self.limits = limits
        # Loaded once, here: loading the CA bundle takes tens of ms, too long to spend inside a host's throttle turn.
        self.ssl_context = verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context(verify, trust_env=False)
        self._pools: dict[AddressGuard, httpx.AsyncHTTPTransport] = {}

    def _pool_for(self, guard: AddressGuard) -> httpx.AsyncHTTPTransport:
        if guard not in self._pools:
            transport = httpx.AsyncHTTPTransport(verify=self.ssl_context, limits=self.limits, trust_env=False)
            # httpx offers no network_backend option (0.28), so its pool is rebuilt with ours, same limits.
            transport._pool = httpcore.AsyncConnectionPool(
                ssl_context=self.ssl_context, max_connections=self.limits.max_connections,
                max_keepalive_connections=self.limits.max_keepalive_connections,
                keepalive_expiry=self.limits.keepalive_expiry, network_backend=GuardedBackend(guard))
            self._pools[guard] = transport
        return self._pools[guard]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        guard = request.extensions.get(GUARD_EXTENSION)
        return await self._pool_for(guard if isinstance(guard, AddressGuard) else AddressGuard()).handle_async_request(request)

    async def aclose(self) -> None:
        for transport in self._pools.values():
            await transport.aclose()
