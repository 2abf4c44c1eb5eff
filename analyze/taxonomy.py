"""The concept taxonomy (data/taxonomy.yaml): concepts, their rules per language, audiences, weights; load and validate.

Rules are phrases, proximity ("A within N words of B"), false friends and audiences; regex is an escape hatch.
"""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from peerscan import paths
from peerscan.errors import InputError, InputErrors
from peerscan.yamlfile import as_strings, load_yaml_list

# DESIGN.md fixes these ids; the taxonomy may add more.
REQUIRED_CONCEPTS = (
    "ethics", "code_of_ethics", "ethics_training", "dual_relationships", "boundaries", "personal_contact",
    "social_media", "physical_contact", "gifts", "romantic_sexual", "friendship", "self_disclosure",
    "confidentiality", "conflict_of_interest", "peer_safety",
)


LANGUAGES = ("en", "es")  # English rules apply to every document; another language's add to them


@dataclass(frozen=True)
class Near:
    """A proximity rule: one of `words` within `within` words (either side) of one of `of`."""

    words: tuple[str, ...]
    of: tuple[str, ...]
    within: int

    def describe(self) -> str:
        return f"{' / '.join(self.words)} within {self.within} words of {' / '.join(self.of)}"


@dataclass(frozen=True)
class ParagraphRule:
    """A sentence holding one of `words` counts when its paragraph (or list) also holds one of `with_`."""

    words: tuple[str, ...]
    with_: tuple[str, ...]

    def describe(self) -> str:
        return f"{' / '.join(self.words)} in a paragraph that mentions {' / '.join(self.with_)}"


@dataclass(frozen=True)
class RuleSet:
    """The rules of one concept in one language other than English (same meaning as Concept's fields)."""

    phrases: tuple[str, ...] = ()
    near: tuple[Near, ...] = ()
    patterns: tuple[str, ...] = ()
    false_friends: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Example:
    """A real passage that shows a concept (from the dev part of the real-wording gold set), with its source."""

    text: str
    url: str
    lang: str = "en"


@dataclass(frozen=True)
class Concept:
    """One concept: what it means, how it is phrased, what must not count, and what it is worth."""

    id: str
    label: str
    definition: str
    weight: float
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()  # regular expressions, for word-order and inflection variants
    exclusions: tuple[str, ...] = ()  # false friends: regexes; a match overlapping one does not count
    key: bool = False  # shown as a column of the site's index table
    anchors: tuple[str, ...] = ()  # word fragments; every pattern match contains one (a fast pre-filter)
    near: tuple[Near, ...] = ()  # proximity rules
    paragraph: tuple[ParagraphRule, ...] = ()  # a word of the concept in a paragraph about something else too
    false_friends: tuple[str, ...] = ()  # phrases: a match overlapping one does not count ("dual diagnosis")
    not_when_about: tuple[str, ...] = ()  # audiences: a sentence about them (and not about peers) does not count
    languages: tuple[tuple[str, RuleSet], ...] = ()  # (language code, its added rules)
    implies: tuple[str, ...] = ()  # concepts credited with every finding of this one (code_of_ethics → ethics)
    counts: str = ""  # the codebook in plain language: what counts ...
    does_not_count: str = ""  # ... and what does not
    examples: tuple[Example, ...] = ()

    def rules_for(self, lang: str) -> RuleSet | None:
        """The extra rules of one language (None for English or a language without any)."""
        return next((rules for code, rules in self.languages if code == lang), None)


