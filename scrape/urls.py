"""URL canonicalization, path patterns and program scope: how the crawler decides two URLs are one.

Drops fragments, tracking parameters (utm_*, fbclid, gclid …) and session ids (jsessionid, PHPSESSID, sid …).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as w3lib_canonicalize_url

TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "_ga", "_gl",
    "igshid", "ref_src", "hsctatracking", "__hstc", "__hssc", "__hsfp", "_hsenc", "_hsmi", "oly_enc_id",
})
SESSION_PARAMS = frozenset({"jsessionid", "phpsessid", "sid", "sessionid", "session_id", "aspsessionid",
                            "cfid", "cftoken", "zenid", "oscsid"})
DEFAULT_PORTS = {"http": 80, "https": 443}
_DIGITS = re.compile(r"\d+")
# ;jsessionid=ABC path parameters that Java servers append to every link.
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sid|sessionid)=[^/?#]*", re.IGNORECASE)


def _dropped(name: str) -> bool:
    lower = name.lower()
    return lower in TRACKING_PARAMS or lower in SESSION_PARAMS or lower.startswith(TRACKING_PREFIXES)


def canonicalize_url(url: str) -> str:
    """The canonical form of an http(s) URL, or "" when it is not one the crawler can fetch."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return ""
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _PATH_SESSION.sub("", parts.path) or "/"
    query = "&".join(pair for pair in parts.query.split("&") if pair and not _dropped(unquote(pair.split("=")[0])))
    # w3lib (Scrapy's) normalizes percent-encoding (%7E is ~, a space is %20) and sorts the query; it keeps
    # default ports and session ids, which the lines above drop.
    return w3lib_canonicalize_url(urlunsplit((scheme, netloc, path, query, "")))


def host_key(url: str) -> str:
    """scheme-less host[:port] used for per-host politeness (two ports are two servers)."""
    return urlsplit(url).netloc.lower()


def path_pattern(url: str) -> str:
    """The URL's host + path with digit runs replaced, and query names without values: a trap's signature."""
    parts = urlsplit(url)
    names = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{parts.netloc}{_DIGITS.sub('#', parts.path)}?{'&'.join(names)}"


@dataclass(frozen=True)
class Scope:
    """Where a program's crawl may go: whole hosts, or host + path prefixes."""

    hosts: frozenset[str]
    prefixes: tuple[str, ...] = ()

    def allows(self, url: str) -> bool:
        """True when the canonical url is on an allowed host or under an allowed prefix."""
        if host_key(url) in self.hosts:
            return True
        return any(url.startswith(prefix) for prefix in self.prefixes)


def build_scope(seeds: tuple[str, ...], allow: tuple[str, ...]) -> Scope:
    """Seeds' hosts (any path) plus allow entries: a full URL is a host + path prefix, a bare host is a host."""
    hosts = {host_key(canonicalize_url(s)) for s in seeds if canonicalize_url(s)}
    prefixes = []
    for entry in allow:
        if "://" in entry:
            canonical = canonicalize_url(entry)
            if canonical:
                prefixes.append(canonical)
        elif entry.strip():
            hosts.add(entry.strip().lower().strip("/"))
    return Scope(frozenset(hosts), tuple(prefixes))
