"""Split the adjudicated real-wording gold set into a dev part and a sealed test part.

Stratified by language and by whether a passage has any present label, with a fixed seed, so the
split is reproducible. Writes real_dev.yaml, real_test.yaml and real_test.sha256 (the pin).
Usage: python tools/gold_split.py ADJUDICATED.yaml --out-dir tests/gold [--test-share 0.5]
"""
from __future__ import annotations

import argparse
import hashlib
import random
from pathlib import Path

import yaml


def dump(items: list[dict], header: str) -> str:
    body = yaml.safe_dump({"items": items}, allow_unicode=True, sort_keys=False, width=110)
    return header + body


def write_sealed(items: list[dict], header: str, out_dir: Path) -> str:
    """Write real_test.yaml and its pin real_test.sha256 (the SHA-256 of the file's bytes); return the digest."""
    text = dump(items, header)
    (out_dir / "real_test.yaml").write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    (out_dir / "real_test.sha256").write_text(digest + "  real_test.yaml\n", encoding="utf-8")
    return digest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("adjudicated", type=Path)
    ap.add_argument("--out-dir", type=Path, required=True)
    ap.add_argument("--test-share", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=20261128)
    args = ap.parse_args()
    items = yaml.safe_load(args.adjudicated.read_text(encoding="utf-8"))["items"]
    rng = random.Random(args.seed)
    strata: dict[tuple[str, bool], list[dict]] = {}
    for item in items:
        strata.setdefault((item.get("lang", "en"), bool(item.get("concepts"))), []).append(item)
    dev, test = [], []
    for key in sorted(strata):
        group = strata[key]
        rng.shuffle(group)
        cut = round(len(group) * args.test_share)
        test += group[:cut]
        dev += group[cut:]
    dev.sort(key=lambda i: i["id"])
    test.sort(key=lambda i: i["id"])
    note = ("# Real-wording gold set ({part}): verbatim passages from public state peer-program pages, codes,\n"
            "# handbooks and rules (source_url on every item), labelled by two independent coders with\n"
            "# docs/codebook.md and adjudicated. {rule}\n")
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "real_dev.yaml").write_text(
        dump(dev, note.format(part="development part", rule="Tuning may read this part.")), encoding="utf-8")
    digest = write_sealed(test, note.format(
        part="SEALED test part",
        rule="Never read while tuning; evaluated only by `peerscan eval --sealed`; pinned in real_test.sha256."),
        args.out_dir)
    print(f"dev {len(dev)} items, sealed test {len(test)} items, sha256 {digest}")


if __name__ == "__main__":
    main()
