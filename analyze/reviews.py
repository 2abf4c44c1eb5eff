"""Analysts' decisions on findings (data/reviews.yaml): the record, its stable key, load/validate and save.

A key is (program, concept, URL, normalized quote): it names the evidence judged, not a run, so decisions
survive re-crawls. `peerscan review apply` writes the file; hand edits are validated the same way.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from peerscan.atomic import atomic_write
from peerscan.errors import InputError, InputErrors
from peerscan.yamlfile import load_yaml_with_lines

VERDICTS = ("confirm", "reject", "missed")
KINDS = ("finding", "near_miss", "added")  # automatic evidence, a sampled absence, a row the analyst added
# Which verdicts make sense for which kind of row: a finding is right or wrong; an absence is real or a miss.
VERDICTS_BY_KIND = {"finding": ("confirm", "reject"), "near_miss": ("confirm", "missed"), "added": ("missed",)}
HEADER = ("# Analysts' decisions on findings, written by `peerscan review apply` (see README: Reviewing findings).\n"
          "# Key: program, concept, url and the quote (case, accents, punctuation and spacing ignored).\n")

_NOT_WORD = re.compile(r"[\W_]+")


def normalize_quote(text: str) -> str:
    """The form of a quote used in keys and to find it again in a later crawl: NFKC, lower case, words only."""
    folded = unicodedata.normalize("NFKC", text).lower().replace("\u00ad", "")
    return _NOT_WORD.sub(" ", folded).strip()


@dataclass(frozen=True)
class ReviewDecision:
    """One analyst's decision on one piece of evidence (or on a sampled absence)."""

    program: str
    concept: str
    kind: str  # one of KINDS
    verdict: str  # one of VERDICTS
    url: str
    quote: str
    reviewer: str
    reviewed_at: str  # ISO 8601 UTC
    run_id: str = ""  # the run the sheet was exported from
    note: str = ""
    page: int | None = None
    # A rejected finding's other quotes as its sheet row listed them ("quote — url"): the analyst judged the
    # finding on all of them, so a rejection withdraws them too, and only them (a later, new quote stays).
    also: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str, str, str]:
        return review_key(self.program, self.concept, self.url, self.quote)

    @property
    def date(self) -> str:
        return self.reviewed_at[:10]


def review_key(program: str, concept: str, url: str, quote: str) -> tuple[str, str, str, str]:
    """The stable key of a decision."""
    return program, concept, url.strip(), normalize_quote(quote)


_QUOTE_URL = " — "  # between a quote and its URL in a sheet's other_quotes cell, one quote per line


def quote_line(quote: str, url: str) -> str:
    """One line of a sheet's other_quotes cell (and of a decision's `also`)."""
    return f"{quote}{_QUOTE_URL}{url}"


def judged_keys(decision: ReviewDecision) -> set[tuple[str, str]]:
    """(URL, normalized quote) of the decision's quote and of the other quotes its row listed."""
    keys = {decision.key[2:]}
    for line in decision.also:
        quote, _, url = line.rpartition(_QUOTE_URL)
        keys.add(review_key(decision.program, decision.concept, url, quote)[2:])
    return keys


def reviews_path(data_dir: Path) -> Path:
    return Path(data_dir) / "reviews.yaml"