@dataclass(frozen=True)
class Taxonomy:
    """All concepts plus the scoring rubric."""

    concepts: tuple[Concept, ...]
    navigation_credit: float  # fraction of a concept's weight earned by a navigation-only mention
    version: str = ""
    sha256: str = ""
    path: Path = paths.TAXONOMY_FILE
    negations: tuple[str, ...] = ()  # regexes: a cue before a match in its sentence voids the match
    fuzzy_words: tuple[str, ...] = ()  # misspellings of these words are read as the word
    fuzzy_ignore: tuple[str, ...] = ()  # real words never treated as misspellings
    fuzzy_min_length: int = 7  # letters; shorter tokens are never corrected
    # Who a sentence applies to: audience name -> phrases. `peers` names the peer workforce and the people
    # they serve; a concept's not_when_about names others (state_employees, lawyers, nurses).
    audiences: tuple[tuple[str, tuple[str, ...]], ...] = ()
    adopted_codes: tuple[Concept, ...] = ()  # named codes (label = the code's name), matched like concepts
    # Language -> phrases: a document in that language is read with its rules only when it names one of them
    # somewhere (peer work); otherwise with the English rules alone.
    language_context: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def context_of(self, lang: str) -> tuple[str, ...]:
        return next((phrases for code, phrases in self.language_context if code == lang), ())

    def code_taxonomy(self) -> "Taxonomy":
        """The adopted codes as a taxonomy of their own, for a Matcher that finds which code a program adopts."""
        return Taxonomy(self.adopted_codes, 0.0, self.version, self.sha256, self.path, negations=self.negations,
                        audiences=self.audiences, language_context=self.language_context)

    def audience(self, name: str) -> tuple[str, ...]:
        return next((phrases for key, phrases in self.audiences if key == name), ())

    def concept(self, concept_id: str) -> Concept:
        for concept in self.concepts:
            if concept.id == concept_id:
                return concept
        raise KeyError(concept_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.concepts)

    @property
    def key_concepts(self) -> tuple[Concept, ...]:
        return tuple(c for c in self.concepts if c.key)


_CONCEPT_KEYS = {"id", "label", "definition", "weight", "key", "phrases", "patterns", "exclusions", "anchors", "near",
                 "false_friends", "not_when_about", "implies", "paragraph", "counts", "does_not_count", "examples", "__line__", "__lines__",
                 *LANGUAGES[1:]}


def _check_regexes(values: tuple[str, ...], what: str, path: Path, line: int | None) -> list[InputError]:
    errors = []
    for value in values:
        try:
            re.compile(value)
        except re.error as exc:
            errors.append(InputError(f"{what}: bad regular expression {value!r} ({exc})", path, line,
                                     fix="fix the pattern (Python re syntax, lower-case text) or quote it in ''"))
    return errors


_NEAR_FIX = "write e.g. {words: [dual], within: 8, of: [relationship]} (one of words within N words of one of of)"


def _near_rules(raw: object, where: str, path: Path, line: int | None) -> tuple[tuple[Near, ...], list[InputError]]:
    rules, errors = [], []
    for item in raw or ():
        within = item.get("within") if isinstance(item, dict) else None
        if not isinstance(item, dict) or not item.get("words") or not item.get("of") \
                or not isinstance(within, int) or not 0 <= within <= 30:
            errors.append(InputError(f"{where}: a near rule needs words, of and within (0-30 words)", path,
                                     item.get("__line__", line) if isinstance(item, dict) else line, fix=_NEAR_FIX))
            continue
        rules.append(Near(as_strings(item["words"]), as_strings(item["of"]), within))
    return tuple(rules), errors


def _check_phrases(values: tuple[str, ...], what: str, path: Path, line: int | None) -> list[InputError]:
    """Phrases are words: a regex character in one is almost always a pattern put in the wrong list."""
    return [InputError(f"{what}: {value!r} looks like a regular expression, not a phrase", path, line,
                       fix="write plain words (a trailing * for any ending), or move it to patterns:")
            for value in values if any(ch in value for ch in "\\()[]|?+{}^$")]


