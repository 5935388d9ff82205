"""Imported messages in the database: messages, recipients, attachments and affected people.

Writes are batched (`executemany`) because a sender's copy may carry 100,000 recipients; the
caller wraps them, with the timeline event and the facts, in one `transaction(db)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from playbook.domain.delivery import NOT_ARRIVED
from playbook.domain.exposure import AttachmentCount, count_records
from playbook.domain.incident import Attachment, Message, Person, Recipient
from playbook.store.people import PERSON_COLUMNS, person_from_row
from playbook.store.values import json_list, json_text, time_text, time_value

# The trust a new recipient starts with, from their kind; containment changes it later.
TRUST_BY_KIND = {"internal": "internal", "external_org": "unknown", "external_personal": "unknown"}
_RECIPIENT_COLUMNS = (
    "address, name, field, kind, trust, status, how, evidence, message_position, status_at, "
    "delivery, under, email_bounced"
)
# Delivery states in which no copy arrived (playbook.domain.delivery.NOT_ARRIVED), for SQL.
_NOT_ARRIVED_SQL = ", ".join(f"'{state}'" for state in sorted(NOT_ARRIVED))
# What an address shown in To/Cc tells about its person when nothing else of theirs leaked.
_ADDRESS_ONLY_ITEMS = ('["email"]', '["name", "email"]')


@dataclass(frozen=True)
class MessageFindings:
    """What the import of one message found besides its headers: its format and what to check."""

    position: int
    format: str
    relation: str
    source_name: str
    bcc_known: bool | None
    warnings: tuple[str, ...]
    suggestions: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class ExposureSummary:
    """The counts `show` and the assessment need: exposed addresses, people and records."""

    recipients: int
    exposed_addresses: int
    people: int
    records: int


def load_messages(db: Database, incident_id: str) -> list[Message]:
    """The incident's messages in order, each with its attachments (recipients: see load_recipients)."""
    attachments: dict[int, list[Attachment]] = {}
    for position, attachment in _attachments_with_position(db, incident_id):
        attachments.setdefault(position, []).append(attachment)
    return [
        Message(
            position=row["position"],
            sender=row["sender"] or "",
            subject=row["subject"] or "",
            sent_at=time_value(row["sent_at"]),
            message_id=row["message_id"] or "",
            attachments=tuple(attachments.get(row["position"], ())),
        )
        for row in db["messages"].rows_where("incident_id = ?", [incident_id], order_by="position")
    ]


def load_findings(db: Database, incident_id: str) -> list[MessageFindings]:
    """Each message's format, relation to the earlier ones, Bcc visibility, warnings and suggestions."""
    return [
        MessageFindings(
            position=row["position"],
            format=row["format"] or "eml",
            relation=row["relation"] or "original",
            source_name=row["source_name"] or "",
            bcc_known=None if row["is_sender_copy"] is None else bool(row["is_sender_copy"]),
            warnings=tuple(json_list(row["warnings"])),
            suggestions=tuple(json_list(row["suggestions"])),
        )
        for row in db["messages"].rows_where("incident_id = ?", [incident_id], order_by="position")
    ]


def load_recipients(db: Database, incident_id: str) -> list[Recipient]:
    """Everyone the incident's messages reached, in the order they were imported."""
    rows = db.execute(
        f"SELECT {_RECIPIENT_COLUMNS} FROM recipients WHERE incident_id = ? ORDER BY rowid",
        [incident_id],
    )
    return [
        Recipient(
            address=address,
            name=name or "",
            field=field,
            kind=kind,
            trust=trust,
            status=status,
            how=how,
            evidence=evidence or "",
            message_position=position,
            status_at=time_value(status_at),
            delivery=delivery or "unknown",
            under=under or "",
            email_bounced=bool(email_bounced),
        )
        for (
            address,
            name,
            field,
            kind,
            trust,
            status,
            how,
            evidence,
            position,
            status_at,
            delivery,
            under,
            email_bounced,
        ) in rows
    ]


def has_more_recipients_than(db: Database, incident_id: str, count: int) -> bool:
    """Whether the incident's messages reached more than `count` recipients (a look at
    `count` index entries at most, not a count of them all)."""
    row = db.execute(
        "SELECT 1 FROM recipients WHERE incident_id = ? LIMIT 1 OFFSET ?", [incident_id, count]
    ).fetchone()
    return row is not None


def load_attachments(db: Database, incident_id: str) -> list[Attachment]:
    """Every attachment of the incident's messages, in message order."""
    return [attachment for _, attachment in _attachments_with_position(db, incident_id)]


