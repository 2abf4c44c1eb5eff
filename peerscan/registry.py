"""The program registry (data/programs.yaml) and jurisdiction list (data/jurisdictions.yaml): load and validate.

Validation is shared by every command and by `peerscan registry check`; it reports every problem with
the file, the line and the fix, and the CLI exits with status 2.
"""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from peerscan import paths
from peerscan.citations import (
    PUBLISHER_KINDS,
    Change,
    SourcePage,
    check_url,
    parse_changes,
    parse_references,
    parse_seeds,
)
from peerscan.errors import InputError, InputErrors
from peerscan.third_parties import ThirdPartyHosts, load_third_party_hosts
from peerscan.yamlfile import as_strings, load_yaml_list

PROGRAM_TYPES = ("mental_health", "substance_use", "combined", "family", "youth")
CONFIDENCE_LEVELS = ("high", "medium", "low")
REQUIRED_FIELDS = ("id", "state", "name", "credentials", "body", "type", "seeds", "source", "verified")
OPTIONAL_FIELDS = ("allow", "confidence", "notes", "program_found", "provenance", "max_pages", "max_depth",
                   "references", "changes")
ID_PATTERN = re.compile(r"^[a-z]{2}-[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Jurisdiction:
    """A state, DC or territory: USPS code, name, kind, and its tile on the map."""

    code: str
    name: str
    kind: str
    tile: tuple[int, int]


@dataclass(frozen=True)
class Program:
    """One certification program as the registry describes it."""

    id: str
    state: str
    name: str
    credentials: tuple[str, ...]
    body: str
    type: str
    seeds: tuple[str, ...]
    source: str
    verified: str
    allow: tuple[str, ...] = ()
    confidence: str = "medium"
    notes: str = ""
    # False for registry rows that record a search which found no certification program (leads only).
    program_found: bool = True
    provenance: str = ""
    max_pages: int | None = None
    max_depth: int | None = None
    line: int = 0
    # Who publishes each seed (same order as `seeds`); empty for programs built in code without a registry file.
    seed_pages: tuple[SourcePage, ...] = ()
    # Sources about the program (often third parties): shown on the site, never crawled.
    references: tuple[SourcePage, ...] = ()
    changes: tuple[Change, ...] = ()

    @property
    def has_official_page(self) -> bool:
        """False for a program research found but whose own pages could not be found (no seeds left)."""
        return bool(self.seeds)

    def publisher_of(self, url: str) -> str:
        """The publisher kind of a crawled URL: its seed's, else that of a seed on the same host; '' if unknown."""
        host = urlsplit(url).hostname
        for page in self.seed_pages:
            if page.url == url:
                return page.publisher
        for page in self.seed_pages:
            if urlsplit(page.url).hostname == host:
                return page.publisher
        return ""


@dataclass(frozen=True)
class Registry:
    """All programs plus the jurisdictions they belong to, in registry order."""

    programs: tuple[Program, ...]
    jurisdictions: tuple[Jurisdiction, ...]
    path: Path = field(default=paths.REGISTRY_FILE)

    def publisher_summary(self) -> str:
        """Seeds by publisher kind, references, and programs without an official page (for `registry check`)."""
        kinds = Counter(page.publisher for p in self.programs for page in p.seed_pages)
        seeds = ", ".join(f"{kind} {kinds.get(kind, 0)}" for kind in PUBLISHER_KINDS)
        references = sum(len(p.references) for p in self.programs)
        missing = [p.id for p in self.programs if p.program_found and not p.has_official_page]
        text = f"seeds by publisher: {seeds}; references (never crawled): {references}"
        text += f"\nprograms with no official web page found: {len(missing)}"
        return text + (f" ({', '.join(missing)})" if missing else "")

    def programs_in(self, state: str) -> tuple[Program, ...]:
        """The programs of one jurisdiction."""
        return tuple(p for p in self.programs if p.state == state)

    def covered_jurisdictions(self) -> tuple[Jurisdiction, ...]:
        """Jurisdictions that have at least one registry row (found or not), sorted by name."""
        codes = {p.state for p in self.programs}
        return tuple(j for j in self.jurisdictions if j.code in codes)

    def select(self, only: list[str] | None) -> tuple[Program, ...]:
        """Programs matching state codes or program ids; all when `only` is empty."""
        if not only:
            return self.programs
        wanted = {w.strip() for w in only if w.strip()}
        chosen = tuple(p for p in self.programs if p.id in wanted or p.state in {w.upper() for w in wanted})
        unknown = [w for w in wanted if w not in {p.id for p in chosen} and w.upper() not in {p.state for p in chosen}]
        if unknown:
            raise InputError(
                f"--only names no program or state in the registry: {', '.join(sorted(unknown))}",
                self.path,
                fix="use a USPS state code (OH) or a program id (oh-prs) from the registry",
            )
        return chosen


def load_jurisdictions(path: Path = paths.JURISDICTIONS_FILE) -> tuple[Jurisdiction, ...]:
    """Read data/jurisdictions.yaml, sorted by name."""
    doc = load_yaml_list(path, "jurisdictions")
    found = []
    for item in doc["jurisdictions"]:
        try:
            found.append(Jurisdiction(str(item["code"]), str(item["name"]), str(item["kind"]), tuple(item["tile"])))
        except (KeyError, TypeError):
            raise InputError(
                "jurisdiction needs code, name, kind and tile", path, item.get("__line__"),
                fix="copy the shape of a neighbouring entry",
            ) from None
    return tuple(sorted(found, key=lambda j: j.name))


def _parse_entry(raw: object, path: Path, index: int, codes: set[str],
                 third_parties: ThirdPartyHosts) -> tuple[Program | None, list[InputError]]:
    if not isinstance(raw, dict):
        return None, [InputError(f"program #{index + 1} is not a mapping", path, fix="each list item needs 'id:', 'state:', ...")]
    line = raw.get("__line__", 0)
    lines = raw.get("__lines__", {})

    def at(name: str) -> int:
        """The line of a field, or of the entry when the field is absent."""
        return lines.get(name, line)

    errors: list[InputError] = []
    pid = raw.get("id", f"#{index + 1}")
    for name in REQUIRED_FIELDS:
        # An empty seed list is meaningful (no official page found), so only a missing one is an error.
        if raw.get(name) in (None, "") or (raw.get(name) == [] and name != "seeds"):
            errors.append(InputError(f"program {pid}: missing field '{name}'", path, line,
                                     fix=f"add '{name}:' to this entry (see README § Registry)"))
    unknown = sorted(k for k in raw if k not in ("__line__", "__lines__") and k not in REQUIRED_FIELDS + OPTIONAL_FIELDS)
    for name in unknown:
        errors.append(InputError(f"program {pid}: unknown field '{name}'", path, at(name),
                                 fix=f"remove it or use one of: {', '.join(REQUIRED_FIELDS + OPTIONAL_FIELDS)}"))
    if errors:
        return None, errors
    if not isinstance(pid, str) or not ID_PATTERN.match(pid):
        errors.append(InputError(f"program id {pid!r} is malformed", path, at("id"),
                                 fix="ids are the lower-case state code, a dash, then letters/digits/dashes: oh-prs"))
    state = str(raw["state"])
    if state not in codes:
        errors.append(InputError(f"program {pid}: unknown state code {state!r}", path, at("state"),
                                 fix="use a USPS code listed in data/jurisdictions.yaml (e.g. OH, DC, PR)"))
    elif isinstance(pid, str) and not pid.startswith(state.lower() + "-"):
        errors.append(InputError(f"program id {pid!r} does not start with '{state.lower()}-'", path, at("id"),
                                 fix=f"rename it to {state.lower()}-…"))
    if raw["type"] not in PROGRAM_TYPES:
        errors.append(InputError(f"program {pid}: type {raw['type']!r} is not one of {', '.join(PROGRAM_TYPES)}",
                                 path, at("type"), fix="pick the closest program type"))
    confidence = raw.get("confidence", "medium")
    if confidence not in CONFIDENCE_LEVELS:
        errors.append(InputError(f"program {pid}: confidence {confidence!r} is not one of high, medium, low",
                                 path, at("confidence"), fix="say how sure the research is: high, medium or low"))
    seed_pages, problems = parse_seeds(raw["seeds"], path, at("seeds"), str(pid), third_parties)
    errors += problems
    references, problems = parse_references(raw.get("references"), path, at("references"), str(pid))
    errors += problems
    changes, problems = parse_changes(raw.get("changes"), path, at("changes"), str(pid))
    errors += problems
    if raw["seeds"] == [] and not references:
        errors.append(InputError(f"program {pid}: no seeds and no references", path, at("seeds"),
                                 fix="a program without an official page still lists under 'references:' the "
                                     "pages that say it exists"))
    errors += check_url(raw["source"], path, at("source"), f"program {pid}: source")
    for extra in as_strings(raw.get("allow")):
        if "://" in extra:
            errors += check_url(extra, path, at("allow"), f"program {pid}: allow entry")
        listed = third_parties.match(extra if "://" in extra else f"https://{extra}")
        if listed is not None:
            errors.append(InputError(f"program {pid}: allow entry {extra} is on {listed.host}, a known "
                                     f"third-party host ({listed.kind})", path, at("allow"),
                                     fix="remove it: a third party's pages are references, never crawled"))
    verified = raw["verified"]
    if isinstance(verified, dt.date):
        verified = verified.isoformat()
    try:
        dt.date.fromisoformat(str(verified))
    except ValueError:
        errors.append(InputError(f"program {pid}: verified {verified!r} is not a date", path, at("verified"),
                                 fix="write the date the facts were checked as YYYY-MM-DD"))
    for limit in ("max_pages", "max_depth"):
        if raw.get(limit) is not None and (not isinstance(raw[limit], int) or raw[limit] < 0):
            errors.append(InputError(f"program {pid}: {limit} must be a whole number ≥ 0", path, at(limit)))
    if errors:
        return None, errors
    program = Program(
        id=pid, state=state, name=str(raw["name"]), credentials=as_strings(raw["credentials"]),
        body=str(raw["body"]), type=raw["type"], seeds=tuple(p.url for p in seed_pages), source=str(raw["source"]),
        verified=str(verified), allow=as_strings(raw.get("allow")), confidence=confidence,
        notes=str(raw.get("notes") or ""), program_found=bool(raw.get("program_found", True)),
        provenance=str(raw.get("provenance") or ""), max_pages=raw.get("max_pages"),
        max_depth=raw.get("max_depth"), line=line, seed_pages=seed_pages, references=references, changes=changes,
    )
    return program, []


def load_registry(path: Path | str = paths.REGISTRY_FILE,
                  jurisdictions_path: Path = paths.JURISDICTIONS_FILE,
                  third_parties_path: Path = paths.THIRD_PARTY_HOSTS_FILE) -> Registry:
    """Load and validate the registry; raises InputErrors listing every problem found."""
    path = Path(path)
    jurisdictions = load_jurisdictions(jurisdictions_path)
    third_parties = load_third_party_hosts(third_parties_path)
    codes = {j.code for j in jurisdictions}
    doc = load_yaml_list(path, "programs")
    programs: list[Program] = []
    errors: list[InputError] = []
    first_line: dict[str, int] = {}
    for index, raw in enumerate(doc["programs"]):
        program, problems = _parse_entry(raw, path, index, codes, third_parties)
        errors += problems
        if program is None:
            continue
        if program.id in first_line:
            errors.append(InputError(f"duplicate program id {program.id!r} (first at line {first_line[program.id]})",
                                     path, program.line, fix="give each program its own id"))
            continue
        first_line[program.id] = program.line
        programs.append(program)
    if errors:
        raise InputErrors(errors)
    return Registry(tuple(programs), jurisdictions, path)
