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
from analyze.wordstart import WordStartFinder

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


def phrase_stems(phrase: str) -> list[str]:
    """The part of each word of a phrase that every match keeps (no * ending, no y that may become ies)."""
    stems = []
    for word in re.split(r"[\s\-]+", phrase.lower().strip()):
        word = word.rstrip("*")
        if word:
            stems.append(word[:-1] if len(word) > 3 and word.endswith("y") else word)
    return stems


def phrase_anchor(phrase: str) -> str:
    """A fragment every match of the phrase contains: its longest word stem."""
    return max(phrase_stems(phrase), key=len)


def _automaton(anchors: tuple[str, ...]):
    """An Aho-Corasick automaton of the anchors (one pass over a text finds all); None without pyahocorasick."""
    try:
        import ahocorasick
    except ImportError:  # str.find per anchor gives the same result, a few times slower
        return None
    automaton = ahocorasick.Automaton()
    for anchor in anchors:
        automaton.add_word(anchor, anchor)
    if anchors:
        automaton.make_automaton()
        return automaton
    return None


def _any_of(fragments: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, fragments)) if fragments else "(?!)")  # (?!) never matches


@dataclass
class _CompiledConcept:
    id: str
    finder: WordStartFinder
    exclusion: WordStartFinder | None
    anchors: tuple[str, ...]
    anchor_finder: re.Pattern[str]  # any anchor: one scan in C instead of a generator over the anchors


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
            exclusion = WordStartFinder(list(concept.exclusions)) if concept.exclusions else None
            anchors = set(concept.anchors) | {phrase_anchor(p) for p in concept.phrases if len(phrase_stems(p)) == 1}
            # A multi-word phrase needs no fragment of its own when one of its word stems holds one already.
            anchors |= {phrase_anchor(p) for p in concept.phrases
                        if not any(a in stem for a in anchors for stem in phrase_stems(p))}
            anchors = tuple(sorted(anchors))
            self.concepts.append(_CompiledConcept(concept.id, WordStartFinder(sources),
                                                  exclusion, anchors, _any_of(anchors)))
        every = {a for c in self.concepts for a in c.anchors}
        # Scan only for fragments that contain no shorter one: text holding "boundary" holds "boundar".
        self.anchors = tuple(sorted(a for a in every if not any(b != a and b in a for b in every)))
        self.anchor_concepts = {a: tuple(i for i, c in enumerate(self.concepts) if any(a in b for b in c.anchors))
                                for a in self.anchors}
        self.automaton = _automaton(self.anchors)
        self.negation = WordStartFinder(list(self.taxonomy.negations)) if self.taxonomy.negations else None
        words = sorted(set(self.taxonomy.fuzzy_words))
        self.fuzzy_words = words
        self.fuzzy_words_plain = all(re.fullmatch("[a-z]+", w) for w in words)  # see _whole_word_positions
        self.known_words = set(words) | set(self.taxonomy.fuzzy_ignore)
        shortest = max(self.taxonomy.fuzzy_min_length - 3, 1)
        prefixes = sorted({w[:3] for w in words})
        # No leading \b: re then scans with a first-character set, several times faster; word starts are checked after.
        alternatives = "|".join(map(re.escape, prefixes))
        self.fuzzy_candidate = re.compile(f"(?:{alternatives})[a-z]{{{shortest},}}") if words else None
        # One regex per prefix: each starts with a literal, which re finds with a fast substring search,
        # so several passes beat one pass of the alternation (which stops at every first letter).
        self.fuzzy_prefix_finders = [re.compile(f"{re.escape(p)}[a-z]{{{shortest},}}") for p in prefixes]
        self.corrections: dict[str, str | None] = {}

    def correct(self, token: str) -> str | None:
        """The taxonomy word a token misspells, or None (cached)."""
        if token in self.corrections:
            return self.corrections[token]
        best = None
        if token not in self.known_words and not any(token.startswith(w) for w in self.fuzzy_words):
            found = process.extractOne(token, self.fuzzy_words, scorer=fuzz.ratio,
                                       score_cutoff=self.settings.fuzzy_min_ratio)
            best = found[0] if found else _transposed(token, self.fuzzy_words)
        self.corrections[token] = best
        return best


def _transposed(token: str, words: list[str]) -> str | None:
    """The word a token spells with two neighbouring letters swapped ("ethcis"), or None.

    The commonest typo; the ratio counts it as two edits, which short words cannot afford.
    """
    for word in words:
        if len(word) == len(token) and word[:3] == token[:3]:
            diff = [i for i in range(len(word)) if word[i] != token[i]]
            if len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == token[diff[1]] \
                    and word[diff[1]] == token[diff[0]]:
                return word
    return None


def _misspellings(matcher: Matcher, low: str):
    """(start, end, word) for each whole word of low that misspells a fuzzy taxonomy word."""
    if matcher.fuzzy_candidate is None:
        return
    # findall + a set first: misspellings are rare, so positions are looked up only when there is one.
    # The per-prefix passes also find tokens inside words ("connect" in "disconnect"); only whole-word
    # occurrences are kept below, which are exactly the alternation's.
    tokens = set().union(*(finder.findall(low) for finder in matcher.fuzzy_prefix_finders))
    wrong = {token for token in tokens if matcher.correct(token)}
    if not wrong:
        return
    if matcher.fuzzy_words_plain:
        yield from sorted(_whole_word_positions(matcher, low, wrong))
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


