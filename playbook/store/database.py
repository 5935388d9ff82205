"""The one way to open the database: a private file, WAL, a busy timeout, foreign keys, migrations."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from playbook.domain.errors import PlaybookError
from playbook.store import seal
from playbook.store.schema import MIGRATIONS
from playbook.store.witness import append_heads, witness_path

BUSY_TIMEOUT_MS = 30_000
_WITNESS = "_playbook_witness"


class StoreError(PlaybookError):
    """The database cannot be opened or used."""


def open_database(path: Path, *, read_only: bool = False) -> Database:
    """Open (creating if needed, readable only by its owner) and migrate the database at `path`.

    `read_only` opens an existing, up-to-date database without changing it in any way (not even
    its journal mode), also on a read-only file or file system: for list, show and verify, and
    for backups. A database that does not exist yet, or needs migrating, is opened as usual.
    """
    if read_only and path.is_file():
        db = _open_read_only(path)
        if db is not None:
            return db
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
        seal.install(db)
    except sqlite3.DatabaseError as error:
        raise explained(error, path) from error
    setattr(db, _WITNESS, witness_path(path))
    return db


def _open_read_only(path: Path) -> Database | None:
    """The database opened read-only, or None when it needs migrating and may be written."""
    # In a read-only folder SQLite cannot create the WAL index, so it is told nothing will
    # change the file while it is open (true: nobody can write there), unless a WAL holds
    # changes not yet in the file, which only a normal read-only open reads.
    wal = path.with_name(path.name + "-wal")
    settled = not wal.exists() or wal.stat().st_size == 0
    immutable = "&immutable=1" if settled and not os.access(path.parent, os.W_OK) else ""
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro{immutable}",
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
        db = Database(connection, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if MIGRATIONS.pending(db):
            if os.access(path, os.W_OK) and not immutable:
                connection.close()
                return None
            raise StoreError(
                f"The database {path} was made by an older playbook and cannot be upgraded "
                "because it is read-only; open it once with write access."
            )
    except sqlite3.DatabaseError as error:
        raise explained(error, path) from error
    setattr(db, _WITNESS, witness_path(path))
    return db


def database_witness(db: Database) -> Path | None:
    """The witness file of a database opened with `open_database`; None for other connections."""
    return getattr(db, _WITNESS, None)


def explained(error: sqlite3.Error, path: Path | None) -> StoreError:
    """An SQLite error as one sentence saying what to do."""
    text = str(error).lower()
    where = f"The database {path}" if path else "The database"
    if "locked" in text or "busy" in text:
        return StoreError(
            f"{where} is busy (another program kept it locked for "
            f"{BUSY_TIMEOUT_MS / 1000:g} seconds), so nothing was changed: close the other "
            "playbook or wait for it to finish, then try again."
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"{where} is read-only, so nothing was changed: make the file and its folder "
            "writable, or copy it somewhere writable and use --db (list, show and verify work "
            "on it as it is)."
        )
    if "full" in text:
        return StoreError(
            f"The disk holding {path or 'the database'} is full, so nothing was changed: "
            "free some space and try again."
        )
    if "unable to open" in text:
        return StoreError(
            f"{where} cannot be opened; check that the file and its folder exist and that you "
            "may read them."
        )
    return StoreError(f"{where} cannot be used ({error}); check the path or restore a backup.")


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
            seal.before_commit(db)
    except BaseException:
        seal.discard(db)
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    try:
        db.conn.execute("COMMIT")
    except BaseException:
        seal.discard(db)
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    _witness(db)


def _witness(db: Database) -> None:
    """Append the heads the committed transaction wrote to the witness file."""
    heads = seal.committed_heads(db)
    path = database_witness(db)
    if path is None or not heads:
        return
    try:
        append_heads(path, heads)
    except OSError as error:
        raise StoreError(
            f"The change was saved, but the witness file {path} could not be written "
            f"({error.strerror}); make it writable, then `playbook verify` can vouch for "
            "later changes again."
        ) from error


def database_file(db: Database) -> Path:
    """The file behind a connection, so that a worker thread can open its own."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2])
