"""Concept matching: taxonomy phrases/patterns → one compiled Matcher; detect_concepts() finds hits in text.

Reads the taxonomy (data/taxonomy.yaml) and AnalyzeSettings (fuzzy threshold, negation windows).
"""

import re
from dataclasses import dataclass, field, replace

from analyze.alternation import Alternation
from analyze.misspell import Speller, corrected, find_misspellings, to_original
from analyze.normalize import lower_same_length, normalize_text
from analyze.prefilter import needed_anchors, required_anchors
from analyze.rules import (
    FOLD,
    any_phrase_regex,
    audience_regex,
    concept_anchors,
    concept_exclusions,
    concept_sources,
    phrase_regex,
)
from analyze.sentences import split_sentences
from analyze.settings import AnalyzeSettings
from analyze.taxonomy import Taxonomy

__all__ = ["Hit", "Matcher", "detect_concepts", "match_sentence", "phrase_regex"]  # phrase_regex: re-exported

@dataclass(frozen=True)
class Hit:
    """One concept found in one sentence: the sentence (quote) and the words that matched."""

    concept: str
    quote: str
    matched: str
    rule: str = ""  # the taxonomy rule that matched, as the analyst wrote it
    before: str = ""  # the sentence before the quote and the one after it, so a reader can judge the finding
    after: str = ""


def _automaton(anchors: tuple[str, ...]):
    """An Aho-Corasick automaton of the anchors (one pass over a text finds all); None without ahocorasick_rs."""
    try:
        import ahocorasick_rs
    except ImportError:  # str.find per anchor gives the same result, several times slower
        return None
    if not anchors:
        return None
    # The DFA form takes longer to build (once per run) and scans about 3x faster than pyahocorasick.
    return ahocorasick_rs.AhoCorasick(list(anchors), implementation=ahocorasick_rs.Implementation.DFA)


def _any_of(fragments: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, fragments)) if fragments else "(?!)")  # (?!) never matches


_MAX_CACHED_ANCHOR_SETS = 4096  # per concept; cleared when full (memory stays bounded over a long run)
# Paragraphs read before, by their text: menus, footers and boilerplate repeat on every page of a site (a third of
# the candidate paragraphs of the corpus benchmark). Cleared when full.
_MAX_CACHED_PARAGRAPHS = 20_000


@dataclass
class _CompiledConcept:
    id: str
    finder: Alternation
    exclusion: Alternation | None
    anchors: tuple[str, ...]
    anchor_finder: re.Pattern[str]  # any anchor: one scan in C instead of a generator over the anchors
    sources: tuple[str, ...]  # the finder's alternatives: phrase regexes, then patterns
    rules: tuple[str, ...] = ()  # how the analyst wrote each source, for the finding
    implies: tuple[str, ...] = ()  # concept ids credited with this concept's findings
    audience: Alternation | None = None  # sentences naming these audiences (and not peers) do not count
    paragraph_rules: tuple[tuple[Alternation, Alternation, str], ...] = ()  # (words, with, rule)
    always: int = 0  # bit k set: source k has no provable anchor and is always searched
    source_bits: dict[int, int] = field(default_factory=dict)  # scanned anchor index -> sources needing it
    narrowed: dict[int, Alternation] = field(default_factory=dict)  # source bits -> finder (a cache)
    # (bit of source k, anchor sets each of which a paragraph must touch for k to match): both sides of a near rule
    required: tuple[tuple[int, tuple[frozenset[int], ...]], ...] = ()
    required_bits: int = 0  # the bits of the sources in `required`

    def finder_for(self, anchors: frozenset[int] | set[int]) -> Alternation | None:
        """A finder of the sources a paragraph holding these scanned anchors can match; None when no source can.

        Its first match equals the full finder's: the sources left out cannot match anywhere in the paragraph.
        Matcher.plan_for caches the answer per anchor set.
        """
        bits = self.always
        for anchor in anchors:
            bits |= self.source_bits.get(anchor, 0)
        if bits & self.required_bits:
            for bit, sets in self.required:
                if bits & bit and any(anchors.isdisjoint(s) for s in sets):
                    bits &= ~bit
        if not bits:
            return None
        if bits == (1 << len(self.sources)) - 1:
            return self.finder
        if bits not in self.narrowed:
            self.narrowed[bits] = Alternation([s for k, s in enumerate(self.sources) if bits >> k & 1])
        return self.narrowed[bits]

    def rule_at(self, text: str, start: int, end: int) -> str:
        """The rule whose source matched text[start:end] (re picks the first alternative that matches there)."""
        if not hasattr(self, "_compiled"):
            self._compiled = [re.compile(s) for s in self.sources]
        for rule, regex in zip(self.rules, self._compiled, strict=True):
            found = regex.match(text, start)
            if found is not None and found.end() == end:
                return rule
        return next((r for r, x in zip(self.rules, self._compiled, strict=True) if x.match(text, start)), "")


