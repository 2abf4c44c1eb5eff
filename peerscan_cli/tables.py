"""Plain-text tables for `peerscan detect --format text` and `peerscan eval` (dev sets and the sealed test)."""

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
                if quote.get("rule"):
                    lines.append(f"      rule: {quote['rule']}")
    return "\n".join(lines)


def format_eval_report(title: str, report: EvalReport, kappa: dict | None = None) -> str:
    """A plain-text table: per concept precision, recall, N, counts; then micro figures, strength and kappa."""
    lines = [f"{title}: {report.gold_items} items"
             + (f" ({report.heldout_items} held out)" if report.heldout_items else ""),
             f"{'concept':22} {'precision':>9} {'recall':>7} {'N':>4} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for cid, score in report.concepts.items():
        lines.append(f"{cid:22} {score.precision:9.2f} {score.recall:7.2f} {score.present:4} {score.tp:4} "
                     f"{score.fp:4} {score.fn:4}")
    micro = report.micro
    lines.append(f"{'micro':22} {micro.precision:9.2f} {micro.recall:7.2f} {micro.present:4} {micro.tp:4} "
                 f"{micro.fp:4} {micro.fn:4}")
    lines.append(f"strength (body vs navigation) right for {report.strength_right} of {report.strength_checked} "
                 f"findings: {report.strength_accuracy:.2f}")
    if kappa is not None and kappa.get("pooled_kappa") is not None:
        lines.append(f"inter-coder agreement: Cohen's kappa {kappa['pooled_kappa']:.2f} (pooled)")
    return "\n".join(lines)
