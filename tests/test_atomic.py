"""atomic_write: readers see the old or the new file, never half of one."""

import pytest

from peerscan.atomic import atomic_write


def test_writes_text_and_bytes_and_creates_folders(tmp_path):
    atomic_write(tmp_path / "a" / "b.txt", "héllo")
    atomic_write(tmp_path / "c.bin", b"\x00\x01")
    assert (tmp_path / "a" / "b.txt").read_text(encoding="utf-8") == "héllo"
    assert (tmp_path / "c.bin").read_bytes() == b"\x00\x01"


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "results.json"
    target.write_text("old")

    def explode(*args):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", explode)
    with pytest.raises(OSError):
        atomic_write(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


def test_files_get_the_usual_mode_not_mkstemps_private_one(tmp_path):
    import os

    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "index.html", "<p>hi</p>")
    finally:
        os.umask(old)
    assert (tmp_path / "index.html").stat().st_mode & 0o777 == 0o644
