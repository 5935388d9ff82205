"""The one way to open the database: a private file, WAL, a busy timeout, foreign keys, migrations."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from playbook.domain.errors import PlaybookError
from playbook.store.schema import MIGRATIONS

BUSY_TIMEOUT_MS = 30_000


class StoreError(PlaybookError):
    """The database cannot be opened or used."""


def open_database(path: Path) -> Database:
    """Open (creating if needed, readable only by its owner) and migrate the database at `path`."""
    _create_private(path)
    try:
        connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        db = Database(connection, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        if MIGRATIONS.pending(db):
            with transaction(db):
                MIGRATIONS.apply(db)
    except sqlite3.DatabaseError as error:
        raise StoreError(
            f"The database {path} cannot be used ({error}); check the path or restore a backup."
        ) from error
    return db


def _create_private(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise StoreError(f"The database {path} cannot be created ({error.strerror}).") from error
    os.close(descriptor)


@contextlib.contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """Run the block as one write transaction, taking the write lock at the start.

    `BEGIN IMMEDIATE` makes a second writer wait for the busy timeout instead of failing half-way;
    nested use becomes a savepoint through sqlite-utils' `atomic()`.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        with db.atomic():
            yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def database_file(db: Database) -> Path:
    """The file behind a connection, so that a worker thread can open its own."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2])
