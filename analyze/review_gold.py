"""Gold items from analysts' decisions (`peerscan review to-gold`): confirmed, rejected and missed quotes.

Appends to the development gold set (tests/gold/gold.yaml; its comments kept); never to a sealed held-out
batch. An item's labels cover only the concepts an analyst judged on it (`reviewed:`): eval scores only those.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from analyze.reviews import ReviewDecision, normalize_quote
from peerscan import paths
from peerscan.atomic import atomic_write
from peerscan.errors import InputError

BATCH = "analyst-review"


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
        item = items.setdefault(normalize_quote(d.quote), {"text": " ".join(d.quote.split()), "concepts": set(),
                                                             "reviewed": set(), "sources": set()})
        item["reviewed"].add(d.concept)
        (item["concepts"].add if d.verdict in ("confirm", "missed") else item["concepts"].discard)(d.concept)
        item["sources"].add(f"{d.program} {d.concept} {d.verdict} by {d.reviewer} {d.date}")
    return [{"text": i["text"], "concepts": sorted(i["concepts"]), "reviewed": sorted(i["reviewed"]),
             "batch": BATCH, "note": "; ".join(sorted(i["sources"]))} for i in items.values()]


def _items_of(text: str, path: Path) -> list:
    doc = yaml.safe_load(text) if text.strip() else {}
    if not isinstance(doc, dict) or not isinstance(doc.get("items") or [], list):
        raise InputError("not a gold file (a mapping with an 'items' list)", path, 1,
                         fix="give the development gold file, tests/gold/gold.yaml")
    return doc.get("items") or []


def write_gold(decisions: Iterable[ReviewDecision], out: Path, today: str | None = None) -> GoldSummary:
    """Append items for quotes not yet in the file (existing lines untouched); returns the counts."""
    out = Path(out)
    if sealed(out):
        raise InputError("that is a sealed held-out batch: reviewed items must not go into it", out,
                         fix=f"write to the development gold file ({paths.GOLD_FILE.relative_to(paths.REPO_ROOT)})")
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    existing = _items_of(text, out)
    known = {normalize_quote(str(i.get("text", ""))) for i in existing if isinstance(i, dict)}
    new = [i for i in gold_items(decisions) if normalize_quote(i["text"]) not in known]
    if not new:
        return GoldSummary(out, 0, len(existing))
    day = today or dt.date.today().isoformat()
    lines = [f"# --- from analysts' reviews (`peerscan review to-gold`, {day}); scored only on `reviewed` ---"]
    lines += ["- " + yaml.safe_dump(item, default_flow_style=True, sort_keys=False, allow_unicode=True,
                                    width=10**6).strip() for item in new]
    head = text if text.strip() else "items:\n"
    candidate = head + ("" if head.endswith("\n") else "\n") + "\n".join(lines) + "\n"
    if len(_items_of(candidate, out)) != len(existing) + len(new):  # 'items:' must be the file's last key
        raise InputError("the new items would not land in the 'items' list", out,
                         fix="keep 'items:' as the last key of the gold file")
    atomic_write(out, candidate)
    return GoldSummary(out, len(new), len(existing) + len(new))
