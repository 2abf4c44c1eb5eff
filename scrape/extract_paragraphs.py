"""join_lines(): the lines of a PDF page to paragraphs, mending words hyphenated across line ends.

A line ending in "word-" followed by a lowercase letter is mended by peerscan.hyphenation (the rule
analyze/normalize.py uses too); a capital or digit after the hyphen ("COVID-" + "19") keeps it; a soft
hyphen (U+00AD) always goes.
"""

import re

from peerscan.hyphenation import keeps_hyphen

_HYPHENS = "-\u2010\u00ad"
_BROKEN_WORD = re.compile(r"([^\W\d_]+)([-\u2010\u00ad])$")
_NEXT_WORD = re.compile(r"([^\W\d_]+)(-?)")
_LIST_ITEM = re.compile(r"^(?:[•●○◦▪■□–—*·‣⁃-]\s|\(?[0-9]{1,3}[.)]\s|\(?[a-zA-Z][.)]\s"
                        r"|\(?[ivxlcIVXLC]{1,5}[.)]\s)")
_SENTENCE_END = re.compile(r"""[.!?:]["'”’)\]]*$""")
# A line ending in a function word ("The Code of") runs on: no heading or paragraph ends that way.
_RUNS_ON = re.compile(r"\b(?:of|the|a|an|and|or|to|in|for|with|by|on|at|from|as|de|del|la|el|los|las|y|o|en|con|para|por)$",
                      re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SHORT_LINE_SHARE = 0.55  # a line shorter than this share of the page's line width ends its paragraph early
_FULL_LINE_SHARE = 0.85  # a sentence ending on a line shorter than this ends the paragraph


def mend_break(line: str, next_line: str) -> str | None:
    """line + next_line joined as one word when line ends with a broken word; None when it does not."""
    match = _BROKEN_WORD.search(line)
    if match is None or not next_line:
        return None
    first, hyphen = match.group(1), match.group(2)
    head = line[: match.start(2)]
    if hyphen == "\u00ad":
        return head + next_line
    following = _NEXT_WORD.match(next_line)
    if following is None or not following.group(1)[0].islower():
        return head + hyphen + next_line  # "COVID-19", "Anti-Harassment", "non-\"quoted\"": a real hyphen
    if keeps_hyphen(first, following.group(1), bool(following.group(2))):
        return head + "-" + next_line
    return head + next_line


def _line_width(lines: list[str]) -> int:
    """A typical full line's length: the 80th percentile, so headings and last lines do not count."""
    lengths = sorted(len(line) for line in lines)
    return lengths[int(0.8 * (len(lengths) - 1))] if lengths else 0


def _ends_paragraph(line: str, next_line: str, width: int) -> bool:
    if not next_line or _LIST_ITEM.match(next_line):
        return True
    if line.endswith((",", ";")) or line[-1] in _HYPHENS or _RUNS_ON.search(line):
        return False
    if len(line) < _SHORT_LINE_SHARE * width and (next_line[0].isupper() or not next_line[0].isalpha()):
        return True
    return bool(_SENTENCE_END.search(line)) and len(line) < _FULL_LINE_SHARE * width


def join_lines(text: str) -> list[str]:
    """Paragraphs of one page's extracted text, whitespace collapsed, broken words mended."""
    lines = [" ".join(raw.split()) for raw in _CONTROL.sub("", text).splitlines()]
    width = _line_width([line for line in lines if line])
    paragraphs: list[str] = []
    current = ""
    for index, line in enumerate(lines):
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if current:
            mended = mend_break(current, line)
            current = mended if mended is not None else current + " " + line
        else:
            current = line
        next_line = lines[index + 1] if index + 1 < len(lines) else ""
        if mend_break(line, next_line) is None and _ends_paragraph(line, next_line, width):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs
