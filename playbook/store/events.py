"""The timeline: append an event to an incident's hash chain, read it back, verify it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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
    find_removed_personal,
    find_row_mismatch,
    personal_digest,
)
from playbook.store import seal
from playbook.store.database import database_witness, transaction
from playbook.store.values import json_dict, stored_time, time_text
from playbook.store.witness import MissingIncident, check_heads, read_heads

_COLUMNS = (
    "incident_id, seq, at, author, kind, data, personal, personal_sha256, prev_hash, hash, state"
)
# The kind of the event a purge appends: it alone may remove the personal parts before it.
PURGED_KIND = "incident.purged"
_SEALED_WHAT = {
    "incidents": "the incident's own details (title, reporter, status, times)",
    "messages": "its messages",
    "recipients": "its recipients",
    "attachments": "its attachments",
    "people": "its affected people",
    "facts": "its facts",
    "assessments": "its assessments",
    "decisions": "its decisions",
    "checklist": "its checklist",
    "deliveries": "its deliveries",
    "outgoing": "its record of the messages it sent",
    "replies": "its replies",
    "notices": "its record of who was told",
}


def append_event(
    db: Database,
    incident_id: str,
    kind: str,
    *,
    author: str,
    at: datetime,
    data: dict[str, Any] | None = None,
    personal: dict[str, Any] | None = None,
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
        event_hash = chain_hash(
            prev_hash,
            incident_id=incident_id,
            seq=seq,
            at=at_text,
            author=author,
            kind=kind,
            data=data,
            personal_sha256=digest,
        )
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
            "state": None,
            "hash": event_hash,
        }
        db.table("events").insert(row)
        seal.note_event(db, incident_id, event_hash)
    return _event(row)


def list_events(db: Database, incident_id: str) -> list[Event]:
    """An incident's timeline, oldest first."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM events WHERE incident_id = ? ORDER BY seq", [incident_id]
    ).fetchall()
    return [_event(dict(zip(_COLUMNS.split(", "), row, strict=True))) for row in rows]


def verify_timelines(db: Database) -> tuple[int, ChainBreak | MissingIncident | None]:
    """Check every incident; return how many events were checked and the first problem found.

    Each incident's chain must verify, its personal parts may be gone only before a purge, its
    rows must match what its events recorded and the seal of its last event, and every head
    the witness file beside the database recorded must still be there.
    """
    checked = 0
    incident_ids = [row[0] for row in db.execute("SELECT id FROM incidents ORDER BY id")]
    orphans = db.execute(
        "SELECT DISTINCT incident_id FROM events WHERE incident_id NOT IN (SELECT id FROM incidents)"
    ).fetchall()
    incident_ids += [row[0] for row in orphans]
    hashes: dict[str, dict[int, str]] = {}
    for incident_id in incident_ids:
        stored = stored_events(db, incident_id)
        broken = verify_incident(db, incident_id, stored)
        if broken:
            return checked, broken
        checked += len(stored)
        hashes[incident_id] = {event.seq: event.hash for event in stored}
    path = database_witness(db)
    witnessed = read_heads(path) if path is not None else None
    if witnessed:
        missing = check_heads(witnessed, hashes)
        if missing:
            return checked, missing
    return checked, None


def stored_events(db: Database, incident_id: str) -> list[StoredEvent]:
    """An incident's events as stored, oldest first."""
    return [
        StoredEvent(*row)
        for row in db.execute(
            f"SELECT {_COLUMNS} FROM events WHERE incident_id = ? ORDER BY seq", [incident_id]
        )
    ]


def verify_incident(
    db: Database, incident_id: str, stored: list[StoredEvent] | None = None
) -> ChainBreak | None:
    """The first problem with one incident's timeline and rows, or None when it verifies."""
    stored = stored_events(db, incident_id) if stored is None else stored
    if not stored:
        return ChainBreak(incident_id, 1, "its timeline has no events at all")
    return (
        find_break(stored)
        or find_removed_personal(stored, PURGED_KIND)
        or _row_mismatch(db, incident_id, stored)
        or _seal_mismatch(db, incident_id, stored)
    )


def timeline_head(db: Database, incident_id: str) -> tuple[int, str] | None:
    """The seq and hash of an incident's last event (what reports and exports print)."""
    found = db.execute(
        "SELECT seq, hash FROM events WHERE incident_id = ? ORDER BY seq DESC LIMIT 1",
        [incident_id],
    ).fetchone()
    return (found[0], found[1]) if found else None


def head_dict(db: Database, incident_id: str) -> dict[str, int | str]:
    """The head as reports and exports carry it: `{"seq", "hash"}`."""
    seq, event_hash = timeline_head(db, incident_id) or (0, "")
    return {"seq": seq, "hash": event_hash}


def heads_section(db: Database, incident_ids: list[str]) -> str:
    """The lines the Markdown register ends with: each incident's timeline head."""
    heads = {
        incident_id: (seq, event_hash)
        for incident_id, seq, event_hash in db.execute(
            "SELECT incident_id, seq, hash FROM events AS e WHERE seq = "
            "(SELECT MAX(seq) FROM events WHERE incident_id = e.incident_id)"
        )
    }
    lines = [
        f"- {incident_id}: event {heads[incident_id][0]}, SHA-256 {heads[incident_id][1]}"
        for incident_id in incident_ids
        if incident_id in heads
    ]
    if not lines:
        return ""
    intro = "Timeline heads (`playbook verify` checks the record against them):"
    return "\n" + intro + "\n\n" + "\n".join(lines) + "\n"


def head_line(db: Database, incident_id: str) -> str:
    """The line every report ends with, so that a printed copy can be checked against the log."""
    head = head_dict(db, incident_id)
    return (
        f"\nTimeline head of {incident_id}: event {head['seq']}, SHA-256 {head['hash']} "
        "(`playbook verify` checks the record against it).\n"
    )


def _row_mismatch(db: Database, incident_id: str, stored: list[StoredEvent]) -> ChainBreak | None:
    rows = list(db["incidents"].rows_where("id = ?", [incident_id]))
    return find_row_mismatch(rows[0], stored) if rows else None


def _seal_mismatch(db: Database, incident_id: str, stored: list[StoredEvent]) -> ChainBreak | None:
    """Compare the incident's tables with the seal of its last event.

    An incident whose events all predate seals is covered by its chain only.
    """
    last = stored[-1]
    if not last.state_json:
        if any(event.state_json for event in stored):
            return ChainBreak(incident_id, last.seq, "it was added without sealing the record")
        return None
    sealed = json_dict(last.state_json)
    current = seal.table_digests(db, incident_id)
    for table in seal.SEALED_TABLES:
        # A table newer than the seal (a later migration's) must still be empty for it.
        if sealed.get(table, seal.EMPTY_DIGEST) != current[table]:
            return ChainBreak(
                incident_id,
                last.seq,
                f"{_SEALED_WHAT[table]} no longer match what it sealed (changed outside playbook)",
            )
    return None


def _event(row: dict[str, Any]) -> Event:
    return Event(
        incident_id=row["incident_id"],
        seq=row["seq"],
        at=stored_time(row["at"]),
        author=row["author"],
        kind=row["kind"],
        data=json_dict(row["data"]),
        personal=json_dict(row["personal"]) if row["personal"] else None,
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


def _is_closed(db: Database, incident_id: str) -> bool:
    row = db.execute("SELECT status FROM incidents WHERE id = ?", [incident_id]).fetchone()
    return row is not None and row[0] == "closed"
