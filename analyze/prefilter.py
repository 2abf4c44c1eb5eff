"""Literal prefilter: strings one of which every match of a regex contains, read from the parsed pattern.

Lets detection skip the patterns of a concept whose required words a paragraph lacks (the anchor scan
tells which words it holds). Proven from the parse or refused (None): a refused pattern is always searched.
"""

import re

try:  # private modules of re (3.11+): worth 1.6x on the corpus benchmark (docs/detection.md)
    from re import _constants as sre
    from re import _parser
except ImportError:  # a Python without them: nothing is proven, every pattern is searched, same findings
    _parser = None
else:
    _FLAGS_OF_A_PLAIN_PATTERN = _parser.parse("").state.flags
    _REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def needed_anchors(pattern: str, anchors: tuple[str, ...]) -> frozenset[int] | None:
    """Indexes of anchors one of which every match of the pattern contains; None when none can be proven.

    Of several provable sets the one with the longest anchors wins (long fragments are rare in text, so the
    pattern is searched less often).
    """
    if _parser is None:
        return None
    try:
        parsed = _parser.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags != _FLAGS_OF_A_PLAIN_PATTERN:
        return None  # (?i) and the like: literals would not be literal
    return _best(_sequence(list(parsed), anchors), anchors)


def required_anchors(pattern: str, anchors: tuple[str, ...]) -> list[frozenset[int]]:
    """Every provable choice of a pattern: each match holds one anchor of EACH set (empty when none is proven).

    A near rule ("A within N words of B") needs a fragment of A and one of B: a paragraph lacking either
    side is never searched with it, where needed_anchors alone knows only the rarer side.
    """
    if _parser is None:
        return []
    try:
        parsed = _parser.parse(pattern)
    except re.error:
        return []
    if parsed.state.flags != _FLAGS_OF_A_PLAIN_PATTERN:
        return []
    return list(dict.fromkeys(_sequence(list(parsed), anchors, every=True)))


def _best(choices: list[frozenset[int]], anchors: tuple[str, ...]) -> frozenset[int] | None:
    return max(choices, key=lambda choice: min(len(anchors[i]) for i in choice), default=None)


def _in_literal(run: list[str], anchors: tuple[str, ...]) -> list[frozenset[int]]:
    """The anchors inside a literal string, as a choice (every match holding the string holds them all)."""
    text = "".join(run)
    held = frozenset(i for i, anchor in enumerate(anchors) if anchor in text)
    return [held] if held else []


def _sequence(items: list, anchors: tuple[str, ...], every: bool = False) -> list[frozenset[int]]:
    """Choices for a sequence: each item must match, so each item's choice holds for the whole sequence."""
    choices: list[frozenset[int]] = []
    run: list = []  # neighbouring literals: contiguous in every match
    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if op is sre.BRANCH and run:
            # re factors a common prefix out of alternatives ("sleep|sex" -> "s(?:leep|ex)"): put it back.
            prefix = [(sre.LITERAL, ord(char)) for char in run]
            choices.extend(_branch([prefix + list(alternative) for alternative in av[1]], anchors, every))
        else:
            choices.extend(_item(op, av, anchors, every))
        choices.extend(_in_literal(run, anchors))
        run = []
    return choices + _in_literal(run, anchors)


_MAX_COMBINATIONS = 16  # choices of a branch kept with every=True (one per combination of its alternatives')


def _branch(alternatives: list[list], anchors: tuple[str, ...], every: bool = False) -> list[frozenset[int]]:
    """Choices for a branch: the union of each alternative's best; none when an alternative has none.

    every=True: the union of each combination of one choice per alternative, when there are few (a near
    rule's two orders give its two sides).
    """
    options = [_sequence(alternative, anchors, every) for alternative in alternatives]
    if not all(options):
        return []
    best = frozenset().union(*(_best(choice, anchors) for choice in options))
    count = 1
    for choice in options:
        count *= len(choice)
    if not every or count > _MAX_COMBINATIONS:
        return [best]
    combined = [frozenset()]
    for choice in options:
        combined = [done | more for done in combined for more in choice]
    return [best, *(c for c in combined if c != best)]


def _item(op, av, anchors: tuple[str, ...], every: bool = False) -> list[frozenset[int]]:
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        return [] if add_flags or del_flags else _sequence(list(body), anchors, every)
    if op is sre.BRANCH:
        return _branch([list(alternative) for alternative in av[1]], anchors, every)
    if op in _REPEATS:
        low, _high, body = av
        return _sequence(list(body), anchors, every) if low >= 1 else []
    return []  # classes, categories, lookarounds, word boundaries: no literal to rely on
