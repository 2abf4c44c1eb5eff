"""How the site shows analysts' reviews: checked findings, analyst evidence, rejections, stale decisions, agreement.

Reads the reviews carried by the results (ProgramResult.reviews); makes every sentence the templates print.
"""

from dataclasses import dataclass

from analyze.agreement import Agreement, Proportion
from analyze.results import AppliedReview, ConceptFinding, Evidence, ProgramResult
from analyze.taxonomy import Taxonomy
from report.highlight import safe_href

VERDICT_TEXT = {"confirm": "confirmed", "reject": "rejected", "missed": "reported as missed"}


@dataclass(frozen=True)
class ReviewNoteView:
    """One sentence about an analyst's decision that is not visible on a finding (a rejection, a stale one)."""

    text: str
    quote: str
    url: str
    href: str | None
    note: str


def checked_text(finding: ConceptFinding) -> str:
    return f"checked by an analyst on {finding.checked_on}" if finding.checked_on else ""


def evidence_source_text(evidence: Evidence) -> str:
    return "analyst-sourced: added by an analyst, missed by the automatic detection" \
        if evidence.source == "analyst" else ""


def _label(taxonomy: Taxonomy, concept: str) -> str:
    return taxonomy.concept(concept).label if concept in taxonomy.ids else concept


def _note(review: AppliedReview, text: str) -> ReviewNoteView:
    return ReviewNoteView(text, review.quote, review.url, safe_href(review.url), review.note)


def review_notes(result: ProgramResult, taxonomy: Taxonomy) -> tuple[ReviewNoteView, ...]:
    """Rejected findings (withdrawn from the score) and stale decisions (no longer applied), per program."""
    notes = []
    for review in result.reviews:
        label, day = _label(taxonomy, review.concept), review.reviewed_at[:10]
        if review.stale:
            notes.append(_note(review, f"{label}: an analyst {VERDICT_TEXT[review.verdict]} this on {day}, but the "
                                       "quote no longer appears in the latest crawl — the review is stale and no "
                                       "longer applied."))
        elif review.kind == "finding" and review.verdict == "reject" and review.concept not in result.concepts:
            notes.append(_note(review, f"{label}: found automatically, rejected by an analyst on {day}; "
                                       "not counted in the score."))
    return tuple(notes)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def proportion_text(p: Proportion) -> str:
    """'92% (N = 25; 95% CI 75%–98%)', or a sentence saying nothing was reviewed."""
    if not p.n:
        return "not measured yet (nothing reviewed)"
    low, high = p.interval or (0.0, 0.0)
    return f"{percent(p.value)} ({p.k} of N = {p.n}; 95% Wilson interval {percent(low)}–{percent(high)})"


@dataclass(frozen=True)
class AgreementView:
    precision: str
    real_misses: str
    reviewed: bool
    reviewers: int
    added_misses: int


def agreement_view(agreement: Agreement) -> AgreementView:
    return AgreementView(proportion_text(agreement.precision), proportion_text(agreement.real_misses),
                         bool(agreement.precision.n or agreement.real_misses.n), len(agreement.reviewers),
                         agreement.added_misses)
