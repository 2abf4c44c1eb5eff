"""Analysts' decisions applied to one program's findings during analyze_run (rules in README § Reviewing findings).

A rejection withdraws the quotes the analyst judged (the row's quote and its other quotes; the finding with
them, unless a quote new since then still shows it), a confirmation marks it checked, a miss adds analyst evidence; a decision
whose quote no longer appears at its URL in this crawl is stale and changes nothing.
"""

from collections.abc import Iterable
from dataclasses import replace

from analyze.normalize import normalize_text
from analyze.results import AppliedReview, ConceptFinding, Evidence, RunResult
from analyze.reviews import ReviewDecision, judged_keys, normalize_quote
from peerscan.vocabulary import Strength, best_strength, strength_of_region
from scrape.records import PageRecord


def page_texts(records: Iterable[PageRecord]) -> dict[str, str]:
    """Text of every crawled document (blocks, title, link texts) in key form, under its URL and final URL.

    normalize_text first, as detection does, so quotes from mended PDF line breaks are found again.
    """
    texts: dict[str, str] = {}
    for record in records:
        pieces = [record.title, *(b.text for b in record.blocks), *(link.text for link in record.links)]
        text = " ".join(normalize_quote(normalize_text(piece)) for piece in pieces if piece)
        for url in {record.url, record.final_url}:
            if url:
                texts[url] = text
    return texts


def quote_present(decision: ReviewDecision, texts: dict[str, str]) -> bool | None:
    """Whether the decision's quote is on its page in this crawl; None when the page was not crawled."""
    text = texts.get(decision.url)
    if text is None:
        return None
    quote = normalize_quote(decision.quote)
    return bool(quote) and f" {quote} " in f" {text} "


def is_stale(decision: ReviewDecision, texts: dict[str, str]) -> bool:
    """Stale: the quote is gone from its page, or (for automatic evidence) the page itself is gone.

    A miss may cite a page the crawler never reached (often why it was missed): that cannot be re-checked,
    so it stays in force until a crawl reads the page and the quote is not there.
    """
    present = quote_present(decision, texts)
    if present is None:
        return decision.verdict != "missed"
    return not present


def applied(decision: ReviewDecision, stale: bool) -> AppliedReview:
    return AppliedReview(concept=decision.concept, kind=decision.kind, verdict=decision.verdict, url=decision.url,
                         quote=decision.quote, reviewer=decision.reviewer, reviewed_at=decision.reviewed_at,
                         note=decision.note, page=decision.page, stale=stale)


def apply_reviews(findings: dict[str, ConceptFinding], decisions: Iterable[ReviewDecision],
                  texts: dict[str, str]) -> tuple[dict[str, ConceptFinding], tuple[AppliedReview, ...]]:
    """A program's findings after its analysts' decisions, and each decision as applied (stale or not)."""
    result = dict(findings)
    marks = []
    # (concept, URL, quote) -> the newest decision in force that judged that quote (a rejection judges its row's
    # other quotes too); a later decision on the same quote wins.
    judged: dict[tuple[str, str, str], ReviewDecision] = {}
    missed: dict[str, list[ReviewDecision]] = {}
    for decision in sorted(decisions, key=lambda d: d.reviewed_at):
        stale = is_stale(decision, texts)
        marks.append(applied(decision, stale))
        if stale:
            continue
        if decision.kind == "finding":
            keys = judged_keys(decision) if decision.verdict == "reject" else {decision.key[2:]}
            judged.update({(decision.concept, *key): decision for key in keys})
        elif decision.verdict == "missed":
            missed.setdefault(decision.concept, []).append(decision)
    rejected = {key for key, decision in judged.items() if decision.verdict == "reject"}
    confirmed = {d.concept: d for d in sorted(judged.values(), key=lambda d: d.reviewed_at) if d.verdict == "confirm"}
    for concept in {concept for concept, _, _ in rejected} & set(result):
        left = tuple(e for e in result[concept].evidence if (concept, e.url, normalize_quote(e.quote)) not in rejected)
        if left:  # quotes nobody judged (new in a later crawl) still show the concept
            result[concept] = replace(result[concept], evidence=left,
                                      strength=best_strength(strength_of_region(e.region) for e in left))
        else:
            del result[concept]
    for concept, decision in confirmed.items():
        if concept in result:
            result[concept] = replace(result[concept], checked_on=decision.date)
    for concept, decisions_missed in missed.items():
        evidence = tuple(Evidence(url=d.url, quote=d.quote, matched="", region="body", page=d.page, source="analyst")
                         for d in decisions_missed)
        found = result.get(concept)
        if found is None:
            result[concept] = ConceptFinding(Strength.BODY, evidence, source="analyst")
        else:  # an analyst's quote is body evidence: it lifts a navigation-only finding
            result[concept] = replace(found, strength=Strength.BODY, evidence=found.evidence + evidence)
    marks.sort(key=lambda m: (m.concept, m.reviewed_at, m.url))
    return result, tuple(marks)


def review_counts(run: RunResult) -> tuple[int, int]:
    """Analysts' decisions in force and stale in a run (for the analyze command's one-line report)."""
    reviews = [r for j in run.jurisdictions for p in j.programs for r in p.reviews]
    stale = sum(1 for r in reviews if r.stale)
    return len(reviews) - stale, stale
