"""Gold items from analysts' decisions (`peerscan review to-gold`): confirmed, rejected and missed quotes.

Writes the development file tests/gold/reviewed.yaml; never a sealed held-out batch. An item's labels cover
only the concepts an analyst judged on it (`reviewed:`), and `peerscan eval` scores only those.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from analyze.reviews import ReviewDecision, normalize_quote
from peerscan import paths
from peerscan.atomic import atomic_write
from peerscan.errors import InputError

HEADER = ("# Development gold items from analysts' reviews (`peerscan review to-gold`); tuning data, never sealed.\n"
          "# concepts: what the analysts confirmed or found missed; reviewed: every concept they judged on the text\n"
          "# (eval scores only those: the other concepts of the sentence were not judged).\n")


@dataclass(frozen=True)
class GoldSummary:
    path: Path
    added: int
    total: int


def sealed(path: Path) -> bool:
    """The held-out batches are evaluated, never written: tuning data must not leak into them."""
    resolved = Path(path).resolve()
    return resolved == paths.INDEPENDENT_GOLD_FILE.resolve() or resolved.name.startswith("heldout")


def gold_items(decisions: Iterable[ReviewDecision]) -> list[dict]:
    """One item per distinct quote judged on automatic evidence or given for a miss (absences carry no label)."""
    items: dict[str, dict] = {}
    for d in sorted(decisions, key=lambda d: (d.reviewed_at, d.program, d.concept)):
        if d.verdict == "confirm" and d.kind != "finding":
            continue  # a confirmed absence says the closest sentence lacks one concept: too weak to label it
        item = items.setdefault(normalize_quote(d.quote), {"text": d.quote, "concepts": set(), "reviewed": set(),
                                                             "sources": set()})
        item["reviewed"].add(d.concept)
        (item["concepts"].add if d.verdict in ("confirm", "missed") else item["concepts"].discard)(d.concept)
        item["sources"].add(f"{d.program} {d.url}, {d.verdict} by {d.reviewer} {d.date}")
    return [{"text": i["text"], "concepts": sorted(i["concepts"]), "reviewed": sorted(i["reviewed"]),
             "note": "analyst review: " + "; ".join(sorted(i["sources"]))} for i in items.values()]


def write_gold(decisions: Iterable[ReviewDecision], out: Path) -> GoldSummary:
    """Add items for quotes not yet in the file (kept items are never changed); returns the counts."""
    out = Path(out)
    if sealed(out):
        raise InputError("that is a sealed held-out batch: reviewed items must not go into it", out,
                         fix=f"write to the development file (default {paths.REVIEWED_GOLD_FILE.name})")
    existing: list = []
    if out.exists():
        doc = yaml.safe_load(out.read_text(encoding="utf-8")) or {}
        existing = doc.get("items") or [] if isinstance(doc, dict) else []
    known = {normalize_quote(str(i.get("text", ""))) for i in existing if isinstance(i, dict)}
    new = [i for i in gold_items(decisions) if normalize_quote(i["text"]) not in known]
    atomic_write(out, HEADER + yaml.safe_dump({"items": existing + new}, allow_unicode=True, sort_keys=False,
                                              width=120))
    return GoldSummary(out, len(new), len(existing) + len(new))
