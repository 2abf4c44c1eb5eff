"""Merge two coders' labels and the adjudicator's decisions into one labelled gold set.

A concept both coders decided alike keeps that decision; every disagreement must have an adjudicated
decision, or the script stops and lists what is missing. Writes `items:` with concepts (present) and
unsure. Usage: python tools/gold_adjudicate.py PASSAGES... --coder1 F --coder2 F --adjudication F... --out F
"""
from __future__ import annotations

import argparse
from pathlib import Path

import yaml
from gold_agreement import CONCEPTS, decision, load_labels


def merge_labels(passage_files: list[Path], coder1: Path, coder2: Path,
                 adjudication_files: list[Path]) -> list[dict]:
    """Gold items: each concept as both coders decided it, or as the adjudicator decided a disagreement."""
    c1, c2 = load_labels(coder1), load_labels(coder2)
    adjudicated: dict[str, dict[str, str]] = {}
    for path in adjudication_files:
        for pid, decisions in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            adjudicated.setdefault(str(pid), {}).update(decisions)
    items, unresolved = [], []
    for path in passage_files:
        for p in yaml.safe_load(path.read_text(encoding="utf-8"))["passages"]:
            pid = str(p["id"])
            present, unsure = [], []
            for concept in CONCEPTS:
                a, b = decision(c1[pid], concept), decision(c2[pid], concept)
                final = a if a == b else adjudicated.get(pid, {}).get(concept)
                if final is None:
                    unresolved.append(f"{pid} {concept}: coder1={a} coder2={b}")
                elif final == "present":
                    present.append(concept)
                elif final == "unsure":
                    unsure.append(concept)
            item = {"id": pid, "lang": p.get("lang", "en"), "state": p.get("state"),
                    "source_url": p["source_url"], "source_kind": p.get("source_kind"),
                    "text": str(p["text"]).strip(), "concepts": present}
            if unsure:
                item["unsure"] = unsure
            items.append(item)
    if unresolved:
        raise SystemExit("unresolved disagreements:\n" + "\n".join(unresolved))
    return items


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("passages", nargs="+", type=Path)
    ap.add_argument("--coder1", type=Path, required=True)
    ap.add_argument("--coder2", type=Path, required=True)
    ap.add_argument("--adjudication", type=Path, nargs="+", required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    items = merge_labels(args.passages, args.coder1, args.coder2, args.adjudication)
    args.out.write_text(yaml.safe_dump({"items": items}, allow_unicode=True, sort_keys=False, width=110),
                        encoding="utf-8")
    print(f"{len(items)} items, {sum(bool(i['concepts']) for i in items)} with a present concept")


if __name__ == "__main__":
    main()