def _attachments_with_position(db: Database, incident_id: str) -> list[tuple[int, Attachment]]:
    rows = db["attachments"].rows_where(
        "incident_id = ?", [incident_id], order_by="message_position, number"
    )
    return [
        (
            row["message_position"],
            Attachment(
                filename=row["filename"] or "",
                content_type=row["content_type"] or "",
                size=row["size"] or 0,
                sha256=row["sha256"] or "",
                rows=row["rows"] or 0,
                columns=tuple(json_list(row["columns"])),
                categories=tuple(json_list(row["categories"])),
                fraud_enabling=bool(row["fraud_enabling"]),
            ),
        )
        for row in rows
    ]


def load_people(db: Database, incident_id: str) -> list[Person]:
    """The affected people, in the order they were found."""
    rows = db.execute(
        f"SELECT {PERSON_COLUMNS} FROM people WHERE incident_id = ? ORDER BY rowid", [incident_id]
    )
    return [person_from_row(row) for row in rows]


def exposure_summary(db: Database, incident_id: str) -> ExposureSummary:
    """How many recipients, exposed addresses, people and records the incident has.

    Delivery evidence narrows it: an address shown in To/Cc counts only when some other
    recipient's copy arrived, and when no copy arrived at all nothing was exposed.
    """
    recipients, arrived = db.execute(
        f"SELECT count(*), coalesce(sum(delivery NOT IN ({_NOT_ARRIVED_SQL})), 0) "
        "FROM recipients WHERE incident_id = ?",
        [incident_id],
    ).fetchone()
    # Seen by others: another recipient's copy arrived, or no copy is known to have failed
    # (without evidence, the import's reading stands).
    seen = f"(? - (delivery NOT IN ({_NOT_ARRIVED_SQL})) >= 1 OR {int(arrived == recipients)})"
    (exposed,) = db.execute(
        f"SELECT coalesce(sum(kind = 'external_personal' AND exposed = 1 AND {seen}), 0) "
        "FROM recipients WHERE incident_id = ?",
        [arrived, incident_id],
    ).fetchone()
    (people,) = db.execute(
        "SELECT count(*) FROM people WHERE incident_id = ?", [incident_id]
    ).fetchone()
    # People known only from an address nobody else saw were not exposed after all.
    (unseen,) = db.execute(
        "SELECT count(*) FROM people JOIN recipients ON recipients.incident_id = people.incident_id "
        f"AND recipients.address = people.key WHERE people.incident_id = ? "
        f"AND recipients.exposed = 1 AND NOT {seen} "
        f"AND people.data_items IN ({', '.join('?' * len(_ADDRESS_ONLY_ITEMS))})",
        [incident_id, arrived, *_ADDRESS_ONLY_ITEMS],
    ).fetchone()
    counts = [
        AttachmentCount(sha256, rows or 0, bool(json_list(columns)))
        for sha256, rows, columns in db.execute(
            "SELECT sha256, rows, columns FROM attachments WHERE incident_id = ?", [incident_id]
        )
    ]
    if recipients and not arrived:
        return ExposureSummary(recipients, 0, 0, 0)
    return ExposureSummary(
        recipients=recipients,
        exposed_addresses=exposed,
        people=people - unseen,
        records=count_records(counts, exposed),
    )


def message_positions(db: Database, incident_id: str) -> dict[str, int]:
    """The positions of the incident's messages by Message-ID (messages without one left out)."""
    return {
        message_id: position
        for position, message_id in db.execute(
            "SELECT position, message_id FROM messages WHERE incident_id = ? ORDER BY position",
            [incident_id],
        )
        if message_id
    }


def next_position(db: Database, incident_id: str) -> int:
    """The position the next imported message takes."""
    last: int = db.execute(
        "SELECT coalesce(max(position), 0) FROM messages WHERE incident_id = ?", [incident_id]
    ).fetchone()[0]
    return last + 1


def first_sender(db: Database, incident_id: str) -> str:
    """The sender of the incident's first message ('' before any import)."""
    row = db.execute(
        "SELECT sender FROM messages WHERE incident_id = ? ORDER BY position LIMIT 1", [incident_id]
    ).fetchone()
    return row[0] or "" if row else ""


