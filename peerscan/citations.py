"""Who publishes a registry URL, and why it changed: the `seeds`, `references` and `changes` of a program.

Parsed and validated here for peerscan.registry; publisher kinds are those of DESIGN.md § Files.
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from peerscan.errors import InputError
from peerscan.third_parties import ThirdPartyHosts

# agency: state government; board: the certifying body the state names; administrator: the organization
# the state contracts to run training or certification; third_party: anything else (never crawled).
PUBLISHER_KINDS = ("agency", "board", "administrator", "third_party")
OFFICIAL_PUBLISHERS = ("agency", "board", "administrator")
PUBLISHER_TEXT = {"agency": "state agency", "board": "certification board",
                  "administrator": "program administrator (contracted by the state)",
                  "third_party": "third party (not the program's own page)"}
SEED_SHAPE = "write each seed as a mapping: - {url: https://…, publisher: agency}  (agency, board or administrator)"


@dataclass(frozen=True)
class SourcePage:
    """A URL the registry cites, with who publishes it and an optional one-line note."""

    url: str
    publisher: str
    note: str = ""


@dataclass(frozen=True)
class Change:
    """Provenance of one registry edit: where the fact was seen, when, and what changed."""

    date: str
    seen_at: str
    note: str


def check_url(url: object, path: object, line: int, what: str) -> list[InputError]:
    """Problems with one URL field (empty, not http(s), no host, spaces)."""
    if not isinstance(url, str) or not url.strip():
        return [InputError(f"{what} must be a URL string, got {url!r}", path, line, fix="write a full https:// URL")]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return [InputError(f"{what} {url!r} is not an http(s) URL", path, line,
                           fix="use a full URL starting with https:// (or http://)")]
    if not parts.hostname or " " in url:
        return [InputError(f"{what} {url!r} is malformed (no host, or spaces)", path, line,
                           fix="write one full URL per list item; separate several URLs as list items")]
    return []


def _items(value: object) -> list[object]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def parse_seeds(value: object, path: object, line: int, pid: str,
                third_parties: ThirdPartyHosts) -> tuple[tuple[SourcePage, ...], list[InputError]]:
    """The crawlable seeds: each an official page (agency, board, administrator), never a third party's."""
    found: list[SourcePage] = []
    errors: list[InputError] = []
    for item in _items(value):
        at = item.get("__line__", line) if isinstance(item, dict) else line
        if not isinstance(item, dict):
            errors += check_url(item, path, at, f"program {pid}: seed")
            errors.append(InputError(f"program {pid}: seed {item!r} does not say who publishes it", path, at,
                                     fix=SEED_SHAPE))
            continue
        url, publisher = item.get("url"), item.get("publisher")
        problems = check_url(url, path, at, f"program {pid}: seed")
        if publisher == "third_party":
            problems.append(InputError(
                f"program {pid}: seed {url} is a third party's page, which is never crawled as the program's site",
                path, at, fix="move it under 'references:' and seed the program's own agency, board or "
                              "administrator page (no such page: leave 'seeds: []' and the program shows "
                              "'no official web page found')"))
        elif publisher not in OFFICIAL_PUBLISHERS:
            problems.append(InputError(f"program {pid}: seed publisher {publisher!r} is not one of "
                                       f"{', '.join(OFFICIAL_PUBLISHERS)}", path, at, fix=SEED_SHAPE))
        listed = third_parties.match(url) if not problems else None
        if listed is not None:
            problems.append(InputError(
                f"program {pid}: seed {url} is on {listed.host}, a known third-party host ({listed.kind}: "
                f"{listed.reason})", path, at,
                fix="move it under 'references:' with 'publisher: third_party' and seed the program's own "
                    f"agency, board or administrator page (list: {third_parties.path})"))
        extra = sorted(k for k in item if not k.startswith("__") and k not in ("url", "publisher", "note"))
        if extra:
            problems.append(InputError(f"program {pid}: seed has unknown keys {', '.join(extra)}", path, at,
                                       fix="a seed takes url, publisher and an optional note"))
        errors += problems
        if not problems:
            found.append(SourcePage(url, publisher, str(item.get("note") or "")))
    return tuple(found), errors


def parse_references(value: object, path: object, line: int,
                     pid: str) -> tuple[tuple[SourcePage, ...], list[InputError]]:
    """Sources about the program: shown on the site, never crawled."""
    found: list[SourcePage] = []
    errors: list[InputError] = []
    for item in _items(value):
        at = item.get("__line__", line) if isinstance(item, dict) else line
        if not isinstance(item, dict):
            errors.append(InputError(f"program {pid}: reference {item!r} must be a mapping", path, at,
                                     fix="- {url: https://…, publisher: third_party, note: what it says}"))
            continue
        url, publisher = item.get("url"), item.get("publisher", "third_party")
        problems = check_url(url, path, at, f"program {pid}: reference")
        if publisher not in PUBLISHER_KINDS:
            problems.append(InputError(f"program {pid}: reference publisher {publisher!r} is not one of "
                                       f"{', '.join(PUBLISHER_KINDS)}", path, at, fix="say who publishes the page"))
        errors += problems
        if not problems:
            found.append(SourcePage(url, publisher, str(item.get("note") or "")))
    return tuple(found), errors


def parse_changes(value: object, path: object, line: int, pid: str) -> tuple[tuple[Change, ...], list[InputError]]:
    """Per-edit provenance: each change needs a date, the URL where the fact was seen, and a note."""
    found: list[Change] = []
    errors: list[InputError] = []
    fix = "- {date: YYYY-MM-DD, seen_at: https://… (where the fact was seen), note: one line in your words}"
    for item in _items(value):
        at = item.get("__line__", line) if isinstance(item, dict) else line
        if not isinstance(item, dict) or not str(item.get("note") or "").strip():
            errors.append(InputError(f"program {pid}: a change needs date, seen_at and note", path, at, fix=fix))
            continue
        date = item.get("date")
        date = date.isoformat() if isinstance(date, dt.date) else str(date)
        problems = check_url(item.get("seen_at"), path, at, f"program {pid}: change seen_at")
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            problems.append(InputError(f"program {pid}: change date {date!r} is not a date", path, at, fix=fix))
        errors += problems
        if not problems:
            found.append(Change(date, item["seen_at"], str(item["note"]).strip()))
    return tuple(found), errors
