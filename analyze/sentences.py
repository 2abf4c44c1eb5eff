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
# Every _HARD_BREAK match holds one of these characters; a search for them runs in C, the split does not.
_HARD_BREAK_CHARS = re.compile("[\n\t|•▪◦●■►▸]")
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
        end = start + len(head)  # head is the paragraph's first word when a space (or the end) follows it
        if _LIST_MARKER.match(head) and " " not in head and (end == len(paragraph) or paragraph[end] == " "):
            continue  # "2. Peers shall…": the list number belongs to its item
        if head:
            sentences.append(head)
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _cut(sentence: str, max_chars: int) -> list[str]:
    """A run-on "sentence" (a table or list without punctuation) cut at spaces into pieces of max_chars."""
    pieces = []
    while len(sentence) > max_chars:
        cut = sentence.rfind(" ", max_chars // 2, max_chars)
        cut = cut if cut > 0 else max_chars
        pieces.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    pieces.append(sentence)
    return pieces


def split_sentences(text: str, max_chars: int = 1000) -> list[str]:
    """Sentences of a normalized text, whitespace collapsed, empty pieces dropped, none over max_chars."""
    sentences: list[str] = []
    for piece in _HARD_BREAK.split(text) if _HARD_BREAK_CHARS.search(text) else (text,):
        # Whitespace runs to one space: split() knows the same whitespace as re's \s, and is faster than sub().
        paragraph = _LEADING_BULLET.sub("", " ".join(piece.split()))
        if paragraph:
            for sentence in _split_paragraph(paragraph):
                sentences.extend(_cut(sentence, max_chars) if len(sentence) > max_chars else (sentence,))
    return sentences
