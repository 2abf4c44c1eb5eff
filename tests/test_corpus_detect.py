"""The whole analyzer (extraction, normalization, sentences, matching, scoring) never crashes on the
real-world pages and PDFs of ../shared/corpus (many languages, broken encodings, encrypted, image-only)."""

from analyze.detect_files import detect_files
from analyze.taxonomy import load_taxonomy
from tests.support import require
from tests.test_corpus import CORPUS


def test_detect_runs_over_every_corpus_file_and_reports_each_one():
    require(CORPUS.is_dir(), f"shared corpus not found at {CORPUS} (it lives beside the repository)")
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in (".html", ".pdf"))
    assert len(files) >= 100
    result = detect_files(files, load_taxonomy())
    documents = result["documents"]
    assert [d["path"] for d in documents] == [str(p) for p in files]
    for document in documents:
        assert 0 <= document["score"] <= 100
        for found in document["concepts"].values():
            assert all(e["quote"] and e["region"] in ("body", "heading", "navigation", "title") for e in found)
    unreadable = {d["path"].rsplit("/", 1)[-1] for d in documents if d.get("error")}
    assert "sf_005_libreoffice-writer-password.pdf" in unreadable  # encrypted: reported, not crashed
    assert "sf_019_grayscale-image.pdf" in unreadable  # image-only: reported, not crashed
