"""A small programmable web server on 127.0.0.1: the demo's sample web and the tests' fixture web.

Each LocalSite listens on its own port, so several sites are several hosts to the crawler.
"""

import mimetypes
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class Request:
    """What the server saw: method, path with query, headers."""

    method: str
    path: str
    headers: dict[str, str]


@dataclass
class Response:
    """What a route answers."""

    body: bytes | str = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


# A route is a fixed Response, or a function of the request; a function may also write to the raw
# handler itself (to drip bytes or send broken framing) and return None.
Route = Response | Callable[[Request, BaseHTTPRequestHandler], Response | None]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes; with Nagle on, kept-alive clients wait ~40 ms per response.
    disable_nagle_algorithm = True
    site: "LocalSite"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - silence stderr logging
        return

    def _serve(self) -> None:
        request = Request(self.command, self.path, {k.lower(): v for k, v in self.headers.items()})
        self.site.requests.append(request)
        route = self.site.routes.get(self.path) or self.site.routes.get(urlsplit(self.path).path)
        if route is None:
            route = self.site.fallback
        response = route(request, self) if callable(route) else route
        if response is None:
            return
        body = response.body.encode("utf-8") if isinstance(response.body, str) else response.body
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if not any(k.lower() == "content-length" for k in response.headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = _serve
    do_HEAD = _serve


class LocalSite:
    """A site on http://127.0.0.1:<port>/ with programmable routes; use as a context manager."""

    def __init__(self, routes: dict[str, Route] | None = None, fallback: Route | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.fallback: Route = fallback or Response("<h1>Not found</h1>", status=404)
        self.requests: list[Request] = []
        handler = type("SiteHandler", (_Handler,), {"site": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        # A short poll interval makes stop() quick; tests start and stop many sites.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str = "/") -> str:
        return self.base + path

    def start(self) -> "LocalSite":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "LocalSite":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def paths_requested(self) -> list[str]:
        return [r.path for r in self.requests]


def routes_from_directory(root: Path) -> dict[str, Route]:
    """Static routes for every file under root; index.html also answers its folder's URL."""
    routes: dict[str, Route] = {}
    for file in sorted(Path(root).rglob("*")):
        if not file.is_file():
            continue
        rel = "/" + file.relative_to(root).as_posix()
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/"):
            kind += "; charset=utf-8"
        response = Response(file.read_bytes(), content_type=kind)
        routes[rel] = response
        if file.name == "index.html":
            folder = rel[: -len("index.html")]
            routes[folder] = response
            if folder != "/":
                # Like most servers: a folder URL without its slash redirects to the slashed one.
                routes[folder.rstrip("/")] = Response(b"", status=301, headers={"Location": folder})
    return routes