@dataclass(frozen=True)
class _Plan:
    """What a paragraph's anchors allow: the concepts reached and the finders worth searching."""

    reachable: frozenset[int]
    finders: tuple[tuple[int, Alternation], ...]
    paragraph_rules: bool  # some reached concept has paragraph rules


@dataclass
class Matcher:
    """A taxonomy compiled for matching; its Speller keeps a cache of word corrections (per instance)."""

    taxonomy: Taxonomy
    settings: AnalyzeSettings = field(default_factory=AnalyzeSettings)
    use_anchors: bool = True  # False: read every sentence with every concept (the reference for tests)
    lang: str = "en"  # the document language: English rules always, plus this language's own

    def __post_init__(self) -> None:
        self.fold = self.lang != "en"  # Spanish is matched with accents folded (analyze.rules.FOLD)
        self._languages: dict[str, Matcher] = {self.lang: self}
        peers = audience_regex(self.taxonomy, ("peers",))
        self.concepts: list[_CompiledConcept] = []
        for concept in self.taxonomy.concepts:
            compiled_sources = concept_sources(concept, self.lang)
            sources = [s.regex for s in compiled_sources]
            excluded = concept_exclusions(concept, self.lang)
            exclusion = Alternation(excluded) if excluded else None
            anchors = tuple(sorted(concept_anchors(concept, self.lang)))
            audience = audience_regex(self.taxonomy, concept.not_when_about)
            self.concepts.append(_CompiledConcept(
                concept.id, Alternation(sources), exclusion, anchors, _any_of(anchors), tuple(sources),
                rules=tuple(s.rule for s in compiled_sources), implies=concept.implies,
                paragraph_rules=tuple((Alternation([any_phrase_regex(r.words)]),
                                       Alternation([any_phrase_regex(r.with_)]), f"paragraph: {r.describe()}")
                                      for r in concept.paragraph),
                audience=Alternation([audience]) if audience else None))
        self.peers = Alternation([peers]) if peers else None
        self.concepts_by_id = {c.id: c for c in self.concepts}
        self.with_paragraph_rules = tuple(c for c in self.concepts if c.paragraph_rules)
        context = any_phrase_regex(self.taxonomy.context_of(self.lang), self.lang) if self.fold else None
        self.context = Alternation([context]) if context else None

        every = {a for c in self.concepts for a in c.anchors}
        # Scan only for fragments that contain no shorter one: text holding "boundary" holds "boundar".
        self.anchors = tuple(sorted(a for a in every if not any(b != a and b in a for b in every)))
        self.anchor_concepts = tuple(tuple(i for i, c in enumerate(self.concepts) if any(a in b for b in c.anchors))
                                     for a in self.anchors)
        self._plans: dict[frozenset[int], _Plan] = {}  # plan_for's cache
        self._paragraphs: dict[str, _Read] = {}  # detect_concepts' cache, by paragraph text
        for compiled in self.concepts:
            for k, source in enumerate(compiled.sources):
                needed = needed_anchors(source, self.anchors)
                if needed is None:
                    compiled.always |= 1 << k
                for anchor in needed or ():
                    compiled.source_bits[anchor] = compiled.source_bits.get(anchor, 0) | 1 << k
                others = tuple(s for s in required_anchors(source, self.anchors) if s != needed) if needed else ()
                if others:
                    compiled.required += ((1 << k, others),)
                    compiled.required_bits |= 1 << k
        self.automaton = _automaton(self.anchors)
        self.negation = Alternation(list(self.taxonomy.negations)) if self.taxonomy.negations else None
        self.speller = Speller(self.taxonomy, self.settings)

    def reads(self, text: str) -> bool:
        """Whether a document in this matcher's language speaks of peer work (its language_context), so its rules apply."""
        return self.context is None or self.context.search(self.lower(text)) is not None

    def plan_for(self, anchors: frozenset[int]) -> "_Plan":
        """The concepts a paragraph holding these anchors reaches, and the narrowed finder of those that can match.

        Cached: paragraphs repeat the same few anchor sets (menus, footers, boilerplate).
        """
        plan = self._plans.get(anchors)
        if plan is None:
            if len(self._plans) >= _MAX_CACHED_ANCHOR_SETS:
                self._plans.clear()
            reachable = frozenset(i for a in anchors for i in self.anchor_concepts[a])
            finders = tuple((i, finder) for i in sorted(reachable)
                            if (finder := self.concepts[i].finder_for(anchors)) is not None)
            plan = self._plans[anchors] = _Plan(reachable, finders,
                                                any(self.concepts[i].paragraph_rules for i in reachable))
        return plan

    def read_paragraph(self, paragraph: str, anchors: set[int] | None) -> "_Read":
        """What detection finds in one paragraph before the sentences around it are added (cached by its text)."""
        read = self._paragraphs.get(paragraph)
        if read is None:
            if len(self._paragraphs) >= _MAX_CACHED_PARAGRAPHS:
                self._paragraphs.clear()
            read = self._paragraphs[paragraph] = _read_paragraph(self, paragraph, anchors)
        return read

    def forget_paragraphs(self) -> None:
        """Empty the paragraph cache (also of the language matchers): benchmarks measure a first reading."""
        for matcher in self._languages.values():  # holds this matcher too
            matcher._paragraphs.clear()

    def for_language(self, lang: str) -> "Matcher":
        """The matcher of a document language (compiled once, then cached); unknown languages read as English."""
        lang = lang if lang in ("en", *(code for c in self.taxonomy.concepts for code, _ in c.languages)) else "en"
        if lang not in self._languages:
            self._languages[lang] = Matcher(self.taxonomy, self.settings, self.use_anchors, lang)
        return self._languages[lang]

    def lower(self, text: str) -> str:
        """Lower-case text for matching, same length (accents folded for a language other than English)."""
        low = lower_same_length(text)
        return low.translate(FOLD) if self.fold else low

    def correct(self, token: str) -> str | None:
        """The taxonomy word a token misspells, or None (cached)."""
        return self.speller.correct(token)


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
    low = matcher.lower(sentence)
    text, spans = corrected(matcher.speller, low) if fuzzy else (low, [])
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
            if concept.audience is not None and concept.audience.search(text) is not None and (
                    matcher.peers is None or matcher.peers.search(text) is None):
                break  # the sentence applies to someone else (state employees, lawyers, nurses), not to peers
            o_start, o_end = to_original(start, spans, False), to_original(end, spans, True)
            hits.append(Hit(concept.id, _quote(sentence, o_start, o_end, matcher.settings.max_quote_chars),
                            sentence[o_start:o_end], concept.rule_at(text, start, end)))
            break
    found = {hit.concept for hit in hits}
    for hit in list(hits):
        for other in matcher.concepts_by_id[hit.concept].implies:
            if other not in found:
                found.add(other)
                hits.append(replace(hit, concept=other, rule=f"implied by {hit.concept} ({hit.rule})"))
    return hits


