"""Tamper evidence: events, every table and the whole file changed behind playbook's back."""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from playbook.assessing.decisions import record_decision
from playbook.domain.decisions import Decision
from playbook.domain.risk import assess_facts
from playbook.domain.timeline import canonical_json, chain_hash
from playbook.store.assessments import save_assessment
from playbook.store.containment import set_item_state
from playbook.store.database import open_database
from playbook.store.events import _SEALED_WHAT
from playbook.store.incidents import add_note, create_incident
from playbook.store.schema import INCIDENT_TABLES
from playbook.store.seal import table_digests
from tests.conftest import FIXED_NOW
from tests.domain.incident_facts import S4_TENANTS
from tests.survival.conftest import AUTHOR, add_personal_records

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


# The record beyond the timeline: every table, the whole file, and the witness file.


@pytest.fixture
def record(db_path: Path) -> Path:
    """A closed database: PB-2026-0001 with a row in every table, PB-2026-0002 with two notes."""
    db = open_database(db_path)
    incident = create_incident(
        db,
        title="Tenant survey sent with every address in Cc",
        aware_at=FIXED_NOW - timedelta(hours=20),
        now=FIXED_NOW - timedelta(hours=19),
        author=AUTHOR,
        reporter="Dr Who Reporter",
    )
    add_personal_records(db, incident.id)
    save_assessment(db, incident.id, assess_facts(S4_TENANTS), author=AUTHOR, at=FIXED_NOW)
    record_decision(
        db,
        incident.id,
        Decision(about="ico", notify=True, why="Hundreds of tenants exposed.", by=AUTHOR),
        now=FIXED_NOW,
    )
    set_item_state(
        db, incident.id, "forwards", "done", note="Mail trace: none", author=AUTHOR, now=FIXED_NOW
    )
    other = create_incident(
        db, title="Report sent to a stranger", aware_at=FIXED_NOW, now=FIXED_NOW, author=AUTHOR
    )
    add_note(db, other.id, "Called the stranger.", author=AUTHOR, now=FIXED_NOW)
    add_note(db, other.id, "The stranger deleted it.", author=AUTHOR, now=FIXED_NOW)
    db.close()
    return db_path


OTHER = "PB-2026-0002"
# Each table's row of PB-2026-0001 edited, deleted, or joined by a made-up row (a copy of one of
# its rows under a new key): (table, the edit, the key column and a new value for it).
TABLE_EDITS = {
    "messages": ("subject = 'Nothing to see'", "position", "9"),
    "recipients": ("status = 'confirmed'", "address", "'mallory@evil.example'"),
    "attachments": ("rows = 1", "number", "9"),
    "people": ("name = 'Someone Else'", "key", "'mallory@evil.example'"),
    "facts": ("value = '\"none\"'", "key", "'made_up'"),
    "assessments": ("outcome = 'record_only'", "number", "9"),
    "decisions": ("notify = 0", "number", "9"),
    "checklist": ("state = 'open'", "key", "'made_up'"),
    "deliveries": ("state = 'sent'", "address", "'mallory@evil.example'"),
}
ROW_CASES = [
    (f"{table} {change}", table, sql)
    for table, (edit, key, new_key) in TABLE_EDITS.items()
    for change, sql in (
        ("edited", f"UPDATE {table} SET {edit} {WHERE}"),
        ("deleted", f"DELETE FROM {table} {WHERE} AND rowid = (SELECT max(rowid) FROM {table})"),
        (
            "added",
            f"CREATE TEMP TABLE copied AS SELECT * FROM {table} {WHERE} LIMIT 1;"
            f"UPDATE copied SET {key} = {new_key}; INSERT INTO {table} SELECT * FROM copied",
        ),
    )
]


@pytest.mark.parametrize(("case", "table", "sql"), ROW_CASES, ids=[c[0] for c in ROW_CASES])
def test_verify_finds_every_table_edited_deleted_or_added_to(
    cli, record, sqlite3_program, case, table, sql
):
    assert cli("verify").code == 0
    sqlite3_run(sqlite3_program, record, sql)
    result = cli("verify")
    assert result.code == 1
    assert f"The timeline of {TARGET} is broken at event" in result.err
    assert f"{_SEALED_WHAT[table]} no longer match what it sealed" in result.err
    assert result.out == ""


INCIDENT_CASES = [
    (
        "reporter edited",
        f"UPDATE incidents SET reporter = 'Someone Else' WHERE id = '{TARGET}'",
        f"The timeline of {TARGET} is broken at event 6: the incident's own details",
    ),
    (
        "reporter blanked",
        f"UPDATE incidents SET reporter = NULL WHERE id = '{TARGET}'",
        f"The timeline of {TARGET} is broken at event 6: the incident's own details",
    ),
    (
        "title edited",
        f"UPDATE incidents SET title = 'A small slip' WHERE id = '{TARGET}'",
        f"The timeline of {TARGET} is broken at event 1: the incident's title",
    ),
    (
        "incident row deleted, its timeline left",
        f"DELETE FROM incidents WHERE id = '{TARGET}'",
        f"The timeline of {TARGET} is broken at event 6: the incident's own details",
    ),
    (
        "incident added without a timeline",
        "INSERT INTO incidents (id, title, status, aware_at, created_at) VALUES"
        " ('PB-2026-0003', 'Made up', 'open', '2026-10-25T12:00:00+00:00',"
        " '2026-10-25T12:00:00+00:00')",
        "The timeline of PB-2026-0003 is broken at event 1: its timeline has no events at all",
    ),
    (
        "a whole incident deleted",
        ";".join(f"DELETE FROM {table} {WHERE}" for table in INCIDENT_TABLES)
        + f";DELETE FROM incidents WHERE id = '{TARGET}'",
        f"The incident {TARGET} is missing: the witness file recorded its timeline up to event 6",
    ),
    (
        "an event's personal part blanked",
        f"UPDATE events SET personal = NULL {WHERE} AND seq = 1",
        f"The timeline of {TARGET} is broken at event 1: its personal part was removed, and not "
        "by a purge",
    ),
    (
        "the last event cut off",
        f"DELETE FROM events WHERE incident_id = '{OTHER}' AND seq = 3",
        f"The timeline of {OTHER} is broken at event 3: the witness file recorded it, but the "
        "timeline now ends at event 2",
    ),
    (
        "the last events of a sealed change cut off",
        f"DELETE FROM events {WHERE} AND seq >= 5",
        f"The timeline of {TARGET} is broken at event 4: its decisions no longer match",
    ),
    (
        "the seal of the last event blanked",
        f"UPDATE events SET state = NULL {WHERE} AND seq = 6",
        f"The timeline of {TARGET} is broken at event 6: its content was changed",
    ),
]


