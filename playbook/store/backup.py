"""Backups: SQLite's online backup into a new private file, which is then opened and verified.

The online backup copies a consistent snapshot while other programs (the app, a script) keep
using the database. The copy is written under a temporary name beside the target, switched to
a single self-contained file (no WAL), checked, and only then given its final name.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from playbook.domain.errors import PlaybookError, Refused
from playbook.store.events import verify_timelines

PAGES_PER_STEP = 1024


@dataclass(frozen=True)
class BackupResult:
    """A finished backup: where it is, and what checking it found."""

    path: Path
    incidents: int
    events_checked: int


def backup_target(target: Path, now: datetime) -> Path:
    """The file a backup goes to: `target`, or a dated file inside it when it is a folder."""
    if target.is_dir():
        return target / f"playbook-{now:%Y%m%d-%H%M%S}.db"
    return target


def backup_database(db: Database, target: Path) -> BackupResult:
    """Copy the open database into the new file `target`, then open the copy and verify it."""
    if target.exists():
        raise Refused(f"{target} already exists; give a new file name so no backup is overwritten.")
    if not target.parent.is_dir():
        raise Refused(f"The folder {target.parent} does not exist; create it or choose another.")
    partial = target.with_name(f".{target.name}.partial")
    try:
        _create_private(partial)
        copy = sqlite3.connect(str(partial))
        try:
            db.conn.backup(copy, pages=PAGES_PER_STEP)
            copy.execute("PRAGMA journal_mode = DELETE")
            result = check_copy(copy, target)
        finally:
            copy.close()
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise PlaybookError(
            f"The backup to {target} failed ({error}); check the disk and try again."
        ) from error
    finally:
        partial.unlink(missing_ok=True)
    return result


def check_copy(copy: sqlite3.Connection, target: Path) -> BackupResult:
    """Check a copied database: SQLite's integrity check, then every timeline's hash chain."""
    integrity = copy.execute("PRAGMA integrity_check").fetchone()[0]
    if integrity != "ok":
        raise PlaybookError(
            f"The backup to {target} is damaged ({integrity}); check the disk and try again."
        )
    database = Database(copy, execute_plugins=False)
    checked, broken = verify_timelines(database)
    if broken:
        raise PlaybookError(
            f"The backup was not kept because the database itself does not verify: {broken.sentence()}"
        )
    incidents = copy.execute("SELECT count(*) FROM incidents").fetchone()[0]
    return BackupResult(target, incidents, checked)


def _create_private(path: Path) -> None:
    """Create an empty file only its owner can read, refusing to reuse a leftover one."""
    path.unlink(missing_ok=True)
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as error:
        raise PlaybookError(
            f"The backup file {path} cannot be created ({error.strerror})."
        ) from error
    os.close(descriptor)