def _rule_set(raw: object, where: str, path: Path, line: int | None) -> tuple[RuleSet, list[InputError]]:
    if not isinstance(raw, dict):
        return RuleSet(), [InputError(f"{where}: expected a mapping of phrases/near/patterns/false_friends",
                                      path, line, fix="indent the language's rules under its code, e.g. es:")]
    lines = raw.get("__lines__", {})
    near, errors = _near_rules(raw.get("near"), where, path, lines.get("near", line))
    rules = RuleSet(as_strings(raw.get("phrases")), near, as_strings(raw.get("patterns")),
                    as_strings(raw.get("false_friends")), as_strings(raw.get("exclusions")),
                    tuple(a.lower() for a in as_strings(raw.get("anchors"))))
    errors += _check_phrases(rules.phrases, f"{where} phrases", path, lines.get("phrases", line))
    errors += _check_phrases(rules.false_friends, f"{where} false_friends", path, lines.get("false_friends", line))
    errors += _check_regexes(rules.patterns, f"{where} patterns", path, lines.get("patterns", line))
    errors += _check_regexes(rules.exclusions, f"{where} exclusions", path, lines.get("exclusions", line))
    if rules.patterns and not rules.anchors:
        errors.append(InputError(f"{where}: patterns need anchors", path, lines.get("patterns", line),
                                 fix="list word fragments, one of which every pattern match contains"))
    return rules, errors


