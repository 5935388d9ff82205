"""Writing a new file: whole or not at all, never over an existing name or through a link."""

from __future__ import annotations

import errno
import os

from playbook.runtime import files
from playbook.runtime.files import write_new_file


def test_a_new_file_is_written_whole_for_its_owner_only(tmp_path) -> None:
    written = write_new_file(tmp_path / "out" / "log.pdf", b"%PDF-1.7 bytes")

    assert written == tmp_path / "out" / "log.pdf"
    assert written.read_bytes() == b"%PDF-1.7 bytes"
    assert written.stat().st_mode & 0o777 == 0o600
    assert os.listdir(tmp_path / "out") == ["log.pdf"]  # no partial file left beside it


def test_an_existing_name_or_a_planted_link_is_never_opened(tmp_path) -> None:
    (tmp_path / "report.md").write_text("kept", encoding="utf-8")
    target = tmp_path / "elsewhere.txt"
    target.write_text("untouched", encoding="utf-8")
    (tmp_path / "report-2.md").symlink_to(target)

    written = write_new_file(tmp_path / "report.md", "Siân's report")

    assert written == tmp_path / "report-3.md"
    assert written.read_text(encoding="utf-8") == "Siân's report"
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == "kept"
    assert target.read_text(encoding="utf-8") == "untouched"


def test_without_hard_links_the_file_is_still_written(tmp_path, monkeypatch) -> None:
    def no_links(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")  # as on a FAT stick

    monkeypatch.setattr(files.os, "link", no_links)

    written = write_new_file(tmp_path / "log.pdf", b"%PDF")

    assert written.read_bytes() == b"%PDF"
    assert os.listdir(tmp_path) == ["log.pdf"]
