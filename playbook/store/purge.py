"""Minimisation and retention: strip the personal data from a closed incident, keep the log.

A purge keeps what the breach log needs for ever (counts, categories, facts, assessments,
decisions and their reasons, each recipient's kind, trust and containment status, the whole
timeline) and removes what identifies people: recipients' addresses, names and evidence notes,
message bodies and the personal part of senders' addresses, the affected people, the addresses
of deliveries, who each notice record was for and its note, the reporter's name, every event's personal part and the incident's draft files
in the outbox. The chain hashes only the SHA-256 of an event's personal part, so the timeline
still verifies afterwards.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from pathlib import Path

from sqlite_utils import Database

from playbook.domain.closing import PURGED_KIND
from playbook.domain.errors import Refused
from playbook.domain.incident import Incident
from playbook.store.database import transaction
from playbook.store.events import append_event
from playbook.store.incidents import get_incident, list_incidents
from playbook.store.values import json_dict, json_value

PURGE_REASONS = ("request", "retention")
PURGED_PREFIX = "purged-"


DRAFTS_KIND = "drafts.written"


@dataclass(frozen=True)
class PurgeSummary:
    """What one purge removed: the counts it recorded in its event, and the draft files it
    could not remove (which the user must remove by hand)."""

    incident_id: str
    counts: dict[str, int]
    not_removed: tuple[Path, ...] = ()


def is_purged(db: Database, incident_id: str) -> bool:
    """True once the incident's personal data has been purged."""
    return bool(
        db["events"].count_where("incident_id = ? AND kind = ?", [incident_id, PURGED_KIND])
    )


def check_purgeable(db: Database, incident_id: str) -> Incident:
    """The incident, if it may be purged now; refuse an open or already purged one."""
    incident = get_incident(db, incident_id)
    if incident.status != "closed":
        raise Refused(
            f"{incident.id} is still open; close it with `playbook close` before purging it."
        )
    if is_purged(db, incident.id):
        raise Refused(f"{incident.id} was already purged; there is no personal data left.")
    return incident


def purge_incident(
    db: Database,
    incident_id: str,
    *,
    author: str,
    now: datetime,
    reason: str = "request",
    outbox: Path | None = None,
) -> PurgeSummary:
    """Remove the personal data of a closed incident in one transaction, and log the purge.

    Draft files the incident left in `outbox` go first: they can be drafted again, while the
    log's record that they were removed must not exist without the removal. `secure_delete`
    makes SQLite overwrite the removed values instead of leaving them in free space, and the
    checkpoint afterwards moves the cleaned pages from the WAL into the file.
    """
    if reason not in PURGE_REASONS:
        raise Refused(f"A purge's reason must be one of {', '.join(PURGE_REASONS)}.")
    incident = check_purgeable(db, incident_id)
    draft_files, not_removed = remove_recorded_drafts(db, incident.id)
    draft_files += remove_draft_files(outbox, incident.id) if outbox else 0
    db.execute("PRAGMA secure_delete = ON")
    with transaction(db):
        incident = check_purgeable(db, incident_id)
        counts = {
            **_count_personal(db, incident.id),
            "draft_files": draft_files,
            "draft_files_not_removed": len(not_removed),
        }
        data_items = _data_items(db, incident.id)
        pseudonyms = _pseudonyms(db, incident.id)
        _purge_recipients(db, incident.id, pseudonyms)
        _purge_deliveries(db, incident.id, pseudonyms)
        _purge_replies(db, incident.id, pseudonyms)
        _purge_messages(db, incident.id)
        _purge_notices(db, incident.id)
        db.execute("DELETE FROM people WHERE incident_id = ?", [incident.id])
        db.execute("UPDATE incidents SET reporter = '' WHERE id = ?", [incident.id])
        db.execute("UPDATE events SET personal = NULL WHERE incident_id = ?", [incident.id])
        append_event(
            db,
            incident.id,
            PURGED_KIND,
            author=author,
            at=now,
            data={"reason": reason, "counts": counts, "data_items": data_items},
        )
    if not db.conn.in_transaction:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return PurgeSummary(incident.id, counts, not_removed)


def recorded_drafts(db: Database, incident_id: str) -> list[Path]:
    """Every draft batch the incident's timeline records writing, wherever it was written."""
    found = []
    for data_json, personal_json in db.execute(
        "SELECT data, personal FROM events WHERE incident_id = ? AND kind = ? ORDER BY seq",
        [incident_id, DRAFTS_KIND],
    ):
        name = json_dict(data_json).get("written_to")
        personal = json_value(personal_json, {}) or {}
        folder = personal.get("folder") if isinstance(personal, dict) else None
        # Only a name playbook gives a batch, so a forged event cannot aim the purge elsewhere.
        if (
            folder
            and isinstance(name, str)
            and name.startswith(f"{incident_id}-")
            and "/" not in name
        ):
            found.append(Path(folder) / name)
    return found


def remove_recorded_drafts(db: Database, incident_id: str) -> tuple[int, tuple[Path, ...]]:
    """Remove every recorded draft batch still there; how many files went, and what could not."""
    removed = 0
    not_removed: list[Path] = []
    for batch in recorded_drafts(db, incident_id):
        try:
            removed += _remove_batch(batch)
        except OSError:
            not_removed.append(batch)
    return removed, tuple(not_removed)


def _remove_batch(batch: Path) -> int:
    """Remove one batch (a folder of .eml files, or an .mbox file); how many files it held."""
    if not os.path.lexists(batch):
        return 0
    if batch.is_dir() and not batch.is_symlink():
        count = sum(1 for path in batch.rglob("*") if path.is_file())
        shutil.rmtree(batch)
        return count
    batch.unlink()
    return 1