def load_taxonomy(path: Path | str = paths.TAXONOMY_FILE) -> Taxonomy:
    """Load and validate the taxonomy; raises InputErrors naming file, line and fix."""
    path = Path(path)
    doc = load_yaml_list(path, "concepts")
    errors: list[InputError] = []
    concepts: list[Concept] = []
    seen: set[str] = set()
    concept_lines: dict[str, int | None] = {}
    for raw in doc["concepts"]:
        line = raw.get("__line__") if isinstance(raw, dict) else None
        if not isinstance(raw, dict) or not raw.get("id"):
            errors.append(InputError("concept without an id", path, line, fix="add 'id: some_concept'"))
            continue
        cid = str(raw["id"])
        if cid in seen:
            errors.append(InputError(f"duplicate concept id {cid!r}", path, line, fix="merge the two entries"))
        seen.add(cid)
        weight = raw.get("weight")
        if not isinstance(weight, int | float) or weight < 0:
            errors.append(InputError(f"concept {cid}: weight must be a number ≥ 0, got {weight!r}", path, line,
                                     fix="give the concept a weight (points toward the 0-100 score)"))
            continue
        if not raw.get("phrases") and not raw.get("patterns") and not raw.get("near"):
            errors.append(InputError(f"concept {cid}: no phrases or patterns", path, line,
                                     fix="list at least one phrase that shows the concept"))
        lines = raw.get("__lines__", {})
        near, near_errors = _near_rules(raw.get("near"), f"concept {cid}", path, lines.get("near", line))
        errors += near_errors
        paragraph = []
        for item in raw.get("paragraph") or ():
            if not isinstance(item, dict) or not item.get("words") or not item.get("with"):
                errors.append(InputError(f"concept {cid}: a paragraph rule needs words and with", path,
                                         item.get("__line__", line) if isinstance(item, dict) else line,
                                         fix="write e.g. {words: [ethic*], with: [training, curriculum]}"))
                continue
            paragraph.append(ParagraphRule(as_strings(item["words"]), as_strings(item["with"])))
        languages = []
        for code in LANGUAGES[1:]:
            if code in raw:
                rules, rule_errors = _rule_set(raw[code], f"concept {cid} ({code})", path, lines.get(code, line))
                errors += rule_errors
                languages.append((code, rules))
        examples, example_errors = _examples(raw.get("examples"), f"concept {cid}", path, lines.get("examples", line))
        errors += example_errors
        unknown_keys = set(raw) - _CONCEPT_KEYS
        if unknown_keys:
            errors.append(InputError(f"concept {cid}: unknown field(s) {', '.join(sorted(map(str, unknown_keys)))}",
                                     path, line, fix=f"use only {', '.join(sorted(_CONCEPT_KEYS - {'__line__', '__lines__'}))}"))
        concept = Concept(
            near=near, paragraph=tuple(paragraph), false_friends=as_strings(raw.get("false_friends")),
            not_when_about=as_strings(raw.get("not_when_about")), languages=tuple(languages),
            implies=as_strings(raw.get("implies")), counts=str(raw.get("counts") or ""),
            does_not_count=str(raw.get("does_not_count") or ""), examples=examples, id=cid, label=str(raw.get("label") or cid.replace("_", " ")),
            definition=str(raw.get("definition") or ""), weight=float(weight),
            phrases=as_strings(raw.get("phrases")), patterns=as_strings(raw.get("patterns")),
            exclusions=as_strings(raw.get("exclusions")), key=bool(raw.get("key", False)),
            anchors=tuple(a.lower() for a in as_strings(raw.get("anchors"))),
        )
        errors += _check_phrases(concept.phrases, f"concept {cid} phrases", path, lines.get("phrases", line))
        errors += _check_phrases(concept.false_friends, f"concept {cid} false_friends", path,
                                 lines.get("false_friends", line))
        if concept.patterns and (not concept.anchors or any(not a.isalpha() for a in concept.anchors)):
            errors.append(InputError(f"concept {cid}: patterns need anchors (single words, letters only)", path,
                                     lines.get("anchors", line),
                                     fix="list word fragments, one of which every pattern match contains"))
        errors += _check_regexes(concept.patterns, f"concept {cid} patterns", path, lines.get("patterns", line))
        errors += _check_regexes(concept.exclusions, f"concept {cid} exclusions", path, lines.get("exclusions", line))
        concepts.append(concept)
        concept_lines[cid] = line
    audiences, audience_errors = _audiences(doc.get("audiences"), path, doc.get("__lines__", {}).get("audiences", 1))
    errors += audience_errors
    for concept in concepts:
        for name in concept.not_when_about:
            if name not in dict(audiences):
                errors.append(InputError(f"concept {concept.id}: not_when_about names unknown audience {name!r}",
                                         path, concept_lines.get(concept.id),
                                         fix=f"use one of {', '.join(dict(audiences)) or '(none defined)'} "
                                             "or add it under audiences:"))
    for concept in concepts:
        for other in concept.implies:
            if other not in seen or other == concept.id:
                errors.append(InputError(f"concept {concept.id}: implies unknown concept {other!r}", path,
                                         concept_lines.get(concept.id), fix="name another concept's id"))
    missing = [c for c in REQUIRED_CONCEPTS if c not in seen]
    if missing:
        errors.append(InputError(f"missing required concepts: {', '.join(missing)}", path, 1,
                                 fix="every concept id of DESIGN.md must be present"))
    credit = doc.get("navigation_credit", 0.5)
    if not isinstance(credit, int | float) or not 0 <= credit <= 1:
        errors.append(InputError(f"navigation_credit must be between 0 and 1, got {credit!r}", path, 1))
    top_lines = doc.get("__lines__", {})
    negations = as_strings(doc.get("negations"))
    errors += _check_regexes(negations, "negations", path, top_lines.get("negations", 1))
    fuzzy = doc.get("fuzzy") or {}
    min_length = fuzzy.get("min_length", 7) if isinstance(fuzzy, dict) else None
    if not isinstance(fuzzy, dict) or not isinstance(min_length, int) or min_length < 3:
        errors.append(InputError("fuzzy must be a mapping with words, ignore and min_length (an integer ≥ 3)",
                                 path, top_lines.get("fuzzy", 1), fix="see the comment above 'fuzzy:'"))
        fuzzy, min_length = {}, 7
    context_raw = doc.get("language_context") or {}
    if not isinstance(context_raw, dict) or any(k not in LANGUAGES[1:] for k in context_raw if not str(k).startswith("__")):
        errors.append(InputError("language_context must map a language code (es) to phrases", path,
                                 top_lines.get("language_context", 1), fix="e.g. language_context: {es: [pares]}"))
        context_raw = {}
    language_context = tuple((str(k), as_strings(v)) for k, v in context_raw.items() if not str(k).startswith("__"))
    codes, code_errors = _adopted_codes(doc.get("adopted_codes"), path, top_lines.get("adopted_codes", 1))
    errors += code_errors
    if errors:
        raise InputErrors(errors)
    return Taxonomy(tuple(concepts), float(credit), str(doc.get("version", "")),
                    hashlib.sha256(path.read_bytes()).hexdigest(), path, negations=negations,
                    fuzzy_words=tuple(w.lower() for w in as_strings(fuzzy.get("words"))),
                    fuzzy_ignore=tuple(w.lower() for w in as_strings(fuzzy.get("ignore"))),
                    fuzzy_min_length=min_length, audiences=audiences, adopted_codes=codes,
                    language_context=language_context)


