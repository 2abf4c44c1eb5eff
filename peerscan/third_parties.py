"""The reviewed list of known third-party hosts (data/third_party_hosts.yaml): load, validate, match a URL.

A seed on one of these hosts is not the program's own page; registry validation rejects it.
"""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from peerscan import paths
from peerscan.errors import InputError, InputErrors
from peerscan.yamlfile import load_yaml_list

HOST_KINDS = ("news", "sponsored_content", "national_directory", "commercial_directory", "law_mirror",
              "file_sharing", "form_service", "training_vendor", "content_farm", "site_mirror")


@dataclass(frozen=True)
class ThirdPartyHost:
    """One reviewed host: what kind of site it is and why its pages are not a program's own."""

    host: str
    kind: str
    reason: str
    line: int = 0


@dataclass(frozen=True)
class ThirdPartyHosts:
    """All reviewed hosts; a host matches itself and its subdomains."""

    hosts: tuple[ThirdPartyHost, ...] = ()
    path: Path = paths.THIRD_PARTY_HOSTS_FILE

    def match(self, url: str) -> ThirdPartyHost | None:
        """The listed host a URL lives on, or None."""
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
        for entry in self.hosts:
            if host == entry.host or host.endswith("." + entry.host):
                return entry
        return None


def load_third_party_hosts(path: Path | str = paths.THIRD_PARTY_HOSTS_FILE) -> ThirdPartyHosts:
    """Read and validate the list; raises InputErrors naming file, line and fix."""
    path = Path(path)
    doc = load_yaml_list(path, "hosts")
    found: list[ThirdPartyHost] = []
    errors: list[InputError] = []
    seen: dict[str, int] = {}
    for item in doc["hosts"]:
        line = item.get("__line__", 0) if isinstance(item, dict) else 0
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) and item[k].strip()
                                                 for k in ("host", "kind", "reason")):
            errors.append(InputError("each host needs 'host', 'kind' and 'reason'", path, line,
                                     fix="copy the shape of a neighbouring entry; say why the host is not official"))
            continue
        host = item["host"].strip().lower()
        if "/" in host or ":" in host or " " in host:
            errors.append(InputError(f"host {host!r} is not a bare host name", path, line,
                                     fix="write the host only, without scheme or path: example.com"))
        elif item["kind"] not in HOST_KINDS:
            errors.append(InputError(f"host {host}: kind {item['kind']!r} is not one of {', '.join(HOST_KINDS)}",
                                     path, line, fix="pick the closest kind"))
        elif host in seen:
            errors.append(InputError(f"host {host} is listed twice (first at line {seen[host]})", path, line,
                                     fix="keep one entry per host"))
        else:
            seen[host] = line
            found.append(ThirdPartyHost(host, item["kind"], item["reason"].strip(), line))
    if errors:
        raise InputErrors(errors)
    return ThirdPartyHosts(tuple(found), path)