def _whole_word_positions(matcher: Matcher, low: str, tokens: set[str]):
    """(start, end, word) of each whole-word occurrence of the tokens; str.find is faster than a second finditer.

    With [a-z] fuzzy words, a whole-word candidate match is exactly a whole-word occurrence of its token.
    """
    for token in tokens:
        start = low.find(token)
        while start != -1:
            end = start + len(token)
            if not (start and low[start - 1].isalpha()) and not (end < len(low) and low[end].isalnum()):
                yield start, end, matcher.correct(token)
            start = low.find(token, start + 1)


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


def _negation_cues(matcher: Matcher, text: str) -> list[tuple[int, int]]:
    return [cue.span() for cue in matcher.negation.finditer(text)] if matcher.negation is not None else []


def _negated(matcher: Matcher, cues: list[tuple[int, int]], start: int, end: int) -> bool:
    settings = matcher.settings
    for cue_start, cue_end in cues:
        if cue_start < end and start < cue_end:
            return True  # "training does not cover ethics" matched as a whole
        if cue_end <= start and start - cue_end <= settings.negation_before_chars:
            return True
        if cue_start >= end and cue_start - end <= settings.negation_after_chars:
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


def _concepts_to_try(matcher: Matcher, text: str, concepts: set[int] | None) -> list[int]:
    """Indexes, in taxonomy order, of the concepts allowed by `concepts` whose anchor the text holds."""
    if not matcher.use_anchors:
        return list(range(len(matcher.concepts)))
    indexes = range(len(matcher.concepts)) if concepts is None else sorted(concepts)
    return [i for i in indexes if matcher.concepts[i].anchor_finder.search(text)]


def match_sentence(matcher: Matcher, sentence: str, concepts: set[int] | None = None,
                   known: tuple[str, dict[int, re.Match[str]]] | None = None, fuzzy: bool = True) -> list[Hit]:
    """Concepts found in one normalized sentence (at most one hit per concept); `concepts` limits the search.

    `known` is a text and the first match of some concepts in it: reused when the sentence reads the same.
    fuzzy=False skips the misspelling scan, for a sentence of a paragraph already found to hold none.
    """
    low = lower_same_length(sentence)
    text, spans = _corrected(matcher, low) if fuzzy else (low, [])
    first = known[1] if known is not None and known[0] == text else {}
    cues = None  # negation cues, found once per sentence when first needed
    hits = []
    for index in _concepts_to_try(matcher, text, concepts):
        concept = matcher.concepts[index]
        m = first[index] if index in first else concept.finder.search(text)
        while m is not None:
            start, end = m.span()
            if end == start:
                m = concept.finder.search(text, start + 1)
                continue
            excluded = concept.exclusion is not None and any(
                x.start() < end and start < x.end() for x in concept.exclusion.finditer(text))
            if not excluded and cues is None:
                cues = _negation_cues(matcher, text)
            if excluded or _negated(matcher, cues, start, end):
                m = concept.finder.search(text, start + 1)  # the exclusion may cover only this occurrence
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
        """Bounds of the paragraph around a word at pos. Scans the paragraph: callers ask once per paragraph."""
        end = low.find("\n\n", pos)
        return low.rfind("\n\n", 0, pos) + 1, len(low) if end == -1 else end

    def mark(pos: int, anchor: str) -> int:
        start, end = paragraph(pos)
        known = found.get(start, (end, set()))[1]
        if known is not None:
            known.update(matcher.anchor_concepts[anchor])
        found[start] = (end, known)
        return end

    if matcher.automaton is not None:
        start = end = 0
        concepts: set[int] | None = set()
        for last, anchor in matcher.automaton.iter(low):  # one pass for all anchors
            pos = last + 1 - len(anchor)
            if not start <= pos < end:  # hits come in text order: look bounds up once per paragraph
                start, end = paragraph(pos)
                concepts = found.setdefault(start, (end, set()))[1]
            concepts.update(matcher.anchor_concepts[anchor])
    else:
        for anchor in matcher.anchors:
            pos = low.find(anchor)
            while pos != -1:
                pos = low.find(anchor, mark(pos, anchor))
    start = end = 0
    for pos, _end, _word in _misspellings(matcher, low):  # in text order
        if not start <= pos < end:
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
        return [hit for sentence in split_sentences(text, matcher.settings.max_sentence_chars) for hit in match_sentence(matcher, sentence)]
    hits = []
    for start, (end, concepts) in sorted(_candidate_paragraphs(matcher, low).items()):
        known = None
        # A paragraph with a misspelling comes with concepts None; the others hold none, nor do their sentences.
        fuzzy = concepts is None
        if concepts is not None:
            # Most anchors sit in words like "candidate" or "office": one search per concept rules them out.
            flat = " ".join(low[start:end].split())
            found = {i: m for i in concepts if (m := matcher.concepts[i].finder.search(flat)) is not None}
            if not found:
                continue
            concepts, known = set(found), (flat, found)  # a one-sentence paragraph is not searched again
        for sentence in split_sentences(text[start:end], matcher.settings.max_sentence_chars):
            hits.extend(match_sentence(matcher, sentence, concepts, known, fuzzy))
    return hits