def remove_draft_files(outbox: Path, incident_id: str) -> int:
    """Delete the incident's draft batches (folders of .eml files, .mbox files) from `outbox`."""
    removed = 0
    for pattern in (f"{incident_id}-*", f".{incident_id}-*"):
        for batch in outbox.glob(pattern):
            if batch.is_dir() and not batch.is_symlink():
                removed += sum(1 for path in batch.rglob("*") if path.is_file())
                shutil.rmtree(batch)
            else:
                removed += 1
                batch.unlink()
    return removed


def expired_incidents(db: Database, *, retention_days: int, now: datetime) -> list[Incident]:
    """Closed, not yet purged incidents whose retention period has run out, oldest first."""
    if retention_days < 0:
        raise Refused("retention_days in the config must be zero or more days.")
    try:
        cutoff = now - timedelta(days=retention_days)
    except OverflowError:  # a retention longer than the calendar: nothing ever expires
        return []
    expired = [
        incident
        for incident in list_incidents(db, "closed")
        if incident.closed_at is not None
        and incident.closed_at <= cutoff
        and not is_purged(db, incident.id)
    ]
    return sorted(expired, key=lambda incident: (incident.closed_at, incident.id))


def _count_personal(db: Database, incident_id: str) -> dict[str, int]:
    """How many of each kind of personal record the incident holds, for the purge event."""

    def count(table: str, where: str = "") -> int:
        return db[table].count_where(f"incident_id = ?{where}", [incident_id])

    return {
        "recipients": count("recipients"),
        "people": count("people"),
        "messages": count("messages"),
        "message_bodies": count("messages", " AND body_text IS NOT NULL AND body_text != ''"),
        "attachments": count("attachments"),
        "deliveries": count("deliveries"),
        "replies": count("replies"),
        "notices": count("notices"),
        "events_with_personal_part": count("events", " AND personal IS NOT NULL"),
    }


def _data_items(db: Database, incident_id: str) -> list[str]:
    """The kinds of data held about the people (column kinds, never values), kept after a purge."""
    items: set[str] = set()
    for row in db.execute("SELECT data_items FROM people WHERE incident_id = ?", [incident_id]):
        value = json_value(row[0], [])
        if isinstance(value, list):
            items.update(str(item) for item in value)
    return sorted(items)


def _pseudonyms(db: Database, incident_id: str) -> dict[str, str]:
    """An opaque stand-in for every recipient and delivery address, numbered in storage order.

    Storage order (the order of import), not address order, so the numbers reveal nothing. A
    stand-in never equals an address already stored, so renaming cannot collide with a key.
    """
    addresses: dict[str, None] = {}
    for table in ("recipients", "deliveries", "outgoing", "replies"):
        for (address,) in db.execute(
            f"SELECT address FROM {table} WHERE incident_id = ? ORDER BY rowid", [incident_id]
        ):
            addresses.setdefault(address)
    taken = set(addresses)
    pseudonyms: dict[str, str] = {}
    number = 0
    for address in addresses:
        number += 1
        while f"{PURGED_PREFIX}{number}" in taken:
            number += 1
        pseudonyms[address] = f"{PURGED_PREFIX}{number}"
    return pseudonyms


def _purge_recipients(db: Database, incident_id: str, pseudonyms: dict[str, str]) -> None:
    for address, pseudonym in pseudonyms.items():
        db.execute(
            "UPDATE recipients SET address = ?, name = '', evidence = '' "
            "WHERE incident_id = ? AND address = ?",
            [pseudonym, incident_id, address],
        )


def _purge_replies(db: Database, incident_id: str, pseudonyms: dict[str, str]) -> None:
    """Reply text goes; the kind, date and match stay for the log, under the stand-ins."""
    db.execute("UPDATE replies SET first_lines = '' WHERE incident_id = ?", [incident_id])
    for table in ("outgoing", "replies"):
        db.conn.executemany(
            f"UPDATE {table} SET address = ? WHERE incident_id = ? AND address = ?",
            ((pseudonym, incident_id, address) for address, pseudonym in pseudonyms.items()),
        )


def _purge_deliveries(db: Database, incident_id: str, pseudonyms: dict[str, str]) -> None:
    for address, pseudonym in pseudonyms.items():
        db.execute(
            "UPDATE deliveries SET address = ? WHERE incident_id = ? AND address = ?",
            [pseudonym, incident_id, address],
        )


def _purge_notices(db: Database, incident_id: str) -> None:
    """Notes of calls go; each state, reason and date stay for the log, under a stand-in for
    the person numbered in the order of their first record."""
    db.execute("UPDATE notices SET note = '' WHERE incident_id = ?", [incident_id])
    keys = db.execute(
        "SELECT person_key FROM notices WHERE incident_id = ? GROUP BY person_key "
        "ORDER BY min(number)",
        [incident_id],
    ).fetchall()
    db.conn.executemany(
        "UPDATE notices SET person_key = ? WHERE incident_id = ? AND person_key = ?",
        (
            (f"{PURGED_PREFIX}person-{number}", incident_id, key)
            for number, (key,) in enumerate(keys, 1)
        ),
    )


def _purge_messages(db: Database, incident_id: str) -> None:
    rows = db.execute(
        "SELECT position, sender FROM messages WHERE incident_id = ?", [incident_id]
    ).fetchall()
    for position, sender in rows:
        db.execute(
            "UPDATE messages SET sender = ?, body_text = NULL "
            "WHERE incident_id = ? AND position = ?",
            [sender_domain(sender or ""), incident_id, position],
        )


def sender_domain(sender: str) -> str:
    """What is kept of a sender after a purge: the organisation's domain, not the person."""
    _, address = parseaddr(sender)
    domain = address.rpartition("@")[2] if "@" in address else ""
    return f"@{domain}" if domain else ""
