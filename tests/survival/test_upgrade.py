"""Upgrades: a database made by the first schema version migrates on open and keeps its data."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from playbook.domain.timeline import GENESIS_HASH, canonical_json, chain_hash, personal_digest
from playbook.store.database import open_database
from playbook.store.events import list_events, verify_timelines
from playbook.store.incidents import get_incident
from playbook.store.schema import MIGRATIONS
from tests.conftest import FIXED_NOW

INCIDENT_ID = "PB-2026-0007"
AT = FIXED_NOW.isoformat()


def first_version_database(path: Path) -> Path:
    """A database as the first release made it: only m001 applied, one incident written raw."""
    connection = sqlite3.connect(path)
    db = Database(connection)
    names = [migration.name for migration in MIGRATIONS.pending(db)]
    MIGRATIONS.apply(db, stop_before=names[1:])
    db["incidents"].insert(
        {
            "id": INCIDENT_ID,
            "title": "Report emailed to a member of the public",
            "status": "open",
            "aware_at": AT,
            "created_at": AT,
            "reporter": "Desk sergeant",
            "regime": "uk_gdpr",
        }
    )
    prev_hash = GENESIS_HASH
    for seq, (kind, data, personal) in enumerate(
        [
            ("incident.created", {"title": "Report emailed to a member of the public"}, None),
            ("note", {}, {"text": "The recipient phoned to say they deleted it."}),
        ],
        start=1,
    ):
        digest = personal_digest(personal)
        event_hash = chain_hash(
            prev_hash,
            incident_id=INCIDENT_ID,
            seq=seq,
            at=AT,
            author="ann",
            kind=kind,
            data=data,
            personal_sha256=digest,
        )
        db["events"].insert(
            {
                "incident_id": INCIDENT_ID,
                "seq": seq,
                "at": AT,
                "author": "ann",
                "kind": kind,
                "data": canonical_json(data),
                "personal": None if personal is None else canonical_json(personal),
                "personal_sha256": digest,
                "prev_hash": prev_hash,
                "hash": event_hash,
            }
        )
        prev_hash = event_hash
    db["recipients"].insert(
        {
            "incident_id": INCIDENT_ID,
            "address": "member.public@mail.example",
            "field": "to",
            "kind": "external_personal",
            "trust": "public",
            "status": "confirmed",
            "how": "phone",
        }
    )
    connection.commit()
    connection.close()
    return path


@pytest.fixture(scope="module")
def saved_first_version(tmp_path_factory) -> Path:
    """The saved example database of the first schema version (built once, copied per test)."""
    return first_version_database(tmp_path_factory.mktemp("saved") / "first-version.db")


def test_the_saved_database_really_is_the_first_version(saved_first_version):
    db = Database(sqlite3.connect(saved_first_version))
    applied = [migration.name for migration in MIGRATIONS.applied(db)]
    assert applied == ["m001_initial"]
    assert MIGRATIONS.pending(db), "the current schema has changes to apply to it"


def test_opening_it_migrates_and_keeps_the_data(saved_first_version, tmp_path):
    path = shutil.copy(saved_first_version, tmp_path / "upgraded.db")
    db = open_database(Path(path))
    assert MIGRATIONS.pending(db) == []
    incident = get_incident(db, INCIDENT_ID)
    assert (incident.title, incident.reporter) == (
        "Report emailed to a member of the public",
        "Desk sergeant",
    )
    events = list_events(db, INCIDENT_ID)
    assert [event.kind for event in events] == ["incident.created", "note"]
    assert events[1].personal == {"text": "The recipient phoned to say they deleted it."}
    recipient = db["recipients"].get((INCIDENT_ID, "member.public@mail.example"))
    assert (recipient["status"], recipient["how"]) == ("confirmed", "phone")
    assert verify_timelines(db) == (2, None)


def test_the_upgraded_database_takes_new_work(saved_first_version, tmp_path, cli):
    path = Path(shutil.copy(saved_first_version, tmp_path / "upgraded.db"))
    assert cli("--db", str(path), "note", INCIDENT_ID, "Checked after the upgrade.").code == 0
    assert cli("--db", str(path), "verify").out.startswith("The timeline is intact: 3 events")
    again = open_database(path)
    assert MIGRATIONS.pending(again) == []


def test_an_incident_sealed_before_a_table_existed_still_verifies_after_the_upgrade(db, db_path):
    """A seal made before a migration added a table (here: `notices`, m009) does not list it:
    verify reads such a table as sealed empty, and finds a row added behind playbook's back."""
    from playbook.domain.timeline import canonical_json
    from playbook.store.incidents import create_incident
    from playbook.store.witness import witness_path

    incident = create_incident(
        db, title="Older seal", aware_at=FIXED_NOW, now=FIXED_NOW, author="ann"
    )
    last = db.execute(
        "SELECT seq, state, prev_hash, at, author, kind, data, personal_sha256 "
        "FROM events WHERE incident_id = ?",
        [incident.id],
    ).fetchone()
    seq, state_json, prev_hash, at, author, kind, data, digest = last
    older = {table: value for table, value in json.loads(state_json).items() if table != "notices"}
    rehashed = chain_hash(
        prev_hash,
        incident_id=incident.id,
        seq=seq,
        at=at,
        author=author,
        kind=kind,
        data=json.loads(data),
        personal_sha256=digest,
        state=older,
    )
    with db.conn:
        db.execute(
            "UPDATE events SET state = ?, hash = ? WHERE incident_id = ? AND seq = ?",
            [canonical_json(older), rehashed, incident.id, seq],
        )
    witness_path(db_path).unlink()  # the seal was rewritten here, as an older playbook made it
    assert verify_timelines(db) == (1, None)
    with db.conn:
        db["notices"].insert(
            {
                "incident_id": incident.id,
                "number": 1,
                "person_key": "x",
                "state": "emailed",
                "by": "ann",
                "at": AT,
            }
        )
    _, broken = verify_timelines(db)
    assert broken is not None and "who was told" in broken.sentence()
