"""Readable taxonomy rules to regular expressions: phrases with their variants, "A within N words of B", audiences.

Each compiled source keeps the rule an analyst wrote, so a finding can say which rule matched it.
"""

import re
from dataclasses import dataclass

from analyze.taxonomy import Concept, Near, Taxonomy

_SEPARATOR = r"[\s\-/]*"  # between the words of a phrase: spaces, line breaks, hyphens, slashes or nothing
# Between the words of a phrase of several words, one coordinated word may stand: "personal or financial gain"
# is "personal gain", "sexual and reproductive health" is "sexual health" (lists written by people, not taxonomies).
_COORDINATED = r"(?:[\s/]+(?:or|and|and/or|&)\s+[a-z]+)?"
# Spanish text is matched without accents (PDFs and web forms drop them): "ética" and "etica" read alike.
# One character for one, so offsets into the original text still hold for quoting.
FOLD = str.maketrans("áéíóúüñàèìòù", "aeiouunaeiou")


@dataclass(frozen=True)
class Source:
    """One compiled rule: its regex and how the analyst wrote it."""

    regex: str
    rule: str


def fold(text: str) -> str:
    """Lower-case text with Spanish accents and ñ removed, same length."""
    return text.translate(FOLD)


def _english_word(word: str) -> str:
    if len(word) > 3 and word.endswith("y") and word[-2] not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies)"
    if word.endswith(("s", "x", "ch", "sh")):
        return re.escape(word) + "(?:es)?"
    return re.escape(word) + "s?"


def _spanish_word(word: str) -> str:
    # Plural: a vowel takes -s (ética → éticas), a consonant -es (relación → relaciones, dual → duales).
    if word[-1] in "aeiou":
        return re.escape(word) + "s?"
    if word.endswith("z"):
        return re.escape(word[:-1]) + "(?:z|ces)"
    return re.escape(word) + "(?:es)?"


def phrase_words(phrase: str, lang: str = "en") -> list[str]:
    words = re.split(r"[\s\-/]+", phrase.lower().strip())
    return [fold(w) for w in words] if lang != "en" else words


def phrase_regex(phrase: str, lang: str = "en", coordinated: bool = True) -> str:
    """Regex for a taxonomy phrase: any word separator, plural of every word, trailing * for any ending.

    coordinated: one "or/and <word>" may stand between two words (near rules say their own distance).
    """
    parts = []
    for word in phrase_words(phrase, lang):
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"\w*")
        else:
            parts.append(_english_word(word) if lang == "en" else _spanish_word(word))
    return r"\b" + ((_COORDINATED if coordinated else "") + _SEPARATOR).join(parts) + r"\b"


def phrase_stems(phrase: str, lang: str = "en") -> list[str]:
    """The part of each word of a phrase that every match keeps (no * ending, no y that may become ies)."""
    stems = []
    for word in phrase_words(phrase, lang):
        word = word.rstrip("*")
        if word:
            stems.append(word[:-1] if len(word) > 3 and word.endswith(("y", "z")) else word)
    return stems


# Words on nearly every page: a phrase's anchor is another of its words when it has one (speed only).
COMMON_WORDS = frozenset({
    "the", "you", "your", "them", "their", "they", "into", "out", "up", "at", "of", "to", "on", "off", "with",
    "from", "show", "turn", "see", "ask", "asks", "people", "person", "work", "program", "home", "house", "call",
    "calls", "own", "day", "come", "comes", "know", "where", "all", "both", "that", "this", "de", "la", "el",
    "los", "las", "su", "en", "con", "del", "information",
    # Frequent on program pages (measured on the shared corpus): a poor fragment to scan for.
    "about", "more", "than", "one", "need", "live", "line", "lines", "within", "public", "support", "services",
    "service", "provide", "personal", "social", "business", "share", "talk", "risk", "related", "community",
    "individuals", "issues", "worker", "protect", "door", "for", "in", "a", "an", "and", "or", "by",
    # Question and function words that open phrases ("when to share", "am I sharing").
    "when", "what", "why", "how", "much", "whether", "am", "i", "is", "are", "be", "not", "as", "we", "our",
})