def _anchor_hits(matcher: Matcher, low: str) -> list[tuple[int, int, int]] | None:
    """(anchor index, start, end) of every anchor occurrence, overlapping ones too, in characters; None: no scanner."""
    if matcher.automaton is None:
        return None
    try:
        return matcher.automaton.find_matches_as_indexes(low, overlapping=True)  # one pass for all anchors
    except UnicodeEncodeError:  # a lone surrogate (broken text) has no UTF-8 form for the scanner
        return None


def _candidate_paragraphs(matcher: Matcher, low: str) -> dict[int, tuple[int, set[int] | None]]:
    """Paragraphs (blank-line separated) holding an anchor or a misspelling: start -> (end, anchor indexes).

    Indexes are of matcher.anchors; None means "try every concept" (a misspelled word may serve any of them).
    """
    found: dict[int, tuple[int, set[int] | None]] = {}

    def paragraph(pos: int) -> tuple[int, int]:
        """Bounds of the paragraph around a word at pos. Scans the paragraph: callers ask once per paragraph."""
        end = low.find("\n\n", pos)
        return low.rfind("\n\n", 0, pos) + 1, len(low) if end == -1 else end

    def mark(pos: int, index: int) -> int:
        start, end = paragraph(pos)
        found.setdefault(start, (end, set()))[1].add(index)
        return end

    hits = _anchor_hits(matcher, low)
    if hits is not None:
        start = end = 0
        anchors: set[int] = set()
        for index, pos, _ in hits:
            if not start <= pos < end:  # hits come in text order: look bounds up once per paragraph
                start, end = paragraph(pos)
                anchors = found.setdefault(start, (end, set()))[1]
            anchors.add(index)
    else:
        for index, anchor in enumerate(matcher.anchors):
            pos = low.find(anchor)
            while pos != -1:
                pos = low.find(anchor, mark(pos, index))
    start = end = 0
    for pos, _end, _word in find_misspellings(matcher.speller, low):  # in text order
        if not start <= pos < end:
            start, end = paragraph(pos)
            found[start] = (end, None)
    return found


def detect_concepts(matcher: Matcher, text: str) -> list[Hit]:
    """All concept hits in a text (paragraphs separated by blank lines), sentence by sentence.

    Only paragraphs holding an anchor fragment or a misspelled taxonomy word are split and matched.
    """
    text = normalize_text(text)
    low = matcher.lower(text)
    max_chars = matcher.settings.max_sentence_chars
    # Without anchors (the reference for tests) every paragraph is read, every sentence with every concept.
    spans = (_candidate_paragraphs(matcher, low).items() if matcher.use_anchors
             else ((start, (end, None)) for start, end in _paragraph_spans(low)))
    hits = []
    for start, (end, anchors) in sorted(spans):
        read = matcher.read_paragraph(text[start:end], anchors)
        for k, found_here in read.sentence_hits:
            around = _sentences_around(text, start, end, read.sentences, k, max_chars)
            hits.extend(_with_context(hit, around, 1, matcher) for hit in found_here)
        hits.extend(read.paragraph_hits)
    return hits


@dataclass(frozen=True)
class _Read:
    """A paragraph as detection read it: its sentences, the hits of each (no context yet), its paragraph-rule hits."""

    sentences: list[str]
    sentence_hits: tuple[tuple[int, tuple[Hit, ...]], ...] = ()
    paragraph_hits: tuple[Hit, ...] = ()


def _read_paragraph(matcher: Matcher, paragraph: str, anchors: set[int] | None) -> _Read:
    """Hits of one candidate paragraph: anchors None means it holds a misspelling (searched with correction)."""
    low = matcher.lower(paragraph)
    known, concepts, plan = None, None, None
    fuzzy = anchors is None  # the other paragraphs hold no misspelling, nor do their sentences
    if anchors is not None:
        # Most anchors sit in words like "candidate" or "office": one search per concept rules them out,
        # of only the concept's sources that need an anchor the paragraph holds.
        flat = " ".join(low.split())
        found = {}
        plan = matcher.plan_for(frozenset(anchors))
        for i, finder in plan.finders:
            if (m := finder.search(flat)) is not None:
                found[i] = m
        if not found:
            return _Read([])
        concepts, known = set(found), (flat, found)  # a one-sentence paragraph is not searched again
    sentences = split_sentences(paragraph, matcher.settings.max_sentence_chars)
    sentence_hits, here = [], []
    for k, sentence in enumerate(sentences):
        found_here = match_sentence(matcher, sentence, concepts, known, fuzzy)
        here += found_here
        kept = tuple(hit for hit in found_here if not _about_others(matcher, hit.concept, low))
        if kept:
            sentence_hits.append((k, kept))
    paragraph_hits: list[Hit] = []
    if matcher.with_paragraph_rules and (plan is None or plan.paragraph_rules):
        paragraph_hits = _paragraph_hits(matcher, paragraph, low, 0, len(paragraph), {h.concept for h in here})
    return _Read(sentences, tuple(sentence_hits), tuple(paragraph_hits))


def _about_others(matcher: Matcher, concept_id: str, paragraph: str) -> bool:
    """Whether a paragraph applies to someone else: it names a concept's other audience and no peer anywhere.

    The sentence test in match_sentence misses the next sentence of the same rule ("Public employees may accept
    perishable gifts. Gifts of alcohol are prohibited.").
    """
    audience = matcher.concepts_by_id[concept_id].audience
    return (audience is not None and audience.search(paragraph) is not None
            and (matcher.peers is None or matcher.peers.search(paragraph) is None))


