"""Text normalization before matching: Unicode NFKC, plain quotes and dashes, soft hyphens, PDF hyphenation.

Reads no settings; which hyphens a line break keeps is peerscan.hyphenation's rule (shared with PDF extraction).
"""

import re
import unicodedata

from peerscan.hyphenation import keeps_hyphen

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
_TAIL = re.compile(r"([a-z]+)(-?)")


def _join_hyphenated(match: re.Match[str]) -> str:
    start = match.start()
    if not start or not _WORD_CHAR.match(match.string, start - 1):
        return match.group()  # no word before the hyphen: a dash, left alone
    before = _WORD_BEFORE.search(match.string, max(start - 12, 0), start).group(1)
    tail = _TAIL.match(match.string, match.end())
    return "-" if tail and keeps_hyphen(before, tail.group(1), bool(tail.group(2))) else ""


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
