"""Backups: an online copy that opens and verifies, taken while another process writes."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from playbook.domain.errors import PlaybookError, Refused
from playbook.store.backup import backup_database, backup_target
from playbook.store.database import open_database
from playbook.store.events import verify_timelines
from playbook.store.incidents import export_incident, list_incidents
from tests.conftest import FIXED_NOW
from tests.survival.conftest import PYTHON, make_closed_incident


def test_a_backup_holds_everything_and_verifies(db, closed_incident, tmp_path):
    target = tmp_path / "copy.db"
    result = backup_database(db, target)
    assert (result.path, result.incidents) == (target, 1)
    assert result.events_checked == db["events"].count
    copy = open_database(target)
    assert export_incident(copy, closed_incident) == export_incident(db, closed_incident)
    assert verify_timelines(copy)[1] is None


def test_a_backup_is_one_private_file(db, closed_incident, tmp_path):
    target = tmp_path / "copy.db"
    backup_database(db, target)
    assert target.stat().st_mode & 0o777 == 0o600
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith("copy")] == ["copy.db"]
    header = target.read_bytes()[:20]
    assert header[18:20] == b"\x01\x01"  # rollback journal: no WAL file is needed to read it


def test_an_existing_file_is_never_overwritten(db, tmp_path):
    target = tmp_path / "copy.db"
    target.write_text("precious")
    with pytest.raises(Refused, match="already exists"):
        backup_database(db, target)
    assert target.read_text() == "precious"


def test_a_folder_gets_a_dated_file(tmp_path):
    assert backup_target(tmp_path, FIXED_NOW) == tmp_path / "playbook-20261025-120000.db"
    assert backup_target(tmp_path / "x.db", FIXED_NOW) == tmp_path / "x.db"


def test_a_tampered_database_is_not_backed_up_as_if_sound(db, closed_incident, tmp_path):
    db.execute("UPDATE events SET author = 'mallory' WHERE seq = 2")
    target = tmp_path / "copy.db"
    with pytest.raises(PlaybookError, match="event 2"):
        backup_database(db, target)
    assert not target.exists()
    assert not any(path.name.endswith(".partial") for path in tmp_path.iterdir())


WRITER = """
import sys
from playbook.__main__ import main
for number in range(40):
    if main(["new", "--title", f"written during the backup {number}"]):
        sys.exit(1)
"""


def test_backup_while_another_process_writes(db_path, subprocess_env, tmp_path):
    db = open_database(db_path)
    make_closed_incident(db)
    db.close()
    writer = subprocess.Popen(
        [PYTHON, "-c", WRITER], env=subprocess_env, stderr=subprocess.PIPE, text=True
    )
    backups = []
    for number in range(5):
        completed = subprocess.run(
            [PYTHON, "-m", "playbook", "backup", str(tmp_path / f"b{number}.db")],
            env=subprocess_env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert completed.returncode == 0, completed.stderr
        backups.append(tmp_path / f"b{number}.db")
    assert writer.wait(timeout=120) == 0, writer.stderr.read()
    for backup in backups:
        copy = sqlite3.connect(backup)
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        copy.close()
        assert verify_timelines(open_database(backup))[1] is None


def test_the_documented_restore_works(cli, db_path, tmp_path):
    """README: check the backup with verify, then copy it over the database file."""
    cli("new", "--title", "Before the backup")
    backup = tmp_path / "backups"
    backup.mkdir()
    result = cli("backup", str(backup), "--json")
    assert result.code == 0, result.err
    saved = Path(result.json()["path"])
    cli("new", "--title", "Lost with the disk")
    db_path.unlink()
    for suffix in ("-wal", "-shm", ".witness"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)

    assert cli("--db", str(saved), "verify").code == 0
    shutil.copy2(saved, db_path)
    titles = [incident.title for incident in list_incidents(open_database(db_path))]
    assert titles == ["Before the backup"]
    assert cli("verify").code == 0
