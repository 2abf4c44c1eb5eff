"""Text normalization before matching: Unicode NFKC, plain quotes and dashes, soft hyphens, PDF hyphenation.

Reads no settings; the compound prefixes that keep their hyphen across a line break are listed below.
"""

import re
import unicodedata

# Characters NFKC leaves alone but that would hide a phrase: typographic quotes, dashes, invisible marks.
_REPLACEMENTS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": " - ", "\u2015": " - ",
    "\u2212": "-", "\u00a0": " ", "\u2028": "\n", "\u2029": "\n\n",
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
}
_LINE_BREAKS = {char: plain for char, plain in _REPLACEMENTS.items() if "\n" in plain}
_IN_LINE = {char: plain for char, plain in _REPLACEMENTS.items() if char not in _LINE_BREAKS}
_SOFT_HYPHEN = re.compile("\u00ad[ \t]*(?:\r?\n[ \t]*)?")
# A hyphen at a line end, continued in lower case on the next line ("rela-\ntionships"). Starts with the
# literal "-" so re skips ahead quickly (a leading (?<=\w) made it scan 20x slower); the word character
# before the hyphen is checked in _join_hyphenated instead.
_LINE_BREAK_HYPHEN = re.compile(r"-[ \t]*\r?\n[ \t]*(?=[a-z])")
_WORD_CHAR = re.compile(r"\w")
_WORD_BEFORE = re.compile(r"(\w+)$")
# Prefixes that form real hyphenated compounds: "self-\ndisclosure" stays "self-disclosure".
_COMPOUND_PREFIXES = frozenset({
    "self", "non", "co", "well", "ex", "peer", "one", "two", "long", "short", "follow", "full", "part",
    "anti", "cross", "after", "high", "low", "on", "off", "face", "up", "step", "pre", "post",
})
# Prefixes that are far more often a first syllable split off by the line break ("in-\nterest",
# "re-\nlationship", "ex-\nploitation"): they keep the hyphen only before these compound tails.
_SYLLABLE_PREFIX_TAILS = {
    "in": ("person", "service", "home", "house", "kind", "depth", "network", "patient", "state", "law",
           "office", "take"),
    "re": ("entry", "enter", "evaluat", "establish", "certif", "appl", "exam", "take", "engag", "employ"),
    "ex": ("offender", "spouse", "partner", "client", "employee", "officio", "con", "felon", "inmate"),
}
_TAIL = re.compile(r"[a-z]+")


def _join_hyphenated(match: re.Match[str]) -> str:
    start = match.start()
    if not start or not _WORD_CHAR.match(match.string, start - 1):
        return match.group()  # no word before the hyphen: a dash, left alone
    before = _WORD_BEFORE.search(match.string, max(start - 12, 0), start).group(1).lower()
    if before in _SYLLABLE_PREFIX_TAILS:
        tail = _TAIL.match(match.string, match.end())
        return "-" if tail and tail.group().startswith(_SYLLABLE_PREFIX_TAILS[before]) else ""
    return "-" if before in _COMPOUND_PREFIXES else ""


def _replaced(text: str, replacements: dict[str, str]) -> str:
    for char, plain in replacements.items():
        if char in text:  # str.translate is slower than a few scans for absent characters
            text = text.replace(char, plain)
    return text


def _normalize_unicode(text: str) -> str:
    """NFKC and plain replacements, worked on the lines that hold a non-ASCII character only.

    Equal to working on the whole text: ASCII is already NFKC with nothing to replace, and a line break
    never combines with its neighbours. Web pages are mostly ASCII lines, so this is several times faster.
    """
    lines = text.split("\n")
    wide = [i for i, line in enumerate(lines) if not line.isascii()]
    # NFKC line by line: it returns most lines at once, where a long text would be worked whole.
    # Then the lines in one string: one scan per replacement instead of one per line.
    joined = _replaced("\n".join([unicodedata.normalize("NFKC", lines[i]) for i in wide]), _IN_LINE)
    for i, line in zip(wide, joined.split("\n"), strict=True):
        lines[i] = line
    return _replaced("\n".join(lines), _LINE_BREAKS)


def normalize_text(text: str) -> str:
    """Text with Unicode, quotes, dashes and line-break hyphenation normalized; line breaks are kept."""
    if not text.isascii():
        text = _normalize_unicode(text)
        if "\u00ad" in text:
            text = _SOFT_HYPHEN.sub("", text)
    if "-" in text and "\n" in text:
        text = _LINE_BREAK_HYPHEN.sub(_join_hyphenated, text)
    return text


def lower_same_length(text: str) -> str:
    """Lower-case text whose character offsets still line up with the original (for quoting matches)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
