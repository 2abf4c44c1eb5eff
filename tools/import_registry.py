"""Turn the researched registry table (shared/registry/programs.tsv) into data/programs.yaml.

Run once per new research batch: python tools/import_registry.py ../shared/registry/programs.tsv
Each entry keeps its provenance (table row, research date, confidence, the researcher's notes).
Hand edits made later in data/programs.yaml are the reviewed truth; re-importing overwrites them.
URLs on a host of data/third_party_hosts.yaml become references; every other seed gets
`publisher: unreviewed`, which `peerscan registry check` rejects until an analyst says who publishes it.
"""

import csv
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from peerscan.atomic import atomic_write  # noqa: E402
from peerscan.third_parties import load_third_party_hosts  # noqa: E402

STOP = {"of", "and", "the", "for", "in", "a", "an", "with", "to"}


def slug_for(row: dict[str, str]) -> str:
    """A short id part: the credential's acronym in parentheses, else initials of its words."""
    acronym = re.search(r"\(([A-Z][A-Za-z0-9-]{1,12})[\s/;,)]", row["credential"] + ")")
    if acronym:
        return acronym.group(1).lower()
    words = [w for w in re.findall(r"[A-Za-z]+", row["credential"] or row["program"]) if w.lower() not in STOP]
    return "".join(w[0] for w in words[:5]).lower() or "program"


def credentials_of(text: str) -> list[str]:
    return [part.strip() for part in re.split(r";\s*", text) if part.strip()]


def main(tsv: str, out: str = "data/programs.yaml") -> None:
    rows = list(csv.DictReader(open(tsv, encoding="utf-8"), delimiter="\t"))
    third_parties = load_third_party_hosts()
    used: set[str] = set()
    entries = []
    for number, row in enumerate(rows, start=2):
        base = f"{row['state_code'].lower()}-{slug_for(row)}"
        pid, n = base, 2
        while pid in used:
            pid, n = f"{base}-{n}", n + 1
        used.add(pid)
        urls = [u.strip() for u in row["url"].split("|") if u.strip()]
        seeds = [{"url": u, "publisher": "unreviewed"} for u in urls if not third_parties.match(u)]
        references = [{"url": u, "publisher": "third_party", "note": third_parties.match(u).kind}
                      for u in urls if third_parties.match(u)]
        entries.append({
            "id": pid,
            "state": row["state_code"],
            "name": row["program"],
            "credentials": credentials_of(row["credential"]),
            "body": row["body"],
            "type": row["type"],
            "seeds": seeds,
            **({"references": references} if references else {}),
            "source": urls[0],
            "verified": row["researched"],
            "confidence": row["confidence"],
            "program_found": not row["program"].startswith("No "),
            "notes": row["notes"],
            "provenance": f"shared/registry/programs.tsv line {number} (researched {row['researched']})",
        })
    header = (
        "# peerscan registry: one entry per state peer-certification program (see README § Registry).\n"
        "# Imported from shared/registry/programs.tsv by tools/import_registry.py, then reviewed by hand.\n"
        "# program_found: false marks jurisdictions where research found no certification program (leads only).\n"
        "# seeds are the program's own pages (publisher: agency, board or administrator); references are pages by\n"
        "# others (publisher: third_party), shown on the site and never crawled. `changes` records each edit.\n"
    )
    body = yaml.safe_dump({"programs": entries}, sort_keys=False, allow_unicode=True, width=100)
    atomic_write(out, header + body)
    print(f"wrote {len(entries)} programs for {len({e['state'] for e in entries})} jurisdictions to {out}")


if __name__ == "__main__":
    main(*sys.argv[1:])
