"""Seal a whole adjudicated coding round as the real-wording test: tests/gold/real_test.yaml and its pin.

Used when the dev parts already exist (round 3 on): every passage of the new round goes into the sealed
test, none into dev. Writes the file with its header and real_test.sha256 (the SHA-256 of the file's bytes).
Usage: python tools/gold_seal.py ADJUDICATED.yaml --round N --out-dir tests/gold
"""
from __future__ import annotations

import argparse
from pathlib import Path

import yaml
from gold_split import write_sealed

HEADER = ("# Real-wording gold set, round {n}: the SEALED test. Verbatim passages from public state peer-program\n"
          "# pages, codes, handbooks, training and rules (source_url on every item), from pages not used in earlier\n"
          "# rounds; labelled by two independent coders with docs/codebook.md, disagreements adjudicated by a third\n"
          "# reader (tests/gold/coding/round{n}). Never read while tuning; evaluated only by `peerscan eval --sealed`;\n"
          "# pinned in real_test.sha256.\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("adjudicated", type=Path)
    ap.add_argument("--round", type=int, required=True)
    ap.add_argument("--out-dir", type=Path, required=True)
    args = ap.parse_args()
    items = sorted(yaml.safe_load(args.adjudicated.read_text(encoding="utf-8"))["items"], key=lambda i: i["id"])
    digest = write_sealed(items, HEADER.format(n=args.round), args.out_dir)
    print(f"sealed test: {len(items)} items, sha256 {digest}")


if __name__ == "__main__":
    main()
