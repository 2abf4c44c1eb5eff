"""Concept matching: taxonomy phrases/patterns → one compiled Matcher; detect_concepts() finds hits in text.

Reads the taxonomy (data/taxonomy.yaml) and AnalyzeSettings (fuzzy threshold, negation windows).
"""

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from analyze.normalize import lower_same_length, normalize_text
from analyze.sentences import split_sentences
from analyze.settings import AnalyzeSettings
from analyze.taxonomy import Taxonomy

_SEPARATOR = r"[\s\-/]*"  # between the words of a phrase: spaces, line breaks, hyphens or nothing


@dataclass(frozen=True)
class Hit:
    """One concept found in one sentence: the sentence (quote) and the words that matched."""

    concept: str
    quote: str
    matched: str


def phrase_regex(phrase: str) -> str:
    """Regex for a taxonomy phrase: any word separator, plural of every word, trailing * for any ending."""
    parts = []
    for word in re.split(r"[\s\-]+", phrase.lower().strip()):
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"\w*")
        elif len(word) > 3 and word.endswith("y") and word[-2] not in "aeiou":
            parts.append(re.escape(word[:-1]) + "(?:y|ies)")
        elif word.endswith(("s", "x", "ch", "sh")):
            parts.append(re.escape(word) + "(?:es)?")
        else:
            parts.append(re.escape(word) + "s?")
    return r"\b" + _SEPARATOR.join(parts) + r"\b"


def phrase_anchor(phrase: str) -> str:
    """A fragment every match of the phrase contains: its longest word, without plural or * ending."""
    words = [w.rstrip("*") for w in re.split(r"[\s\-]+", phrase.lower().strip()) if w.rstrip("*")]
    word = max(words, key=len)
    return word[:-1] if len(word) > 3 and word.endswith("y") else word


@dataclass
class _CompiledConcept:
    id: str
    finder: re.Pattern[str]
    exclusion: re.Pattern[str] | None
    anchors: tuple[str, ...]


@dataclass
class Matcher:
    """A taxonomy compiled for matching; keeps a cache of fuzzy word corrections (per instance, not global)."""

    taxonomy: Taxonomy
    settings: AnalyzeSettings = field(default_factory=AnalyzeSettings)
    use_anchors: bool = True  # False: read every sentence with every concept (the reference for tests)

    def __post_init__(self) -> None:
        self.concepts: list[_CompiledConcept] = []
        for concept in self.taxonomy.concepts:
            sources = [phrase_regex(p) for p in concept.phrases] + list(concept.patterns)
            exclusion = re.compile("|".join(f"(?:{e})" for e in concept.exclusions)) if concept.exclusions else None
            anchors = set(concept.anchors) | {phrase_anchor(p) for p in concept.phrases if " " not in p.strip()}
            # A multi-word phrase needs no fragment of its own when one of its words holds one already.
            anchors |= {phrase_anchor(p) for p in concept.phrases
                        if not any(a in p.lower() for a in anchors)}
            anchors = tuple(sorted(anchors))
            self.concepts.append(_CompiledConcept(concept.id, re.compile("|".join(f"(?:{s})" for s in sources)),
                                                  exclusion, anchors))
        every = {a for c in self.concepts for a in c.anchors}
        # Scan only for fragments that contain no shorter one: text holding "boundary" holds "boundar".
        self.anchors = tuple(sorted(a for a in every if not any(b != a and b in a for b in every)))
        self.anchor_concepts = {a: tuple(i for i, c in enumerate(self.concepts) if any(a in b for b in c.anchors))
                                for a in self.anchors}
        self.negation = re.compile("|".join(f"(?:{n})" for n in self.taxonomy.negations)) if self.taxonomy.negations else None
        words = sorted(set(self.taxonomy.fuzzy_words))
        self.fuzzy_words = words
        self.known_words = set(words) | set(self.taxonomy.fuzzy_ignore)
        shortest = max(self.taxonomy.fuzzy_min_length - 3, 1)
        prefixes = sorted({w[:3] for w in words})
        # No leading \b: re then scans with a first-character set, several times faster; word starts are checked after.
        alternatives = "|".join(map(re.escape, prefixes))
        self.fuzzy_candidate = re.compile(f"(?:{alternatives})[a-z]{{{shortest},}}") if words else None
        self.corrections: dict[str, str | None] = {}

    def correct(self, token: str) -> str | None:
        """The taxonomy word a token misspells, or None (cached)."""
        if token in self.corrections:
            return self.corrections[token]
        best = None
        if token not in self.known_words and not any(token.startswith(w) for w in self.fuzzy_words):
            found = process.extractOne(token, self.fuzzy_words, scorer=fuzz.ratio,
                                       score_cutoff=self.settings.fuzzy_min_ratio)
            best = found[0] if found else None
        self.corrections[token] = best
        return best


def _misspellings(matcher: Matcher, low: str):
    """(start, end, word) for each whole word of low that misspells a fuzzy taxonomy word."""
    if matcher.fuzzy_candidate is None:
        return
    # findall + a set first: misspellings are rare, so positions are looked up only when there is one.
    if not any(matcher.correct(token) for token in set(matcher.fuzzy_candidate.findall(low))):
        return
    for m in matcher.fuzzy_candidate.finditer(low):
        start = m.start()
        if start and low[start - 1].isalpha():
            continue  # inside a longer word
        end = m.end()
        if end < len(low) and low[end].isalnum():
            continue
        word = matcher.correct(m.group())
        if word is not None:
            yield start, end, word