def _decision(raw: object, path: Path) -> tuple[ReviewDecision | None, list[InputError]]:
    line = raw.get("__line__") if isinstance(raw, dict) else None
    if not isinstance(raw, dict):
        return None, [InputError("a review must be a mapping", path, line, fix="see the other entries")]
    missing = [k for k in ("program", "concept", "kind", "verdict", "url", "quote", "reviewer", "reviewed_at")
               if not str(raw.get(k) or "").strip()]
    if missing:
        return None, [InputError(f"review without {', '.join(missing)}", path, line,
                                 fix="re-apply the sheet with `peerscan review apply`, or fill in the fields")]
    kind, verdict = str(raw["kind"]), str(raw["verdict"])
    if kind not in KINDS or verdict not in VERDICTS_BY_KIND.get(kind, ()):
        allowed = "; ".join(f"{k}: {' or '.join(v)}" for k, v in VERDICTS_BY_KIND.items())
        return None, [InputError(f"verdict {verdict!r} on a {kind!r} review", path,
                                 raw.get("__lines__", {}).get("verdict", line),
                                 fix=f"verdicts by kind of review — {allowed}")]
    page = raw.get("page")
    also = raw.get("also") or []
    if not isinstance(also, list) or not all(isinstance(a, str) for a in also):
        return None, [InputError("'also' must be a list of quotes", path, raw.get("__lines__", {}).get("also", line),
                                 fix="one '- quote — url' line per other quote of the row, or no 'also'")]
    return ReviewDecision(
        program=str(raw["program"]), concept=str(raw["concept"]), kind=kind, verdict=verdict,
        url=str(raw["url"]).strip(), quote=str(raw["quote"]), reviewer=str(raw["reviewer"]),
        reviewed_at=str(raw["reviewed_at"]), run_id=str(raw.get("run_id") or ""), note=str(raw.get("note") or ""),
        page=page if isinstance(page, int) else None, also=tuple(also),
    ), []


def load_reviews(path: Path) -> tuple[ReviewDecision, ...]:
    """Read data/reviews.yaml (absent: no decisions); bad entries raise InputErrors with their lines."""
    path = Path(path)
    if not path.exists():
        return ()
    doc = load_yaml_with_lines(path)
    if doc is None:
        return ()
    if not isinstance(doc, dict) or not isinstance(doc.get("reviews") or [], list):
        raise InputErrors([InputError("expected a mapping with a 'reviews' list", path, 1,
                                      fix="the file starts with 'reviews:'")])
    decisions, errors, seen = [], [], {}
    for raw in doc.get("reviews") or []:
        decision, problems = _decision(raw, path)
        errors += problems
        if decision is None:
            continue
        if decision.key in seen:
            errors.append(InputError(f"a second decision on the same evidence (first on line {seen[decision.key]})",
                                     path, raw.get("__line__"), fix="keep one of the two entries"))
        seen[decision.key] = raw.get("__line__")
        decisions.append(decision)
    if errors:
        raise InputErrors(errors)
    return tuple(decisions)


def same_judgement(a: ReviewDecision, b: ReviewDecision) -> bool:
    """Two decisions that say the same thing (who and when aside)."""
    return (a.key, a.kind, a.verdict, a.note, a.page, a.also) == (b.key, b.kind, b.verdict, b.note, b.page, b.also)


def merge_decisions(old: Iterable[ReviewDecision], new: Iterable[ReviewDecision]) -> tuple[ReviewDecision, ...]:
    """Old decisions with the new ones added; a new decision on the same key replaces the old one.

    Re-applying the same sheet keeps the first decision and its date: nothing was decided again.
    """
    merged = {d.key: d for d in old}
    for decision in new:
        if decision.key not in merged or not same_judgement(merged[decision.key], decision):
            merged[decision.key] = decision
    return tuple(sorted(merged.values(), key=lambda d: (d.program, d.concept, d.url, d.reviewed_at, d.quote)))


def _entry(decision: ReviewDecision) -> dict:
    data = asdict(decision)
    if decision.page is None:
        del data["page"]
    if decision.also:
        data["also"] = list(decision.also)
    else:
        del data["also"]
    return data


def save_reviews(path: Path, decisions: Iterable[ReviewDecision]) -> None:
    """Write the decisions atomically, one mapping per decision, sorted by program, concept and URL."""
    body = yaml.safe_dump({"reviews": [_entry(d) for d in decisions]}, allow_unicode=True, sort_keys=False,
                          width=100)
    atomic_write(path, HEADER + body)
