"""Faster regex search for patterns whose every match starts a word (taxonomy phrases and patterns).

re tries a pattern such as \\b(?:harass|stalk)… at every position of a text; \\W(?:pattern) lets it skip in C
from one non-word character to the next. starts_words() proves that rule from the parsed pattern or refuses.
"""

import re
from collections.abc import Iterator
from re import _constants as sre  # private modules of re (stable since 3.11): the parsed form of a pattern
from re import _parser

_WORD = re.compile(r"\w")
_FLAGS_OF_A_PLAIN_PATTERN = _parser.parse("").state.flags  # UNICODE only: no inline flags anywhere


def _is_word(code: int) -> bool:
    return _WORD.match(chr(code)) is not None


def _word_member(op, av) -> bool:
    """Whether a member of a character class matches word characters only."""
    if op is sre.LITERAL:
        return _is_word(av)
    if op is sre.RANGE:
        return av[1] - av[0] < 1000 and all(_is_word(code) for code in range(av[0], av[1] + 1))
    return op is sre.CATEGORY and av in (sre.CATEGORY_WORD, sre.CATEGORY_DIGIT)


def _takes_word_char_first(items: list) -> bool:
    """Whether every match of the item sequence is non-empty and starts with a word character."""
    for index, (op, av) in enumerate(items):
        rest = items[index + 1:]
        if op in (sre.ASSERT, sre.ASSERT_NOT) or (op is sre.AT and av is sre.AT_BOUNDARY):
            continue  # zero width: the first character comes from what follows
        if op is sre.LITERAL:
            return _is_word(av)
        if op is sre.IN:
            return all(_word_member(member_op, member_av) for member_op, member_av in av)
        if op is sre.SUBPATTERN:
            return not av[1] and not av[2] and _takes_word_char_first(list(av[3]) + rest)
        if op is sre.BRANCH:
            return all(_takes_word_char_first(list(alternative) + rest) for alternative in av[1])
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, _high, body = av
            return _takes_word_char_first(list(body)) and (low >= 1 or _takes_word_char_first(rest))
        return False
    return False


def _starts_at_word_start(items: list) -> bool:
    """Whether every match of the item sequence begins with \\b followed by a word character."""
    for index, (op, av) in enumerate(items):
        rest = items[index + 1:]
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            continue  # a lookaround moves nothing: the match still starts at the next item
        if op is sre.AT and av is sre.AT_BOUNDARY:
            return _takes_word_char_first(rest)
        if op is sre.SUBPATTERN:
            return not av[1] and not av[2] and _starts_at_word_start(list(av[3]) + rest)
        if op is sre.BRANCH:
            return all(_starts_at_word_start(list(alternative) + rest) for alternative in av[1])
        return False
    return False


def starts_words(pattern: str) -> bool:
    """True when every match of the pattern starts at the text start or right after a non-word character."""
    try:
        parsed = _parser.parse(pattern)
    except re.error:
        return False
    return parsed.state.flags == _FLAGS_OF_A_PLAIN_PATTERN and _starts_at_word_start(list(parsed))


def _after_gap(source: str) -> str:
    """The source for use right after a non-word character: a leading \\b always holds there, so it goes.

    Without it the alternative starts with its first letter, which re checks before entering it.
    """
    return source[2:] if source.startswith("\\b") and starts_words(source) else source


class WordStartFinder:
    """Sources joined as alternatives; search() gives exactly re's result, faster when every match starts a word."""

    def __init__(self, sources: list[str]) -> None:
        pattern = "|".join(f"(?:{source})" for source in sources)
        self.pattern = re.compile(pattern)
        self.after_gap = None
        if starts_words(pattern):
            self.after_gap = re.compile(r"\W(?:" + "|".join(f"(?:{_after_gap(s)})" for s in sources) + ")")

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """The leftmost match at or after pos, as re.Pattern.search."""
        if self.after_gap is None:
            return self.pattern.search(text, pos)
        found = self.pattern.match(text, pos)
        if found is not None:
            return found
        # Any later match starts right after a non-word character: find that character, then match after it.
        gap = self.after_gap.search(text, pos)
        return None if gap is None else self.pattern.match(text, gap.start() + 1)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches re.Pattern.finditer gives (ours are never empty, so each search starts at the last end)."""
        if self.after_gap is None:
            yield from self.pattern.finditer(text)
            return
        pos = 0
        while (found := self.search(text, pos)) is not None:
            yield found
            pos = found.end()