@pytest.mark.parametrize(
    ("case", "sql", "found"), INCIDENT_CASES, ids=[c[0] for c in INCIDENT_CASES]
)
def test_verify_finds_incidents_and_timelines_changed(
    cli, record, sqlite3_program, case, sql, found
):
    assert cli("verify").code == 0
    sqlite3_run(sqlite3_program, record, sql)
    result = cli("verify")
    assert result.code == 1
    assert found in result.err


def rewrite_as_an_attacker(db_path: Path, sql: str) -> None:
    """Edit rows, then recompute the incident's seal and its whole chain with playbook's own
    method, as someone who has read the code would: every hash in the file agrees again."""
    connection = sqlite3.connect(db_path)
    connection.executescript(sql)
    db = Database(connection)
    previous = "0" * 64
    for row in db.execute_returning_dicts(f"SELECT * FROM events {WHERE} ORDER BY seq"):
        state = json.loads(row["state"]) if row["state"] else None
        if state is not None:
            state = table_digests(db, TARGET)
        event_hash = chain_hash(
            previous,
            incident_id=TARGET,
            seq=row["seq"],
            at=row["at"],
            author=row["author"],
            kind=row["kind"],
            data=json.loads(row["data"]),
            personal_sha256=row["personal_sha256"],
            state=state,
        )
        connection.execute(
            "UPDATE events SET prev_hash = ?, hash = ?, state = ? WHERE incident_id = ? AND seq = ?",
            [previous, event_hash, canonical_json(state) if state else None, TARGET, row["seq"]],
        )
        previous = event_hash
    connection.commit()
    connection.close()


def test_a_decision_turned_from_yes_to_no_and_every_hash_recomputed_is_found(cli, record):
    rewrite_as_an_attacker(record, f"UPDATE decisions SET notify = 0 {WHERE}")
    result = cli("verify")
    assert result.code == 1
    assert (
        f"The timeline of {TARGET} is broken at event 1: it is not the event the witness file "
        "recorded (the timeline was rewritten" in result.err
    )


def test_the_file_replaced_by_an_older_copy_is_found(cli, record, tmp_path):
    older = tmp_path / "older.db"
    shutil.copy2(record, older)
    assert cli("note", OTHER, "The stranger confirmed in writing.").code == 0
    assert cli("verify").code == 0
    for suffix in ("-wal", "-shm"):
        record.with_name(record.name + suffix).unlink(missing_ok=True)
    shutil.copy2(older, record)
    result = cli("verify")
    assert result.code == 1
    assert (
        f"The timeline of {OTHER} is broken at event 4: the witness file recorded it, but the "
        "timeline now ends at event 3 (events were cut off, or an older copy" in result.err
    )


def test_the_file_replaced_by_an_empty_database_is_found(cli, record):
    for suffix in ("", "-wal", "-shm"):
        record.with_name(record.name + suffix).unlink(missing_ok=True)
    open_database(record).close()
    result = cli("verify")
    assert result.code == 1
    assert f"The incident {TARGET} is missing" in result.err


def test_the_witness_file_is_private_and_only_grows(cli, record):
    witness = record.with_name(record.name + ".witness")
    assert stat.S_IMODE(witness.stat().st_mode) == 0o600
    before = witness.read_text()
    assert cli("note", OTHER, "Checked again.").code == 0
    after = witness.read_text()
    assert after.startswith(before)
    seq, event_hash = after.splitlines()[-1].split()[1:]
    assert cli("export", OTHER).json()["head"] == {"seq": int(seq), "hash": event_hash}


def test_without_the_witness_file_verify_says_what_it_cannot_tell(cli, record):
    """The limit the README states: with the witness file gone, a rewrite that recomputes every
    hash, or an older copy put back, is no longer told; verify says so instead of 'intact' alone."""
    record.with_name(record.name + ".witness").unlink()
    rewrite_as_an_attacker(record, f"UPDATE decisions SET notify = 0 {WHERE}")
    result = cli("verify")
    assert result.code == 0
    assert "There is no witness file (playbook.db.witness) beside this database" in result.out


def test_the_witness_file_is_not_followed_through_a_symbolic_link(cli, record, tmp_path):
    witness = record.with_name(record.name + ".witness")
    target = tmp_path / "bashrc"
    target.write_text("echo hello\n")
    witness.unlink()
    witness.symlink_to(target)
    result = cli("note", OTHER, "One more call.")
    assert result.code == 1
    assert "the witness file" in result.err
    assert target.read_text() == "echo hello\n"
