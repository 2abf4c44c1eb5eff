"""The site's data downloads: results.json, results.csv, evidence.csv (UTF-8 with BOM for Excel), results.sqlite.

Written from the merged results in a fixed order, so the same results give the same bytes. Analysts' reviews
show as the evidence source (crawl / analyst), checked_on dates and a reviews table.
"""

import csv
import io
import json
import sqlite3
import tempfile
from pathlib import Path

from analyze.results import Evidence, RunResult, run_to_dict
from analyze.taxonomy import Taxonomy
from peerscan.registry import Registry
from peerscan.vocabulary import describe

# Spreadsheet programs run cells starting with these as formulas; scraped text must not.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A CSV cell that Excel shows as text, never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([[cell(v) for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def results_json(run: RunResult) -> bytes:
    """The merged results in the shape of data/results/latest.json (compact: the C encoder is 5x faster)."""
    return (json.dumps(run_to_dict(run), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _program_rows(run: RunResult, registry: Registry) -> list[dict[str, object]]:
    by_id = {p.id: p for p in registry.programs}
    rows = []
    for j in run.jurisdictions:
        for p in j.programs:
            reg = by_id.get(p.id)
            rows.append({
                "state": j.state, "state_name": j.name, "state_score": j.score, "program_id": p.id,
                "program_name": p.name, "body": reg.body if reg else "", "type": reg.type if reg else "",
                "credentials": "; ".join(reg.credentials) if reg else "", "confidence": reg.confidence if reg else "",
                "status": p.status, "status_text": describe(p).short, "score": p.score, "pages": p.pages,
                "failures": p.failures, "robots_blocked": p.robots_blocked, "stale": int(p.stale),
                "last_checked": p.last_checked or "", "last_confirmed": p.last_confirmed or "",
                "unreachable_since": p.unreachable_since or "", "reason": p.reason,
                "analyst_reviews": sum(1 for r in p.reviews if not r.stale),
                "stale_reviews": sum(1 for r in p.reviews if r.stale),
                "adopted_code": "; ".join(a.code for a in p.adopted_code),
            })
    return rows


def results_csv(run: RunResult, registry: Registry, taxonomy: Taxonomy) -> bytes:
    """One row per program; one column per concept holding body / navigation / empty."""
    rows = _program_rows(run, registry)
    header = list(rows[0]) if rows else ["state", "program_id"]
    programs = {p.id: p for j in run.jurisdictions for p in j.programs}
    table = [header + list(taxonomy.ids)]
    for row in rows:
        found = programs[str(row["program_id"])].concepts
        table.append([row[k] for k in header] + [found[c].strength if c in found else "" for c in taxonomy.ids])
    return _csv(table)


def read_by(ev: Evidence) -> str:
    """How the quoted text was read when not from the document's own text: ocr, javascript, or empty."""
    return "ocr" if ev.ocr else "javascript" if ev.rendered else ""


def _evidence_rows(run: RunResult) -> list[list[object]]:
    rows = []
    for j in run.jurisdictions:
        for p in j.programs:
            for cid, finding in sorted(p.concepts.items()):
                for e in finding.evidence:
                    rows.append([j.state, p.id, cid, finding.strength, e.region, e.url,
                                 "" if e.page is None else e.page, e.matched, e.quote, e.source,
                                 finding.checked_on or "", e.linked_from or "", read_by(e), e.rule])
    return rows


def evidence_csv(run: RunResult) -> bytes:
    """One row per evidence quote; source says crawl or analyst, checked_on when an analyst confirmed the finding, rule the taxonomy rule that matched."""
    header = ["state", "program_id", "concept", "strength", "region", "url", "page", "matched", "quote", "source",
              "checked_on", "linked_from", "read_by", "rule"]
    return _csv([header, *_evidence_rows(run)])


SCHEMA = """
CREATE TABLE jurisdictions (state TEXT PRIMARY KEY, name TEXT NOT NULL, score INTEGER);
CREATE TABLE programs (program_id TEXT PRIMARY KEY, state TEXT NOT NULL REFERENCES jurisdictions(state),
  program_name TEXT, body TEXT, type TEXT, credentials TEXT, confidence TEXT, status TEXT, status_text TEXT,
  score INTEGER, pages INTEGER, failures INTEGER, robots_blocked INTEGER, stale INTEGER, last_checked TEXT,
  last_confirmed TEXT, unreachable_since TEXT, reason TEXT, analyst_reviews INTEGER, stale_reviews INTEGER,
  adopted_code TEXT);
CREATE TABLE adopted_codes (program_id TEXT NOT NULL REFERENCES programs(program_id), code TEXT NOT NULL,
  url TEXT, page INTEGER, quote TEXT, rule TEXT, PRIMARY KEY (program_id, code));
CREATE TABLE concepts (concept_id TEXT PRIMARY KEY, label TEXT, definition TEXT, weight REAL, key INTEGER);
CREATE TABLE findings (program_id TEXT NOT NULL REFERENCES programs(program_id),
  concept_id TEXT NOT NULL REFERENCES concepts(concept_id), strength TEXT NOT NULL, source TEXT NOT NULL,
  checked_on TEXT, PRIMARY KEY (program_id, concept_id));
CREATE TABLE evidence (id INTEGER PRIMARY KEY, state TEXT, program_id TEXT REFERENCES programs(program_id),
  concept_id TEXT REFERENCES concepts(concept_id), strength TEXT, region TEXT, url TEXT, page INTEGER,
  matched TEXT, quote TEXT, source TEXT, checked_on TEXT, rule TEXT);
CREATE TABLE reviews (id INTEGER PRIMARY KEY, program_id TEXT REFERENCES programs(program_id),
  concept_id TEXT, kind TEXT, verdict TEXT, url TEXT, page INTEGER, quote TEXT, reviewer TEXT, reviewed_at TEXT,
  note TEXT, stale INTEGER);
"""


def results_sqlite(run: RunResult, registry: Registry, taxonomy: Taxonomy) -> bytes:
    """A SQLite database of the results (for Datasette / sqlite-utils), byte-identical for the same results.

    Built in memory, then VACUUM INTO a fresh file: the copy has no free pages or journal history, and its
    header counters depend only on the content, so the bytes vary only with the SQLite library version.
    """
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(SCHEMA)
        db.executemany("INSERT INTO jurisdictions VALUES (?, ?, ?)", [(j.state, j.name, j.score) for j in run.jurisdictions])
        rows = _program_rows(run, registry)
        columns = [k for k in rows[0] if k not in ("state_name", "state_score")] if rows else []
        if rows:
            db.executemany(f"INSERT INTO programs ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                           [tuple(r[k] for k in columns) for r in rows])
        db.executemany("INSERT INTO concepts VALUES (?, ?, ?, ?, ?)",
                       [(c.id, c.label, c.definition, c.weight, int(c.key)) for c in taxonomy.concepts])
        db.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?)",
                       [(p.id, cid, f.strength, f.source, f.checked_on) for j in run.jurisdictions for p in j.programs
                        for cid, f in sorted(p.concepts.items())])
        db.executemany("INSERT INTO adopted_codes VALUES (?, ?, ?, ?, ?, ?)",
                       [(p.id, a.code, a.evidence.url, a.evidence.page, a.evidence.quote, a.evidence.rule)
                        for j in run.jurisdictions for p in j.programs for a in p.adopted_code])
        db.executemany("INSERT INTO evidence (state, program_id, concept_id, strength, region, url, page, matched, quote, "
                       "source, checked_on, rule) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [(*r[:6], r[6] or None, *r[7:10], r[10] or None, r[-1]) for r in _evidence_rows(run)])
        db.executemany("INSERT INTO reviews (program_id, concept_id, kind, verdict, url, page, quote, reviewer, "
                       "reviewed_at, note, stale) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [(p.id, r.concept, r.kind, r.verdict, r.url, r.page, r.quote, r.reviewer, r.reviewed_at, r.note,
                         int(r.stale)) for j in run.jurisdictions for p in j.programs for r in p.reviews])
        db.commit()
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "results.sqlite"
            db.execute("VACUUM INTO ?", (str(target),))
            return target.read_bytes()
    finally:
        db.close()
