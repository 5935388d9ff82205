"""Killing real processes with SIGKILL at chosen operations, and checking what they leave.

A run is a forked child process that runs `playbook.__main__.main(argv)` against its own copy of
a prepared database. Every SQLite connection it opens reports each statement it starts, and
every `os.write`, `os.rename` and `os.replace` is reported too; when the chosen operation number
is reached the child sends itself SIGKILL, so it dies exactly there: before a BEGIN, between two
writes of a transaction, just before COMMIT or just after it, half-way through writing files.
A dry run first counts the statements and records what a finished run leaves behind. The child
is forked from the test process, so it starts in milliseconds and many kills stay fast.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from playbook.store.events import verify_timelines
from playbook.store.schema import INCIDENT_TABLES

NEVER = 10**9
# File operations counted like SQL statements, so a run can also die half-way through its files.
FILE_OPERATIONS = ("write", "rename", "replace")
_FORK = multiprocessing.get_context("fork")


@dataclass(frozen=True)
class DryRun:
    """An uninterrupted run: its exit code and every SQL statement it started, in order."""

    code: int
    statements: list[str]


def _child(argv: list[str], env: dict[str, str], kill_at: int, report: Path | None) -> None:
    """In the forked process: count statements, die by SIGKILL at `kill_at`, else run to the end."""
    os.environ.update(env)
    started: list[str] = []
    real_connect = sqlite3.connect

    def traced(statement: str) -> None:
        started.append(statement)
        if len(started) == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def connect(*args, **kwargs):
        connection = real_connect(*args, **kwargs)
        connection.set_trace_callback(traced)
        return connection

    sqlite3.connect = connect
    for name in FILE_OPERATIONS:
        setattr(os, name, _counted(getattr(os, name), f"file:{name}", traced))
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the process ends here
    from playbook.__main__ import main

    code = 1
    try:
        code = main(argv)
        if kill_at == len(started) + 1:  # "after the last statement": all written, not yet exited
            os.kill(os.getpid(), signal.SIGKILL)
    finally:
        if report is not None:
            report.write_text(json.dumps({"code": code, "statements": started}))
        sys.stdout.flush()
        os._exit(code)


def _counted(operation: Callable, label: str, traced: Callable[[str], None]) -> Callable:
    """`operation`, announced to `traced` first so the child can die just before it."""

    def counted(*args, **kwargs):
        traced(label)
        return operation(*args, **kwargs)

    return counted


def run_child(argv: list[str], env: dict[str, str], kill_at: int, report: Path | None = None):
    """Run `playbook argv` in a forked child; return its exit code (-9 when it was killed)."""
    process = _FORK.Process(target=_child, args=(argv, env, kill_at, report))
    process.start()
    process.join(timeout=120)
    assert process.exitcode is not None, "the child did not finish"
    return process.exitcode


def dry_run(argv: list[str], env: dict[str, str], report: Path) -> DryRun:
    """Run to the end, recording every statement started."""
    run_child(argv, env, NEVER, report)
    found = json.loads(report.read_text())
    return DryRun(found["code"], found["statements"])


def kill_points(statements: list[str], count: int) -> list[int]:
    """Statement numbers to die at: `count` spread evenly, plus the edges that matter most.

    The edges: at each COMMIT and just after it, at each rename of a finished file into place
    and just after it, and half-way through the files written. Number `len(statements) + 1`
    means after the last statement, before the process exits.
    """
    total = len(statements)
    edges = {
        number + offset
        for number, statement in enumerate(statements, start=1)
        if statement.strip().upper().startswith(("COMMIT", "FILE:RENAME", "FILE:REPLACE"))
        for offset in (0, 1)
    }
    writes = [number for number, statement in enumerate(statements, 1) if statement == "file:write"]
    if writes:
        edges.add(writes[len(writes) // 2])
    spread = {1 + (total - 1) * index // max(count - 1, 1) for index in range(count)}
    return sorted(point for point in edges | spread if 1 <= point <= total + 1)


def snapshot(db_path: Path) -> str:
    """A digest of every row of every playbook table (not the migrations' own bookkeeping)."""
    connection = sqlite3.connect(db_path)
    try:
        digest = hashlib.sha256()
        for table in ("incidents", *INCIDENT_TABLES):
            rows = connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
            digest.update(repr(rows).encode())
        return digest.hexdigest()
    finally:
        connection.close()


def check_consistent(db_path: Path) -> None:
    """SQLite's integrity check passes and every timeline verifies."""
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        checked, broken = verify_timelines(Database(connection))
        assert broken is None, broken.sentence()
        assert checked > 0
    finally:
        connection.close()


@dataclass
class KillReport:
    """What a series of kills found: how many died, and how many left the before/after state."""

    kills: int = 0
    rolled_back: int = 0
    completed: int = 0


def kill_and_check(
    base: Path,
    work: Path,
    argv: list[str],
    env: dict[str, str],
    points: list[int],
    *,
    after: str,
    before_each: Callable[[], None] | None = None,
    also_check: Callable[[Path, bool], None] | None = None,
    after_rerun: Callable[[], None] | None = None,
    repeatable: bool = True,
) -> KillReport:
    """For each point: copy `base` to `work`, kill the run there, and check what is left.

    The database must be consistent and either untouched or exactly as a finished run leaves
    it; then the same command, run again, must succeed and leave a consistent database (a run
    that is not `repeatable`, like importing the same file, must then refuse cleanly instead).
    """
    before = snapshot(base)
    report = KillReport()
    for point in points:
        fresh_copy(base, work)
        if before_each:
            before_each()
        assert run_child(argv, env, point) == -signal.SIGKILL, f"not killed at {point}"
        report.kills += 1
        check_consistent(work)
        state = snapshot(work)
        assert state in (before, after), f"killed at statement {point}: a partial write was kept"
        completed = state == after
        report.completed += completed
        report.rolled_back += not completed
        if also_check:
            also_check(work, completed)
        expected = 0 if repeatable or not completed else 1
        assert run_child(argv, env, NEVER) == expected, f"the run after a kill at {point} failed"
        check_consistent(work)
        if after_rerun:
            after_rerun()
    return report


def fresh_copy(base: Path, work: Path) -> None:
    """Replace `work` (and its WAL files) with a copy of the closed database `base`."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    work.write_bytes(base.read_bytes())
    os.chmod(work, 0o600)