def _corrected(matcher: Matcher, low: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """Lower-case text with misspelled taxonomy words replaced, plus (new start, new end, old start, old end)."""
    pieces, spans, last, shift = [], [], 0, 0
    for start, end, word in _misspellings(matcher, low):
        pieces.append(low[last:start])
        pieces.append(word)
        new_start = start + shift
        spans.append((new_start, new_start + len(word), start, end))
        shift += len(word) - (end - start)
        last = end
    if not spans:
        return low, []
    pieces.append(low[last:])
    return "".join(pieces), spans


def _to_original(pos: int, spans: list[tuple[int, int, int, int]], at_end: bool) -> int:
    offset = 0
    for new_start, new_end, old_start, old_end in spans:
        if pos < new_start or (at_end and pos == new_start):
            break
        if pos < new_end or (at_end and pos == new_end):
            return old_end if at_end else old_start
        offset = old_end - new_end
    return pos + offset


def _negated(matcher: Matcher, text: str, start: int, end: int) -> bool:
    if matcher.negation is None:
        return False
    settings = matcher.settings
    for cue in matcher.negation.finditer(text):
        if cue.start() < end and start < cue.end():
            return True  # "training does not cover ethics" matched as a whole
        if cue.end() <= start and start - cue.end() <= settings.negation_before_chars:
            return True
        if cue.start() >= end and cue.start() - end <= settings.negation_after_chars:
            return True
    return False


def _quote(sentence: str, start: int, end: int, max_chars: int) -> str:
    if len(sentence) <= max_chars:
        return sentence
    room = max(max_chars - (end - start), 0)
    left = max(start - room // 2, 0)
    right = min(left + max(max_chars, end - start), len(sentence))
    left = max(right - max_chars, 0) if right - left < max_chars else left
    return ("…" if left else "") + sentence[left:right].strip() + ("…" if right < len(sentence) else "")


def match_sentence(matcher: Matcher, sentence: str, concepts: set[int] | None = None) -> list[Hit]:
    """Concepts found in one normalized sentence (at most one hit per concept); `concepts` limits the search."""
    low = lower_same_length(sentence)
    text, spans = _corrected(matcher, low)
    hits = []
    for index, concept in enumerate(matcher.concepts):
        if matcher.use_anchors and (
                (concepts is not None and index not in concepts) or not any(a in text for a in concept.anchors)):
            continue
        pos = 0
        while (m := concept.finder.search(text, pos)) is not None:
            start, end = m.span()
            if end == start:
                pos = start + 1
                continue
            excluded = concept.exclusion is not None and any(
                x.start() < end and start < x.end() for x in concept.exclusion.finditer(text))
            if excluded or _negated(matcher, text, start, end):
                pos = start + 1  # the exclusion may cover only this occurrence
                continue
            o_start, o_end = _to_original(start, spans, False), _to_original(end, spans, True)
            hits.append(Hit(concept.id, _quote(sentence, o_start, o_end, matcher.settings.max_quote_chars),
                            sentence[o_start:o_end]))
            break
    return hits


def _candidate_paragraphs(matcher: Matcher, low: str) -> dict[int, tuple[int, set[int] | None]]:
    """Paragraphs (blank-line separated) holding an anchor or a misspelling: start -> (end, concept indexes).

    None as the index set means "try every concept" (a misspelled word may serve any of them).
    """
    found: dict[int, tuple[int, set[int] | None]] = {}

    def paragraph(pos: int) -> tuple[int, int]:
        start = low.rfind("\n\n", 0, pos) + 1
        end = low.find("\n\n", pos)
        return start, len(low) if end == -1 else end

    # The distinct words of a long text are far shorter than the text: absent anchors are ruled out there.
    vocabulary = " ".join(set(low.split())) if len(low) > 20_000 else low
    for anchor in matcher.anchors:
        if anchor not in vocabulary:
            continue
        indexes = matcher.anchor_concepts[anchor]
        pos = low.find(anchor)
        while pos != -1:
            start, end = paragraph(pos)
            known = found.get(start, (end, set()))[1]
            if known is not None:
                known.update(indexes)
            found[start] = (end, known)
            pos = low.find(anchor, end)
    for pos, _end, _word in _misspellings(matcher, low):
        start, end = paragraph(pos)
        found[start] = (end, None)
    return found


def detect_concepts(matcher: Matcher, text: str) -> list[Hit]:
    """All concept hits in a text (paragraphs separated by blank lines), sentence by sentence.

    Only paragraphs holding an anchor fragment or a misspelled taxonomy word are split and matched.
    """
    text = normalize_text(text)
    low = lower_same_length(text)
    if not matcher.use_anchors:
        return [hit for sentence in split_sentences(text) for hit in match_sentence(matcher, sentence)]
    hits = []
    for start, (end, concepts) in sorted(_candidate_paragraphs(matcher, low).items()):
        if concepts is not None:
            # Most anchors sit in words like "candidate" or "office": one search per concept rules them out.
            flat = " ".join(low[start:end].split())
            concepts = {i for i in concepts if matcher.concepts[i].finder.search(flat)}
            if not concepts:
                continue
        for sentence in split_sentences(text[start:end]):
            hits.extend(match_sentence(matcher, sentence, concepts))
    return hits
