"""View models of the site's pages: every decision the templates show is made here, in Python.

Reads the merged results (report.merge), the registry and the taxonomy; templates only loop and escape.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from analyze.results import ConceptFinding, Evidence, JurisdictionResult, ProgramResult, RunResult
from analyze.taxonomy import Concept, Taxonomy
from peerscan.citations import PUBLISHER_TEXT, SourcePage
from peerscan.registry import Program, Registry
from peerscan.vocabulary import (
    FOUND_WORDS,
    REGION_WORDS,
    Description,
    ProgramStatus,
    Region,
    Strength,
    best_strength,
    day,
    describe,
    was_crawled,
    was_read,
)
from report.highlight import Segment, highlight_segments, safe_href, trim_quote
from report.reviews import ReviewNoteView, checked_text, evidence_source_text, review_notes
from report.settings import BuildSettings
from report.status import not_found_text, summary_status
from report.tilemap import TileMap, build_tilemap, score_class
from scrape.archive_index import ArchiveIndex

TYPE_TEXT = {"mental_health": "mental health", "substance_use": "substance use", "combined": "combined",
             "family": "family", "youth": "youth"}


@dataclass(frozen=True)
class LinkView:
    """A URL shown as a link when it is http(s), else as plain text."""

    text: str
    href: str | None
    publisher: str = ""  # who publishes the page, in words ("state agency"); "" when not known
    note: str = ""


@dataclass(frozen=True)
class QuoteView:
    """One evidence quote: highlighted segments and where it came from."""

    segments: tuple[Segment, ...]
    source: LinkView
    page: int | None
    region: str
    source_text: str = ""  # says when an analyst, not the detection, supplied the quote
    publisher: str = ""  # who publishes the quoted page or document, in words
    archived: str = ""  # the WARC file and record that hold the quoted document's bytes, when archived
    notes: tuple[str, ...] = ()  # how the text was read: OCR of a scan, JavaScript rendering
    before: str = ""  # the sentences around the quote, shown collapsed so a reader can judge the finding
    after: str = ""
    rule: str = ""  # the taxonomy rule that matched


@dataclass(frozen=True)
class AdoptedView:
    """A named code a program adopts, with the quote that says so."""

    code: str
    quote: QuoteView


@dataclass(frozen=True)
class FindingView:
    concept_id: str
    label: str
    strength: str
    strength_text: str
    quotes: tuple[QuoteView, ...]
    more: int  # quotes not shown
    checked_text: str = ""  # "checked by an analyst on DATE"


@dataclass(frozen=True)
class ProgramView:
    id: str
    name: str
    body: str
    credentials: tuple[str, ...]
    type_text: str
    confidence: str
    verified: str
    links: tuple[LinkView, ...]
    status: Description
    crawled: bool  # a crawl was meant to read it: crawl details are shown
    score: int | None
    pages: int
    failures: int
    robots_blocked: int
    last_checked: str
    found: tuple[FindingView, ...]
    not_found: tuple[str, ...]  # concept labels
    not_found_text: str
    notes: str  # research notes, shown for programs that were not found
    reviews: tuple[ReviewNoteView, ...] = ()  # rejected findings and stale reviews
    references: tuple[LinkView, ...] = ()  # sources about the program: shown, never crawled
    adopted: tuple[AdoptedView, ...] = ()

    @property
    def adopted_text(self) -> str:
        return "; ".join(a.code for a in self.adopted)


@dataclass(frozen=True)
class CellView:
    """A key-concept cell of the index table."""

    strength: str  # body / navigation / none / nodata
    text: str
    sort: int


@dataclass(frozen=True)
class HistoryPoint:
    run_id: str
    date: str
    score: int


@dataclass(frozen=True)
class JurisdictionView:
    code: str
    name: str
    href: str  # relative to the site root
    score: int | None
    score_css: str
    has_data: bool
    no_program: bool
    no_official_page: bool  # programs exist but none has an official web page to read
    statuses: tuple[Description, ...]
    last_checked: str
    cells: tuple[CellView, ...]  # one per key concept
    programs: tuple[ProgramView, ...]
    history: tuple[HistoryPoint, ...]

    @property
    def adopted_text(self) -> str:
        """The named codes its programs adopt, each once (the index table's column)."""
        return "; ".join(dict.fromkeys(a.code for p in self.programs for a in p.adopted))

    @property
    def program_count(self) -> int:
        """Programs found (registry rows that only record a fruitless search do not count)."""
        return sum(1 for p in self.programs if p.status.code != ProgramStatus.NO_PROGRAM)

    @property
    def official_count(self) -> int:
        """Programs found that have an official web page (crawlable seeds)."""
        return sum(1 for p in self.programs if p.status.code not in (ProgramStatus.NO_PROGRAM,
                                                                      ProgramStatus.NO_OFFICIAL_PAGE))

    @property
    def status_codes(self) -> str:
        return " ".join(s.code for s in self.statuses)

    @property
    def status_text(self) -> str:
        return "; ".join(s.short for s in self.statuses)


def state_href(code: str) -> str:
    """Site-relative path of a state page (lower-case code)."""
    return f"states/{code.lower()}.html"


def concept_href(concept_id: str) -> str:
    return f"concepts/{concept_id}.html"


def _evidence_href(ev: Evidence) -> str | None:
    href = safe_href(ev.url)
    if href and ev.page and "#" not in href:
        href += f"#page={ev.page}"  # PDF viewers open the cited page
    return href


def publisher_text(url: str, program: Program | None) -> str:
    """Who publishes a quoted URL: its seed's publisher kind, else the host it was linked to on."""
    if program is None:
        return ""
    kind = program.publisher_of(url)
    if kind:
        return PUBLISHER_TEXT[kind]
    host = urlsplit(url).hostname or "another site"
    return f"{host}, linked from the program's official pages"


def quote_view(ev: Evidence, settings: BuildSettings, program: Program | None = None, archived: str = "") -> QuoteView:
    """Escapable segments of a quote with its matched words marked, its source link, publisher and WARC record."""
    text = trim_quote(ev.quote, ev.matched, settings.quote_max_chars)
    return QuoteView(highlight_segments(text, ev.matched), LinkView(ev.url, _evidence_href(ev)), ev.page,
                     REGION_WORDS.get(ev.region, ev.region), evidence_source_text(ev),
                     leaf_publisher_text(ev) or publisher_text(ev.url, program), archived, evidence_notes(ev),
                     ev.before, ev.after, ev.rule)


def leaf_publisher_text(ev: Evidence) -> str:
    """For a leaf one hop off-site (DESIGN.md: evidence says which host it came from): that host, linked from us."""
    if not ev.linked_from:
        return ""
    return f"{urlsplit(ev.url).netloc or 'another site'}, linked from the program's official pages"


def evidence_notes(ev: Evidence) -> tuple[str, ...]:
    """How a quote's text was read, when not from a text layer: OCR of a scan, JavaScript rendering.

    A leaf's host is said by leaf_publisher_text ("host, linked from the program's official pages").
    """
    notes = []
    if ev.ocr:
        notes.append("read by OCR from a scanned page (may contain recognition errors)")
    if ev.rendered:
        notes.append("from the page as rendered with JavaScript")
    return tuple(notes)


def _finding_view(concept: Concept, finding: ConceptFinding, settings: BuildSettings,
                  program: Program | None = None, archived: Callable[[str], str] = lambda url: "") -> FindingView:
    # An analyst's quote first: it is why the finding counts, and the reader should see it is analyst-sourced.
    evidence = sorted(finding.evidence, key=lambda e: (e.source != "analyst", e.region != Region.BODY, e.url,
                                                       e.page or 0, e.quote))
    shown = tuple(quote_view(e, settings, program, archived(e.url)) for e in evidence[: settings.quotes_per_program])
    return FindingView(concept.id, concept.label, finding.strength, FOUND_WORDS.get(finding.strength, finding.strength),
                       shown, max(0, len(evidence) - len(shown)), checked_text(finding))


def _link(page: SourcePage) -> LinkView:
    return LinkView(page.url, safe_href(page.url), PUBLISHER_TEXT.get(page.publisher, page.publisher), page.note)


def _links(program: Program | None) -> tuple[LinkView, ...]:
    """The official pages crawled (with their publishers), then the registry's source when it is another URL."""
    if program is None:
        return ()
    pages = {page.url: _link(page) for page in program.seed_pages}
    pages.update({u: LinkView(u, safe_href(u)) for u in program.seeds if u not in pages})
    references = {r.url for r in program.references}
    if program.source not in pages and program.source not in references:
        pages[program.source] = LinkView(program.source, safe_href(program.source))
    return tuple(pages.values())


def program_view(result: ProgramResult, program: Program | None, taxonomy: Taxonomy,
                 settings: BuildSettings, archive: ArchiveIndex | None = None) -> ProgramView:
    """One program as its state page shows it; archive (when given) names each quote's WARC record."""
    def archived(url: str) -> str:
        record = archive.find(result.id, url) if archive else None
        return record.cite() if record else ""

    found = tuple(_finding_view(c, result.concepts[c.id], settings, program, archived)
                  for c in taxonomy.concepts if c.id in result.concepts)
    listed = result.status not in (ProgramStatus.NO_PROGRAM, ProgramStatus.NO_OFFICIAL_PAGE)
    not_found = tuple(c.label for c in taxonomy.concepts if c.id not in result.concepts) if listed else ()
    notes = program.notes if program and not listed else ""
    return ProgramView(
        id=result.id, name=program.name if program else result.name, body=program.body if program else "",
        credentials=program.credentials if program else (), type_text=TYPE_TEXT.get(program.type, program.type) if program else "",
        confidence=program.confidence if program else "", verified=program.verified if program else "",
        links=_links(program), status=describe(result), crawled=was_crawled(result.status),
        score=result.score if was_read(result) else None, pages=result.pages, failures=result.failures,
        robots_blocked=result.robots_blocked, last_checked=day(result.last_checked), found=found,
        not_found=not_found, not_found_text=not_found_text(result) if not_found else "", notes=notes,
        reviews=review_notes(result, taxonomy),
        references=tuple(_link(r) for r in program.references) if program else (),
        adopted=tuple(AdoptedView(a.code, quote_view(a.evidence, settings, program)) for a in result.adopted_code),
    )


def _best_strengths(j: JurisdictionResult) -> dict[str, str]:
    if j.concepts:
        return dict(j.concepts)
    ids = {cid for p in j.programs for cid in p.concepts}
    return {cid: best_strength(p.concepts[cid].strength for p in j.programs if cid in p.concepts) for cid in ids}


def jurisdiction_view(j: JurisdictionResult, registry: Registry, taxonomy: Taxonomy, settings: BuildSettings,
                      history: tuple[HistoryPoint, ...] = (), archive: ArchiveIndex | None = None) -> JurisdictionView:
    """A jurisdiction with its programs, key-concept cells and summary status."""
    by_id = {p.id: p for p in registry.programs_in(j.state)}
    programs = tuple(program_view(p, by_id.get(p.id), taxonomy, settings, archive) for p in j.programs)
    no_program = bool(j.programs) and all(p.status == ProgramStatus.NO_PROGRAM for p in j.programs)
    no_official_page = not no_program and all(
        p.status in (ProgramStatus.NO_PROGRAM, ProgramStatus.NO_OFFICIAL_PAGE) for p in j.programs)
    has_data = any(was_read(p) for p in j.programs)
    best = _best_strengths(j)
    cells = []
    for concept in key_concepts(taxonomy):
        strength = best.get(concept.id)
        if not has_data:
            cells.append(CellView("nodata", "—", -1))
        else:
            cells.append(CellView(strength or "none", FOUND_WORDS.get(strength, "not found"),
                                  {Strength.BODY: 2, Strength.NAVIGATION: 1}.get(strength or "", 0)))
    checked = sorted(day(p.last_checked) for p in j.programs if p.last_checked)
    score = j.score if has_data else None
    return JurisdictionView(
        code=j.state, name=j.name, href=state_href(j.state), score=score,
        # Crawled, yet nothing read (refused, failed): "not scored", its own map style, not "not crawled yet".
        score_css=score_class(score, settings.score_bins, no_program, any(was_crawled(p.status) for p in j.programs)),
        has_data=has_data,
        no_program=no_program, no_official_page=no_official_page,
        statuses=summary_status([describe(p) for p in j.programs]), last_checked=checked[-1] if checked else "",
        cells=tuple(cells), programs=programs, history=history,
    )


def key_concepts(taxonomy: Taxonomy) -> tuple[Concept, ...]:
    """The concepts with a column in the index table (all of them, if the taxonomy marks none key)."""
    return taxonomy.key_concepts or taxonomy.concepts


def tilemap_of(views: list[JurisdictionView], registry: Registry) -> TileMap:
    """The map's tiles for the given jurisdictions."""
    tiles = {j.code: j.tile for j in registry.jurisdictions}
    entries = []
    for v in views:
        if v.no_program:
            label = f"{v.name}: no certification program found"
        elif v.no_official_page:
            label = f"{v.name}: no official web page found"
        elif v.score_css == "notscored":
            label = f"{v.name}: not scored, no page of its programs could be read"
        elif v.score is None:
            label = f"{v.name}: not crawled yet"
        else:
            label = f"{v.name}: score {v.score} of 100"
        entries.append((v.code, v.name, v.href, tiles.get(v.code, (9, 0)), v.score_css, label))
    return build_tilemap(entries)


def headlines(views: list[JurisdictionView], run: RunResult, taxonomy: Taxonomy) -> tuple[str, ...]:
    """One sentence per key finding, counting jurisdictions."""
    total = len(views)
    crawled = [v for v in views if v.has_data]
    no_program = sum(1 for v in views if v.no_program)
    programs = sum(v.program_count for v in views)
    official = sum(v.official_count for v in views)
    lines = []
    if programs:
        line = f"{official} of {programs} certification programs have an official web page (state agency, board or administrator)"
        if programs > official:
            line += f"; for {programs - official} no official web page was found, only sources about them"
        lines.append(line + ".")
    if not crawled:
        lines.append(f"None of the {total} jurisdictions has been crawled yet.")
    else:
        lines.append(f"{len(crawled)} of {total} jurisdictions have crawl results for their certification programs.")
    by_code = {j.state: _best_strengths(j) for j in run.jurisdictions}
    for concept in key_concepts(taxonomy) if crawled else ():  # "0 of 54 mention" would mislead before a crawl
        body = sum(1 for v in crawled if by_code.get(v.code, {}).get(concept.id) == Strength.BODY)
        nav = sum(1 for v in crawled if by_code.get(v.code, {}).get(concept.id) == Strength.NAVIGATION)
        line = f"{body} of {total} jurisdictions mention {concept.label.lower()} on their public program pages"
        if nav:
            line += f" ({nav} more only in a link, menu or page title)"
        lines.append(line + ".")
    if no_program:
        lines.append(f"For {no_program} of {total} jurisdictions no certification program was found.")
    return tuple(lines)
