"""The crawl's HTTP transport: every connection goes to an address the program's guard checked, from one lookup.

Each request carries its program's AddressGuard (GUARD_EXTENSION); connections are pooled per guard, so a
kept-alive connection one program may use never serves a program whose guard would refuse its address.
"""

import contextlib
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


# httpcore's exceptions as the httpx ones the fetcher handles; the first match wins, so subclasses come first.
_EXCEPTIONS = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout), (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout), (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.ConnectError, httpx.ConnectError), (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError), (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError), (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.TimeoutException, httpx.TimeoutException), (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextlib.contextmanager
def _httpx_errors(request: httpx.Request) -> typing.Iterator[None]:
    try:
        yield
    except Exception as exc:
        for core, mapped in _EXCEPTIONS:
            if isinstance(exc, core):
                raise mapped(str(exc), request=request) from exc
        raise


class _ResponseStream(httpx.AsyncByteStream):
    """An httpcore response body as an httpx stream, with httpcore errors mapped."""

    def __init__(self, stream: typing.AsyncIterable[bytes], request: httpx.Request) -> None:
        self._stream = stream
        self._request = request

    async def __aiter__(self) -> typing.AsyncIterator[bytes]:
        with _httpx_errors(self._request):
            async for part in self._stream:
                yield part

    async def aclose(self) -> None:
        if hasattr(self._stream, "aclose"):
            await self._stream.aclose()


class GuardedTransport(httpx.AsyncBaseTransport):
    """Routes each request to the connection pool of its guard (a guard-less request gets the strictest guard).

    Public routes only: httpx accepts any AsyncBaseTransport, and httpcore's pool takes our network backend.
    """

    def __init__(self, limits: httpx.Limits, verify: ssl.SSLContext | bool = True) -> None:
        self.limits = limits
        # Loaded once, here: loading the CA bundle takes tens of ms, too long to spend inside a host's throttle turn.
        self.ssl_context = verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context(verify, trust_env=False)
        self._pools: dict[AddressGuard, httpcore.AsyncConnectionPool] = {}

    def _pool_for(self, guard: AddressGuard) -> httpcore.AsyncConnectionPool:
        if guard not in self._pools:
            self._pools[guard] = httpcore.AsyncConnectionPool(
                ssl_context=self.ssl_context, max_connections=self.limits.max_connections,
                max_keepalive_connections=self.limits.max_keepalive_connections,
                keepalive_expiry=self.limits.keepalive_expiry, network_backend=GuardedBackend(guard))
        return self._pools[guard]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        guard = request.extensions.get(GUARD_EXTENSION)
        pool = self._pool_for(guard if isinstance(guard, AddressGuard) else AddressGuard())
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host, port=request.url.port,
                             target=request.url.raw_path),
            headers=request.headers.raw, content=request.stream, extensions=request.extensions)
        with _httpx_errors(request):
            response = await pool.handle_async_request(core_request)
        return httpx.Response(status_code=response.status, headers=response.headers,
                              stream=_ResponseStream(response.stream, request), extensions=response.extensions)

    async def aclose(self) -> None:
        for pool in self._pools.values():
            await pool.aclose()
