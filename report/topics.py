"""Concept pages: for one concept, which jurisdictions cover it and with which quotes (comparison by topic)."""

from dataclasses import dataclass

from analyze.results import RunResult
from analyze.taxonomy import Concept
from peerscan.vocabulary import FOUND_WORDS, Region, Strength, best_strength, was_read
from report.context import QuoteView, quote_view, state_href
from report.settings import BuildSettings


@dataclass(frozen=True)
class ProgramQuotes:
    program_name: str
    strength_text: str
    quotes: tuple[QuoteView, ...]


@dataclass(frozen=True)
class StateEntry:
    code: str
    name: str
    href: str
    strength: str
    strength_text: str
    programs: tuple[ProgramQuotes, ...]


@dataclass(frozen=True)
class NamedLink:
    name: str
    href: str


@dataclass(frozen=True)
class ConceptPage:
    concept: Concept
    total: int
    body: int
    navigation: int
    entries: tuple[StateEntry, ...]  # jurisdictions where it was found, body first then navigation-only
    not_found: tuple[NamedLink, ...]  # crawled, not found
    not_checked: tuple[NamedLink, ...]  # no usable crawl, or no program

    @property
    def id(self) -> str:
        return self.concept.id


def concept_page(concept: Concept, run: RunResult, settings: BuildSettings) -> ConceptPage:
    """Who covers one concept, with the first quotes of each program."""
    entries, not_found, not_checked = [], [], []
    for j in run.jurisdictions:
        link = NamedLink(j.name, state_href(j.state))
        crawled = [p for p in j.programs if was_read(p)]
        holders = [p for p in j.programs if concept.id in p.concepts]
        if not holders:
            (not_found if crawled else not_checked).append(link)
            continue
        programs = []
        for p in holders:
            finding = p.concepts[concept.id]
            evidence = sorted(finding.evidence, key=lambda e: (e.region != Region.BODY, e.url, e.page or 0, e.quote))
            programs.append(ProgramQuotes(p.name, FOUND_WORDS.get(finding.strength, finding.strength),
                                          tuple(quote_view(e, settings) for e in evidence[:1])))
        strength = best_strength(p.concepts[concept.id].strength for p in holders) or Strength.NAVIGATION
        entries.append(StateEntry(j.state, j.name, state_href(j.state), strength, FOUND_WORDS[strength],
                                  tuple(programs)))
    entries.sort(key=lambda e: (e.strength != Strength.BODY, e.name))
    return ConceptPage(concept, len(run.jurisdictions), sum(e.strength == Strength.BODY for e in entries),
                       sum(e.strength == Strength.NAVIGATION for e in entries), tuple(entries), tuple(not_found),
                       tuple(not_checked))