def stage_recipients(db: Database, recipients: Iterable[tuple[str, str, str]]) -> int:
    """Gather one message's (address, name, field) recipients in a temporary table; return how
    many distinct addresses it reached.

    Each address is kept once: the first field it appears in (To, Cc, Bcc) wins, and a display
    name fills a missing one. Streamed: a sender's copy may list 100,000.
    """
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS import_recipients "
        "(address TEXT PRIMARY KEY, name TEXT NOT NULL, field TEXT NOT NULL) WITHOUT ROWID"
    )
    db.execute("DELETE FROM temp.import_recipients")
    db.conn.executemany(
        "INSERT INTO temp.import_recipients (address, name, field) VALUES (?, ?, ?) "
        "ON CONFLICT (address) DO UPDATE SET name = excluded.name "
        "WHERE import_recipients.name = ''",
        recipients,
    )
    staged: int = db.execute("SELECT count(*) FROM temp.import_recipients").fetchone()[0]
    return staged


def unstage_recipient(db: Database, address: str) -> int:
    """Leave `address` out of the staged recipients; return how many are left."""
    db.execute("DELETE FROM temp.import_recipients WHERE address = ?", [address])
    left: int = db.execute("SELECT count(*) FROM temp.import_recipients").fetchone()[0]
    return left


def staged_recipients(
    db: Database, fields: tuple[str, ...] = ("to", "cc", "bcc")
) -> Iterator[tuple[str, str, str]]:
    """The staged (address, name, field) recipients in `fields`, in address order."""
    marks = ", ".join("?" * len(fields))
    yield from db.execute(
        f"SELECT address, name, field FROM temp.import_recipients WHERE field IN ({marks}) "
        "ORDER BY address",
        list(fields),
    )


def is_staged(db: Database, address: str) -> bool:
    """True when `address` is among the staged recipients."""
    row = db.execute(
        "SELECT 1 FROM temp.import_recipients WHERE address = ?", [address.lower()]
    ).fetchone()
    return row is not None


def count_new_staged(db: Database, incident_id: str) -> int:
    """How many staged recipients the incident has not stored yet."""
    new: int = db.execute(
        "SELECT count(*) FROM temp.import_recipients AS staged WHERE NOT EXISTS "
        "(SELECT 1 FROM recipients WHERE incident_id = ? AND address = staged.address)",
        [incident_id],
    ).fetchone()[0]
    return new


def insert_message(db: Database, incident_id: str, row: dict[str, Any]) -> None:
    """Store one message's row (its keys are the messages table's columns)."""
    db.table("messages").insert(
        {
            **row,
            "incident_id": incident_id,
            "sent_at": time_text(row.get("sent_at")),
            "imported_at": time_text(row.get("imported_at")),
            "warnings": json_text(list(row.get("warnings", []))),
            "suggestions": json_text(list(row.get("suggestions", []))),
        }
    )


def update_message(db: Database, incident_id: str, position: int, values: dict[str, Any]) -> None:
    """Change columns of a stored message (a sender's copy showing Bcc; more warnings)."""
    db.table("messages").update((incident_id, position), values)


def add_recipients(
    db: Database,
    incident_id: str,
    position: int,
    recipients: Iterable[tuple[str, str, str, str, bool]],
) -> None:
    """Add (address, name, field, kind, exposed) recipients reached by message `position`.

    A new address starts `not_contacted`, with trust from its kind. An address already stored
    keeps its row (its containment status and first message); it only becomes exposed when
    this message showed it to others.
    """
    db.conn.executemany(
        "INSERT INTO recipients (incident_id, address, name, field, kind, trust, status, "
        "evidence, message_position, exposed) VALUES (?, ?, ?, ?, ?, ?, 'not_contacted', '', ?, ?) "
        "ON CONFLICT (incident_id, address) DO UPDATE SET "
        "exposed = max(recipients.exposed, excluded.exposed), "
        "name = CASE WHEN recipients.name = '' THEN excluded.name ELSE recipients.name END",
        (
            (incident_id, address, name, field, kind, TRUST_BY_KIND[kind], position, int(exposed))
            for address, name, field, kind, exposed in recipients
        ),
    )


def add_attachments(
    db: Database, incident_id: str, position: int, attachments: Iterable[tuple[int, Attachment]]
) -> None:
    """Store (number, attachment) pairs for message `position`."""
    db.table("attachments").insert_all(
        {
            "incident_id": incident_id,
            "message_position": position,
            "number": number,
            "filename": attachment.filename,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "sha256": attachment.sha256,
            "rows": attachment.rows,
            "columns": json_text(list(attachment.columns)),
            "categories": json_text(list(attachment.categories)),
            "fraud_enabling": int(attachment.fraud_enabling),
        }
        for number, attachment in attachments
    )