def phrase_anchor(phrase: str, lang: str = "en") -> str:
    """A fragment every match of the phrase contains: its longest word stem, not a common word if it can."""
    stems = phrase_stems(phrase, lang)
    return max([s for s in stems if s not in COMMON_WORDS] or stems, key=len)


def _bare(regex: str) -> str:
    return regex.removeprefix(r"\b").removesuffix(r"\b")


def near_regex(rule: Near, lang: str = "en") -> str:
    """Regex for "one of words within N words of one of of", in either order."""
    first = "(?:" + "|".join(_bare(phrase_regex(w, lang, coordinated=False)) for w in rule.words) + ")"
    second = "(?:" + "|".join(_bare(phrase_regex(w, lang, coordinated=False)) for w in rule.of) + ")"
    gap = rf"\b(?:\W+\w+){{0,{rule.within}}}?\W+"
    return rf"\b(?:{first}{gap}{second}|{second}{gap}{first})\b"


def near_anchors(rule: Near, lang: str = "en") -> set[str]:
    """Anchors of a near rule: those of the side whose fragments are rarer, since either side will do.

    Rarer: holding no common word (COMMON_WORDS), then longer fragments, then fewer of them.
    """
    sides = [{phrase_anchor(w, lang) for w in side} for side in (rule.words, rule.of)]
    return max(sides, key=lambda side: (not side & COMMON_WORDS, min(map(len, side)), -len(side)))


def any_phrase_regex(phrases: tuple[str, ...], lang: str = "en") -> str | None:
    """One regex matching any of the phrases (None for none)."""
    return "|".join(phrase_regex(p, lang) for p in phrases) or None


def concept_sources(concept: Concept, lang: str) -> list[Source]:
    """Every rule of a concept for a document in `lang`: English rules, then that language's own."""
    sources = [Source(phrase_regex(p), f'phrase "{p}"') for p in concept.phrases]
    sources += [Source(near_regex(n), f"near: {n.describe()}") for n in concept.near]
    sources += [Source(p, f"pattern: {p}") for p in concept.patterns]
    extra = concept.rules_for(lang)
    if extra is not None:
        sources += [Source(phrase_regex(p, lang), f'phrase ({lang}) "{p}"') for p in extra.phrases]
        sources += [Source(near_regex(n, lang), f"near ({lang}): {n.describe()}") for n in extra.near]
        sources += [Source(p, f"pattern ({lang}): {p}") for p in extra.patterns]
    return sources


def concept_exclusions(concept: Concept, lang: str) -> list[str]:
    """False friends (phrases) and exclusions (regex) of a concept for a document in `lang`."""
    found = [phrase_regex(p) for p in concept.false_friends] + list(concept.exclusions)
    extra = concept.rules_for(lang)
    if extra is not None:
        found += [phrase_regex(p, lang) for p in extra.false_friends] + list(extra.exclusions)
    return found


def concept_anchors(concept: Concept, lang: str) -> set[str]:
    """Word fragments, one of which every match of the concept's rules contains."""
    rule_sets = [(concept, "en")]
    extra = concept.rules_for(lang)
    if extra is not None:
        rule_sets.append((extra, lang))
    anchors: set[str] = set()
    for rules, code in rule_sets:
        anchors |= set(rules.anchors)
        anchors |= {a for n in rules.near for a in near_anchors(n, code)}
        anchors |= {phrase_anchor(w, code) for r in getattr(rules, "paragraph", ()) for w in r.words}
        singles = [p for p in rules.phrases if len(phrase_stems(p, code)) == 1]
        anchors |= {phrase_anchor(p, code) for p in singles}
    for rules, code in rule_sets:
        # A multi-word phrase needs no fragment of its own when one of its word stems holds one already.
        anchors |= {phrase_anchor(p, code) for p in rules.phrases
                    if not any(a in stem for a in anchors for stem in phrase_stems(p, code))}
    return anchors


def audience_regex(taxonomy: Taxonomy, names: tuple[str, ...]) -> str | None:
    """Regex naming any of the audiences (their phrases in every language, accents folded)."""
    phrases = tuple(p for name in names for p in taxonomy.audience(name))
    return "|".join(phrase_regex(p, "en" if fold(p) == p else "es") for p in phrases) or None
