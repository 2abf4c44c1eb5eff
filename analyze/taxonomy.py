"""The concept taxonomy (data/taxonomy.yaml): concepts, phrases, exclusions, weights; load and validate."""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from peerscan import paths
from peerscan.errors import InputError, InputErrors
from peerscan.yamlfile import load_yaml_with_lines

# DESIGN.md fixes these ids; the taxonomy may add more.
REQUIRED_CONCEPTS = (
    "ethics", "code_of_ethics", "ethics_training", "dual_relationships", "boundaries", "personal_contact",
    "social_media", "physical_contact", "gifts", "romantic_sexual", "friendship", "self_disclosure",
    "confidentiality", "conflict_of_interest", "peer_safety",
)


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


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _check_regexes(values: tuple[str, ...], what: str, path: Path, line: int | None) -> list[InputError]:
    errors = []
    for value in values:
        try:
            re.compile(value)
        except re.error as exc:
            errors.append(InputError(f"{what}: bad regular expression {value!r} ({exc})", path, line,
                                     fix="fix the pattern (Python re syntax, lower-case text) or quote it in ''"))
    return errors


def load_taxonomy(path: Path | str = paths.TAXONOMY_FILE) -> Taxonomy:
    """Load and validate the taxonomy; raises InputErrors naming file, line and fix."""
    path = Path(path)
    doc = load_yaml_with_lines(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("concepts"), list):
        raise InputErrors([InputError("expected a mapping with a 'concepts' list", path, 1,
                                      fix="see the comment at the top of data/taxonomy.yaml")])
    errors: list[InputError] = []
    concepts: list[Concept] = []
    seen: set[str] = set()
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
        if not raw.get("phrases") and not raw.get("patterns"):
            errors.append(InputError(f"concept {cid}: no phrases or patterns", path, line,
                                     fix="list at least one phrase that shows the concept"))
        concept = Concept(
            id=cid, label=str(raw.get("label") or cid.replace("_", " ")),
            definition=str(raw.get("definition") or ""), weight=float(weight),
            phrases=_strings(raw.get("phrases")), patterns=_strings(raw.get("patterns")),
            exclusions=_strings(raw.get("exclusions")), key=bool(raw.get("key", False)),
            anchors=tuple(a.lower() for a in _strings(raw.get("anchors"))),
        )
        lines = raw.get("__lines__", {})
        if concept.patterns and (not concept.anchors or any(not a.isalpha() for a in concept.anchors)):
            errors.append(InputError(f"concept {cid}: patterns need anchors (single words, letters only)", path,
                                     lines.get("anchors", line),
                                     fix="list word fragments, one of which every pattern match contains"))
        errors += _check_regexes(concept.patterns, f"concept {cid} patterns", path, lines.get("patterns", line))
        errors += _check_regexes(concept.exclusions, f"concept {cid} exclusions", path, lines.get("exclusions", line))
        concepts.append(concept)
    missing = [c for c in REQUIRED_CONCEPTS if c not in seen]
    if missing:
        errors.append(InputError(f"missing required concepts: {', '.join(missing)}", path, 1,
                                 fix="every concept id of DESIGN.md must be present"))
    credit = doc.get("navigation_credit", 0.5)
    if not isinstance(credit, int | float) or not 0 <= credit <= 1:
        errors.append(InputError(f"navigation_credit must be between 0 and 1, got {credit!r}", path, 1))
    top_lines = doc.get("__lines__", {})
    negations = _strings(doc.get("negations"))
    errors += _check_regexes(negations, "negations", path, top_lines.get("negations", 1))
    fuzzy = doc.get("fuzzy") or {}
    min_length = fuzzy.get("min_length", 7) if isinstance(fuzzy, dict) else None
    if not isinstance(fuzzy, dict) or not isinstance(min_length, int) or min_length < 3:
        errors.append(InputError("fuzzy must be a mapping with words, ignore and min_length (an integer ≥ 3)",
                                 path, top_lines.get("fuzzy", 1), fix="see the comment above 'fuzzy:'"))
        fuzzy, min_length = {}, 7
    if errors:
        raise InputErrors(errors)
    return Taxonomy(tuple(concepts), float(credit), str(doc.get("version", "")),
                    hashlib.sha256(path.read_bytes()).hexdigest(), path, negations=negations,
                    fuzzy_words=tuple(w.lower() for w in _strings(fuzzy.get("words"))),
                    fuzzy_ignore=tuple(w.lower() for w in _strings(fuzzy.get("ignore"))),
                    fuzzy_min_length=min_length)
