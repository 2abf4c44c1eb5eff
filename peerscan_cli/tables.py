"""Plain-text tables for `peerscan detect --format text` and `peerscan eval`."""

from analyze.evaluate import EvalReport


def format_detect_text(result: dict) -> str:
    """The detect result for people: per file its score, then each concept with its quotes."""
    lines = []
    for document in result["documents"]:
        lines.append(f"{document['path']}: score {document['score']}/100, {len(document['concepts'])} concepts found")
        if document.get("error"):
            lines.append(f"  (no text: {document['error']})")
        for cid, quotes in document["concepts"].items():
            lines.append(f"  {cid}")
            for quote in quotes:
                where = quote["region"] + (f", page {quote['page']}" if quote.get("page") else "")
                lines.append(f"    - \"{quote['quote']}\"  [{where}; matched: {quote['matched']}]")
    return "\n".join(lines)


def format_eval_table(report: EvalReport) -> str:
    """A plain-text table: concept, precision, recall, counts, and held-out precision/recall."""
    lines = [f"gold set: {report.gold_items} items ({report.heldout_items} held out; their first, untuned figures "
             "are in docs/detection.md)",
             f"{'concept':22} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}   held-out P / R"]
    for cid, score in report.concepts.items():
        held = report.heldout[cid]
        lines.append(f"{cid:22} {score.precision:9.2f} {score.recall:7.2f} {score.tp:4} {score.fp:4} {score.fn:4}"
                     f"   {held.precision:.2f} / {held.recall:.2f}")
    return "\n".join(lines)


def format_independent_table(report: EvalReport) -> str:
    """The independent held-out batch: written by another author, never tuned on — the honest estimate."""
    lines = [f"independent held-out batch: {report.gold_items} items (never used for tuning)",
             f"{'concept':22} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}"]
    lines += [f"{cid:22} {s.precision:9.2f} {s.recall:7.2f} {s.tp:4} {s.fp:4} {s.fn:4}"
              for cid, s in report.concepts.items()]
    return "\n".join(lines)
