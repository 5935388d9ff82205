"""The timeline: append an event to an incident's hash chain, read it back, verify it."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from playbook.domain.closing import EVENTS_WHEN_CLOSED, closed_refusal
from playbook.domain.errors import Refused
from playbook.domain.incident import Event
from playbook.domain.timeline import (
    GENESIS_HASH,
    ChainBreak,
    StoredEvent,
    canonical_json,
    chain_hash,
    find_break,
    find_row_mismatch,
    personal_digest,
)
from playbook.store.database import transaction
from playbook.store.values import json_value, time_text, time_value

_COLUMNS = "incident_id, seq, at, author, kind, data, personal, personal_sha256, prev_hash, hash"


def append_event(
    db: Database,
    incident_id: str,
    kind: str,
    *,
    author: str,
    at: datetime,
    data: dict | None = None,
    personal: dict | None = None,
) -> Event:
    """Add an event to the end of an incident's timeline.

    `data` is the part that stays for ever; `personal` holds names and addresses and may be
    purged later without breaking the chain.
    """
    data = data or {}
    with transaction(db):
        if kind not in EVENTS_WHEN_CLOSED and _is_closed(db, incident_id):
            raise Refused(closed_refusal(incident_id))
        last = db.execute(
            "SELECT seq, hash FROM events WHERE incident_id = ? ORDER BY seq DESC LIMIT 1",
            [incident_id],
        ).fetchone()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        at_text = time_text(at)
        digest = personal_digest(personal)
        row = {
            "incident_id": incident_id,
            "seq": seq,
            "at": at_text,
            "author": author,
            "kind": kind,
            "data": canonical_json(data),
            "personal": None if personal is None else canonical_json(personal),
            "personal_sha256": digest,
            "prev_hash": prev_hash,
            "hash": chain_hash(
                prev_hash,
                incident_id=incident_id,
                seq=seq,
                at=at_text,
                author=author,
                kind=kind,
                data=data,
                personal_sha256=digest,
            ),
        }
        db["events"].insert(row)
    return _event(row)


def list_events(db: Database, incident_id: str) -> list[Event]:
    """An incident's timeline, oldest first."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM events WHERE incident_id = ? ORDER BY seq", [incident_id]
    ).fetchall()
    return [_event(dict(zip(_COLUMNS.split(", "), row, strict=True))) for row in rows]


def verify_timelines(db: Database) -> tuple[int, ChainBreak | None]:
    """Check every incident's chain; return how many events were checked and the first break."""
    checked = 0
    incident_ids = [row[0] for row in db.execute("SELECT id FROM incidents ORDER BY id")]
    orphans = db.execute(
        "SELECT DISTINCT incident_id FROM events WHERE incident_id NOT IN (SELECT id FROM incidents)"
    ).fetchall()
    incident_ids += [row[0] for row in orphans]
    for incident_id in incident_ids:
        stored = [
            StoredEvent(*row)
            for row in db.execute(
                f"SELECT {_COLUMNS} FROM events WHERE incident_id = ? ORDER BY seq", [incident_id]
            )
        ]
        if not stored:
            return checked, ChainBreak(incident_id, 1, "its timeline has no events at all")
        broken = find_break(stored) or _row_mismatch(db, incident_id, stored)
        if broken:
            return checked, broken
        checked += len(stored)
    return checked, None


def _row_mismatch(db: Database, incident_id: str, stored: list[StoredEvent]) -> ChainBreak | None:
    rows = list(db["incidents"].rows_where("id = ?", [incident_id]))
    return find_row_mismatch(rows[0], stored) if rows else None


def _event(row: dict) -> Event:
    return Event(
        incident_id=row["incident_id"],
        seq=row["seq"],
        at=time_value(row["at"]),
        author=row["author"],
        kind=row["kind"],
        data=json_value(row["data"], {}),
        personal=json_value(row["personal"]),
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


def _is_closed(db: Database, incident_id: str) -> bool:
    row = db.execute("SELECT status FROM incidents WHERE id = ?", [incident_id]).fetchone()
    return row is not None and row[0] == "closed"
