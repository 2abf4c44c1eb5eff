"""Sentence splitting that survives lists, bullets, numbered codes and table cells (text already normalized).

Line breaks inside a paragraph are layout (PDF lines) and join; blank lines, bullets, list numbers and
table-cell separators start a new sentence.
"""

import re

_HARD_BREAK = re.compile(
    r"\n[ \t]*\n"  # blank line: paragraph
    r"|\n(?=[ \t]*(?:[-*•▪◦●■►▸–»]|\(?[0-9]{1,3}(?:\.[0-9]{1,3})*[.)]|[0-9]{1,3}(?:\.[0-9]{1,3})+|\(?[a-zA-Z][.)]|\([ivxlc]{1,5}\))\s)"  # list item
    r"|[\t|]+"  # table cells
    r"|\s[•▪◦●■►▸]\s"  # inline bullets
)
_SPACE = re.compile(r"\s+")
_LIST_MARKER = re.compile(r"^\(?(?:[0-9]{1,3}(?:\.[0-9]{1,3})*|[a-zA-Z]|[ivxlc]{1,5})[.)]$")
_LEADING_BULLET = re.compile(r"^[-*•▪◦●■►▸–»]\s*")
# End of a sentence: terminator, space, then something that starts a sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9])|\s(?=\([a-z0-9]{1,3}\)\s+[A-Z])")
# Words that end in a period without ending the sentence.
_ABBREVIATIONS = frozenset({
    "e.g.", "i.e.", "etc.", "dr.", "mr.", "mrs.", "ms.", "no.", "nos.", "st.", "vs.", "inc.", "u.s.", "c.f.r.",
    "cfr.", "sec.", "art.", "ch.", "p.", "pp.", "vol.", "approx.", "dept.", "jr.", "sr.", "ph.d.", "a.m.", "p.m.",
    "u.s.c.", "fig.", "rev.", "ed.", "cf.", "al.", "corp.", "co.", "ltd.", "ave.", "gov.",
})


def _split_paragraph(paragraph: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        head = paragraph[start:match.start()].rstrip()
        last_word = head.rsplit(" ", 1)[-1].lower().lstrip("(\"'")
        if last_word in _ABBREVIATIONS or (len(last_word) == 2 and last_word[0].isalpha()):
            continue  # "e.g." or an initial ("J. Smith"): not a sentence end
        if head == paragraph[start:].split(" ", 1)[0] and _LIST_MARKER.match(head):
            continue  # "2. Peers shall…": the list number belongs to its item
        if head:
            sentences.append(head)
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def split_sentences(text: str) -> list[str]:
    """Sentences of a normalized text, whitespace collapsed, empty pieces dropped."""
    sentences: list[str] = []
    for piece in _HARD_BREAK.split(text):
        paragraph = _LEADING_BULLET.sub("", _SPACE.sub(" ", piece).strip())
        if paragraph:
            sentences.extend(_split_paragraph(paragraph))
    return sentences