def _paragraph_spans(low: str) -> list[tuple[int, int]]:
    """Paragraph bounds as _candidate_paragraphs finds them (from just after one blank line to the next)."""
    spans, start = [], 0
    while True:
        end = low.find("\n\n", start)
        spans.append((start, len(low) if end == -1 else end))
        if end == -1:
            return spans
        start = end + 1


def _paragraph_hits(matcher: Matcher, text: str, low: str, start: int, end: int, done: set[str]) -> list[Hit]:
    """Hits of paragraph rules: a concept's word in a sentence of a paragraph that also names the context."""
    hits = []
    sentences = None
    for concept in matcher.with_paragraph_rules:
        if concept.id in done:
            continue
        for words, context, rule in concept.paragraph_rules:
            if context.search(low[start:end]) is None:
                continue
            sentences = sentences if sentences is not None else split_sentences(text[start:end],
                                                                                  matcher.settings.max_sentence_chars)
            hit = _first_paragraph_hit(matcher, concept, words, context, sentences, rule)
            if hit is not None:
                hits.append(hit)
                break
    return hits


_CODE_NAME = ("code of ", "codes of ")  # "Code of Ethics" names a code: not ethics as a topic of a list


def _first_paragraph_hit(matcher: Matcher, concept: _CompiledConcept, words: Alternation,
                         context: Alternation, sentences: list[str], rule: str) -> Hit | None:
    """The first sentence holding a word of the rule, when another sentence of the paragraph holds the context."""
    lowered = [matcher.lower(sentence) for sentence in sentences]
    with_context = [context.search(text) is not None for text in lowered]
    for k, sentence in enumerate(sentences):
        text = lowered[k]
        if not any(with_context[:k] + with_context[k + 1:]):
            continue
        m = words.search(text)
        while m is not None:
            start, end = m.span()
            if text[max(start - 9, 0):start].endswith(_CODE_NAME):
                m = words.search(text, start + 1)
                continue
            excluded = concept.exclusion is not None and any(
                x.start() < end and start < x.end() for x in concept.exclusion.finditer(text))
            if not excluded and not _negated(matcher, _negation_cues(matcher, text), start, end) and (
                    concept.audience is None or concept.audience.search(text) is None
                    or (matcher.peers is not None and matcher.peers.search(text) is not None)):
                hit = Hit(concept.id, _quote(sentence, start, end, matcher.settings.max_quote_chars),
                          sentence[start:end], rule)
                return _with_context(hit, sentences, k, matcher)
            m = words.search(text, start + 1)
    return None


def _sentences_around(text: str, start: int, end: int, sentences: list[str], k: int,
                      max_chars: int) -> list[str]:
    """[sentence before, sentence k, sentence after] of a paragraph, reaching into the paragraphs beside it.

    Only the end of the paragraph before and the start of the one after are split: a sentence is at most
    max_chars long (longer ones are cut in pieces), so twice that reaches the whole sentence beside this one.
    """
    before = sentences[k - 1] if k else ""
    if not before and start > 1:
        previous_start = text.rfind("\n\n", 0, max(start - 2, 0)) + 1
        window = max(previous_start, start - 2 * max_chars)
        if window > previous_start:  # begin at a line start, so the window does not cut a list item in two
            window = min(text.find("\n", window) + 1 or window, start)
        previous = split_sentences(text[window:start].strip("\n"), max_chars)
        before = previous[-1] if previous else ""
    after = sentences[k + 1] if k + 1 < len(sentences) else ""
    if not after and end < len(text):
        following = text.find("\n\n", end + 2)
        stop = min(following if following != -1 else len(text), end + 2 * max_chars)
        nxt = split_sentences(text[end:stop].strip("\n"), max_chars)
        after = nxt[0] if nxt else ""
    return [before, sentences[k], after]


def _with_context(hit: Hit, sentences: list[str], k: int, matcher: Matcher) -> Hit:
    cap = matcher.settings.max_quote_chars
    before = sentences[k - 1] if k else ""
    after = sentences[k + 1] if k + 1 < len(sentences) else ""
    # The constructor, not dataclasses.replace: this runs once per hit, and replace() inspects the fields each time.
    return Hit(hit.concept, hit.quote, hit.matched, hit.rule, _quote(before, len(before), len(before), cap),
               _quote(after, 0, 0, cap))
