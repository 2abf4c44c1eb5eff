"""Inter-coder agreement on the real-wording gold set: Cohen's kappa per concept and pooled.

Reads the passages and two coders' label files; prints a table and writes the disagreements for
adjudication. Usage: python tools/gold_agreement.py PASSAGES... --coder1 F --coder2 F --out F
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import yaml

CONCEPTS = ["ethics", "code_of_ethics", "ethics_training", "dual_relationships", "boundaries",
            "personal_contact", "social_media", "physical_contact", "gifts", "romantic_sexual",
            "friendship", "self_disclosure", "confidentiality", "conflict_of_interest", "peer_safety"]


def load_labels(path: Path) -> dict[str, dict[str, set[str]]]:
    """Map passage id → {'present': set, 'unsure': set}."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["labels"]
    out = {}
    for pid, entry in raw.items():
        entry = entry or {}
        present = set(entry.get("present") or [])
        unsure = set(entry.get("unsure") or []) - present
        unknown = (present | unsure) - set(CONCEPTS)
        if unknown:
            raise SystemExit(f"{path}: passage {pid}: unknown concept(s) {sorted(unknown)}")
        out[str(pid)] = {"present": present, "unsure": unsure}
    return out


def decision(labels: dict[str, set[str]], concept: str) -> str:
    if concept in labels["present"]:
        return "present"
    if concept in labels["unsure"]:
        return "unsure"
    return "absent"


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa over paired categorical decisions (None when chance agreement is 1)."""
    n = len(pairs)
    if not n:
        return None
    cats = sorted({c for p in pairs for c in p})
    observed = sum(a == b for a, b in pairs) / n
    expected = sum((sum(a == c for a, _ in pairs) / n) * (sum(b == c for _, b in pairs) / n) for c in cats)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def measure(passage_ids: list[str], c1: dict, c2: dict) -> dict:
    """Kappa per concept and pooled over every present/unsure/absent decision, and the disagreements."""
    ids = [pid for pid in passage_ids if pid in c1 and pid in c2]
    per_concept = {}
    pooled: list[tuple[str, str]] = []
    disagreements = []
    for concept in CONCEPTS:
        pairs = [(decision(c1[pid], concept), decision(c2[pid], concept)) for pid in ids]
        pooled += pairs
        agree = sum(a == b for a, b in pairs)
        per_concept[concept] = {
            "kappa": cohen_kappa(pairs), "agreement": agree / len(pairs) if pairs else None,
            "present_1": sum(a == "present" for a, _ in pairs), "present_2": sum(b == "present" for _, b in pairs),
        }
        for pid, (a, b) in zip(ids, pairs, strict=True):
            if a != b:
                disagreements.append({"id": pid, "concept": concept, "coder1": a, "coder2": b})
    return {"n_passages": len(ids), "missing": [pid for pid in passage_ids if pid not in ids],
            "pooled_kappa": cohen_kappa(pooled), "per_concept": per_concept, "disagreements": disagreements}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("passages", nargs="+", type=Path)
    ap.add_argument("--coder1", type=Path, required=True)
    ap.add_argument("--coder2", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True, help="agreement JSON (kappa, disagreements)")
    args = ap.parse_args()
    passages = {}
    for p in args.passages:
        for item in yaml.safe_load(p.read_text(encoding="utf-8"))["passages"]:
            passages[str(item["id"])] = item
    c1, c2 = load_labels(args.coder1), load_labels(args.coder2)
    result = measure(list(passages), c1, c2)
    per_concept, disagreements = result["per_concept"], result["disagreements"]
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"passages coded by both: {result['n_passages']} (missing {len(result['missing'])})")
    print(f"pooled kappa over {result['n_passages'] * len(CONCEPTS)} decisions: {result['pooled_kappa']:.3f}")
    for concept, row in per_concept.items():
        k = "n/a" if row["kappa"] is None else f"{row['kappa']:.2f}"
        print(f"  {concept:22} kappa {k:>5}  agreement {row['agreement']:.3f}  present {row['present_1']}/{row['present_2']}")
    print(f"disagreements: {len(disagreements)} (concept × passage)")


if __name__ == "__main__":
    main()
