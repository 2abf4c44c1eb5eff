"""`peerscan detect FILE...`: concepts in local HTML / PDF / DOCX / text files, in the JSON shape of DESIGN.md."""

from pathlib import Path

from analyze.findings import Source, build_findings, collect_evidence
from analyze.match import Matcher
from analyze.score import score_concepts
from analyze.settings import AnalyzeSettings
from analyze.taxonomy import Taxonomy
from peerscan.errors import InputError
from scrape.records import TextBlock

CONTENT_TYPES = {
    ".pdf": "application/pdf", ".html": "text/html", ".htm": "text/html", ".xhtml": "text/html",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def read_document(path: Path) -> tuple[tuple[TextBlock, ...], str | None]:
    """Text blocks of a local file via the crawler's extractor, and its extraction error if any."""
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", path,
                         fix="check the path; detect takes HTML, PDF, DOCX or text files") from None
    from scrape.extract import extract_document

    content_type = CONTENT_TYPES.get(path.suffix.lower(), "text/plain")
    extracted = extract_document(body, content_type, path.resolve().as_uri())
    blocks = tuple(extracted.blocks)
    if extracted.title and not any(b.region == "title" for b in blocks):
        blocks += (TextBlock(extracted.title, "title"),)
    return blocks, extracted.error


def detect_files(paths: list[Path], taxonomy: Taxonomy,
                 settings: AnalyzeSettings = AnalyzeSettings()) -> dict:  # noqa: B008 - frozen
    """{"documents": [{"path", "concepts": {id: [{quote, matched, region, page?}]}, "score"}]}."""
    matcher = Matcher(taxonomy, settings)
    documents = []
    for path in map(Path, paths):
        blocks, error = read_document(path)
        findings = build_findings(collect_evidence(matcher, [Source(str(path), blocks)]),
                                  settings.max_quotes_per_file_concept)
        document = {
            "path": str(path),
            "concepts": {cid: [{k: v for k, v in e.to_dict().items() if k != "url"} for e in f.evidence]
                         for cid, f in sorted(findings.items(), key=lambda item: taxonomy.ids.index(item[0]))},
            "score": score_concepts({cid: f.strength for cid, f in findings.items()}, taxonomy),
        }
        if error and not blocks:
            document["error"] = error
        documents.append(document)
    return {"documents": documents}
