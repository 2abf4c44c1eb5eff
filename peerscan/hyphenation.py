"""Line-end hyphen repair: whether "first-⏎rest" is one word broken by layout or a real hyphenated compound.

The one rule shared by PDF extraction (scrape/extract_paragraphs.py) and text normalization before
matching (analyze/normalize.py), so both read a broken word the same way.
"""

# Prefixes English writes with a hyphen: "self-" + "disclosure" stays "self-disclosure".
COMPOUND_PREFIXES = frozenset({
    "self", "non", "well", "peer", "co", "multi", "cross", "anti", "semi", "pre", "post", "half", "full",
    "first", "third", "one", "two", "long", "short", "follow", "part", "after", "high", "low", "off", "face",
    "step",
})
# These also start many plain words ("multiple", "present", "coworker"), so they keep the hyphen only
# before a vowel: "co-occurring", "pre-existing", "multi-agency".
PREFIXES_BEFORE_VOWEL = frozenset({"co", "multi", "pre", "post"})
# Prefixes far more often a first syllable split off by the line break ("in-⏎terest", "re-⏎lationship",
# "ex-⏎ploitation"): they keep the hyphen only before these compound tails.
SYLLABLE_PREFIX_TAILS = {
    "in": ("person", "service", "home", "house", "kind", "depth", "network", "patient", "state", "law",
           "office", "take"),
    "re": ("entry", "enter", "evaluat", "establish", "certif", "appl", "exam", "take", "engag", "employ"),
    "ex": ("offender", "spouse", "partner", "client", "employee", "officio", "con", "felon", "inmate"),
}
# A suffix after the hyphen means one word: "self-" + "less", "well-" + "ness", "cross-" + "ing".
SUFFIXES = frozenset({"ness", "less", "ish", "ful", "ing", "ings", "ly", "ment", "ship", "ed", "er", "ers"})
_MIN_TAIL_LETTERS = 4  # a shorter tail is a syllable ("semi-" + "nar"), except before another hyphen


def keeps_hyphen(first: str, rest: str, rest_hyphenated: bool = False) -> bool:
    """True when first + "-" + rest (split at a line end) is a hyphenated compound, False when one word.

    `first` is the word before the hyphen, `rest` the letters after the line break (lower case for a word
    that continues), `rest_hyphenated` whether another hyphen follows them ("peer-" + "to-peer").
    """
    prefix = first.lower()
    if prefix in SYLLABLE_PREFIX_TAILS:
        return rest.startswith(SYLLABLE_PREFIX_TAILS[prefix])
    if prefix not in COMPOUND_PREFIXES:
        return False
    if rest_hyphenated:
        return True
    if rest in SUFFIXES or len(rest) < _MIN_TAIL_LETTERS:
        return False
    return prefix not in PREFIXES_BEFORE_VOWEL or rest[0] in "aeiou"
