"""Tamper evidence: events edited, deleted, inserted or reordered with the sqlite3 program."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from playbook.domain.timeline import canonical_json, chain_hash
from playbook.store.database import open_database
from playbook.store.incidents import add_note, create_incident
from tests.conftest import FIXED_NOW
from tests.survival.conftest import AUTHOR

TARGET = "PB-2026-0001"


@pytest.fixture
def timeline(db_path: Path) -> Path:
    """A closed database: PB-2026-0001 with five events, PB-2026-0002 with two."""
    db = open_database(db_path)
    for title, notes in (("Tenant survey in Cc", 4), ("Report sent to a stranger", 1)):
        incident = create_incident(
            db, title=title, aware_at=FIXED_NOW, now=FIXED_NOW, author=AUTHOR
        )
        for number in range(notes):
            add_note(db, incident.id, f"Called recipient {number}.", author=AUTHOR, now=FIXED_NOW)
    db.close()
    return db_path


def sqlite3_run(program: str, db_path: Path, sql: str) -> str:
    """Run SQL on the database file with the sqlite3 command-line program."""
    completed = subprocess.run(
        [program, str(db_path), sql], capture_output=True, text=True, timeout=30, check=True
    )
    return completed.stdout.strip()


def forged_event_sql(program: str, db_path: Path, seq: int) -> str:
    """An event forged as a knowledgeable attacker would: correctly hashed onto event seq-1."""
    prev_hash = sqlite3_run(
        program,
        db_path,
        f"SELECT hash FROM events WHERE incident_id = '{TARGET}' AND seq = {seq - 1}",
    )
    data = {"text": "Deletion confirmed by every recipient."}
    at = FIXED_NOW.isoformat()
    forged_hash = chain_hash(
        prev_hash,
        incident_id=TARGET,
        seq=seq,
        at=at,
        author=AUTHOR,
        kind="note",
        data=data,
        personal_sha256="",
    )
    return (
        f"UPDATE events SET seq = seq + 100 WHERE incident_id = '{TARGET}' AND seq >= {seq};"
        f"UPDATE events SET seq = seq - 99 WHERE incident_id = '{TARGET}' AND seq >= 100;"
        "INSERT INTO events (incident_id, seq, at, author, kind, data, personal,"
        " personal_sha256, prev_hash, hash) VALUES"
        f" ('{TARGET}', {seq}, '{at}', '{AUTHOR}', 'note', '{canonical_json(data)}', NULL, '',"
        f" '{prev_hash}', '{forged_hash}');"
    )


WHERE = f"WHERE incident_id = '{TARGET}'"
# (case, SQL run with the sqlite3 program, the first broken event `verify` must name)
CASES = [
    ("edited data", f'UPDATE events SET data = \'{{"text":"nothing"}}\' {WHERE} AND seq = 3', 3),
    ("edited author", f"UPDATE events SET author = 'mallory' {WHERE} AND seq = 2", 2),
    ("edited time", f"UPDATE events SET at = '2026-10-20T09:00:00+00:00' {WHERE} AND seq = 4", 4),
    ("edited kind", f"UPDATE events SET kind = 'incident.closed' {WHERE} AND seq = 5", 5),
    (
        "edited personal part",
        f'UPDATE events SET personal = \'{{"text":"Called nobody."}}\' {WHERE} AND seq = 2',
        2,
    ),
    ("edited digest", f"UPDATE events SET personal_sha256 = '' {WHERE} AND seq = 3", 3),
    ("deleted first event", f"DELETE FROM events {WHERE} AND seq = 1", 2),
    ("deleted middle event", f"DELETE FROM events {WHERE} AND seq = 3", 4),
    (
        "deleted and renumbered",
        f"DELETE FROM events {WHERE} AND seq = 3; UPDATE events SET seq = seq - 1 {WHERE}"
        " AND seq > 3",
        3,
    ),
    (
        "inserted with a made-up hash",
        "INSERT INTO events (incident_id, seq, at, author, kind, data, personal,"
        " personal_sha256, prev_hash, hash) SELECT incident_id, 6, at, author, kind, data,"
        f" personal, personal_sha256, hash, 'f00d' FROM events {WHERE} AND seq = 5",
        6,
    ),
    (
        "reordered",
        f"UPDATE events SET seq = 99 {WHERE} AND seq = 2;"
        f"UPDATE events SET seq = 2 {WHERE} AND seq = 3;"
        f"UPDATE events SET seq = 3 {WHERE} AND seq = 99",
        2,
    ),
]


@pytest.mark.parametrize(("case", "sql", "first_broken"), CASES, ids=[c[0] for c in CASES])
def test_verify_names_the_first_broken_event(
    cli, timeline, sqlite3_program, case, sql, first_broken
):
    assert cli("verify").code == 0
    sqlite3_run(sqlite3_program, timeline, sql)
    result = cli("verify")
    assert result.code == 1
    assert f"The timeline of {TARGET} is broken at event {first_broken}:" in result.err
    assert result.out == ""


def test_a_correctly_hashed_forged_insertion_breaks_the_event_after_it(
    cli, timeline, sqlite3_program
):
    sqlite3_run(sqlite3_program, timeline, forged_event_sql(sqlite3_program, timeline, 3))
    assert sqlite3_run(sqlite3_program, timeline, f"SELECT count(*) FROM events {WHERE}") == "6"
    result = cli("verify")
    assert result.code == 1
    assert "broken at event 4: it does not follow the event before it" in result.err


def test_a_timeline_emptied_of_its_events_is_found(cli, timeline, sqlite3_program):
    sqlite3_run(sqlite3_program, timeline, f"DELETE FROM events {WHERE}")
    result = cli("verify")
    assert result.code == 1
    assert f"The timeline of {TARGET} is broken at event 1" in result.err
