"""A read-only file or folder, a full disk, a lock held too long: one sentence each, never
"unexpected OperationalError"; and a read-only database still lists, shows and verifies."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import playbook.store.database as database
from playbook.store.database import open_database
from playbook.store.incidents import add_note, create_incident
from tests.conftest import FIXED_NOW, CliResult
from tests.survival.conftest import AUTHOR

TARGET = "PB-2026-0001"


@pytest.fixture
def stored(db_path: Path) -> Path:
    """A closed database holding one incident with a note."""
    db = open_database(db_path)
    create_incident(db, title="Survey in Cc", aware_at=FIXED_NOW, now=FIXED_NOW, author=AUTHOR)
    add_note(db, TARGET, "Called the recipient.", author=AUTHOR, now=FIXED_NOW)
    db.close()
    return db_path


def run_without_file_override(env: dict[str, str], *args: str) -> CliResult:
    """Run `playbook ARGS` in a process that file permissions bind, even when the tests run as
    root (which ignores them): as root, the process is started without CAP_DAC_OVERRIDE."""
    command = [sys.executable, "-m", "playbook", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "running these tests as root needs setpriv (util-linux)"
        dropped = "-dac_override,-dac_read_search"
        command = [setpriv, f"--bounding-set={dropped}", f"--inh-caps={dropped}", *command]
    completed = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    return CliResult(completed.returncode, completed.stdout, completed.stderr)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_read_only_file_still_lists_shows_and_verifies_and_a_write_says_what_to_do(
    stored, subprocess_env
):
    before = file_digest(stored)
    stored.chmod(0o444)
    try:
        for command in (("list",), ("show", TARGET), ("verify",)):
            result = run_without_file_override(subprocess_env, *command)
            assert result.code == 0, (command, result.err)
        assert "Survey in Cc" in run_without_file_override(subprocess_env, "list").out
        result = run_without_file_override(subprocess_env, "note", TARGET, "Another call.")
    finally:
        stored.chmod(0o600)
    assert result.code == 1
    assert result.err == (
        f"playbook: The database {stored} is read-only, so nothing was changed: make the file "
        "and its folder writable, or copy it somewhere writable and use --db (list, show and "
        "verify work on it as it is).\n"
    )
    assert file_digest(stored) == before


def test_a_read_only_folder_still_lists_shows_and_verifies(stored, subprocess_env):
    folder = stored.parent
    before = sorted(path.name for path in folder.iterdir())
    folder.chmod(0o555)
    try:
        for command in (("list",), ("show", TARGET), ("verify",)):
            result = run_without_file_override(subprocess_env, *command)
            assert result.code == 0, (command, result.err)
        assert "intact: 2 events checked" in run_without_file_override(subprocess_env, "verify").out
        result = run_without_file_override(subprocess_env, "note", TARGET, "Another call.")
    finally:
        folder.chmod(0o755)
    assert result.code == 1
    assert "unexpected" not in result.err
    assert result.err.startswith(f"playbook: The database {stored} ")
    assert result.err.count("\n") == 1
    assert sorted(path.name for path in folder.iterdir()) == before


def test_verify_leaves_a_backup_exactly_as_it_was(cli, stored, tmp_path):
    backup = tmp_path / "backups" / "copy.db"
    backup.parent.mkdir()
    assert cli("backup", str(backup)).code == 0
    before = file_digest(backup)
    result = cli("--db", str(backup), "verify")
    assert result.code == 0, result.err
    assert file_digest(backup) == before
    assert backup.read_bytes()[18:20] == b"\x01\x01"  # still a rollback-journal file, not WAL
    assert sorted(path.name for path in backup.parent.iterdir()) == ["copy.db"]


def test_a_lock_held_too_long_says_what_to_do(cli, stored, monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(stored, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = cli("note", TARGET, "Another call.")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == 1
    assert result.err == (
        f"playbook: The database {stored} is busy (another program kept it locked for 0.2 "
        "seconds), so nothing was changed: close the other playbook or wait for it to finish, "
        "then try again.\n"
    )
    assert cli("note", TARGET, "Another call.").code == 0


def test_a_full_disk_says_what_to_do_and_keeps_the_record_intact(cli, stored, monkeypatch):
    real_open = database.open_database

    def open_on_a_full_disk(path: Path, **options):
        db = real_open(path, **options)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(database, "open_database", open_on_a_full_disk)
    result = cli("note", TARGET, "A long account of the call. " * 20_000)
    assert result.code == 1
    assert result.err == (
        f"playbook: The disk holding {stored} is full, so nothing was changed: free some space "
        "and try again.\n"
    )
    monkeypatch.setattr(database, "open_database", real_open)
    assert cli("verify").out == "The timeline is intact: 2 events checked.\n"


def test_the_witness_file_is_created_private(stored):
    witness = stored.with_name(stored.name + ".witness")
    assert stat.S_IMODE(witness.stat().st_mode) == 0o600
    assert len(witness.read_text().splitlines()) == 2
