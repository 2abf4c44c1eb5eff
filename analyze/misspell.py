"""Misspelling correction: whole words close to a taxonomy fuzzy word ("boundries") read as that word.

Reads the taxonomy's fuzzy words/ignore list and AnalyzeSettings.fuzzy_min_ratio; keeps a per-instance cache.
"""

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from analyze.settings import AnalyzeSettings
from analyze.taxonomy import Taxonomy


@dataclass
class Speller:
    """The taxonomy's fuzzy words compiled for finding misspellings; caches corrections (per instance)."""

    taxonomy: Taxonomy
    settings: AnalyzeSettings = field(default_factory=AnalyzeSettings)

    def __post_init__(self) -> None:
        words = sorted(set(self.taxonomy.fuzzy_words))
        self.words = words
        self.plain_words = all(re.fullmatch("[a-z]+", w) for w in words)  # see _whole_word_positions
        self.known_words = set(words) | set(self.taxonomy.fuzzy_ignore)
        shortest = max(self.taxonomy.fuzzy_min_length - 3, 1)
        prefixes = sorted({w[:3] for w in words})
        # No leading \b: re then scans with a first-character set, several times faster; word starts are checked after.
        alternatives = "|".join(map(re.escape, prefixes))
        self.candidate = re.compile(f"(?:{alternatives})[a-z]{{{shortest},}}") if words else None
        # One regex per prefix: each starts with a literal, which re finds with a fast substring search,
        # so several passes beat one pass of the alternation (which stops at every first letter).
        self.prefix_finders = [re.compile(f"{re.escape(p)}[a-z]{{{shortest},}}") for p in prefixes]
        self.corrections: dict[str, str | None] = {}

    def correct(self, token: str) -> str | None:
        """The taxonomy word a token misspells, or None (cached)."""
        if token in self.corrections:
            return self.corrections[token]
        best = None
        if token not in self.known_words and not any(token.startswith(w) for w in self.words):
            found = process.extractOne(token, self.words, scorer=fuzz.ratio,
                                       score_cutoff=self.settings.fuzzy_min_ratio)
            best = found[0] if found else _transposed(token, self.words)
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


def find_misspellings(speller: Speller, low: str):
    """(start, end, word) for each whole word of low that misspells a fuzzy taxonomy word, in text order."""
    if speller.candidate is None:
        return
    # findall + a set first: misspellings are rare, so positions are looked up only when there is one.
    # The per-prefix passes also find tokens inside words ("connect" in "disconnect"); only whole-word
    # occurrences are kept below, which are exactly the alternation's.
    tokens = set().union(*(finder.findall(low) for finder in speller.prefix_finders))
    wrong = {token for token in tokens if speller.correct(token)}
    if not wrong:
        return
    if speller.plain_words:
        yield from sorted(_whole_word_positions(speller, low, wrong))
        return
    for m in speller.candidate.finditer(low):
        start = m.start()
        if start and low[start - 1].isalpha():
            continue  # inside a longer word
        end = m.end()
        if end < len(low) and low[end].isalnum():
            continue
        word = speller.correct(m.group())
        if word is not None:
            yield start, end, word


def _whole_word_positions(speller: Speller, low: str, tokens: set[str]):
    """(start, end, word) of each whole-word occurrence of the tokens; str.find is faster than a second finditer.

    With [a-z] fuzzy words, a whole-word candidate match is exactly a whole-word occurrence of its token.
    """
    for token in tokens:
        start = low.find(token)
        while start != -1:
            end = start + len(token)
            if not (start and low[start - 1].isalpha()) and not (end < len(low) and low[end].isalnum()):
                yield start, end, speller.correct(token)
            start = low.find(token, start + 1)


def corrected(speller: Speller, low: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """Lower-case text with misspelled taxonomy words replaced, plus (new start, new end, old start, old end)."""
    pieces, spans, last, shift = [], [], 0, 0
    for start, end, word in find_misspellings(speller, low):
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


def to_original(pos: int, spans: list[tuple[int, int, int, int]], at_end: bool) -> int:
    """A position in corrected text mapped back to the text as written (a corrected word maps to itself)."""
    offset = 0
    for new_start, new_end, old_start, old_end in spans:
        if pos < new_start or (at_end and pos == new_start):
            break
        if pos < new_end or (at_end and pos == new_end):
            return old_end if at_end else old_start
        offset = old_end - new_end
    return pos + offset
