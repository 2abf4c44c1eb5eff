"""Concept findings of a set of documents: text blocks → hits → ConceptFinding with evidence and strength.

Shared by analyze_run (crawled pages) and detect_files (local files); reads AnalyzeSettings.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from analyze.evidence import select_evidence
from analyze.match import Matcher, detect_concepts
from analyze.results import ConceptFinding, Evidence
from peerscan.vocabulary import best_strength, strength_of_region
from scrape.records import TextBlock


@dataclass(frozen=True)
class Source:
    """Text of one document to read: its URL (or path) and its blocks."""

    url: str
    blocks: tuple[TextBlock, ...]
    rendered: bool = False
    linked_from: str | None = None


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


def collect_evidence(matcher: Matcher, sources: Iterable[Source]) -> dict[str, list[Evidence]]:
    """Every hit of every concept in the sources, as Evidence in document order."""
    found: dict[str, list[Evidence]] = {}
    for source in sources:
        for (region, page, ocr), texts in _grouped(source.blocks).items():
            # Blank lines keep blocks apart: sentences never run from one block into the next.
            for hit in detect_concepts(matcher, "\n\n".join(texts)):
                found.setdefault(hit.concept, []).append(
                    Evidence(url=source.url, quote=hit.quote, matched=hit.matched, region=region, page=page,
                             ocr=ocr, rendered=source.rendered, linked_from=source.linked_from))
    return found


def build_findings(evidence: dict[str, list[Evidence]], limit: int) -> dict[str, ConceptFinding]:
    """ConceptFinding per concept: strength from the best region, the best few quotes."""
    findings = {}
    for cid, items in evidence.items():
        strength = best_strength(strength_of_region(e.region) for e in items)
        if strength:
            findings[cid] = ConceptFinding(strength, select_evidence(items, limit))
    return findings
