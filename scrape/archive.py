"""WARC archive of raw responses: data/archive/<run-id>/<program-id>.warc.gz (warcio), when settings.archive.

Bodies are stored as the crawler decoded them (Content-Encoding removed), so a finding traces to the exact bytes
extraction saw. The file appears only when the program finishes (temp file + rename), so kill -9 leaves none half-written.
"""

import io
import os
import tempfile
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def archive_path(data_dir: Path, run_id: str, program_id: str) -> Path:
    return Path(data_dir) / "archive" / run_id / f"{program_id}.warc.gz"


class WarcArchive:
    """Writes one program's responses; commit() publishes the file, discard() drops it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        self._tmp = Path(tmp)
        self._handle = os.fdopen(fd, "wb")
        self._writer = WARCWriter(self._handle, gzip=True)
        self.records = 0

    def write_response(self, url: str, status: int, reason: str, headers: tuple[tuple[str, str], ...],
                       body: bytes, fetched_at: str) -> None:
        """Append one response record (HTTP status line, headers, decoded body)."""
        kept = [(k, v) for k, v in headers if k.lower() not in DROPPED_HEADERS]
        kept.append(("Content-Length", str(len(body))))
        http_headers = StatusAndHeaders(f"{status} {reason}".strip(), kept, protocol="HTTP/1.1")
        record = self._writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http_headers,
            warc_headers_dict={"WARC-Date": fetched_at},
        )
        self._writer.write_record(record)
        self.records += 1

    def write_rendered(self, url: str, html: str, fetched_at: str) -> None:
        """Append the DOM of a page rendered in Chromium as a conversion record: the text findings quote."""
        record = self._writer.create_warc_record(
            url, "conversion", payload=io.BytesIO(html.encode("utf-8")),
            warc_content_type="text/html; charset=utf-8", warc_headers_dict={"WARC-Date": fetched_at},
        )
        self._writer.write_record(record)
        self.records += 1

    def commit(self) -> Path | None:
        """Flush and move the archive into place; an archive with no records is dropped."""
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        if not self.records:
            self._tmp.unlink(missing_ok=True)
            return None
        os.replace(self._tmp, self.path)
        return self.path

    def discard(self) -> None:
        if not self._handle.closed:
            self._handle.close()
        self._tmp.unlink(missing_ok=True)
