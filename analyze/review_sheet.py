"""The review sheet: rows an analyst judges, written as CSV (UTF-8 with BOM, for Excel) or YAML, and read back.

Reading keeps each row's line in the file, so validation (analyze.review_check) can name file:line.
"""

import csv
import io
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from peerscan.atomic import atomic_write
from peerscan.errors import InputError
from peerscan.yamlfile import load_yaml_with_lines

# Filled by `peerscan review export`; the analyst fills the last five.
COLUMNS = ("run_id", "kind", "state", "program", "concept", "strength", "quote", "url", "page", "other_quotes",
           "verdict", "note", "missed_quote", "missed_url", "missed_page")
REQUIRED_COLUMNS = ("run_id", "kind", "program", "concept", "quote", "url", "verdict")
# Spreadsheet programs run cells starting with these as formulas; scraped text must not (undone on reading).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class SheetRow:
    """One row of a review sheet: a finding, a near miss, or a miss the analyst added."""

    run_id: str = ""
    kind: str = ""  # finding | near_miss | empty for a row the analyst added
    state: str = ""
    program: str = ""
    concept: str = ""
    strength: str = ""
    quote: str = ""
    url: str = ""
    page: str = ""
    other_quotes: str = ""
    verdict: str = ""
    note: str = ""
    missed_quote: str = ""
    missed_url: str = ""
    missed_page: str = ""
    line: int = 0  # where the row starts in the file it was read from


def _excel_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _plain_cell(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def is_yaml(path: Path) -> bool:
    return Path(path).suffix.lower() in (".yaml", ".yml")


def sheet_text(rows: list[SheetRow], yaml_format: bool) -> bytes:
    """The sheet's bytes: CSV with a BOM and CRLF (what Excel expects), or YAML."""
    records = [{k: v for k, v in asdict(r).items() if k != "line"} for r in rows]
    if yaml_format:
        run_ids = sorted({r.run_id for r in rows if r.run_id})
        head = ("# peerscan review sheet: fill in verdict (confirm, reject or missed) and note; for missed also\n"
                "# missed_quote and missed_url. Then: peerscan review apply THIS_FILE --reviewer NAME\n")
        doc = {"run_id": run_ids[0] if run_ids else "", "rows": records}
        return (head + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120)).encode("utf-8")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([[_excel_cell(str(record[c])) for c in COLUMNS] for record in records])
    return buffer.getvalue().encode("utf-8-sig")


def write_sheet(path: Path, rows: list[SheetRow]) -> None:
    """Write the sheet atomically; the format follows the extension (.yaml/.yml, else CSV)."""
    atomic_write(path, sheet_text(rows, is_yaml(path)))


def _row(values: dict, line: int) -> SheetRow:
    fields = {c: _plain_cell(str(values.get(c) if values.get(c) is not None else "").strip()) for c in COLUMNS}
    return SheetRow(**fields, line=line)


def _read_csv(path: Path, text: str) -> list[SheetRow]:
    first = text.split("\n", 1)[0]
    # Excel in locales with a decimal comma saves "CSV" with semicolons between cells.
    delimiter = ";" if ";" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise InputError("empty sheet", path, 1, fix="export one with `peerscan review export`")
    header = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputError(f"missing columns: {', '.join(missing)}", path, 1,
                         fix="keep the header row of the exported sheet (columns may be reordered, not renamed)")
    rows, start = [], reader.line_num + 1
    for values in reader:
        if any(v.strip() for v in values):
            rows.append(_row(dict(zip(header, values, strict=False)), start))
        start = reader.line_num + 1  # a quoted cell may span lines: the next row starts after this one
    return rows


def _read_yaml(path: Path) -> list[SheetRow]:
    doc = load_yaml_with_lines(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("rows"), list):
        raise InputError("expected a mapping with 'run_id' and a 'rows' list", path, 1,
                         fix="export one with `peerscan review export --out sheet.yaml`")
    rows = []
    for raw in doc["rows"]:
        if not isinstance(raw, dict):
            raise InputError("a row must be a mapping", path, None, fix="see the exported rows")
        values = {k: v for k, v in raw.items() if not k.startswith("__")}
        values.setdefault("run_id", doc.get("run_id") or "")
        rows.append(_row(values, raw["__line__"]))
    return rows


def read_sheet(path: Path) -> list[SheetRow]:
    """Rows of a sheet (blank rows skipped), each with its line; unreadable files raise InputError."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("sheet not found", path, fix="give the path of the sheet you filled in") from None
    if is_yaml(path):
        return _read_yaml(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # Excel's "CSV" (not "CSV UTF-8") on Windows
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text", path, fix="save as 'CSV UTF-8 (comma delimited)'") from None
    return _read_csv(path, text)
