"""Where the bytes behind a finding are: the WARC response record of a URL in data/archive/<run-id>/<id>.warc.gz.

Runs are searched newest first, so a page reused after a 304 points to the older run that fetched it.
"""

from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from peerscan.runid import run_order


@dataclass(frozen=True)
class ArchivedRecord:
    """One WARC response record: the file (relative to the data dir), its WARC-Record-ID and target URI."""

    file: str  # archive/<run-id>/<program-id>.warc.gz
    record_id: str  # <urn:uuid:…>
    target_uri: str

    def cite(self) -> str:
        """'archive/<run-id>/<program-id>.warc.gz <urn:uuid:…>': enough to open the record with any WARC tool."""
        return f"{self.file} {self.record_id}"


def read_responses(path: Path, data_dir: Path) -> dict[str, ArchivedRecord]:
    """Target URI → its last response record in one WARC file; an unreadable file reads as empty."""
    found: dict[str, ArchivedRecord] = {}
    relative = path.relative_to(data_dir).as_posix()
    try:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "response":
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    found[uri] = ArchivedRecord(relative, record.rec_headers.get_header("WARC-Record-ID"), uri)
    except (OSError, ArchiveLoadFailed, ValueError):
        return {}
    return found


class ArchiveIndex:
    """Finds the newest archived response of a program's URL; reads each WARC file at most once."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        root = self.data_dir / "archive"
        runs = [p for p in root.iterdir() if p.is_dir()] if root.is_dir() else []
        self._runs = sorted(runs, key=lambda p: run_order(p.name), reverse=True)
        self._files: dict[Path, dict[str, ArchivedRecord]] = {}

    def find(self, program_id: str, url: str) -> ArchivedRecord | None:
        """The record holding the bytes of url as crawled for program_id; None when no archive has it."""
        for run in self._runs:
            path = run / f"{program_id}.warc.gz"
            if path not in self._files:
                self._files[path] = read_responses(path, self.data_dir) if path.is_file() else {}
            if url in self._files[path]:
                return self._files[path][url]
        return None
