"""Concept findings of a set of documents: text blocks → hits → ConceptFinding with evidence and strength.

Shared by analyze_run (crawled pages) and detect_files (local files); reads AnalyzeSettings.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from analyze.evidence import select_evidence
from analyze.language import document_language
from analyze.match import Matcher, detect_concepts
from analyze.results import AdoptedCode, ConceptFinding, Evidence
from peerscan.vocabulary import best_strength, strength_of_region
from scrape.records import TextBlock


@dataclass(frozen=True)
class Source:
    """Text of one document to read: its URL (or path) and its blocks."""

    url: str
    blocks: tuple[TextBlock, ...]
    rendered: bool = False
    linked_from: str | None = None
    lang: str = ""  # declared language (HTML lang attribute); detected from the text when empty


def _grouped(blocks: Iterable[TextBlock]) -> dict[tuple[str, int | None, bool], list[str]]:
    """Blocks of one region, page and origin (OCR or not) joined: one detect call per group (speed)."""
    groups: dict[tuple[str, int | None, bool], list[str]] = {}
    key, texts = None, None
    for block in blocks:
        if block.text and not block.text.isspace():  # as text.strip(), without the copy
            if texts is None or (block.region, block.page, block.ocr) != key:  # runs of blocks share a group
                key = (block.region, block.page, block.ocr)
                texts = groups.setdefault(key, [])
            texts.append(block.text)
    return groups


def source_language(source: Source) -> str:
    """The language a source is read in: declared, else detected from its body text."""
    return document_language(source.lang, " ".join(b.text for b in source.blocks[:40] if b.region == "body"))


def source_reader(matcher: Matcher, source: Source) -> tuple[str, Matcher]:
    """The language of a source and the matcher to read it with: that language's rules when the document
    speaks of peer work (the taxonomy's language_context), else the English rules alone."""
    lang = source_language(source)
    reader = matcher.for_language(lang)
    if reader.context is not None and not reader.reads(" ".join(b.text for b in source.blocks)):
        reader = matcher.for_language("en")
    return lang, reader


def collect_evidence(matcher: Matcher, sources: Iterable[Source]) -> dict[str, list[Evidence]]:
    """Every hit of every concept in the sources, as Evidence in document order (each read in its language)."""
    found: dict[str, list[Evidence]] = {}
    for source in sources:
        lang, reader = source_reader(matcher, source)
        for (region, page, ocr), texts in _grouped(source.blocks).items():
            # Blank lines keep blocks apart: sentences never run from one block into the next.
            for hit in detect_concepts(reader, "\n\n".join(texts)):
                found.setdefault(hit.concept, []).append(
                    Evidence(url=source.url, quote=hit.quote, matched=hit.matched, region=region, page=page,
                             ocr=ocr, rendered=source.rendered, linked_from=source.linked_from,
                             rule=hit.rule, before=hit.before, after=hit.after, lang=lang))
    return found


def collect_adopted_codes(code_matcher: Matcher, sources: Iterable[Source]) -> tuple[AdoptedCode, ...]:
    """Named codes the sources adopt, one quote each; in a sentence naming several, the first listed wins."""
    chosen: dict[str, AdoptedCode] = {}
    order = code_matcher.taxonomy.ids
    for source in sources:
        lang, reader = source_reader(code_matcher, source)
        for (region, page, ocr), texts in _grouped(source.blocks).items():
            by_quote: dict[str, list] = {}
            for hit in detect_concepts(reader, "\n\n".join(texts)):
                by_quote.setdefault(hit.quote, []).append(hit)
            for hits in by_quote.values():
                hit = min(hits, key=lambda h: order.index(h.concept))
                label = code_matcher.taxonomy.concept(hit.concept).label
                if label not in chosen or (chosen[label].evidence.region != "body" and region == "body"):
                    chosen[label] = AdoptedCode(label, Evidence(
                        url=source.url, quote=hit.quote, matched=hit.matched, region=region, page=page,
                        ocr=ocr, rendered=source.rendered, linked_from=source.linked_from,
                        rule=hit.rule, before=hit.before, after=hit.after, lang=lang))
    return tuple(chosen[label] for label in sorted(chosen, key=lambda lab: [c.label for c in
                                                                               code_matcher.taxonomy.concepts].index(lab)))


def build_findings(evidence: dict[str, list[Evidence]], limit: int) -> dict[str, ConceptFinding]:
    """ConceptFinding per concept: strength from the best region, the best few quotes."""
    findings = {}
    for cid, items in evidence.items():
        strength = best_strength(strength_of_region(e.region) for e in items)
        if strength:
            findings[cid] = ConceptFinding(strength, select_evidence(items, limit))
    return findings
