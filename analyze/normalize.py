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
_SOFT_HYPHEN = re.compile("\u00ad[ \t]*(?:\r?\n[ \t]*)?")
# A word split by a hyphen at a line end, continued in lower case on the next line ("rela-\ntionships").
# Starts with the literal "-" so re can skip ahead quickly; the word before is read in _join_hyphenated.
_LINE_BREAK_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\r?\n[ \t]*(?=[a-z])")
_WORD_BEFORE = re.compile(r"(\w+)$")
# Prefixes that form real hyphenated compounds: "self-\ndisclosure" stays "self-disclosure".
_COMPOUND_PREFIXES = frozenset({
    "self", "non", "co", "well", "ex", "peer", "one", "two", "long", "short", "follow", "full", "part",
    "anti", "cross", "after", "high", "low", "in", "on", "off", "face", "up", "step", "re", "pre", "post",
})


def _join_hyphenated(match: re.Match[str]) -> str:
    before = _WORD_BEFORE.search(match.string, max(match.start() - 12, 0), match.start())
    return "-" if before and before.group(1).lower() in _COMPOUND_PREFIXES else ""


def normalize_text(text: str) -> str:
    """Text with Unicode, quotes, dashes and line-break hyphenation normalized; line breaks are kept."""
    if not text.isascii():
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        for char, plain in _REPLACEMENTS.items():
            if char in text:  # str.translate is slower than a few scans for absent characters
                text = text.replace(char, plain)
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
