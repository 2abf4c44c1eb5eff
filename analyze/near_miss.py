"""Near misses for analyst review: concepts not found for a crawled program, and the sentences closest to them.

Closeness: the share of a concept phrase's words a sentence holds (spelled alike, by rapidfuzz), then partial_ratio.
Reads NearMissSettings; the stratified sample takes concepts in turn so every concept is represented.
"""

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from analyze.normalize import normalize_text
from analyze.sentences import split_sentences
from analyze.taxonomy import Concept
from peerscan.vocabulary import BODY_REGIONS
from scrape.records import PageRecord


@dataclass(frozen=True)
class NearMissSettings:
    """How many closest sentences a near miss shows, and how close they must be."""

    sentences_max: int = 3
    min_coverage: float = 0.5  # share of a phrase's words present; below it only the single best sentence is kept
    word_min_ratio: float = 85.0  # rapidfuzz ratio (0-100) for a sentence word to count as a phrase word
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
    """A sentence that came close to a concept: the share of a phrase's words it holds, and partial_ratio."""

    sentence: Sentence
    coverage: float  # 0-1
    similarity: float  # 0-100


_WORD = re.compile(r"[a-z0-9áéíóúñü]+")
# Words every phrase shares with every text: they would make any sentence look close.
_STOP_WORDS = frozenset({"the", "and", "for", "with", "not", "any", "are", "from", "de", "la", "el", "los", "las",
                         "del", "con", "por", "para", "que", "una"})


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


def _probe_words(probes: list[str]) -> list[tuple[str, ...]]:
    words = [tuple(w for w in _WORD.findall(p) if len(w) >= 3 and w not in _STOP_WORDS) for p in probes]
    return [w for w in dict.fromkeys(words) if w]


def _alike(words: set[str], vocabulary: list[str], min_ratio: float) -> dict[str, frozenset[str]]:
    """For each phrase word, the text words that spell it: the same stem, or a close spelling (typos, plurals)."""
    alike = {}
    for word in words:
        close = {token for token, _, _ in process.extract(word, vocabulary, scorer=fuzz.ratio,
                                                          score_cutoff=min_ratio, limit=None)}
        alike[word] = frozenset(close | {token for token in vocabulary if token.startswith(word)})
    return alike


def closest_sentences(sentences: list[Sentence], concept: Concept,
                      settings: NearMissSettings = NearMissSettings()) -> tuple[Closest, ...]:  # noqa: B008 - frozen
    """Up to sentences_max sentences closest to the concept, best first; at least one when there is text.

    A sentence holding most words of one of the concept's phrases ("county boundaries" for "boundaries",
    "dual diagnosis" for "dual relationships") is what an analyst should look at: a false friend or new wording.
    """
    if not sentences:
        return ()
    lowered = [s.text.lower() for s in sentences]
    tokens = [set(_WORD.findall(text)) for text in lowered]
    probes = _probe_words(concept_probes(concept))
    alike = _alike({w for p in probes for w in p}, sorted(set().union(*tokens)), settings.word_min_ratio)
    coverage = [max((sum(1 for w in p if alike[w] & held) / len(p) for p in probes), default=0.0) for held in tokens]
    phrases = concept_probes(concept)
    ranked = sorted(range(len(sentences)), key=lambda i: -coverage[i])
    top = ranked[: settings.sentences_max * 4]  # partial_ratio only breaks ties among the best few
    similarity = {i: max(fuzz.partial_ratio(p, lowered[i]) for p in phrases) for i in top}
    top.sort(key=lambda i: (-coverage[i], -similarity[i], i))
    kept = [i for i in top if coverage[i] >= settings.min_coverage][: settings.sentences_max] or top[:1]
    return tuple(Closest(sentences[i], round(coverage[i], 2), round(similarity[i], 1)) for i in kept)


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
