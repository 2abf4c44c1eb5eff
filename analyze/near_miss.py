"""Near misses for analyst review: concepts not found for a crawled program, and the sentences closest to them.

Closeness is rapidfuzz's partial_ratio of a sentence against the concept's phrases, label and anchors.
Reads NearMissSettings; the stratified sample takes concepts in turn so every concept is represented.
"""

import random
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from analyze.normalize import normalize_text
from analyze.score import BODY_REGIONS
from analyze.sentences import split_sentences
from analyze.taxonomy import Concept
from scrape.records import PageRecord


@dataclass(frozen=True)
class NearMissSettings:
    """How many closest sentences a near miss shows, and how close they must be."""

    sentences_max: int = 3
    min_similarity: float = 60.0  # rapidfuzz partial_ratio (0-100); below it only the single best sentence is kept
    max_sentence_chars: int = 400  # longer run-on text is cut before comparing (tables, PDFs without stops)
    min_words: int = 4  # shorter pieces (menu labels, headings like "Fees") match any short probe: noise


@dataclass(frozen=True)
class Sentence:
    """A sentence of a program's document content, with where it stood."""

    text: str
    url: str
    page: int | None = None


@dataclass(frozen=True)
class Closest:
    """A sentence that came close to a concept, and how close (0-100)."""

    sentence: Sentence
    similarity: float


def program_sentences(records: Iterable[PageRecord], max_chars: int = 400, min_words: int = 4) -> list[Sentence]:
    """Body and heading sentences of min_words or more, each distinct sentence once, in crawl order."""
    sentences, seen = [], set()
    for record in records:
        url = record.final_url or record.url
        for block in record.blocks:
            if block.region not in BODY_REGIONS:
                continue  # menus and titles are what a near miss is not about: content that came close
            for text in split_sentences(normalize_text(block.text), max_chars):
                key = text.lower()
                if key not in seen and len(text.split()) >= min_words:
                    seen.add(key)
                    sentences.append(Sentence(text, url, block.page))
    return sentences


def concept_probes(concept: Concept) -> list[str]:
    """Words to compare sentences with: the concept's phrases (wildcards dropped), label and longer anchors."""
    probes = [p.replace("*", "").strip().lower() for p in concept.phrases]
    probes += [concept.label.lower()] + [a for a in concept.anchors if len(a) >= 4]
    return list(dict.fromkeys(p for p in probes if p))


def closest_sentences(sentences: list[Sentence], concept: Concept,
                      settings: NearMissSettings = NearMissSettings()) -> tuple[Closest, ...]:  # noqa: B008 - frozen
    """Up to sentences_max sentences closest to the concept, best first; at least one when there is text."""
    if not sentences:
        return ()
    lowered = [s.text.lower() for s in sentences]
    best: dict[int, float] = {}
    for probe in concept_probes(concept):
        for _, score, index in process.extract(probe, lowered, scorer=fuzz.partial_ratio,
                                               limit=settings.sentences_max):
            best[index] = max(best.get(index, 0.0), score)
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    kept = [item for item in ranked if item[1] >= settings.min_similarity][: settings.sentences_max] or ranked[:1]
    return tuple(Closest(sentences[index], round(score, 1)) for index, score in kept)


def stratified_sample(pairs: Iterable[tuple[str, str]], size: int, seed: int) -> list[tuple[str, str]]:
    """(program, concept) pairs drawn concept by concept in turn (equal allocation), random within a concept.

    The same pairs, size and seed give the same sample.
    """
    rng = random.Random(seed)
    strata: dict[str, list[tuple[str, str]]] = {}
    for pair in sorted(set(pairs)):
        strata.setdefault(pair[1], []).append(pair)
    for members in strata.values():
        rng.shuffle(members)
    order = sorted(strata)
    rng.shuffle(order)
    sample: list[tuple[str, str]] = []
    while len(sample) < size and any(strata.values()):
        for concept in order:
            if strata[concept] and len(sample) < size:
                sample.append(strata[concept].pop())
    return sample