def _examples(raw: object, where: str, path: Path, line: int | None) -> tuple[tuple[Example, ...], list[InputError]]:
    examples, errors = [], []
    for item in raw or ():
        if not isinstance(item, dict) or not item.get("text") or not str(item.get("url", "")).startswith("http"):
            errors.append(InputError(f"{where}: an example needs text and the url it was quoted from", path,
                                     item.get("__line__", line) if isinstance(item, dict) else line,
                                     fix="write - {text: \"…verbatim passage…\", url: https://…}"))
            continue
        examples.append(Example(str(item["text"]), str(item["url"]), str(item.get("lang") or "en")))
    return tuple(examples), errors


def _adopted_codes(raw: object, path: Path, line: int | None) -> tuple[tuple[Concept, ...], list[InputError]]:
    """adopted_codes: a list of {name, phrases, near, false_friends, not_when_about, es}."""
    codes: list[Concept] = []
    errors: list[InputError] = []
    for item in raw or ():
        where = item.get("__line__", line) if isinstance(item, dict) else line
        if not isinstance(item, dict) or not item.get("name") or not (item.get("phrases") or item.get("near")):
            errors.append(InputError("an adopted code needs a name and phrases or near rules", path, where,
                                     fix="e.g. - {name: NAADAC Code of Ethics, phrases: [naadac code of ethics]}"))
            continue
        name = str(item["name"])
        near, near_errors = _near_rules(item.get("near"), f"adopted code {name}", path, where)
        errors += near_errors
        languages = []
        for code in LANGUAGES[1:]:
            if code in item:
                rules, rule_errors = _rule_set(item[code], f"adopted code {name} ({code})", path, where)
                errors += rule_errors
                languages.append((code, rules))
        codes.append(Concept(id="code_" + "_".join(re.findall(r"[a-z0-9]+", name.lower())), label=name,
                             definition=str(item.get("definition") or ""), weight=0.0,
                             phrases=as_strings(item.get("phrases")), near=near,
                             false_friends=as_strings(item.get("false_friends")),
                             not_when_about=as_strings(item.get("not_when_about")), languages=tuple(languages)))
    return tuple(codes), errors


def _audiences(raw: object, path: Path, line: int | None) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], list[InputError]]:
    if raw is None:
        return (), []
    if not isinstance(raw, dict):
        return (), [InputError("audiences must map a name to its phrases", path, line,
                               fix="e.g. audiences: {state_employees: [state employee, public official]}")]
    found, errors = [], []
    for name, phrases in raw.items():
        if str(name).startswith("__"):
            continue
        values = as_strings(phrases)
        if not values:
            errors.append(InputError(f"audience {name!r} has no phrases", path,
                                     raw.get("__lines__", {}).get(name, line), fix="list the words that name it"))
        errors += _check_phrases(values, f"audience {name}", path, raw.get("__lines__", {}).get(name, line))
        found.append((str(name), values))
    return tuple(found), errors
